/**
 * pr-validate's e2e fixtures: a git repository the test writes in a temp dir (a base commit on
 * main, a head commit on a branch, so `git diff` against the merge base works), the pull request
 * event the runner would write, and the step pointed at the local GitHub API.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitHubEmulator } from '@mlops-actions/github-emulator';
import { workflowContext, type StepOptions } from '@mlops-actions/local-runner';

const root = path.resolve(import.meta.dirname, '../..');

export interface FixtureRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  remove(): void;
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

function writeAll(dir: string, files: Record<string, string | null>): void {
  for (const [file, text] of Object.entries(files)) {
    const at = path.join(dir, file);
    if (text === null) {
      rmSync(at, { force: true });
      continue;
    }
    mkdirSync(path.dirname(at), { recursive: true });
    writeFileSync(at, text);
  }
}

/** A repository with `base` committed on main and `head` (changes on top; null deletes) on a branch. */
export function fixtureRepo(
  base: Record<string, string>,
  head: Record<string, string | null>,
): FixtureRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pr-validate-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'Dev');
  git(dir, 'config', 'commit.gpgsign', 'false');
  writeAll(dir, base);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '--quiet', '-b', 'feature');
  writeAll(dir, head);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'head');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(eventFileOf(dir), { force: true });
  };
  return { dir, baseSha, headSha, remove };
}

/** Beside the work tree, as the runner keeps the event payload outside the workspace. */
const eventFileOf = (dir: string): string => `${dir}-event.json`;

export interface PullSetup {
  title?: string;
  body?: string;
  labels?: string[];
  /** The event's base sha; another than the repository's makes the history "shallow". */
  baseSha?: string;
}

/** The step as `uses: ./actions/pr-validate` in a pull_request workflow, against the emulator. */
export function prValidateStep(
  repo: FixtureRepo,
  gh: GitHubEmulator,
  inputs: Record<string, string>,
  pull: PullSetup = {},
): StepOptions {
  const eventFile = eventFileOf(repo.dir);
  writeFileSync(
    eventFile,
    JSON.stringify({
      action: 'synchronize',
      number: gh.pullNumber,
      pull_request: {
        number: gh.pullNumber,
        title: pull.title ?? 'Retrain churn',
        body: pull.body ?? null,
        labels: (pull.labels ?? []).map((name) => ({ name })),
        base: { ref: 'main', sha: pull.baseSha ?? repo.baseSha },
        head: { ref: 'feature', sha: repo.headSha },
      },
    }),
  );
  return {
    actionDir: path.join(root, 'actions', 'pr-validate'),
    cwd: repo.dir,
    env: {
      ...workflowContext({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_SHA: repo.headSha,
        GITHUB_REF: `refs/pull/${gh.pullNumber}/merge`,
      }),
      ...gh.env(),
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_WORKSPACE: repo.dir,
    },
    inputs: { 'github-token': gh.tokens.write ?? '', ...inputs },
  };
}

/** A storage account key as Azure makes them: 64 random bytes, base64. */
export const storageKey = (): string => randomBytes(64).toString('base64');

/** A service SAS's query: the signature is 32 random bytes, base64 and URL-encoded. */
export function sasToken(): { query: string; signature: string } {
  const signature = encodeURIComponent(randomBytes(32).toString('base64'));
  return {
    query: `sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${signature}`,
    signature,
  };
}

/** A PEM private key block: the header and random base64 body lines. */
export function privateKey(): { pem: string; body: string[] } {
  const body = Array.from({ length: 4 }, () => randomBytes(48).toString('base64'));
  return {
    pem: ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n'),
    body,
  };
}

/** Every 8-character piece of `secret`. */
export const pieces = (secret: string, size = 8): string[] =>
  Array.from({ length: Math.max(0, secret.length - size + 1) }, (_, i) =>
    secret.slice(i, i + size),
  );
