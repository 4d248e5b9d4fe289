import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { annotationCommandProperties, issueCommand, toCommandValue } from './command.ts';
import type { AnnotationProperties } from './command.ts';
import { appendKeyValue } from './file-command.ts';
import { containsSecret, redact, rememberSecret } from './secrets.ts';

// The runner protocol an action uses: inputs from INPUT_* variables, outputs and state
// through the GITHUB_OUTPUT / GITHUB_STATE files, everything else as workflow commands.

/** The input as the runner passed it, trimmed; '' when absent (as @actions/core's getInput). */
export function getRawInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Sets a step output. Known secrets are replaced by `***` with a warning: the runner would
 * otherwise drop the output for later jobs, and an unmasked copy must not leak.
 */
export function setOutput(name: string, value: unknown): void {
  const text = toCommandValue(value);
  if (containsSecret(text)) {
    warning(`Output '${name}' contained a secret value; it was replaced by ***`);
    appendKeyValue('OUTPUT', name, redact(text));
    return;
  }
  appendKeyValue('OUTPUT', name, value);
}

/** Saves a value that this action's post step reads back with getState. */
export function saveState(name: string, value: unknown): void {
  appendKeyValue('STATE', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Asks the runner to mask `value` in logs, and remembers it for redact(). */
export function setSecret(value: string): void {
  rememberSecret(value);
  issueCommand('add-mask', {}, value);
}

export function isDebug(): boolean {
  return process.env['RUNNER_DEBUG'] === '1';
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

function annotate(kind: string, message: string | Error, props: AnnotationProperties): void {
  issueCommand(kind, annotationCommandProperties(props), String(message));
}

export function error(message: string | Error, props: AnnotationProperties = {}): void {
  annotate('error', message, props);
}

export function warning(message: string | Error, props: AnnotationProperties = {}): void {
  annotate('warning', message, props);
}

export function notice(message: string | Error, props: AnnotationProperties = {}): void {
  annotate('notice', message, props);
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '');
}

/** Runs `fn` inside a collapsible log group, which is closed even when `fn` throws. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/** Appends markdown to the job summary, with known secrets redacted. */
export function appendSummary(markdown: string): void {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file) {
    debug('GITHUB_STEP_SUMMARY is not set; the job summary was not written');
    return;
  }
  appendFileSync(file, redact(markdown), 'utf8');
}
