import { describe, expect, test } from 'vitest';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { input } from '@mlops-actions/action-kit';
import type { Input } from '@mlops-actions/action-kit';

// The built-in kinds were zod schemas; they are plain parsers now, so that starting an action
// loads no schema library. They must accept, refuse and return exactly what zod did.

async function zodReads(schema: $ZodType, text: string): Promise<unknown> {
  const result = await z.safeParseAsync(schema, text);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

async function kitReads(spec: Input, text: string): Promise<unknown> {
  const parsed = await spec.parse(text);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false };
}

const cases: [string, Input, $ZodType, string[]][] = [
  [
    'url',
    input.url({ description: 'u' }),
    z.url({ protocol: /^https?$/ }),
    [
      'https://management.azure.com',
      'https://127.0.0.1:8443',
      'http://localhost:8080/path?q=1#f',
      'HTTPS://Example.COM',
      ' https://padded.example ',
      'https://exa\tmple.com',
      'https:/one-slash.example',
      'http:no-slash.example',
      'https://',
      'https://[::1]:443/',
      'ftp://x.org/',
      'management.azure.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      '',
    ],
  ],
  [
    'guid',
    input.guid({ description: 'g' }),
    z.guid(),
    [
      '0b1f6471-1bf0-4dda-aec3-cb9272f09590',
      '00000000-0000-0000-0000-000000000000',
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
      '0b1f6471-1bf0-4dda-aec3-cb9272f0959',
      '0b1f6471-1bf0-4dda-aec3-cb9272f095900',
      '{0b1f6471-1bf0-4dda-aec3-cb9272f09590}',
      '0b1f64711bf04ddaaec3cb9272f09590',
      ' 0b1f6471-1bf0-4dda-aec3-cb9272f09590',
      'g0000000-0000-0000-0000-000000000000',
      'my-subscription',
    ],
  ],
  [
    'choice',
    input.choice(['custom_model', 'mlflow_model'], { description: 'c' }),
    z.enum(['custom_model', 'mlflow_model']),
    ['custom_model', 'mlflow_model', 'MLflow_model', 'custom_model ', 'toString', '__proto__', ''],
  ],
  [
    'string with a pattern',
    input.string({ description: 's', pattern: /^[a-z][a-z0-9-]*$/ }),
    z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)),
    ['my-job-1', 'My Job', 'a', '1a', 'a\nb', ''],
  ],
  [
    'string with a global pattern, read twice',
    input.string({ description: 's', pattern: /^a+/g }),
    z.string().check(z.regex(/^a+/g)),
    ['aaa', 'aaa', 'b'],
  ],
  ['plain string', input.string({ description: 's' }), z.string(), ['anything', ' ', '']],
];

describe.each(cases)('%s', (_kind, spec, schema, texts) => {
  test.each(texts)('%j reads as zod read it', async (text) => {
    expect(await kitReads(spec, text)).toEqual(await zodReads(schema, text));
  });
});
