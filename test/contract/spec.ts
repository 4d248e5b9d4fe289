import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A Swagger 2.0 schema object, as found in the Azure REST API specs. */
export type Schema = Record<string, unknown>;

export interface SpecOperation {
  operationId: string;
  method: string;
  /** Path template with `{param}` segments. */
  path: string;
  /** Status code (or 'default') -> response schema, when the response has a body. */
  responses: Record<string, Schema | undefined>;
}

export interface Spec {
  /** A definition by name, from either spec file or the ARM common types. */
  definition(name: string): Schema | undefined;
  definitionNames(): string[];
  operation(operationId: string): SpecOperation;
}

/**
 * The ARM common types the Azure ML specs `$ref` by relative path (common-types/v3), which are
 * not shipped with them: the parts a response can contain, written out here.
 */
const COMMON_TYPES: Record<string, Schema> = {
  Resource: {
    type: 'object',
    properties: {
      id: { type: 'string', readOnly: true },
      name: { type: 'string', readOnly: true },
      type: { type: 'string', readOnly: true },
      systemData: { $ref: '#/definitions/systemData', readOnly: true },
    },
  },
  TrackedResource: {
    type: 'object',
    allOf: [{ $ref: '#/definitions/Resource' }],
    required: ['location'],
    properties: {
      tags: { type: 'object', additionalProperties: { type: 'string' } },
      location: { type: 'string' },
    },
  },
  systemData: {
    type: 'object',
    properties: Object.fromEntries(
      [
        'createdBy',
        'createdByType',
        'createdAt',
        'lastModifiedBy',
        'lastModifiedByType',
        'lastModifiedAt',
      ].map((key) => [key, { type: 'string' }]),
    ),
  },
  Sku: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      tier: { $ref: '#/definitions/SkuTier' },
      size: { type: 'string' },
      family: { type: 'string' },
      capacity: { type: 'integer' },
    },
  },
  SkuTier: { type: 'string', enum: ['Free', 'Basic', 'Standard', 'Premium'] },
  ManagedServiceIdentity: {
    type: 'object',
    required: ['type'],
    properties: {
      principalId: { type: 'string', readOnly: true },
      tenantId: { type: 'string', readOnly: true },
      type: { $ref: '#/definitions/ManagedServiceIdentityType' },
      userAssignedIdentities: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: { principalId: { type: 'string' }, clientId: { type: 'string' } },
        },
      },
    },
  },
  ManagedServiceIdentityType: { type: 'string' },
  ErrorResponse: { type: 'object', properties: { error: { $ref: '#/definitions/ErrorDetail' } } },
  ErrorDetail: {
    type: 'object',
    properties: {
      code: { type: 'string', readOnly: true },
      message: { type: 'string', readOnly: true },
      target: { type: 'string', readOnly: true },
      details: { type: 'array', items: { $ref: '#/definitions/ErrorDetail' } },
      additionalInfo: {
        type: 'array',
        items: {
          type: 'object',
          properties: { type: { type: 'string' }, info: { type: 'object' } },
        },
      },
    },
  },
};

const SPEC_FILES = ['mfe.json', 'machineLearningServices.json'];

export function loadSpec(specDir: string): Spec {
  const files = SPEC_FILES.map(
    (file) =>
      JSON.parse(readFileSync(path.join(specDir, file), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >,
  );
  // The two files define disjoint names, so one flat table serves every $ref.
  const definitions: Record<string, Schema> = { ...COMMON_TYPES };
  for (const file of files) Object.assign(definitions, file.definitions);
  return {
    definition: (name) => definitions[name],
    definitionNames: () => Object.keys(definitions),
    operation: (operationId) => findOperation(files, operationId),
  };
}

/** The definition name a `$ref` points at, whichever file or relative path it names. */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** The operation `operationId` in any of `files` (Swagger 2.0 documents), with its response schemas. */
export function findOperation(
  files: readonly Record<string, Record<string, unknown>>[],
  operationId: string,
): SpecOperation {
  for (const file of files) {
    for (const [pathTemplate, item] of Object.entries(file.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Schema>)) {
        if (op.operationId !== operationId) continue;
        const responses = op.responses as Record<string, { schema?: Schema }>;
        return {
          operationId,
          method: method.toUpperCase(),
          path: pathTemplate,
          responses: Object.fromEntries(
            Object.entries(responses).map(([code, r]) => [code, r.schema]),
          ),
        };
      }
    }
  }
  throw new Error(`operationId: expected one of the spec's operations, got '${operationId}'`);
}
