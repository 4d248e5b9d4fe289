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
 * no environment either way is left out (`unnamedDeployRecords` counts them).
 */
export function deploymentRequests(
  records: readonly AuditRecord[],
  environment: string | undefined,
  studioUrlOf: (record: AuditRecord) => string | null = () => null,
): DeploymentRequest[] {
  return records
    .filter((r) => isDeploy(r) && (r.where.environment ?? environment))
    .map((r) => {
      const env = r.where.environment ?? environment ?? '';
      const model = `${r.model?.name}:${r.model?.version ?? ''}`;
      const outcome = r.outcome.result === 'success' ? 'success' : 'failure';
      return {
        deployment: {
          ref: r.commit ?? 'HEAD',
          environment: env,
          auto_merge: false,
          required_contexts: [],
          production_environment: /^prod/i.test(env),
          description: clip140(`${model} to ${r.where.endpoint ?? 'endpoint'}`),
          payload: { model, endpoint: r.where.endpoint, changeTicket: r.changeTicket },
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
            description: clip140(r.outcome.failure ?? `${model} serves ${r.where.endpoint ?? ''}`),
            log_url: r.runUrl,
            environment_url: studioUrlOf(r),
          },
        ],
      };
    });
}
