import type { AuditRecord } from '@mlops-actions/action-kit';
import type { DeploymentPayload } from '@mlops-actions/gates';

/**
 * What `POST /repos/{owner}/{repo}/deployments` and its statuses are sent for the audit records of
 * deploy-endpoint: one deployment per environment and model version, `in_progress` then the
 * outcome. A pure mapping; `github-deployments.ts` posts it (through @actions/github, looking up
 * an existing deployment first), called by `mode: audit` in `audit.ts`.
 */
export interface DeploymentRequest {
  deployment: {
    ref: string;
    environment: string;
    auto_merge: false;
    required_contexts: [];
    production_environment: boolean;
    description: string;
    payload: DeploymentPayload;
  };
  statuses: {
    state: 'in_progress' | 'success' | 'failure' | 'error';
    description: string;
    log_url: string | null;
    environment_url: string | null;
  }[];
}

const isDeploy = (r: AuditRecord): boolean => r.action === 'deploy-endpoint' && Boolean(r.model);

/** The deploy records that name no environment when `environment` is not given either. */
export const unnamedDeployRecords = (
  records: readonly AuditRecord[],
  environment: string | undefined,
): number => records.filter((r) => isDeploy(r) && !(r.where.environment ?? environment)).length;

const clip140 = (text: string): string => (text.length <= 140 ? text : `${text.slice(0, 139)}…`);

/**
 * The deployments the records stand for; `environment` when a record names none. A record with
 * no environment either way is left out (`unnamedDeployRecords` counts them). The records are
 * one job's, and the job judges the deploy: a deploy that succeeded but whose rollout or
 * integration tests failed after it did not succeed (the promotion gate reads these
 * statuses), and the job's change ticket (the gate's) is the deploy's.
 */
export function deploymentRequests(
  records: readonly AuditRecord[],
  environment: string | undefined,
  studioUrlOf: (record: AuditRecord) => string | null = () => null,
): DeploymentRequest[] {
  const changeTicket = records.find((r) => r.changeTicket)?.changeTicket ?? null;
  /** The first step after the deploy (records are in start order) that failed, other deploys aside. */
  const laterFailure = (index: number): string | undefined => {
    const failed = records
      .slice(index + 1)
      .find((r) => !isDeploy(r) && r.outcome.result !== 'success');
    return failed && `${failed.action}: ${failed.outcome.failure ?? 'failed'}`;
  };
  return records
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => isDeploy(r) && (r.where.environment ?? environment))
    .map(({ r, index }) => {
      const env = r.where.environment ?? environment ?? '';
      const model = `${r.model?.name}:${r.model?.version ?? ''}`;
      const failure =
        r.outcome.result === 'success' ? laterFailure(index) : (r.outcome.failure ?? 'failed');
      const outcome = failure === undefined ? 'success' : 'failure';
      return {
        deployment: {
          ref: r.commit ?? 'HEAD',
          environment: env,
          auto_merge: false,
          required_contexts: [],
          production_environment: /^prod/i.test(env),
          description: clip140(`${model} to ${r.where.endpoint ?? 'endpoint'}`),
          payload: {
            model,
            endpoint: r.where.endpoint,
            changeTicket: r.changeTicket ?? changeTicket,
          },
        },
        statuses: [
          {
            state: 'in_progress',
            description: clip140(`Deploying ${model}`),
            log_url: r.runUrl,
            environment_url: studioUrlOf(r),
          },
          {
            state: outcome,
            description: clip140(failure ?? `${model} serves ${r.where.endpoint ?? ''}`),
            log_url: r.runUrl,
            environment_url: studioUrlOf(r),
          },
        ],
      };
    });
}
