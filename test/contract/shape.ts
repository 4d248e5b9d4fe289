import { refName, type Schema, type Spec } from './spec.ts';

/**
 * Compares a response's SHAPE with an official example and the spec schema: every key the
 * response has must exist in the example or the schema (allOf and discriminators resolved),
 * with the same JSON type; the schema's required properties must be present.
 * Values are not compared: examples hold placeholders. Returns problems; empty means it fits.
 */
export function compareShape(
  actual: unknown,
  example: unknown,
  schema: Schema | undefined,
  spec: Spec,
): string[] {
  const problems: string[] = [];
  visit(actual, example, schema, '$', spec, problems);
  return problems;
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

const jsonType = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType);

interface Effective {
  type?: JsonType;
  nullable: boolean;
  properties: Record<string, Schema>;
  required: string[];
  /** Schema of a dictionary's values, when the object is a map. */
  values?: Schema;
  /** A bare `type: object`: any keys (Swagger's free-form object). */
  freeForm: boolean;
  items?: Schema;
}

function visit(
  actual: unknown,
  example: unknown,
  schema: Schema | undefined,
  at: string,
  spec: Spec,
  problems: string[],
): void {
  const eff = schema ? effective(schema, actual, spec) : undefined;
  const type = jsonType(actual);
  // With neither schema nor example (inside a free-form object) there is nothing to compare.
  if (!eff && example === undefined) return;
  if (type === 'null') {
    if (!(eff?.nullable || example === null))
      problems.push(`${at}: null where the spec does not allow it`);
    return;
  }
  if (example !== undefined && example !== null && jsonType(example) !== type) {
    problems.push(`${at}: ${type} where the example has ${jsonType(example)}`);
    return;
  }
  if (eff?.type && eff.type !== type) {
    problems.push(`${at}: ${type} where the spec says ${eff.type}`);
    return;
  }
  if (type === 'array') {
    const exampleItem = Array.isArray(example) ? example[0] : undefined;
    (actual as unknown[]).forEach((item, i) =>
      visit(item, exampleItem, eff?.items, `${at}[${i}]`, spec, problems),
    );
    return;
  }
  if (type !== 'object') return;
  const object = actual as Record<string, unknown>;
  const exampleObject = jsonType(example) === 'object' ? (example as Record<string, unknown>) : {};
  const isMap = eff?.values !== undefined && Object.keys(eff.properties).length === 0;
  for (const [key, value] of Object.entries(object)) {
    const exampleValue =
      key in exampleObject
        ? exampleObject[key]
        : isMap
          ? Object.values(exampleObject)[0]
          : undefined;
    const childSchema = eff?.properties[key] ?? eff?.values;
    if (!(key in exampleObject) && childSchema === undefined && !eff?.freeForm) {
      problems.push(`${at}.${key}: in neither the example nor the spec schema`);
      continue;
    }
    visit(value, exampleValue, childSchema, `${at}.${key}`, spec, problems);
  }
  // Microsoft's own example leaving out a "required" field is Azure's answer (a GET of a
  // datastore carries no credential secrets, which the PUT schema requires).
  const exampleOmits = (key: string) => jsonType(example) === 'object' && !(key in exampleObject);
  for (const key of eff?.required ?? []) {
    if (!(key in object) && !exampleOmits(key))
      problems.push(`${at}.${key}: required by the spec but missing`);
  }
}

/** Resolves $ref, merges allOf, and picks the discriminated subtype the value names. */
function effective(
  schema: Schema,
  value: unknown,
  spec: Spec,
  seen = new Set<string>(),
): Effective {
  const result: Effective = {
    nullable: schema['x-nullable'] === true,
    properties: {},
    required: [],
    freeForm: false,
  };
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    const target = spec.definition(name);
    if (!target)
      throw new Error(`$ref '${schema.$ref}': no such definition in the spec or common types`);
    if (seen.has(name)) return result;
    const resolved = effective(target, value, spec, new Set([...seen, name]));
    return { ...resolved, nullable: result.nullable || resolved.nullable };
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? [])
    merge(result, effective(part, value, spec, seen));
  merge(result, {
    type: schemaType(schema),
    nullable: false,
    properties: (schema.properties as Record<string, Schema> | undefined) ?? {},
    required: (schema.required as string[] | undefined) ?? [],
    values:
      typeof schema.additionalProperties === 'object'
        ? (schema.additionalProperties as Schema)
        : undefined,
    items: schema.items as Schema | undefined,
    freeForm:
      schema.type === 'object' &&
      !schema.properties &&
      !schema.allOf &&
      !schema.discriminator &&
      schema.additionalProperties === undefined,
  });
  const discriminator = schema.discriminator;
  if (typeof discriminator === 'string' && typeof value === 'object' && value !== null) {
    const kind = (value as Record<string, unknown>)[discriminator];
    const subtype =
      typeof kind === 'string' ? findSubtype([...seen].at(-1), kind, spec) : undefined;
    // The subtype's own allOf brings the base back in; `seen` stops that recursion.
    if (subtype && !seen.has(subtype))
      merge(
        result,
        effective(spec.definition(subtype) ?? {}, value, spec, new Set([...seen, subtype])),
      );
  }
  return result;
}

function merge(into: Effective, from: Effective): void {
  into.type ??= from.type;
  into.nullable ||= from.nullable;
  Object.assign(into.properties, from.properties);
  into.required.push(...from.required);
  into.values ??= from.values;
  into.items ??= from.items;
  into.freeForm ||= from.freeForm;
}

function schemaType(schema: Schema): JsonType | undefined {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'string':
    case 'boolean':
    case 'array':
    case 'object':
      return schema.type;
    default:
      return schema.properties || schema.allOf ? 'object' : undefined;
  }
}

/** The definition that derives from `base` (directly or not) and carries `kind` as discriminator value. */
function findSubtype(base: string | undefined, kind: string, spec: Spec): string | undefined {
  if (base === undefined) return undefined;
  const derives = (name: string, depth = 0): boolean => {
    const parents = ((spec.definition(name)?.allOf as Schema[] | undefined) ?? [])
      .map((p) => (typeof p.$ref === 'string' ? refName(p.$ref) : undefined))
      .filter((p): p is string => p !== undefined);
    return parents.includes(base) || (depth < 5 && parents.some((p) => derives(p, depth + 1)));
  };
  return spec
    .definitionNames()
    .find(
      (name) =>
        (spec.definition(name)?.['x-ms-discriminator-value'] ?? name) === kind && derives(name),
    );
}
