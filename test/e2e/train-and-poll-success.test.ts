/** train-and-poll, bundled, against the emulator: a job that Completes, and no secret in sight. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  errorsOf,
  expectNoLeak,
  jobYaml,
  runKilledMainStep,
  runMainStep,
  runPostStep,
  startE2eEmulator,
  trainStep,
  uniqueName,
} from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

describe.each([
  { signIn: 'OIDC federation', clientSecret: false },
  { signIn: 'a client secret', clientSecret: true },
])('a job that completes, signed in with $signIn', ({ clientSecret }) => {
  test('the step succeeds with the outputs, the summary, and a harmless post step', async () => {
    const step = trainStep(emu, { clientSecret, inputs: { job: jobYaml(uniqueName('ok')) } });
    const main = await runMainStep(step);

    expect(main.exitCode).toBe(0);
    expect(errorsOf(main)).toEqual([]);
    const name = main.outputs['job-name'] ?? '';
    expect(name).not.toBe('');
    expect(main.log).toContain(`Submitted Azure ML job ${name}`);
    expect(main.log).toContain(`Azure ML job ${name} Completed.`);
    expect(main.outputs.status).toBe('Completed');
    expect(main.outputs['studio-url']).toMatch(/^https:\/\/ml\.azure\.com\/runs\//);
    expect(main.outputs['studio-url']).toContain(name);
    expect(main.outputs['duration-seconds']).toMatch(/^\d+$/);
    expect(JSON.parse(main.outputs.outputs ?? '')).toEqual({
      model: `azureml://datastores/workspaceblobstore/paths/azureml/${name}/model/`,
    });
    expect(emu.control.stats().jobsCreated).toBe(1);
    if (!clientSecret) expect(emu.control.stats().idTokensIssued).toBeGreaterThan(0);

    expect(main.summary).toContain(`### Azure ML job ${name}: Completed`);
    expect(main.summary).toContain(`| ${name} | Completed |`);
    expect(main.summary).toContain(`[open in studio](${main.outputs['studio-url']})`);
    expect(main.summary).toContain('#### Status timeline');
    expect(main.summary).toMatch(/\| Running \| \d\d:\d\d:\d\d \| \d+ s \|/);
    expect(main.summary).toMatch(/\| Completed \| \d\d:\d\d:\d\d \| {2}\|/);

    const post = await runPostStep(step, main.state);
    expect(post.exitCode).toBe(0);
    expect(post.commands.filter((c) => c.command === 'error' || c.command === 'warning')).toEqual(
      [],
    );
    expect(emu.control.job(name)?.status).toBe('Completed');
    expect(emu.control.stats().requests.map((r) => r.route)).not.toContain('jobs.cancel');
  });
});

describe('token leak scan (with RUNNER_DEBUG, which prints the most)', () => {
  test.each([
    { signIn: 'OIDC federation', clientSecret: false },
    { signIn: 'a client secret', clientSecret: true },
  ])('signed in with $signIn, main and post show no secret', async ({ clientSecret }) => {
    const env = { RUNNER_DEBUG: '1' };
    const step = trainStep(emu, {
      clientSecret,
      env,
      inputs: { job: jobYaml(uniqueName('leak')) },
    });
    const main = await runMainStep(step);
    // A post step with work to do: the main step was killed while its job still ran.
    const stalled = uniqueName('leak-post');
    emu.control.setJobBehaviour(stalled, { outcome: 'stall' });
    const killedStep = trainStep(emu, { clientSecret, env, inputs: { job: jobYaml(stalled) } });
    const killed = await runKilledMainStep(killedStep);
    const post = await runPostStep(killedStep, killed.state);

    expect([main.exitCode, post.exitCode]).toEqual([0, 0]);
    expect(post.log).toContain('cancelling it');
    expectNoLeak(emu, [main, killed, post]);
  });
});
