import { expect, test } from 'vitest';

test('tests run on the runtime the actions declare (node24)', () => {
  expect(process.versions.node.split('.')[0]).toBe('24');
});
