import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { toCommandValue } from './command.ts';

type FileCommand = 'OUTPUT' | 'STATE';

/**
 * Appends `key<<delimiter` / value / `delimiter` to the file named by GITHUB_<command>, the
 * runner's multi-line-safe format (the same bytes as @actions/core, random delimiter aside).
 */
export function appendKeyValue(command: FileCommand, key: string, value: unknown): void {
  const envName = `GITHUB_${command}`;
  const file = process.env[envName];
  if (!file) {
    throw new Error(
      `${envName} is not set, so '${key}' cannot be written: run this inside a GitHub Actions step (or a runner that provides ${envName})`,
    );
  }
  const text = toCommandValue(value);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // A value containing the delimiter could inject extra keys; the random UUID makes that a
  // deliberate attack, which we refuse.
  if (key.includes(delimiter) || text.includes(delimiter)) {
    throw new Error(`The ${command.toLowerCase()} '${key}' contains the file-command delimiter`);
  }
  appendFileSync(file, `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
}
