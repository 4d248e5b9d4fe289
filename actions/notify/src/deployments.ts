import type { AuditRecord } from '@mlops-actions/action-kit';

/**
 * The seam for the GitHub Deployments API (not posted yet: it is tested against the local GitHub
 * API, packages/github-emulator, which lands separately). What `POST /repos/{owner}/{repo}/deployments`
 * and its statuses would be sent for the audit records of deploy-endpoint: one deployment per
 * environment and model version, `in_progress` then the outcome.
 */
export interface DeploymentRequest {
  deployment: {
    ref: string;
    environment: string;
    auto_merge: false;
    required_contexts: [];
    production_environment: boolean;
    description: string;
    payload: { model: string; endpoint: string | null; changeTicket: string | null };
  };
  statuses: {
    state: 'in_progress' | 'success' | 'failure' | 'error';
    description: string;
    log_url: string | null;
    environment_url: string | null;
  }[];
}

const clip140 = (text: string): string => (text.length <= 140 ? text : `${text.slice(0, 139)}…`);

/** The deployments the records stand for; `environment` when a record names none. */
export function deploymentRequests(
  records: readonly AuditRecord[],
  environment: string,
  studioUrlOf: (record: AuditRecord) => string | null = () => null,
): DeploymentRequest[] {
  return records
    .filter((r) => r.action === 'deploy-endpoint' && r.model)
    .map((r) => {
      const env = r.where.environment ?? environment;
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
