/** The one reading of Retry-After: ARM calls, scoring, notifications and the ticket API share it. */
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { expect, test } from 'vitest';
import { isTransientStatus, retryAfterMs, retryWaitMs } from '@mlops-actions/azureml/grammar';

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

test('another try only for a transient answer, within the attempts and the budget', () => {
  const none = new Headers();
  const limits = { attempts: 3, budgetMs: 15_000 };
  expect([408, 429, 500, 502, 503, 504].map(isTransientStatus)).toEqual(Array(6).fill(true));
  expect([400, 401, 404, 409, 501, 505].map(isTransientStatus)).toEqual(Array(6).fill(false));
  expect(retryWaitMs({ status: 503, headers: none }, 1, 0, limits)).toBe(1000);
  expect(retryWaitMs({ status: 503, headers: none }, 2, 0, limits)).toBe(2000);
  expect(
    retryWaitMs({ status: 429, headers: new Headers({ 'Retry-After': '4' }) }, 1, 0, limits),
  ).toBe(4000);
  expect(retryWaitMs({ status: 404, headers: none }, 1, 0, limits)).toBeUndefined();
  expect(retryWaitMs({ status: 503, headers: none }, 3, 0, limits)).toBeUndefined();
  // A wait that would end past the budget is not made.
  expect(
    retryWaitMs({ status: 429, headers: new Headers({ 'Retry-After': '60' }) }, 1, 0, limits),
  ).toBeUndefined();
  expect(retryWaitMs({ status: 503, headers: none }, 1, 14_500, limits)).toBeUndefined();
});
