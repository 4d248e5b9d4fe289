import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { workflowContext, type StepResult } from '@mlops-actions/local-runner';
import { errorsOf, runMainStep } from './support.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';
import {
  slackProblems,
  teamsProblems,
  verifyStandardWebhook,
  webhookProblems,
} from '../support/payload-checks.ts';

const root = path.resolve(import.meta.dirname, '../..');
const token = () => randomBytes(12).toString('hex');
const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A secret the way Standard Webhooks writes one: whsec_ and 32 random bytes in base64. */
const secret = `whsec_${randomBytes(32).toString('base64')}`;

async function receivers() {
  const slack = await startReceiver(slackProblems, `/services/T${token()}/B${token()}/${token()}`);
  const teams = await startReceiver(
    teamsProblems,
    `/workflows/${token()}/triggers/manual`,
    202,
    '',
  );
  const webhook = await startReceiver(webhookProblems(secret), `/hooks/${token()}`);
  open.push(slack, teams, webhook);
  return { slack, teams, webhook };
}

const notifyStep = (inputs: Record<string, string>) => ({
  actionDir: path.join(root, 'actions', 'notify'),
  cwd: root,
  env: workflowContext({ GITHUB_WORKFLOW: 'deploy', GITHUB_ACTOR: 'mona' }),
  inputs: { result: 'success', ...inputs },
});

const warningsOf = (result: StepResult): string[] =>
  result.commands.filter((c) => c.command === 'warning').map((c) => c.message);

/** Nothing secret where a user could read it; printed secrets were add-mask-ed. */
function expectNoLeak(result: StepResult, secrets: string[]): void {
  for (const s of secrets) {
    for (const [where, text] of Object.entries({
      log: result.log,
      stderr: result.stderr,
      summary: result.summary,
      outputs: JSON.stringify(result.outputs),
    })) {
      expect(text.includes(s), `a secret appears in ${where}`).toBe(false);
    }
    if (result.rawStdout.includes(s)) expect(result.masks).toContain(s);
  }
}

describe('notify, bundled, delivers', () => {
  test('to Slack, Teams, a signed webhook and the summary at once, each payload as the service takes it', async () => {
    const { slack, teams, webhook } = await receivers();
    const result = await runMainStep(
      notifyStep({
        channels: 'slack, teams, webhook, summary',
        result: 'rollback',
        'slack-webhook-url': slack.url,
        'teams-webhook-url': teams.url,
        'webhook-url': webhook.url,
        'webhook-secret': secret,
        environment: 'prod',
        'change-ticket': 'CHG0012345',
        gate: 'error rate at 25 %',
        figures: Array.from({ length: 40 }, (_, i) => `5xx rate ${i + 1} % at step ${i}`).join(
          '\n',
        ),
        report: JSON.stringify({
          'model-id': 'azureml:churn:7',
          'endpoint-name': 'churn-prod',
          traffic: JSON.stringify({ blue: 100, green: 0 }),
          trafficBefore: { blue: 90, green: 10 },
        }),
        'subscription-id': '00000000-0000-0000-0000-000000000001',
        'resource-group': 'rg',
        workspace: 'ws',
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.delivered ?? '')).toEqual([
      'slack',
      'teams',
      'webhook',
      'summary',
    ]);
    expect(JSON.parse(result.outputs.failed ?? '')).toEqual([]);
    for (const r of [slack, teams, webhook]) {
      expect(r.received).toHaveLength(1);
      expect(r.received[0]?.problems).toEqual([]);
    }
    const slackBody = JSON.parse(slack.received[0]?.body ?? '');
    expect(slackBody.blocks[0].text.text).toBe('↩️ Rolled back: azureml:churn:7 to prod');
    expect(slackBody.text).toContain('Change ticket: CHG0012345');
    const cause = slackBody.blocks[2].text.text as string;
    expect(cause).toContain('Gate: error rate at 25 %');
    expect(cause).toContain('and 31 more');
    const card = JSON.parse(teams.received[0]?.body ?? '').attachments[0].content;
    expect(card.body[1].facts).toContainEqual({
      title: 'Traffic before',
      value: 'blue 90 %, green 10 %',
    });
    expect(card.actions.map((a: { title: string }) => a.title)).toEqual([
      'Workflow run',
      'Azure ML studio',
    ]);
    const hook = JSON.parse(webhook.received[0]?.body ?? '');
    expect(hook).toMatchObject({
      version: 1,
      result: 'rollback',
      fields: { changeTicket: 'CHG0012345', endpoint: 'churn-prod' },
    });
    expect(result.summary).toContain('↩️ Rolled back: azureml:churn:7 to prod');
    expect(result.summary).toContain('slack: delivered (1 attempt)');
    expectNoLeak(result, [slack.url, teams.url, webhook.url, secret]);
  });

  test('the webhook signature verifies, and the same delivery replayed after the tolerance is refused', async () => {
    const { webhook } = await receivers();
    const result = await runMainStep(
      notifyStep({ channels: 'webhook', 'webhook-url': webhook.url, 'webhook-secret': secret }),
    );
    expect(result.exitCode).toBe(0);
    const [delivery] = webhook.received;
    if (!delivery) throw new Error('nothing received');
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const sent = Number(delivery.headers['webhook-timestamp']);
    expect(verifyStandardWebhook(secret, delivery.headers, delivery.body, sent)).toEqual([]);
    expect(verifyStandardWebhook(secret, delivery.headers, delivery.body, sent + 301)).toEqual([
      `timestamp ${sent} is outside the tolerance of 300 s`,
    ]);
    expect(verifyStandardWebhook(secret, delivery.headers, `${delivery.body} `, sent)).toEqual([
      'no v1 signature matches',
    ]);
  });

  test('after a 429 with Retry-After, once the wait is over', async () => {
    const { slack } = await receivers();
    slack.script({ kind: 'throttle', retryAfterSeconds: 1 }, { kind: 'status', status: 503 });
    const result = await runMainStep(
      notifyStep({ channels: 'slack', 'slack-webhook-url': slack.url }),
    );
    expect(result.exitCode).toBe(0);
    expect(slack.received.map((r) => r.answered)).toEqual([429, 503, 200]);
    expect(result.log).toContain('slack: HTTP 429: rate_limited; retrying in 1.0 s');
    expect(JSON.parse(result.outputs.delivered ?? '')).toEqual(['slack']);
    expectNoLeak(result, [slack.url]);
  });
});

describe('notify, bundled, when a channel fails', () => {
  test('a receiver that is down is a warning: the step stays green and names the channel', async () => {
    const { slack, teams } = await receivers();
    await teams.close();
    const result = await runMainStep(
      notifyStep({
        channels: 'slack,teams',
        'slack-webhook-url': slack.url,
        'teams-webhook-url': teams.url,
        timeout: '2s',
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.delivered ?? '')).toEqual(['slack']);
    expect(JSON.parse(result.outputs.failed ?? '')).toEqual(['teams']);
    expect(warningsOf(result)).toEqual([
      expect.stringMatching(/^teams: not delivered after \d attempts?: ECONNREFUSED/),
    ]);
    expectNoLeak(result, [slack.url, teams.url]);
  });

  test('with fail-on-error: true the step fails, naming the channel', async () => {
    const { teams } = await receivers();
    await teams.close();
    const result = await runMainStep(
      notifyStep({
        channels: 'teams',
        'teams-webhook-url': teams.url,
        timeout: '1s',
        'fail-on-error': 'true',
      }),
    );
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      expect.stringMatching(/^Notification not delivered to teams\. See the warnings above/),
    ]);
  });

  test("Slack's 400 is not retried, and its error text is reported", async () => {
    const { slack } = await receivers();
    slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const result = await runMainStep(
      notifyStep({ channels: 'slack', 'slack-webhook-url': slack.url }),
    );
    expect(result.exitCode).toBe(0);
    expect(slack.received).toHaveLength(1);
    expect(warningsOf(result)).toEqual([
      'slack: not delivered after 1 attempt: HTTP 404: channel_not_found',
    ]);
  });

  test('a receiver that hangs is given up within the timeout', async () => {
    const { webhook } = await receivers();
    webhook.script({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const result = await runMainStep(
      notifyStep({ channels: 'webhook', 'webhook-url': webhook.url, timeout: '1s' }),
    );
    expect(result.exitCode).toBe(0);
    expect(warningsOf(result)).toEqual([
      expect.stringMatching(/^webhook: not delivered after 1 attempt: no answer within 1 s/),
    ]);
  });
});

describe('notify, bundled, refuses bad input and sends nothing', () => {
  test.each([
    [
      'channels',
      { channels: 'slack,pager' },
      'channels: expected channels from slack, teams, webhook, summary, got "slack,pager" (unknown channel "pager")',
    ],
    [
      'webhook-url',
      { channels: 'webhook', 'webhook-url': 'http://example.com/hook' },
      'webhook-url: expected an https URL (or http on loopback: 127.0.0.1, [::1], localhost), got (secret): plain http is taken only for a loopback receiver',
    ],
    [
      'slack-webhook-url',
      { channels: 'slack', 'slack-webhook-url': 'https://example.com/services/T/B/x' },
      'slack-webhook-url: expected a Slack Incoming Webhook URL https://hooks.slack.com/services/... (or a loopback URL), got (secret): it is not a Slack Incoming Webhook URL (https://hooks.slack.com/services/...)',
    ],
    [
      'webhook-secret',
      { channels: 'webhook', 'webhook-secret': 'short-secret' },
      'webhook-secret: expected a whsec_<base64> secret or text of at least 24 bytes, got (secret)',
    ],
    [
      'report',
      { channels: 'webhook', report: '{"model-id": 7,' },
      'report: expected a JSON object, got "{\\"model-id\\": 7," (it is not JSON',
    ],
  ])('%s', async (_name, inputs, message) => {
    const { webhook, slack } = await receivers();
    const urls = { 'webhook-url': webhook.url, 'slack-webhook-url': slack.url };
    const result = await runMainStep(notifyStep({ ...urls, ...inputs }));
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)[0]).toContain(`Invalid input: ${message}`);
    expect(webhook.received).toHaveLength(0);
    expect(slack.received).toHaveLength(0);
    expectNoLeak(result, ['short-secret', webhook.url, slack.url]);
  });
});
