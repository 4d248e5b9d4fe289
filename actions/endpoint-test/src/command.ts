import { spawn } from 'node:child_process';
import type { CommandEnvironment, RunCommand } from '@mlops-actions/azureml';

/**
 * The caller's test command in bash, as a `run:` step runs (`-eo pipefail`), with the scoring
 * URI and key in its environment. Its output is streamed to the log with the key replaced by
 * `***` here too, so even the raw log never holds it; cancelling the step stops the command's
 * whole process group.
 */
export function commandRunner(command: string, cwd: string, signal?: AbortSignal): RunCommand {
  return (vars: CommandEnvironment) =>
    new Promise((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
        cwd,
        env: { ...process.env, ...vars },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const masked = (chunk: Buffer) => chunk.toString('utf8').replaceAll(vars.SCORING_KEY, '***');
      child.stdout.on('data', (chunk: Buffer) => process.stdout.write(masked(chunk)));
      child.stderr.on('data', (chunk: Buffer) => process.stdout.write(masked(chunk)));
      const stop = () => {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      };
      signal?.addEventListener('abort', stop, { once: true });
      child.on('error', reject);
      child.on('close', (code, killedBy) => {
        signal?.removeEventListener('abort', stop);
        if (signal?.aborted) reject(signal.reason);
        else resolve({ exitCode: code ?? (killedBy ? 128 : 1) });
      });
    });
}
