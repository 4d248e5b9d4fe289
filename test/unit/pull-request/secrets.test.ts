import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { scanForSecrets, type AddedLine } from '@mlops-actions/pull-request';

const b64 = (n: number) => randomBytes(n).toString('base64');
const alnum = (n: number) =>
  Array.from(
    randomBytes(n),
    (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62],
  ).join('');
const lines = (...texts: string[]): AddedLine[] =>
  texts.map((text, i) => ({ file: 'f.txt', line: i + 1, text }));
const kinds = (...texts: string[]) => scanForSecrets(lines(...texts)).findings.map((f) => f.kind);

describe('secret patterns', () => {
  test.each([
    ['-----BEGIN RSA PRIVATE KEY-----', 'private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private key'],
    [
      `conn="DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${b64(64)};EndpointSuffix=core.windows.net"`,
      'Azure storage connection string',
    ],
    [`AccountKey=${b64(64)}`, 'Azure storage account key'],
    [`key: ${b64(64)}`, 'Azure storage account key'],
    [
      `https://a.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=${encodeURIComponent(b64(32))}`,
      'SAS token',
    ],
    [`AZURE_CLIENT_SECRET=${alnum(3)}8Q~${alnum(34)}`, 'Entra ID client secret'],
    [`token: ghp_${alnum(36)}`, 'GitHub token'],
    [`token: ghs_${alnum(36)}`, 'GitHub token'],
    [
      `url: https://hooks.slack.com/services/T0${alnum(8).toUpperCase()}/B0${alnum(8).toUpperCase()}/${alnum(24)}`,
      'Slack webhook URL',
    ],
    [
      `url: https://contoso.webhook.office.com/webhookb2/${alnum(20)}@${alnum(20)}/IncomingWebhook/${alnum(32)}/${alnum(20)}`,
      'Teams webhook URL',
    ],
  ])('%s', (text, kind) => {
    expect(kinds(text)).toEqual([kind]);
  });

  test.each([
    ['sig=short without a version'],
    [`sha: ${'a'.repeat(40)}`],
    [`digest: sha256:${randomBytes(32).toString('hex')}`],
    [`a base64 value of another size: ${b64(48)}`],
    ['-----BEGIN PUBLIC KEY-----'],
    ['ghp_tooshort'],
  ])('no false alarm: %s', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  test('a finding names file, line, column and kind, and never the secret', () => {
    const key = b64(64);
    const scan = scanForSecrets([{ file: 'cfg/app.env', line: 12, text: `  KEY=${key}` }]);
    expect(scan.findings).toEqual([
      { file: 'cfg/app.env', line: 12, column: 7, kind: 'Azure storage account key' },
    ]);
    expect(JSON.stringify(scan.findings)).not.toContain(key.slice(0, 8));
    expect(scan.values).toEqual([key]);
  });
});
