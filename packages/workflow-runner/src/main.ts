/**
 * The `mlops-actions` command: starts (or finds) the emulators, runs the workflow, and exits with
 * its conclusion. Ctrl-C cancels the run as GitHub does; a second Ctrl-C kills the running steps.
 */
import path from 'node:path';
import { parseArgs, USAGE } from './cli.ts';
import { WorkflowError } from './workflow-file.ts';

const EXIT = { success: 0, failure: 1, cancelled: 130 } as const;
const say = (line: string) => void process.stdout.write(`${line}\n`);

export async function main(argv: readonly string[], root = process.cwd()): Promise<number> {
  let options;
  try {
    options = await parseArgs(argv, root);
  } catch (err) {
    if (!(err instanceof WorkflowError)) throw err;
    console.error(`mlops-actions: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    say(USAGE);
    return 0;
  }
  const cancel = new AbortController();
  const kill = new AbortController();
  const onSignal = () => {
    if (!cancel.signal.aborted) {
      say('Cancelling the run: SIGINT to the running steps, SIGTERM 7.5 s later');
      cancel.abort();
    } else kill.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let services;
  try {
    const { emptySettings, readSettings } = await import('./settings.ts');
    const settings = options.settingsFile ? readSettings(options.settingsFile) : emptySettings();
    const request = {
      root,
      workflow: options.workflow,
      event: options.event,
      inputs: options.inputs,
      approvals: options.approvals,
      actor: options.actor,
      ref: options.ref,
      settings,
    };
    // Loaded after the command line is read: --help and its mistakes cost little more than Node.
    const { prepareRun, runWorkflow } = await import('./run.ts');
    const prepared = await prepareRun(request);
    const { startServices } = await import('./services.ts');
    services = await startServices({
      azure: options.azure,
      github: options.github,
      timeScale: options.timeScale,
      ...(settings.job ? { emulator: { defaultJob: settings.job } } : {}),
    });
    const report = await runWorkflow(
      {
        ...request,
        summaryDir: options.summaries ?? path.join(root, '.mlops-actions', `run-${Date.now()}`),
        azure: services.azure,
        github: services.github,
        timeScale: options.timeScale,
        approvalTimeoutMs: options.approvalTimeoutMs,
        signal: cancel.signal,
        kill: kill.signal,
        print: say,
      },
      prepared,
    );
    return EXIT[report.conclusion];
  } catch (err) {
    if (!(err instanceof WorkflowError)) throw err;
    console.error(`mlops-actions: ${err.message}`);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await services?.stop();
  }
}
