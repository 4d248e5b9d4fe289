import { describe, expect, test } from 'vitest';
import {
  composeMessage,
  listWithMore,
  clip,
  renderSlack,
  renderTeams,
  renderWebhook,
  signatureHeaders,
  signingKey,
  checkChannelUrl,
  parseChannels,
  factsFromReport,
  studioUrl,
  type NotifyFacts,
} from '@mlops-actions/notify';
import {
  slackProblems,
  teamsProblems,
  verifyStandardWebhook,
} from '../../support/payload-checks.ts';

const run = {
  repository: 'contoso/churn',
  workflow: 'deploy',
  runId: '42',
  runAttempt: '2',
  actor: 'mona',
  runUrl: 'https://github.com/contoso/churn/actions/runs/42/attempts/2',
};
const facts = (more: Partial<NotifyFacts> = {}): NotifyFacts => ({
  result: 'success',
  run,
  ...more,
});

describe('the message', () => {
  test('marks each result, and names model, environment, run and attempt', () => {
    const m = composeMessage(
      facts({ model: 'churn', modelVersion: '7', environment: 'prod', result: 'failure' }),
    );
    const slack = renderSlack(m);
    expect(slack.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: '❌ Failed: churn 7 to prod' },
    });
    expect(slack.text).toContain('Run: 42 (attempt 2)');
    expect(renderSlack(composeMessage(facts({ result: 'rollback' }))).text).toMatch(
      /^↩️ Rolled back: /,
    );
    expect(renderSlack(composeMessage(facts())).text).toMatch(/^✅ Succeeded: deploy/);
  });

  test('lists are cut with "and N more"', () => {
    expect(listWithMore(['a', 'b', 'c', 'd'], 3)).toEqual(['a', 'b', 'and 2 more']);
    expect(listWithMore(['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(clip('😀😀😀', 2)).toBe('😀…');
  });
});

describe('Slack limits', () => {
  test('a header over 150, sections over 3000 and hundreds of figures still make a message Slack takes', () => {
    const m = composeMessage(
      facts({
        title: 'x'.repeat(500),
        endpoint: 'e'.repeat(5000),
        gate: 'g',
        figures: Array.from({ length: 500 }, (_, i) => `figure ${i} ${'f'.repeat(50)}`),
      }),
    );
    const payload = renderSlack(m);
    expect(slackProblems(JSON.stringify(payload))).toEqual([]);
    expect(JSON.stringify(payload)).toContain('and 491 more');
  });

  test('mrkdwn is escaped', () => {
    const payload = renderSlack(composeMessage(facts({ endpoint: '<!channel> & co' })));
    expect(JSON.stringify(payload.blocks[1])).toContain('&lt;!channel&gt; &amp; co');
  });
});

describe('Teams', () => {
  test('an Adaptive Card 1.4 in a Workflows message, under 28 KB even with huge inputs', () => {
    const m = composeMessage(
      facts({
        endpoint: 'e'.repeat(40_000),
        changeTicket: 'c'.repeat(40_000),
        figures: Array.from({ length: 2000 }, () => 'f'.repeat(100)),
      }),
    );
    const body = JSON.stringify(renderTeams(m));
    expect(teamsProblems(body)).toEqual([]);
    expect(Buffer.byteLength(body)).toBeLessThan(28 * 1024);
    expect(body).toMatch(/and \d+ more/);
  });
});

describe('Standard Webhooks signing', () => {
  test('whsec_ secrets are base64-decoded; the reference verifier accepts the signature', () => {
    const raw = Buffer.alloc(32, 7);
    const key = signingKey(`whsec_${raw.toString('base64')}`);
    expect(key).toEqual({ ok: true, value: raw });
    const body = JSON.stringify(renderWebhook(composeMessage(facts())));
    const now = new Date('2026-01-01T00:00:00Z');
    const headers = signatureHeaders(raw, body, now, 'msg_1');
    expect(headers['webhook-timestamp']).toBe('1767225600');
    expect(
      verifyStandardWebhook(`whsec_${raw.toString('base64')}`, headers, body, 1767225600),
    ).toEqual([]);
  });

  test('the spec example signs as the spec says', () => {
    // From the Standard Webhooks spec's example: secret, id, timestamp, payload -> signature.
    const key = signingKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    if (!key.ok) throw new Error('key');
    const body = '{"test": 2432232314}';
    const headers = signatureHeaders(
      key.value,
      body,
      new Date(1614265330 * 1000),
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  test('secrets under 24 bytes and bad base64 are refused', () => {
    expect(signingKey('x'.repeat(23)).ok).toBe(false);
    expect(signingKey('x'.repeat(24)).ok).toBe(true);
    expect(signingKey(`whsec_${Buffer.alloc(16).toString('base64')}`)).toMatchObject({ ok: false });
    expect(signingKey('whsec_not base64!')).toMatchObject({
      ok: false,
      problem: 'the text after whsec_ is not base64',
    });
  });
});

describe('channel inputs', () => {
  test.each([
    ['slack', 'https://hooks.slack.com/services/T0/B0/abc', true],
    ['slack', 'https://hooks.slack.com/workflows/T0/abc', false],
    ['slack', 'https://evil.example/services/T0/B0/abc', false],
    ['slack', 'http://127.0.0.1:9/anything', true],
    ['teams', 'https://prod-1.westeurope.logic.azure.com/workflows/x', true],
    ['teams', 'http://prod-1.westeurope.logic.azure.com/workflows/x', false],
    ['webhook', 'http://localhost:8080/x', true],
    ['webhook', 'http://[::1]:8080/x', true],
    ['webhook', 'https://user:pw@example.com/x', false],
    ['webhook', 'ftp://example.com/x', false],
  ] as const)('%s %s -> %s', (channel, url, ok) => {
    expect(checkChannelUrl(channel, url).ok).toBe(ok);
  });

  test('channels', () => {
    expect(parseChannels('slack, teams\nslack')).toEqual({ ok: true, value: ['slack', 'teams'] });
    expect(parseChannels('email')).toEqual({ ok: false, problem: 'unknown channel "email"' });
  });

  test('a report takes our actions’ outputs and a use case’s report', () => {
    expect(
      factsFromReport(
        JSON.stringify({ 'model-id': 'azureml:m:1', traffic: '{"blue":100}', other: 1 }),
      ),
    ).toEqual({
      ok: true,
      value: { model: 'azureml:m:1', trafficAfter: { blue: 100 } },
    });
    expect(factsFromReport('[1]')).toEqual({ ok: false, problem: 'it is not a JSON object' });
  });

  test('the studio link points at the endpoint in its workspace', () => {
    expect(
      studioUrl({ subscriptionId: 's', resourceGroup: 'r', workspace: 'w', endpoint: 'e' }),
    ).toBe(
      'https://ml.azure.com/endpoints/realtime/e/detail?wsid=%2Fsubscriptions%2Fs%2FresourceGroups%2Fr%2Fproviders%2FMicrosoft.MachineLearningServices%2Fworkspaces%2Fw',
    );
  });
});

describe('the receivers’ checks refuse what the services refuse', () => {
  test('Slack', () => {
    const header = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    const section = { type: 'section', text: { type: 'mrkdwn', text: 's' } };
    expect(slackProblems(JSON.stringify({ text: 't', blocks: [header] }))).toEqual([
      'header 0: 151 chars',
    ]);
    expect(slackProblems(JSON.stringify({ text: 't', blocks: Array(51).fill(section) }))).toEqual([
      '51 blocks > 50',
    ]);
    expect(slackProblems(JSON.stringify({ blocks: [section] }))).toEqual(['no text fallback']);
  });

  test('Teams', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] };
    const message = {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };
    expect(teamsProblems(JSON.stringify(message))).toEqual(['version 1.5']);
    const o365 = { '@type': 'MessageCard', sections: [] };
    expect(teamsProblems(JSON.stringify(o365))).toContain('Office 365 connector card');
  });
});
