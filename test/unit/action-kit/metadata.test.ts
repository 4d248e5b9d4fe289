import { expect, test } from 'vitest';
import { actionYamlFor, defineAction, docsTable, input } from '@mlops-actions/action-kit';

const def = defineAction({
  name: 'deploy',
  title: 'Deploy it',
  description: 'Deploys',
  branding: { icon: 'upload-cloud', color: 'green' },
  post: { if: 'failure()' },
  inputs: {
    endpoint: input.string({ description: 'Endpoint name.', required: true }),
    'client-secret': input.string({ description: 'Client secret.', secret: true }),
    traffic: input.integer({ description: 'Percent | share.', min: 0, max: 100, default: '10' }),
  },
  outputs: { 'deployment-name': { description: 'The new deployment.' } },
});

const options = { author: 'someone', entry: '../../dist/deploy.js' };

test('actionYamlFor gives the whole action.yml, in the order GitHub documents it', () => {
  const yml = actionYamlFor(def, options);
  expect(yml).toEqual({
    name: 'Deploy it',
    description: 'Deploys',
    author: 'someone',
    branding: { icon: 'upload-cloud', color: 'green' },
    inputs: {
      endpoint: { description: 'Endpoint name.', required: true },
      'client-secret': { description: 'Client secret.', required: false },
      traffic: { description: 'Percent | share.', required: false, default: '10' },
    },
    outputs: { 'deployment-name': { description: 'The new deployment.' } },
    runs: {
      using: 'node24',
      main: '../../dist/deploy.js',
      post: '../../dist/deploy.js',
      'post-if': 'failure()',
    },
  });
  expect(Object.keys(yml)).toEqual([
    'name',
    'description',
    'author',
    'branding',
    'inputs',
    'outputs',
    'runs',
  ]);
});

test('actionYamlFor without title, branding or post: the name, no branding, main only', () => {
  const bare = defineAction({ name: 'bare', description: 'Does little.', inputs: {} });
  expect(actionYamlFor(bare, options)).toEqual({
    name: 'bare',
    description: 'Does little.',
    author: 'someone',
    inputs: {},
    outputs: {},
    runs: { using: 'node24', main: '../../dist/deploy.js' },
  });
  const postAlways = defineAction({ ...bare, name: 'post', post: {} });
  expect(actionYamlFor(postAlways, options).runs).toEqual({
    using: 'node24',
    main: '../../dist/deploy.js',
    post: '../../dist/deploy.js',
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
