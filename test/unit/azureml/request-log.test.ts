import { expect, test } from 'vitest';
import { isChange } from '../../../packages/azureml/src/transport/request-log.ts';

test('a change is a PUT, PATCH or DELETE, or a POST that cancels or regenerates keys', () => {
  const ws =
    '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w';
  expect(isChange('PUT', `${ws}/jobs/j`)).toBe(true);
  expect(isChange('patch', `${ws}/onlineEndpoints/e`)).toBe(true);
  expect(isChange('DELETE', `${ws}/onlineEndpoints/e/deployments/blue`)).toBe(true);
  expect(isChange('POST', `${ws}/jobs/j/cancel`)).toBe(true);
  expect(isChange('POST', `${ws}/onlineEndpoints/e/regenerateKeys`)).toBe(true);
  expect(isChange('POST', `${ws}/onlineEndpoints/e/listKeys`)).toBe(false);
  expect(isChange('POST', `${ws}/onlineEndpoints/e/deployments/blue/getLogs`)).toBe(false);
  expect(isChange('GET', `${ws}/jobs/j`)).toBe(false);
});
