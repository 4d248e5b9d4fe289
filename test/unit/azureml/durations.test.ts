import { expect, test } from 'vitest';
import { formatDuration, parseDuration } from '@mlops-actions/azureml/grammar';

test('parseDuration reads units, combinations and plain seconds; undefined otherwise', () => {
  expect(parseDuration('1d2h3m4s5ms')).toBe(93_784_005);
  expect(parseDuration('2m30s')).toBe(150_000);
  expect(parseDuration('0.5')).toBe(500);
  expect(parseDuration('9'.repeat(400))).toBeUndefined();
  for (const text of ['', '1w', '1 h', 'h1', '1h-', '+1s'])
    expect(parseDuration(text)).toBeUndefined();
});

test('formatDuration writes what parseDuration reads', () => {
  expect(formatDuration(500)).toBe('500ms');
  expect(formatDuration(0)).toBe('0ms');
  expect(formatDuration(30_000)).toBe('30s');
  expect(formatDuration(5_400_000)).toBe('1h30m');
  expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
  for (const ms of [500, 30_000, 5_400_000, 90_061_000]) {
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  }
});
