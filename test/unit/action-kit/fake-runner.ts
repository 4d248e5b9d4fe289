import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

// The runner's side of the protocol, faked with files and env the way the runner provides
// them: GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY temp files and a captured stdout.

export interface FakeRunner {
  /** Everything written to stdout since the test began (or since the last `takeStdout`). */
  takeStdout(): string;
  /** Contents of the output, state or summary file; reading empties it. */
  takeFile(name: 'output' | 'state' | 'summary'): string;
  path(name: 'output' | 'state' | 'summary'): string;
}

const ENV_FILES = {
  output: 'GITHUB_OUTPUT',
  state: 'GITHUB_STATE',
  summary: 'GITHUB_STEP_SUMMARY',
};

function restoreEnv(snapshot: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) {
    if (!(key in snapshot)) Reflect.deleteProperty(process.env, key);
  }
  Object.assign(process.env, snapshot);
}

/** Registers beforeEach/afterEach hooks; the returned getter gives this test's runner. */
export function useFakeRunner(): () => FakeRunner {
  let current: FakeRunner | undefined;
  let cleanup: (() => void) | undefined;
  beforeEach(() => {
    const snapshot = { ...process.env };
    const exitCode = process.exitCode;
    const dir = mkdtempSync(join(tmpdir(), 'action-kit-'));
    const path = (name: keyof typeof ENV_FILES) => join(dir, name);
    for (const [name, envName] of Object.entries(ENV_FILES)) {
      writeFileSync(path(name as keyof typeof ENV_FILES), '');
      process.env[envName] = path(name as keyof typeof ENV_FILES);
    }
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    current = {
      takeStdout() {
        const taken = stdout;
        stdout = '';
        return taken;
      },
      takeFile(name) {
        const text = readFileSync(path(name), 'utf8');
        writeFileSync(path(name), '');
        return text;
      },
      path,
    };
    cleanup = () => {
      spy.mockRestore();
      restoreEnv(snapshot);
      process.exitCode = exitCode;
      rmSync(dir, { recursive: true, force: true });
    };
  });
  afterEach(() => cleanup?.());
  return () => {
    if (!current) throw new Error('useFakeRunner: no test is running');
    return current;
  };
}
