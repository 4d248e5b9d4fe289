/**
 * GitHub's OpenAPI 3.0 description read as the Spec that shape.ts compares against: component
 * schemas by name, `nullable` as Swagger's `x-nullable`, and a oneOf/anyOf left free of
 * constraints (a free-form object when one branch is one).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema, Spec } from './spec.ts';

export interface GitHubExample {
  file: string;
  method: string;
  path: string;
  operationId: string;
  status: string;
  example: string;
}

function normalise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalise);
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Record<string, unknown>;
  const union = (s.oneOf ?? s.anyOf) as Record<string, unknown>[] | undefined;
  if (union) {
    // A free-form object branch (deployment payloads) keeps any keys; other unions check nothing.
    const freeForm = union.some((b) => b.type === 'object' && b.additionalProperties === true);
    return {
      ...(freeForm ? { type: 'object' } : {}),
      ...(s.nullable ? { 'x-nullable': true } : {}),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'nullable') out['x-nullable'] = value;
    else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, v]) => [name, normalise(v)]),
      );
    } else out[key] = normalise(value);
  }
  return out;
}

export function loadGitHubSpec(dir: string): Spec {
  const doc = JSON.parse(
    readFileSync(path.join(dir, 'api.github.com.2022-11-28.subset.json'), 'utf8'),
  ) as {
    paths: Record<string, Record<string, Schema>>;
    components: { schemas: Record<string, Schema>; responses: Record<string, Schema> };
  };
  const schemas = normalise(doc.components.schemas) as Record<string, Schema>;
  const responseSchema = (r: Schema): Schema | undefined => {
    const resolved =
      typeof r.$ref === 'string' ? doc.components.responses[r.$ref.split('/').pop() ?? ''] : r;
    const content = resolved?.content as Record<string, { schema?: Schema }> | undefined;
    const schema = content?.['application/json']?.schema;
    return schema && (normalise(schema) as Schema);
  };
  return {
    definition: (name) => schemas[name],
    definitionNames: () => Object.keys(schemas),
    operation(operationId) {
      for (const [template, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (op.operationId !== operationId) continue;
          const responses = op.responses as Record<string, Schema>;
          return {
            operationId,
            method: method.toUpperCase(),
            path: template,
            responses: Object.fromEntries(
              Object.entries(responses).map(([code, r]) => [code, responseSchema(r)]),
            ),
          };
        }
      }
      throw new Error(`operationId: expected one of the spec's operations, got '${operationId}'`);
    },
  };
}

export const readGitHubExamples = (dir: string): GitHubExample[] =>
  JSON.parse(readFileSync(path.join(dir, 'examples', 'index.json'), 'utf8')) as GitHubExample[];

export const readGitHubExample = (dir: string, file: string): unknown =>
  JSON.parse(readFileSync(path.join(dir, 'examples', file), 'utf8'));
