/** The one reading of Retry-After: ARM calls, scoring, notifications and the ticket API share it. */
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { expect, test } from 'vitest';
import { retryAfterMs } from '@mlops-actions/azureml/grammar';

test('seconds, an HTTP date, or the millisecond headers Azure sends; nothing for anything else', () => {
  expect(retryAfterMs(new Headers({ 'Retry-After': '2' }), 0)).toBe(2000);
  expect(retryAfterMs(new Headers({ 'Retry-After': ' 0 ' }), 0)).toBe(0);
  expect(retryAfterMs(new Headers({ 'Retry-After': new Date(5000).toUTCString() }), 0)).toBe(5000);
  // A date already past is no wait at all.
  expect(retryAfterMs(new Headers({ 'Retry-After': new Date(5000).toUTCString() }), 9000)).toBe(0);
  expect(retryAfterMs(createHttpHeaders({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(
    250,
  );
  expect(retryAfterMs(createHttpHeaders({ 'x-ms-retry-after-ms': '40' }))).toBe(40);
  expect(retryAfterMs(new Headers({ 'Retry-After': 'soon' }), 0)).toBeUndefined();
  expect(retryAfterMs(new Headers(), 0)).toBeUndefined();
  expect(retryAfterMs(undefined)).toBeUndefined();
});
