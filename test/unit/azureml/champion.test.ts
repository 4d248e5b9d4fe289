import { describe, expect, test } from 'vitest';
import { isBetter, parseChampionRef } from '@mlops-actions/azureml';

describe('parseChampionRef', () => {
  test.each([
    ['azureml:churn:3', { kind: 'model', name: 'churn', version: '3' }],
    ['endpoint:churn-ep', { kind: 'endpoint', endpoint: 'churn-ep' }],
  ])('%s', (text, expected) => {
    expect(parseChampionRef(text)).toEqual(expected);
  });

  test.each(['endpoint:', 'endpoint:1abc', 'churn:3', 'azureml:churn', 'blue'])(
    'refuses %j',
    (text) => {
      expect(parseChampionRef(text)).toBeUndefined();
    },
  );
});

describe('isBetter', () => {
  test.each([
    { challenger: 0.91, champion: 0.88, direction: 'max', better: true },
    { challenger: 0.85, champion: 0.88, direction: 'max', better: false },
    { challenger: 0.12, champion: 0.2, direction: 'min', better: true },
    { challenger: 0.3, champion: 0.2, direction: 'min', better: false },
    { challenger: 0.88, champion: 0.88, direction: 'max', better: false },
    { challenger: 0.2, champion: 0.2, direction: 'min', better: false },
  ] as const)(
    '$challenger vs $champion ($direction): $better',
    ({ challenger, champion, direction, better }) => {
      expect(isBetter(challenger, champion, direction)).toBe(better);
    },
  );
});
