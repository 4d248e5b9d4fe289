/**
 * The pipeline on this machine, no Azure subscription needed: starts the embedded Azure ML
 * emulator and runs the bundled actions against it exactly as the GitHub runner would.
 * For now: train-and-poll submits examples/jobs/train.yml and polls it to Completed.
 */
import path from 'node:path';
import { actionInputs, startEmulator } from '@mlops-actions/emulator';
import { runMain, runPost, workflowContext } from '@mlops-actions/local-runner';

const root = path.resolve(import.meta.dirname, '..');
// 60 emulated seconds pass per real second: a 5-minute training job takes 5 s here.
const emulator = await startEmulator({ timeScale: 60, defaultJob: { durationSeconds: 300 } });
const say = (text: string) => console.log(`\n\x1b[1m${text}\x1b[0m`);

try {
  say(`Azure ML emulator on ${emulator.url} (time runs 60x faster)`);
  const env = { ...workflowContext(), ...emulator.env() };
  const step = {
    actionDir: path.join(root, 'actions', 'train-and-poll'),
    cwd: root,
    env,
    inputs: {
      ...actionInputs(emulator),
      'job-file': 'examples/jobs/train.yml',
      'poll-interval': '1s',
    },
    onLine: (line: string) => console.log(`  ${line}`),
  };

  say(
    'train-and-poll: uses ./actions/train-and-poll (OIDC sign-in, job-file examples/jobs/train.yml)',
  );
  const main = await runMain(step);
  say('train-and-poll: post step');
  await runPost(step, main.state);

  say(`Result: exit code ${main.exitCode}`);
  for (const [name, value] of Object.entries(main.outputs)) console.log(`  ${name} = ${value}`);
  process.exitCode = main.exitCode ?? 1;
} finally {
  await emulator.stop();
}
