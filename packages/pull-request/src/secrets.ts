/**
 * High-signal secret patterns for the lines a pull request adds. A finding names the file, line,
 * column and kind, never the secret: not even a part of it leaves this module except as `value`,
 * kept for redaction and never printed.
 */
import type { AddedLine } from './diff.ts';

export interface SecretFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
}

interface Pattern {
  kind: string;
  regex: RegExp;
  /** A second pattern the same line must hold (a SAS signature comes with a service version). */
  alongside?: RegExp;
}

const B64 = 'A-Za-z0-9+/';

/** Ordered: a connection string is reported as one, not also as the account key inside it. */
export const SECRET_PATTERNS: readonly Pattern[] = [
  {
    kind: 'private key',
    regex: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    kind: 'Azure storage connection string',
    regex: new RegExp(`DefaultEndpointsProtocol=https?;[^\\s"']*AccountKey=[${B64}]{86}==`, 'g'),
  },
  { kind: 'Azure storage account key', regex: new RegExp(`AccountKey=[${B64}]{86}==`, 'g') },
  {
    kind: 'Azure storage account key',
    regex: new RegExp(`(?<![${B64}])[${B64}]{86}==(?![${B64}=])`, 'g'),
  },
  {
    kind: 'SAS token',
    regex: /[?&]?\bsig=[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2}/g,
    alongside: /\bsv=\d{4}-\d{2}-\d{2}\b/,
  },
  {
    kind: 'Entra ID client secret',
    regex: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  },
  { kind: 'GitHub token', regex: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
  { kind: 'GitHub token', regex: /\bgithub_pat_[A-Za-z0-9_]{82}\b/g },
  {
    kind: 'Slack webhook URL',
    regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/]{20,}/g,
  },
  { kind: 'Slack token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    kind: 'Teams webhook URL',
    regex: /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[^\s"'<>]+/g,
  },
];

export interface SecretScan {
  findings: SecretFinding[];
  /** The matched texts, to keep out of anything written (never printed themselves). */
  values: string[];
}

/** Every secret the added lines hold; one finding per place, the first pattern that covers it. */
export function scanForSecrets(lines: readonly AddedLine[]): SecretScan {
  const findings: SecretFinding[] = [];
  const values = new Set<string>();
  for (const { file, line, text } of lines) {
    const covered: [number, number][] = [];
    for (const pattern of SECRET_PATTERNS) {
      if (pattern.alongside && !pattern.alongside.test(text)) continue;
      for (const match of text.matchAll(pattern.regex)) {
        const start = match.index;
        const end = start + match[0].length;
        if (covered.some(([a, b]) => start < b && end > a)) continue;
        covered.push([start, end]);
        values.add(match[0]);
        findings.push({ file, line, column: start + 1, kind: pattern.kind });
      }
    }
  }
  return { findings, values: [...values] };
}
