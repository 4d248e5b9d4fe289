/** Each project rule has a workflow that breaks it; a workflow that keeps them all has no finding. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  checkWorkflow,
  checkWorkflowFile,
  RULES,
  type RuleId,
} from '@mlops-actions/workflow-checks';

const SHA = '08c6903cd8c0fde910a37f88322edcfb5dd907a8';

const clean = `name: clean
on:
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA} # v5.0.0
      - uses: ./actions/train-and-poll
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "$TITLE"
  call:
    uses: ./.github/workflows/train.yml
    secrets:
      token: \${{ secrets.TOKEN }}
`;

const breaking: Record<RuleId, { text: string; line: number }> = {
  'no-pull-request-target': {
    text: clean.replace('  pull_request:', '  pull_request_target:'),
    line: 3,
  },
  'permissions-block': { text: clean.replace('permissions:\n  contents: read\n', ''), line: 5 },
  'no-write-all': {
    text: clean.replace('permissions:\n  contents: read', 'permissions: write-all'),
    line: 4,
  },
  'pinned-uses': {
    text: clean.replace(`actions/checkout@${SHA}`, 'actions/checkout@v5'),
    line: 10,
  },
  'no-expression-in-run': {
    text: clean.replace(
      'run: echo "$TITLE"',
      'run: |\n          echo ok\n          echo "${{ github.event.pull_request.title }}"',
    ),
    line: 16,
  },
  'no-secrets-inherit': {
    text: clean.replace('secrets:\n      token: ${{ secrets.TOKEN }}', 'secrets: inherit'),
    line: 17,
  },
};

describe('the project rules', () => {
  test('a workflow that keeps every rule has no finding', () => {
    expect(checkWorkflow(clean, 'clean.yml')).toEqual([]);
  });

  test.each(Object.entries(breaking))(
    '%s: a workflow that breaks it is found, with its line',
    (rule, { text, line }) => {
      const findings = checkWorkflow(text, 'broken.yml');
      expect(new Set(findings.map((f) => f.rule))).toEqual(new Set([rule]));
      expect(findings[0]).toMatchObject({ file: 'broken.yml', line });
      expect(findings[0]?.message).toContain(RULES[rule as RuleId]);
    },
  );

  test('a job-level permissions block is enough; a job-level write-all is not', () => {
    const perJob = clean
      .replace('permissions:\n  contents: read\n', '')
      .replace('  build:\n    runs-on', '  build:\n    permissions: write-all\n    runs-on')
      .replace('  call:\n', '  call:\n    permissions:\n      contents: read\n');
    expect(checkWorkflow(perJob, 'x.yml').map((f) => f.rule)).toEqual(['no-write-all']);
  });

  test("this repository's own actions and workflows may be called by release tag", () => {
    const text = clean.replace(
      '- uses: ./actions/train-and-poll',
      '- uses: mlops-actions/mlops-actions/actions/train-and-poll@v1',
    );
    expect(checkWorkflow(text, 'x.yml')).toEqual([]);
  });

  test('an unpinned reusable workflow and a docker image without digest are found', () => {
    const text = clean
      .replace(
        'uses: ./.github/workflows/train.yml',
        'uses: contoso/pipelines/.github/workflows/train.yml@main',
      )
      .replace('- uses: ./actions/train-and-poll', '- uses: docker://alpine:3.20');
    expect(checkWorkflow(text, 'x.yml').map((f) => [f.rule, f.line])).toEqual([
      ['pinned-uses', 11],
      ['pinned-uses', 16],
    ]);
  });
});

describe('checkWorkflowFile', () => {
  test('adds actionlint findings (a job needing one that does not exist), keeping file and line', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'workflow-checks-'));
    await mkdir(path.join(root, '.github/workflows'), { recursive: true });
    const text = clean.replace('  call:\n', '  call:\n    needs: [nowhere]\n');
    await writeFile(path.join(root, '.github/workflows/w.yml'), text);
    const findings = await checkWorkflowFile(root, '.github/workflows/w.yml');
    expect(findings).toEqual([
      expect.objectContaining({
        file: '.github/workflows/w.yml',
        line: 15,
        message: expect.stringContaining('nowhere'),
        rule: 'actionlint/job-needs',
      }),
    ]);
  });
});
