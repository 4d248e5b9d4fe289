import { expect, test } from 'vitest';
import { actionYamlFor, defineAction, docsTable, input } from '@mlops-actions/action-kit';

const def = defineAction({
  name: 'deploy',
  description: 'Deploys',
  inputs: {
    endpoint: input.string({ description: 'Endpoint name.', required: true }),
    'client-secret': input.string({ description: 'Client secret.', secret: true }),
    traffic: input.integer({ description: 'Percent | share.', min: 0, max: 100, default: '10' }),
  },
  outputs: { 'deployment-name': { description: 'The new deployment.' } },
});

test('actionYamlFor gives the inputs and outputs action.yml must declare', () => {
  expect(actionYamlFor(def)).toEqual({
    inputs: {
      endpoint: { description: 'Endpoint name.', required: true },
      'client-secret': { description: 'Client secret.', required: false },
      traffic: { description: 'Percent | share.', required: false, default: '10' },
    },
    outputs: { 'deployment-name': { description: 'The new deployment.' } },
  });
});

test('docsTable renders inputs and outputs as markdown tables', () => {
  expect(docsTable(def)).toBe(
    [
      '### Inputs',
      [
        '| Name | Required | Default | Description |',
        '| --- | --- | --- | --- |',
        '| `endpoint` | yes |  | Endpoint name. |',
        '| `client-secret` | no |  | Client secret. |',
        '| `traffic` | no | `10` | Percent \\| share. |',
      ].join('\n'),
      '### Outputs',
      '| Name | Description |\n| --- | --- |\n| `deployment-name` | The new deployment. |',
    ].join('\n\n'),
  );
});

test('docsTable says so when there is nothing to list', () => {
  const bare = defineAction({ name: 'bare', description: '', inputs: {} });
  expect(docsTable(bare, 2)).toBe(
    '## Inputs\n\nThis action has no inputs.\n\n## Outputs\n\nThis action has no outputs.',
  );
});
