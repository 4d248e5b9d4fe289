/**
 * The product's flow on this machine, no Azure subscription needed: the example caller
 * .github/workflows/mlops-pipeline.yml run as written by the local workflow runner, against the
 * Azure ML emulator, the local GitHub API and a change-ticket API in ServiceNow's form, with the
 * repository settings of examples/mlops-actions.settings.yml and the approvals given here as
 * `--approve` gives them. One scenario per run:
 *
 *   npm run demo                    DEV -> TEST -> PROD: v1 everywhere, then v2 promoted to PROD
 *                                   by a progressive rollout judged on live-like traffic
 *   npm run demo -- degraded        v2 degrades at 25 % in PROD and is rolled back automatically
 *   npm run demo -- missing-ticket  a PROD promotion without a change ticket: refused, no Azure write
 *   npm run demo -- retrain         the daily retrain: skipped while the model is fresh; 31 days
 *                                   later it retrains, and keeps the live model because the new
 *                                   one is worse
 *
 * Each ends with the audit report: the GitHub deployment records the audit trail wrote.
 */
import path from 'node:path';
import { isChange } from '@mlops-actions/azureml';
import { parseModelRef } from '@mlops-actions/azureml/grammar';
import {
  startEmulator,
  approvedTicket,
  startTicketApi,
  duringTraffic,
  whenTrafficReaches,
} from '@mlops-actions/emulator';
import { deploymentHistory, startGitHubEmulator } from '@mlops-actions/github-emulator';
import {
  inProcessRun,
  readSettings,
  runWorkflow,
  type RunReport,
} from '@mlops-actions/workflow-runner';

const SCENARIOS = ['happy', 'degraded', 'missing-ticket', 'retrain'] as const;
type Scenario = (typeof SCENARIOS)[number];
const scenario = (process.argv[2] ?? 'happy') as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(
    `npm run demo -- <scenario>: expected one of ${SCENARIOS.join(', ')}, got ${scenario}`,
  );
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, '..');
// 60 emulated seconds pass per real second: a 5-minute training job takes 5 s here.
const TIME_SCALE = 60;
const DAY_SECONDS = 24 * 3600;
const TICKET_USER = 'svc-release-gate';
const TICKET_PASSWORD = 'demo-ticket-password';
const APPROVE_TEST = { test: ['qa-lead'] };
// Two distinct approvers over two environments, neither of them the run's actor (octo-dev).
const APPROVE_PROD = { 'prod-approval': ['release-manager'], prod: ['sre-lead'] };

const say = (text: string) => console.log(`\n\x1b[1m${text}\x1b[0m`);

const emulator = await startEmulator({
  timeScale: TIME_SCALE,
  defaultJob: { durationSeconds: 300, metrics: { accuracy: 0.87 } },
});
const github = await startGitHubEmulator();
const tickets = await startTicketApi({
  authorization: `Basic ${Buffer.from(`${TICKET_USER}:${TICKET_PASSWORD}`).toString('base64')}`,
  tickets: ['CHG0000001', 'CHG0000002'].map((number) => approvedTicket(number, 8)),
});
const settings = readSettings(path.join(root, 'examples', 'mlops-actions.settings.yml'));
settings.vars.TICKET_API_URL = tickets.url;
Object.assign(settings.secrets, {
  TICKET_API_USER: TICKET_USER,
  TICKET_API_PASSWORD: TICKET_PASSWORD,
});

const reports: { what: string; report: RunReport; expected: RunReport['conclusion'] }[] = [];

/** One `mlops-actions run .github/workflows/mlops-pipeline.yml --event ... --input ... --approve ...`. */
async function pipeline(
  what: string,
  event: 'push' | 'schedule' | 'workflow_dispatch',
  options: {
    inputs?: Record<string, string>;
    approvals?: Record<string, string[]>;
    expected?: RunReport['conclusion'];
  } = {},
): Promise<RunReport> {
  say(`=== ${what} ===`);
  const flags = [
    `--event ${event}`,
    ...Object.entries(options.inputs ?? {}).map(([k, v]) => `--input ${k}=${v}`),
    ...Object.entries(options.approvals ?? {}).map(([env, users]) => `--approve ${env}:${users}`),
  ];
  console.log(`$ npx mlops-actions run .github/workflows/mlops-pipeline.yml ${flags.join(' ')}`);
  const report = await runWorkflow(
    inProcessRun(
      { azure: emulator, github },
      {
        root,
        workflow: '.github/workflows/mlops-pipeline.yml',
        event,
        inputs: options.inputs ?? {},
        approvals: options.approvals ?? {},
        settings,
        summaryDir: path.join(root, '.mlops-actions', `demo-${Date.now()}`),
        timeScale: TIME_SCALE,
        print: (line) => console.log(line),
      },
    ),
  );
  reports.push({ what, report, expected: options.expected ?? 'success' });
  return report;
}

const promote = (
  target: 'test' | 'prod',
  version: number,
  ticket = '',
  expected: RunReport['conclusion'] = target === 'prod' && !ticket ? 'failure' : 'success',
) =>
  pipeline(`Promote churn:${version} to ${target.toUpperCase()}`, 'workflow_dispatch', {
    inputs: {
      target,
      'model-version': String(version),
      ...(target === 'prod' ? { 'change-ticket': ticket } : {}),
    },
    approvals: target === 'prod' ? APPROVE_PROD : APPROVE_TEST,
    expected,
  });

/** The first release: churn:1 trained on a push to main, then through TEST to PROD. */
async function firstRelease(): Promise<void> {
  await pipeline('Push to main: train churn:1, register it, deploy it to DEV', 'push');
  await promote('test', 1);
  await promote('prod', 1, 'CHG0000001');
}

/** churn:2, better, trained on the next push and promoted to TEST. */
async function betterModelThroughTest(): Promise<void> {
  emulator.control.setDefaultJobBehaviour({ durationSeconds: 300, metrics: { accuracy: 0.91 } });
  await pipeline('Push to main: train churn:2 (better), deploy it to DEV', 'push');
  await promote('test', 2);
}

/** A PROD rollout under live-like requests from the emulator's traffic generator. */
const underTraffic = (act: () => Promise<unknown>) =>
  duringTraffic(emulator.control, 'churn-prod', { ratePerSecond: 500, durationMs: 300_000 }, act);

/** Requests since `mark` that changed something in Azure, by the audit trail's own rule. */
const azureWritesSince = (mark: number) =>
  emulator.control
    .stats()
    .requests.slice(mark)
    .filter((r) => isChange(r.method, r.path)).length;

async function auditReport(): Promise<void> {
  say('=== Audit report: the GitHub deployments the audit trail recorded ===');
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const rows = (await deploymentHistory(github)).map((d) => [
    d.environment,
    text(d.payload.model),
    text(d.payload.endpoint),
    text(d.payload.changeTicket),
    d.statuses.join(' -> '),
  ]);
  const header = ['environment', 'model', 'endpoint', 'ticket', 'statuses'];
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  for (const row of table)
    console.log(`  ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`);
}

try {
  say(
    `Azure ML emulator on ${emulator.url}, GitHub API on ${github.url}, change tickets on ${tickets.url} (time runs 60x faster)`,
  );
  if (scenario === 'happy') {
    await firstRelease();
    await betterModelThroughTest();
    await underTraffic(() => promote('prod', 2, 'CHG0000002'));
  } else if (scenario === 'degraded') {
    await firstRelease();
    await betterModelThroughTest();
    // Green (churn:2) answers half its requests 500 once it holds 25 % of PROD's traffic.
    const degrade = whenTrafficReaches(emulator.control, 'churn-prod', 'green', 25, () => {
      console.log('  (demo: green starts answering half its requests with HTTP 500)');
      emulator.control.setDeploymentBehaviour('churn-prod/green', { scoring: { errorRate: 0.5 } });
    });
    await underTraffic(() => promote('prod', 2, 'CHG0000002', 'failure')).finally(() =>
      degrade.cancel(),
    );
  } else if (scenario === 'missing-ticket') {
    await pipeline('Push to main: train churn:1, register it, deploy it to DEV', 'push');
    await promote('test', 1);
    const mark = emulator.control.stats().requests.length;
    await promote('prod', 1);
    say(`Azure writes during the refused promotion: ${azureWritesSince(mark)}`);
  } else {
    await pipeline('Push to main: train churn:1, register it, deploy it to DEV', 'push');
    emulator.control.advanceClock(DAY_SECONDS);
    const fresh = await pipeline(
      'Daily schedule, a day later: churn:1 is fresh, no training',
      'schedule',
    );
    emulator.control.advanceClock(30 * DAY_SECONDS);
    emulator.control.setDefaultJobBehaviour({ durationSeconds: 300, metrics: { accuracy: 0.8 } });
    const stale = await pipeline(
      'Daily schedule, 31 days later: retrain; churn:2 is worse, DEV keeps churn:1',
      'schedule',
    );
    for (const [when, report] of [
      ['a day later', fresh],
      ['31 days later', stale],
    ] as const) {
      const train = report.jobs.find((j) => j.name === 'train');
      console.log(
        `  ${when}: trained ${train?.outputs.trained}, is-better ${train?.outputs['is-better'] || '-'}, deploy-dev ${report.jobs.find((j) => j.name === 'deploy-dev')?.result}`,
      );
    }
  }
  const endpoints = ['churn-dev', 'churn-test', 'churn-prod'].map(
    (name) => [name, emulator.control.endpoint(name)] as const,
  );
  say('Endpoints');
  for (const [name, endpoint] of endpoints) {
    if (!endpoint) continue;
    const serving = endpoint.deployments
      .map((d) => {
        const ref = parseModelRef(d.model);
        return `${d.name} ${ref ? `${ref.name}:${ref.version}` : d.model}`;
      })
      .join(', ');
    console.log(`  ${name}: traffic ${JSON.stringify(endpoint.traffic)} (${serving})`);
  }
  await auditReport();
  say('Workflow runs');
  for (const { what, report, expected } of reports) {
    const mark = report.conclusion === expected ? '✓' : '✗ unexpected';
    console.log(`  ${mark} ${report.conclusion.padEnd(7)} ${what}`);
  }
  console.log(`\nJob summaries under ${path.relative(root, path.join(root, '.mlops-actions'))}/`);
  if (reports.some((r) => r.report.conclusion !== r.expected)) process.exitCode = 1;
} catch (error) {
  console.error(`\n${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([emulator.stop(), github.stop(), tickets.stop()]);
}
