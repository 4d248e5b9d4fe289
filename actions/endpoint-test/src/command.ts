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
      const stdout = maskedLines(vars.SCORING_KEY);
      const stderr = maskedLines(vars.SCORING_KEY);
      child.stdout.setEncoding('utf8').on('data', stdout.write);
      child.stderr.setEncoding('utf8').on('data', stderr.write);
      const stop = () => {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      };
      signal?.addEventListener('abort', stop, { once: true });
      child.on('error', reject);
      child.on('close', (code, killedBy) => {
        signal?.removeEventListener('abort', stop);
        stdout.end();
        stderr.end();
        if (signal?.aborted) reject(signal.reason);
        else resolve({ exitCode: code ?? (killedBy ? 128 : 1) });
      });
    });
}

/** Whole lines to the log with the key replaced, so a key split across two chunks is caught too. */
function maskedLines(secret: string) {
  let pending = '';
  const emit = (text: string) => process.stdout.write(text.replaceAll(secret, '***'));
  return {
    write: (chunk: string) => {
      pending += chunk;
      const end = pending.lastIndexOf('\n') + 1;
      if (end === 0) return;
      emit(pending.slice(0, end));
      pending = pending.slice(end);
    },
    end: () => {
      if (pending) emit(`${pending}\n`);
      pending = '';
    },
  };
}
