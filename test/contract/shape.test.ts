import { expect, test } from 'vitest';
import { compareShape } from './shape.ts';
import type { Schema, Spec } from './spec.ts';

// A miniature spec with allOf and a discriminator, like JobBase/CommandJob in the real one.
const definitions: Record<string, Schema> = {
  Base: {
    type: 'object',
    discriminator: 'kind',
    required: ['kind'],
    properties: { kind: { type: 'string' }, note: { type: 'string', 'x-nullable': true } },
  },
  Command: {
    allOf: [{ $ref: '#/definitions/Base' }],
    'x-ms-discriminator-value': 'Command',
    required: ['command'],
    properties: {
      command: { type: 'string' },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
};
const spec: Spec = {
  definition: (name) => definitions[name],
  definitionNames: () => Object.keys(definitions),
  operation: () => {
    throw new Error('not used');
  },
};
const base: Schema = { $ref: '#/definitions/Base' };

test('a response that fits the subtype schema has no problems', () => {
  expect(
    compareShape(
      { kind: 'Command', command: 'x', note: null, tags: { a: 'b' } },
      undefined,
      base,
      spec,
    ),
  ).toEqual([]);
});

test('unknown keys, wrong types, missing required properties and stray nulls are reported', () => {
  expect(
    compareShape(
      { kind: 'Command', extra: 1, tags: { a: 2 }, command: null },
      undefined,
      base,
      spec,
    ),
  ).toEqual([
    '$.extra: in neither the example nor the spec schema',
    '$.tags.a: number where the spec says string',
    '$.command: null where the spec does not allow it',
  ]);
  expect(compareShape({ kind: 'Command' }, undefined, base, spec)).toEqual([
    '$.command: required by the spec but missing',
  ]);
});

test('keys the example has are allowed, and must keep the example type', () => {
  expect(compareShape({ kind: 'Other', extra: 'x' }, { extra: 'y' }, base, spec)).toEqual([]);
  expect(compareShape({ kind: 'Other', extra: 1 }, { extra: 'y' }, base, spec)).toEqual([
    '$.extra: number where the example has string',
  ]);
});

test('a bare object schema is free-form: any keys', () => {
  const bag: Schema = { type: 'object' };
  expect(compareShape({ anything: { nested: 1 } }, undefined, bag, spec)).toEqual([]);
});
