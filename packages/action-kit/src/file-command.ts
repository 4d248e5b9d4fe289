import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { toCommandValue } from './command.ts';

type FileCommand = 'OUTPUT' | 'STATE';

/**
 * A UUID-shaped random part, as @actions/core's randomUUID gives, without loading node:crypto
 * (~7 ms of a ~35 ms start-up).
 */
function uniquePart(): string {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const n = Math.floor(Math.random() * 16);
    return (c === 'x' ? n : (n & 0x3) | 0x8).toString(16);
  });
}

export function appendKeyValue(command: FileCommand, key: string, value: unknown): void {
  const envName = `GITHUB_${command}`;
  const file = process.env[envName];
  if (!file) {
    throw new Error(
      `${envName} is not set, so '${key}' cannot be written: run this inside a GitHub Actions step (or a runner that provides ${envName})`,
    );
  }
  const text = toCommandValue(value);
  const delimiter = `ghadelimiter_${uniquePart()}`;
  // A value containing the delimiter could inject extra keys: it is refused, so the delimiter
  // needs to be unlikely, not secret.
  if (key.includes(delimiter) || text.includes(delimiter)) {
    throw new Error(`The ${command.toLowerCase()} '${key}' contains the file-command delimiter`);
  }
  appendFileSync(file, `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
}
