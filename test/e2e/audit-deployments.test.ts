/**
 * The audit trail into the GitHub Deployments API, through the bundled actions: train -> register
 * -> deploy against the Azure ML emulator, then notify `mode: audit` against the local GitHub API
 * (packages/github-emulator). One GitHub deployment per environment and model version, its
 * statuses in order; a re-run adds nothing; a read-only token or none is a warning, never a red
 * step; nothing any emulator issued reaches a status or a payload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';
import { workflowContext, type StepResult } from '@mlops-actions/local-runner';
import { deployStep, endpointName, trainRegisterDeploy } from './deploy-endpoint-support.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  runMainStep,
  startE2eEmulator,
  uniqueName,
} from './support.ts';

interface Deployment {
  id: number;
  ref: string;
  environment: string;
  production_environment: boolean;
  payload: { model: string; endpoint: string; changeTicket: string | null };
  statuses_url: string;
}
interface Status {
  state: string;
  description: string;
  log_url: string;
  environment_url: string;
}

const warningsOf = (result: StepResult): string[] =>
  result.commands.filter((c) => c.command === 'warning').map((c) => c.message);

describe('notify mode audit posts GitHub deployments', () => {
  let emu: Emulator;
  let gh: GitHubEmulator;
  let temp: string;
  const steps: StepResult[] = [];
  const model = uniqueName('churn');
  const good = endpointName();
  const bad = endpointName();
  const jobs = {
    ok: { temp: '', context: {} as Record<string, string> },
    failed: { temp: '', context: {} as Record<string, string> },
  };

  const api = async <T>(url: string): Promise<T> => {
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${gh.tokens.write}`,
        accept: 'application/vnd.github+json',
      },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const deployments = () =>
    api<Deployment[]>(`${gh.url}/repos/${gh.owner}/${gh.repo}/deployments?per_page=100`);
  /** Oldest first: the API lists the newest first. */
  const statusesOf = async (d: Deployment) => (await api<Status[]>(d.statuses_url)).toReversed();

  const audit = async (
    job: keyof typeof jobs,
    inputs: Record<string, string>,
  ): Promise<StepResult> => {
    const { temp: runnerTemp, context } = jobs[job];
    const result = await runMainStep({
      ...actionStep('notify', emu, {
        context: { ...context, GITHUB_ACTION: 'audit' },
        env: { ...gh.env(), MLOPS_ARTIFACT_DIR: path.join(runnerTemp, 'artifacts') },
      }),
      inputs: { mode: 'audit', ...inputs },
    });
    steps.push(result);
    return result;
  };

  beforeAll(async () => {
    emu = await startE2eEmulator({
      endpointProvisioningSeconds: 30,
      defaultDeployment: { provisioningSeconds: 90 },
    });
    gh = await startGitHubEmulator();
    temp = mkdtempSync(path.join(os.tmpdir(), 'audit-deployments-'));
    for (const [name, job] of Object.entries(jobs)) {
      job.temp = path.join(temp, name);
      job.context = workflowContext({ RUNNER_TEMP: job.temp, GITHUB_ACTOR: 'mona' });
    }
    const step = (job: keyof typeof jobs, name: string) => ({
      context: { ...jobs[job].context, GITHUB_ACTION: name },
    });
    const display = uniqueName('audit-gh');
    emu.control.setJobBehaviour(display, { durationSeconds: 600, metrics: { accuracy: 0.8 } });
    const {
      train,
      register,
      deploy: deployed,
    } = await trainRegisterDeploy(emu, {
      job: display,
      model,
      endpoint: good,
      step: (name) => step('ok', name),
    });
    const modelId = register.outputs['model-id'] ?? '';
    // The same model version to another endpoint, in another job, fails to provision.
    emu.control.setDeploymentBehaviour(`${bad}/blue`, {
      provisioning: 'fail',
      errorCode: 'ResourceNotReady',
      errorMessage: 'User container has crashed or terminated.',
    });
    const failed = await runMainStep(
      deployStep(emu, { 'endpoint-name': bad, model: modelId }, step('failed', 'deploy')),
    );
    expect(failed.exitCode).toBe(1);
    steps.push(train, register, deployed, failed);
  });
  afterAll(async () => {
    await emu?.stop();
    await gh?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  test('one deployment per environment and model version, statuses in order', async () => {
    // A passing GitHub blip is waited out: a 502 on creating the deployment and a 429 (Retry-After)
    // on its first status. The checks below find nothing lost and nothing doubled.
    const repoPath = `/repos/${gh.owner}/${gh.repo}/deployments`;
    gh.control.addFault({ method: 'POST', pathPrefix: repoPath, status: 502 });
    gh.control.addFault({
      method: 'POST',
      pathPrefix: `${repoPath}/`,
      status: 429,
      retryAfterSeconds: 1,
    });
    const dev = await audit('ok', { environment: 'dev', 'github-token': gh.tokens.write ?? '' });
    expect(
      gh.control
        .requests()
        .filter((r) => r.status === 502 || r.status === 429)
        .map((r) => `${r.method} ${r.status}`),
    ).toEqual(['POST 502', 'POST 429']);
    const prod = await audit('failed', {
      environment: 'prod',
      'github-token': gh.tokens.write ?? '',
    });
    for (const result of [dev, prod]) {
      expect(result.exitCode).toBe(0);
      expect(warningsOf(result).filter((w) => w.includes('GitHub'))).toEqual([]);
    }
    expect(dev.outputs['audit-records']).toBe('3');
    expect(prod.outputs['audit-records']).toBe('1');

    const all = await deployments();
    expect(all.map((d) => d.environment).sort()).toEqual(['dev', 'prod']);
    const byEnv = Object.fromEntries(all.map((d) => [d.environment, d]));
    const ok = byEnv.dev as Deployment;
    const ko = byEnv.prod as Deployment;
    expect(ok).toMatchObject({
      ref: jobs.ok.context.GITHUB_SHA,
      production_environment: false,
      payload: { model: `${model}:1`, endpoint: good, changeTicket: null },
    });
    expect(ko).toMatchObject({
      production_environment: true,
      payload: { model: `${model}:1`, endpoint: bad },
    });

    const okStatuses = await statusesOf(ok);
    expect(okStatuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    const koStatuses = await statusesOf(ko);
    expect(koStatuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(koStatuses[1]?.description).toContain('failed to provision');
    for (const s of [...okStatuses, ...koStatuses]) {
      expect(s.description.length).toBeLessThanOrEqual(140);
      expect(s.log_url).toContain('/actions/runs/');
    }
    const runId = jobs.ok.context.GITHUB_RUN_ID;
    expect(okStatuses[0]?.log_url).toContain(`/actions/runs/${runId}/attempts/1`);
    expect(okStatuses[1]?.environment_url).toMatch(
      new RegExp(`^https://ml\\.azure\\.com/endpoints/realtime/${good}/detail\\?wsid=`),
    );
    expect(koStatuses[1]?.environment_url).toContain(`/endpoints/realtime/${bad}/detail`);
    expect(dev.summary).toContain('GitHub Deployments:');
    expect(dev.summary).toContain(`dev: ${model}:1 (deployment ${ok.id}, created)`);
  });

  test('re-running the same audit adds no deployment and no status', async () => {
    const before = await deployments();
    const again = await audit('ok', { environment: 'dev', 'github-token': gh.tokens.write ?? '' });
    expect(again.exitCode).toBe(0);
    expect(again.summary).toContain('already posted');
    const after = await deployments();
    expect(after.map((d) => d.id)).toEqual(before.map((d) => d.id));
    const dev = after.find((d) => d.environment === 'dev') as Deployment;
    expect((await statusesOf(dev)).map((s) => s.state)).toEqual(['in_progress', 'success']);
  });

  test('a read-only token, or none, is a clear warning and the step stays green', async () => {
    const before = (await deployments()).length;
    const readOnly = await audit('failed', {
      environment: 'test',
      'github-token': gh.tokens.readOnly ?? '',
    });
    expect(readOnly.exitCode).toBe(0);
    expect(errorsOf(readOnly)).toEqual([]);
    const [warned] = warningsOf(readOnly).filter((w) => w.includes('GitHub Deployments'));
    expect(warned).toContain('403');
    expect(warned).toContain('`permissions: deployments: write`');
    expect(readOnly.outputs['audit-records']).toBe('1');
    expect(readOnly.summary).toContain('Audit trail: 1 record');

    const none = await audit('failed', { environment: 'test' });
    expect(none.exitCode).toBe(0);
    const [noToken] = warningsOf(none).filter((w) => w.includes('GitHub Deployments'));
    expect(noToken).toContain('no `github-token`');
    expect(noToken).toContain('`permissions: deployments: write`');
    expect(none.summary).toContain('Audit trail: 1 record');
    expect((await deployments()).length).toBe(before);
    const writes = gh.control
      .requests()
      .filter((r) => r.method === 'POST' && r.status === 403)
      .map((r) => r.token);
    expect(writes).toEqual(['readOnly']);
  });

  test('no secret of either emulator reaches a status, a payload or a step', async () => {
    const all = await deployments();
    const statuses = await Promise.all(all.map(statusesOf));
    const posted = JSON.stringify([all, statuses]);
    const secrets = [
      ...emu.control.stats().issuedSecrets,
      emu.clientSecret,
      ...Object.values(gh.tokens),
    ];
    for (const secret of secrets) {
      expect(posted.includes(secret), 'a secret in a deployment or status').toBe(false);
    }
    expectNoLeak(emu, steps);
    for (const result of steps) {
      for (const token of Object.values(gh.tokens)) {
        const visible = [result.log, result.stderr, result.summary, JSON.stringify(result.outputs)];
        expect(visible.some((text) => text.includes(token))).toBe(false);
        if (result.rawStdout.includes(token)) expect(result.masks).toContain(token);
      }
    }
    // The token given was masked for the runner.
    expect(steps.some((r) => r.masks.includes(gh.tokens.write ?? '-'))).toBe(true);
  });
});
