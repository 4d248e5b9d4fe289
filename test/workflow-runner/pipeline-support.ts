/**
 * The example caller, .github/workflows/mlops-pipeline.yml, as a user runs it locally: this
 * repository's workflow files in a checkout, the repository settings of
 * examples/mlops-actions.settings.yml, a change-ticket API in ServiceNow's form, and what a user
 * reads afterwards (the endpoints, the GitHub deployments the audit trail wrote).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseModelRef } from '@mlops-actions/azureml/grammar';
import {
  approvedTicket,
  duringTraffic,
  startTicketApi,
  type TicketApiFixture,
} from '@mlops-actions/emulator';
import { deploymentHistory } from '@mlops-actions/github-emulator';
import { readSettings, type Settings } from '@mlops-actions/workflow-runner';
import {
  checkout,
  repoRoot,
  runLocal,
  startServices,
  type LocalRun,
  type Services,
} from './support.ts';

// The rollout is judged on live-like traffic, per emulated minute: at 60x, 500 requests a
// second give a deployment at 10 % ~50 requests a window.
export const PIPELINE_TIME_SCALE = 60;
/**
 * The time limit of a test that chains pipeline runs (training, promotions, a rollout baking
 * 5 emulated minutes a stage): 20-60 s on an idle machine, past the suite-wide 60 s on a
 * loaded CI one.
 */
export const CHAINED_RUNS_TIME_LIMIT_MS = 180_000;
export const PROD_APPROVERS = { 'prod-approval': ['release-manager'], prod: ['sre-lead'] };
export const TICKETS = ['CHG0000001', 'CHG0000002'];
const TICKET_USER = 'svc-gate';
const TICKET_PASSWORD = 'ticket-password-5be1c0d9';

export interface Pipeline {
  services: Services;
  tickets: TicketApiFixture;
  run(
    event: 'pull_request' | 'push' | 'schedule' | 'workflow_dispatch',
    inputs?: Record<string, string>,
    approvals?: Record<string, string[]>,
    /** Default: mlops-pipeline.yml. */
    workflow?: string,
  ): Promise<LocalRun>;
  /** A workflow_dispatch promotion, approved as the settings' reviewers would. */
  promote(target: string, version: string, more?: Record<string, string>): Promise<LocalRun>;
  /** `<environment> <model> <ticket or -> <last status>` of each GitHub deployment, oldest first. */
  deploymentRecords(): Promise<string[]>;
  traffic(endpoint: string): Record<string, number> | undefined;
  /** Deployment -> the model version it serves. */
  served(endpoint: string): Record<string, string>;
  stop(): Promise<void>;
}

/** This repository's workflows in a checkout, and `extra` callers beside them (name -> YAML). */
export async function startPipeline(
  accuracy: number,
  extra: Record<string, string> = {},
): Promise<Pipeline> {
  const workflows = path.join(repoRoot, '.github', 'workflows');
  const work = checkout({
    ...Object.fromEntries(
      readdirSync(workflows).map((name) => [
        name,
        readFileSync(path.join(workflows, name), 'utf8'),
      ]),
    ),
    ...extra,
  });
  const services = await startServices({
    azure: {
      timeScale: PIPELINE_TIME_SCALE,
      defaultJob: { durationSeconds: 60, metrics: { accuracy } },
    },
  });
  const tickets = await startTicketApi({
    authorization: `Basic ${Buffer.from(`${TICKET_USER}:${TICKET_PASSWORD}`).toString('base64')}`,
    tickets: TICKETS.map((number) => approvedTicket(number)),
  });
  const settings: Settings = readSettings(
    path.join(repoRoot, 'examples', 'mlops-actions.settings.yml'),
  );
  settings.vars.TICKET_API_URL = tickets.url;
  Object.assign(settings.secrets, {
    TICKET_API_USER: TICKET_USER,
    TICKET_API_PASSWORD: TICKET_PASSWORD,
  });

  const run: Pipeline['run'] = (
    event,
    inputs = {},
    approvals = {},
    workflow = 'mlops-pipeline.yml',
  ) =>
    runLocal(services, work.root, workflow, {
      event,
      inputs,
      approvals,
      settings,
      timeScale: PIPELINE_TIME_SCALE,
    });
  const endpoint = (name: string) => services.azure.control.endpoint(name);
  return {
    services,
    tickets,
    run,
    promote: (target, version, more = {}) =>
      run(
        'workflow_dispatch',
        { target, 'model-version': version, ...more },
        target === 'prod' ? PROD_APPROVERS : { test: ['qa-lead'] },
      ),
    deploymentRecords: async () =>
      (await deploymentHistory(services.github)).map(
        (d) =>
          `${d.environment} ${String(d.payload.model)} ${String(d.payload.changeTicket ?? '-')} ${d.statuses.at(-1)}`,
      ),
    traffic: (name) => endpoint(name)?.traffic,
    served: (name) =>
      Object.fromEntries(
        (endpoint(name)?.deployments ?? []).map((d) => {
          const ref = parseModelRef(d.model);
          return [d.name, ref ? `${ref.name}:${ref.version}` : d.model];
        }),
      ),
    async stop() {
      await Promise.all([services.stop(), tickets.stop()]);
      work.remove();
    },
  };
}

/** Live-like requests to `endpoint` from the emulator's generator while `act` runs. */
export const underTraffic = <T>(services: Services, endpoint: string, act: () => Promise<T>) =>
  duringTraffic(services.azure.control, endpoint, { ratePerSecond: 500, durationMs: 120_000 }, act);
