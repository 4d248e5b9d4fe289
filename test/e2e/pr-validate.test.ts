import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';
import type { StepResult } from '@mlops-actions/local-runner';
import { runMainStep } from './support.ts';
import {
  fixtureRepo,
  pieces,
  privateKey,
  prValidateStep,
  sasToken,
  storageKey,
  type FixtureRepo,
} from './pr-validate-support.ts';

const SCHEMA = 'https://azuremlschemas.azureedge.net/latest';
const AREAS = 'churn: [models/churn/**, common/**]\nfraud: [models/fraud/**, common/**]';

const goodJob = (name: string) =>
  [
    `$schema: ${SCHEMA}/commandJob.schema.json`,
    'command: python train.py',
    'environment: azureml:sklearn-1.5:1',
    'compute: azureml:cpu-cluster',
    `display_name: ${name}`,
  ].join('\n');

const BASE = {
  'models/churn/job.yml': goodJob('churn'),
  'models/fraud/job.yml': goodJob('fraud'),
  'common/utils.py': 'def helper():\n    return 1\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
};

const annotations = (result: StepResult, command: string) =>
  result.commands
    .filter((c) => c.command === command)
    .map((c) => ({ file: c.properties.file, line: c.properties.line, col: c.properties.col }));

describe('pr-validate: a pull request with broken specs and planted secrets', () => {
  let gh: GitHubEmulator;
  let repo: FixtureRepo;
  let first: StepResult;
  let second: StepResult;
  const key = storageKey();
  const sas = sasToken();
  const pem = privateKey();
  const sasLine = `SAS_URL=https://churnstore.blob.core.windows.net/data?${sas.query}`;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    repo = fixtureRepo(BASE, {
      // resources.instance_count (line 7, column 3): a number > 0
      'models/churn/job.yml': `${goodJob('churn')}\nresources:\n  instance_count: 0\n`,
      'models/churn/deployment.yml': [
        `$schema: ${SCHEMA}/managedOnlineDeployment.schema.json`,
        'name: blue',
        'endpoint_name: churn',
        'instance_type: Standard_DS3_v2',
        'environment_variables:',
        `  STORAGE: "DefaultEndpointsProtocol=https;AccountName=churnstore;AccountKey=${key};EndpointSuffix=core.windows.net"`,
      ].join('\n'),
      'models/churn/endpoint.yml': [
        `$schema: ${SCHEMA}/managedOnlineEndpoint.schema.json`,
        'name: churn',
        'auth_mode: key',
        'traffic:',
        '  blue: 90',
        '  green: 10',
      ].join('\n'),
      'models/churn/env.yml': `$schema: ${SCHEMA}/environment.schema.json\nname: sklearn\nimage: mcr.microsoft.com/azureml/base:latest\n`,
      // Not YAML: a nested mapping in a compact one (line 3, column 10).
      'models/churn/broken.yml':
        'command: python train.py\nenvironment: azureml:sklearn:1\ncompute: cpu: big\n',
      'config/settings.env': `# storage\n${sasLine}\n`,
      'keys/deploy.pem': `${pem.pem}\n`,
    });
    const step = prValidateStep(repo, gh, {
      areas: AREAS,
      specs: '**/*.{yml,yaml}\nnothing/**/*.yml',
    });
    first = await runMainStep(step);
    second = await runMainStep(step);
  });
  afterAll(async () => {
    await gh?.stop();
    repo?.remove();
  });

  test('fails, with each refused spec annotated at its line and column', () => {
    expect(first.exitCode).toBe(1);
    const errors = annotations(first, 'error');
    expect(errors).toContainEqual({ file: 'models/churn/job.yml', line: '7', col: '3' });
    expect(errors).toContainEqual({ file: 'models/churn/endpoint.yml', line: '6', col: '3' });
    expect(errors).toContainEqual({ file: 'models/churn/broken.yml', line: '3', col: '10' });
    const messages = first.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(messages).toContainEqual(
      'models/churn/job.yml:7:3: job spec field resources.instance_count: expected a number > 0; given 0',
    );
    expect(messages.find((m) => m.startsWith('models/churn/endpoint.yml'))).toContain(
      'traffic.green: expected a deployment declared for endpoint churn (one of: blue)',
    );
  });

  test('a valid deployment passes; a kind no action takes is a notice; a workflow is left alone', () => {
    expect(annotations(first, 'error').map((a) => a.file)).not.toContain(
      'models/churn/deployment.yml:6',
    );
    expect(annotations(first, 'notice')).toContainEqual({
      file: 'models/churn/env.yml',
      line: undefined,
      col: undefined,
    });
    expect(first.summary).toContain(
      '| `models/churn/deployment.yml` | online deployment | ✅ valid |',
    );
    expect(first.summary).toContain('| `models/churn/env.yml` | environment | ℹ️ not checked |');
    expect(first.summary).not.toContain('ci.yml');
  });

  test('the summary has a table of every spec with its result and place', () => {
    expect(first.summary).toContain('### Pull request check failed: 6 errors');
    expect(first.summary).toContain('| File | Kind | Result | Problem |');
    expect(first.summary).toContain(
      '| `models/churn/job.yml` | command job | ❌ refused | line 7, column 3: job spec field resources.instance_count: expected a number > 0; given 0 |',
    );
  });

  test('planted storage key, SAS token and private key are reported with file and line', () => {
    const errors = first.commands.filter((c) => c.command === 'error');
    const at = (file: string) =>
      errors.filter((c) => c.properties.file === file).map((c) => [c.properties.line, c.message]);
    expect(at('models/churn/deployment.yml')).toEqual([
      ['6', expect.stringContaining('Azure storage connection string in an added line')],
    ]);
    expect(at('config/settings.env')).toEqual([
      ['2', expect.stringContaining('SAS token in an added line')],
    ]);
    expect(at('keys/deploy.pem')).toEqual([
      ['1', expect.stringContaining('private key in an added line')],
    ]);
  });

  test('no secret, nor any 8-character piece of one, is in the log, outputs, summary or comment', () => {
    const secretParts = [key, decodeURIComponent(sas.signature), sas.signature, ...pem.body];
    const comment = gh.control.comments().map((c) => String(c.body));
    for (const result of [first, second]) {
      const visible = {
        log: result.rawStdout,
        stderr: result.stderr,
        outputs: JSON.stringify(result.outputs),
        summary: result.summary,
        comment: comment.join('\n'),
      };
      for (const secret of secretParts) {
        for (const piece of pieces(secret)) {
          for (const [where, text] of Object.entries(visible)) {
            expect(text.includes(piece), `a piece of a secret is in the ${where}`).toBe(false);
          }
        }
      }
    }
  });

  test('changed names the one area the diff touches; warnings count the glob that matched nothing', () => {
    expect(first.outputs).toMatchObject({
      valid: 'false',
      errors: '6',
      warnings: '1',
      changed: '["churn"]',
    });
    expect(first.commands.filter((c) => c.command === 'warning').map((c) => c.message)).toEqual([
      'specs: the glob "nothing/**/*.yml" matches no file',
    ]);
  });

  test('one pull request comment, updated in place on the second run', () => {
    const comments = gh.control.comments();
    expect(comments).toHaveLength(1);
    const [comment] = comments;
    expect(first.outputs['comment-url']).toBe(comment?.html_url);
    expect(second.outputs['comment-url']).toBe(comment?.html_url);
    const writes = gh.control
      .requests()
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.status}`);
    expect(writes).toEqual(['POST 201', 'PATCH 200']);
    const body = String(comment?.body);
    expect(body).toContain('<!-- mlops-actions:pr-validate -->');
    expect(body).toContain('Azure ML pull request check: 6 errors');
    expect(body).toContain(
      `[models/churn/job.yml:7:3](https://github.com/${gh.owner}/${gh.repo}/blob/${repo.headSha}/models/churn/job.yml#L7)`,
    );
    expect(body).toContain('**Changed areas**: `churn`');
    expect(body).toContain('`models/churn/deployment.yml` (online deployment)');
  });
});

describe('pr-validate: a change to a shared path, all specs valid', () => {
  let gh: GitHubEmulator;
  let repo: FixtureRepo;
  let result: StepResult;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    repo = fixtureRepo(BASE, { 'common/utils.py': 'def helper():\n    return 2\n' });
    result = await runMainStep(prValidateStep(repo, gh, { areas: AREAS }));
  });
  afterAll(async () => {
    await gh?.stop();
    repo?.remove();
  });

  test('passes and marks every area the shared path belongs to', () => {
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      valid: 'true',
      errors: '0',
      warnings: '0',
      changed: '["churn","fraud"]',
    });
    expect(result.summary).toContain('### Pull request check passed: 2 Azure ML specs valid');
    expect(String(gh.control.comments()[0]?.body)).toContain('**Changed areas**: `churn`, `fraud`');
  });
});

describe('pr-validate: a fork-like read-only token, and a shallow checkout', () => {
  let gh: GitHubEmulator;
  let repo: FixtureRepo;
  const ghToken = `ghp_${'Z9'.repeat(18)}`;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    repo = fixtureRepo(BASE, {
      'models/fraud/job.yml': `${goodJob('fraud')}\nlimits:\n  timeout: -1\n`,
    });
    gh.control.updatePull({
      files: [
        {
          filename: 'scripts/publish.sh',
          status: 'added',
          patch: `@@ -0,0 +1,3 @@\n+#!/bin/sh\n+export TOKEN=${ghToken}\n+echo done`,
        },
        {
          filename: 'models/fraud/job.yml',
          status: 'modified',
          patch: '@@ -5,0 +6,2 @@\n+limits:\n+  timeout: -1',
        },
      ],
    });
  });
  afterAll(async () => {
    await gh?.stop();
    repo?.remove();
  });

  test('without pull-requests: write it says so, and still annotates and fails', async () => {
    const result = await runMainStep(
      prValidateStep(repo, gh, { 'github-token': gh.tokens.readOnly ?? '', areas: AREAS }),
    );
    expect(result.exitCode).toBe(1);
    expect(annotations(result, 'error')).toContainEqual({
      file: 'models/fraud/job.yml',
      line: '7',
      col: '3',
    });
    const warnings = result.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings).toContainEqual(expect.stringContaining('permissions: pull-requests: write'));
    expect(result.outputs['comment-url']).toBe('');
    expect(gh.control.comments()).toHaveLength(0);
  });

  test('without the base commit in the history, the files API patches are scanned', async () => {
    const result = await runMainStep(
      prValidateStep(repo, gh, { areas: AREAS }, { baseSha: 'f'.repeat(40) }),
    );
    expect(result.exitCode).toBe(1);
    expect(
      result.commands
        .filter((c) => c.command === 'error' && c.properties.file === 'scripts/publish.sh')
        .map((c) => [c.properties.line, c.properties.col, c.message]),
    ).toEqual([['2', '14', expect.stringContaining('GitHub token in an added line')]]);
    expect(result.outputs.changed).toBe('["fraud"]');
    expect(result.rawStdout).not.toContain(ghToken.slice(4, 12));
    const listed = gh.control.requests().filter((r) => r.url.includes('/files'));
    expect(listed.length).toBeGreaterThan(0);
  });
});

describe('pr-validate: team rules', () => {
  let gh: GitHubEmulator;
  let repo: FixtureRepo;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    repo = fixtureRepo(BASE, { 'models/churn/job.yml': `${goodJob('churn')}\ndescription: v2\n` });
  });
  afterAll(async () => {
    await gh?.stop();
    repo?.remove();
  });

  const rules = {
    'require-ticket': 'models/**',
    'required-labels': 'model-change',
    comment: 'false',
  };

  test('a change to guarded paths without a ticket, and a missing label, fail', async () => {
    const result = await runMainStep(prValidateStep(repo, gh, rules, { title: 'Retrain churn' }));
    expect(result.exitCode).toBe(1);
    const messages = result.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(messages).toContainEqual(
      'require-ticket: expected a change ticket matching /[A-Z][A-Z0-9]+-\\d+/ in the pull request title or body: it changes models/churn/job.yml',
    );
    expect(messages).toContainEqual(
      'required-labels: expected the label "model-change" on the pull request',
    );
  });

  test('with a ticket in the body and the label, they pass', async () => {
    const result = await runMainStep(
      prValidateStep(repo, gh, rules, { body: 'Change CHG-1234', labels: ['model-change'] }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs.valid).toBe('true');
  });
});

describe('pr-validate: bad inputs are named', () => {
  let gh: GitHubEmulator;
  let repo: FixtureRepo;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    repo = fixtureRepo(BASE, {});
  });
  afterAll(async () => {
    await gh?.stop();
    repo?.remove();
  });

  test.each([
    [{ 'ticket-pattern': '([A-Z]+' }, 'ticket-pattern: expected a valid regular expression'],
    [
      { areas: 'churn: 3' },
      'areas: expected a map of area name to a path glob or a list of globs, got area "churn" maps to a number',
    ],
    [{ areas: '[a, b]' }, 'areas: expected a JSON object or YAML mapping'],
    [{ 'github-token': '' }, 'github-token: expected a token that may write pull request comments'],
  ])('%j', async (inputs, message) => {
    const result = await runMainStep(prValidateStep(repo, gh, inputs));
    expect(result.exitCode).toBe(1);
    const errors = result.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    // A run that fails on its inputs never talks to GitHub.
    expect(gh.control.requests()).toEqual([]);
  });
});
