import { expect, test } from 'vitest';
import { Summary } from '@mlops-actions/action-kit';
import { useFakeRunner } from './fake-runner.ts';

const runner = useFakeRunner();

test('builds markdown block by block', () => {
  const markdown = new Summary()
    .heading('Job train-1: Completed')
    .table(
      ['Job', 'Studio'],
      [['train-1 | retry', Summary.link('open [studio]', 'https://ml.azure.com/runs/a b')]],
    )
    .list(['Queued', 'Running\nfor 5m'])
    .list(['first', 'second'], true)
    .details('Logs <stdout>', 'line 1')
    .mermaid('graph LR\n  A --> B')
    .link('Endpoint', 'https://x.test/')
    .text('Done.')
    .toString();
  expect(markdown).toBe(
    [
      '## Job train-1: Completed',
      '| Job | Studio |\n| --- | --- |\n| train-1 \\| retry | [open \\[studio\\]](https://ml.azure.com/runs/a%20b) |',
      '- Queued\n- Running for 5m',
      '1. first\n2. second',
      '<details><summary>Logs &lt;stdout&gt;</summary>\n\nline 1\n\n</details>',
      '```mermaid\ngraph LR\n  A --> B\n```',
      '[Endpoint](https://x.test/)',
      'Done.',
      '',
    ].join('\n\n'),
  );
});

test('a table cell keeps its row: newlines become <br>', () => {
  expect(new Summary().table(['a'], [['x\ny']]).toString()).toBe('| a |\n| --- |\n| x<br>y |\n\n');
});

test('a code block fence outgrows backticks in the code', () => {
  expect(new Summary().code('use ```yaml fences```', 'md').toString()).toBe(
    '````md\nuse ```yaml fences```\n````\n\n',
  );
});

test('write appends to the job summary and starts afresh', () => {
  const summary = new Summary().heading('First', 3);
  summary.write();
  summary.text('Second').write();
  expect(runner().takeFile('summary')).toBe('### First\n\nSecond\n\n');
});
