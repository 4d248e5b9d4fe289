import {
  artifactStoreFor,
  auditDir,
  notice,
  readAuditRecords,
  runnerContext,
  setOutputs,
  warning,
  type AuditRecord,
  type InputValues,
  usableToken,
} from '@mlops-actions/action-kit';
import { studioUrl } from '@mlops-actions/notify';
import { definition } from './definition.ts';
import { auditSummary } from './audit-summary.ts';
import { deploymentRequests, unnamedDeployRecords } from './deployments.ts';

type Inputs = InputValues<typeof definition.inputs>;

/**
 * `mode: audit`: this job's audit records into the artifact, into the job summary, and each
 * deploy into the GitHub Deployments API.
 */
export async function collectAudit(inputs: Inputs): Promise<void> {
  const dir = auditDir();
  const { records, files, problems } = readAuditRecords(dir);
  for (const problem of problems) warning(`Audit record skipped: ${problem}`);
  let location = '';
  if (files.length === 0) {
    warning(
      `No audit records in ${dir}: no step of this job changed or checked anything in Azure.`,
    );
  } else {
    location = await keepRecords(inputs['artifact-name'], files, dir);
  }
  const summary = auditSummary(records, location);
  const deployments = await postGitHubDeployments(records, inputs);
  if (deployments) summary.text(deployments);
  summary.write();
  setOutputs(definition, { 'audit-records': String(records.length), 'audit-location': location });
}

/** The records as the artifact; a failed upload is a warning: they are in the summary and GitHub Deployments too. */
async function keepRecords(name: string, files: string[], dir: string): Promise<string> {
  try {
    return (await artifactStoreFor().upload(name, files, dir)).location;
  } catch (err) {
    warning(
      `The audit records could not be kept as the artifact ${name} (they stay in ${dir} and are shown in the job summary): ${String(err)}`,
    );
    return '';
  }
}

const NEEDS =
  'Give the job `permissions: deployments: write` (and pass `github-token`, by default `${{ github.token }}`)';

const studioOf = (r: AuditRecord): string | null =>
  r.where.subscriptionId && r.where.resourceGroup && r.where.workspace
    ? studioUrl({
        subscriptionId: r.where.subscriptionId,
        resourceGroup: r.where.resourceGroup,
        workspace: r.where.workspace,
        ...(r.where.endpoint ? { endpoint: r.where.endpoint } : {}),
      })
    : null;

/**
 * One GitHub deployment per environment and model version, with its statuses; a missing token
 * or permission is a warning, never a failed step. Returns a line for the summary.
 */
async function postGitHubDeployments(
  records: readonly AuditRecord[],
  inputs: Inputs,
): Promise<string | undefined> {
  const unnamed = unnamedDeployRecords(records, inputs.environment);
  if (unnamed > 0) {
    warning(
      `${unnamed} deploy record${unnamed === 1 ? ' names' : 's name'} no environment: not posted to GitHub Deployments. Name it with the \`environment\` input.`,
    );
  }
  const requests = deploymentRequests(records, inputs.environment, studioOf);
  if (requests.length === 0) return undefined;
  const token = usableToken(inputs['github-token']);
  const [owner = '', repo = ''] = (runnerContext().repository ?? '').split('/');
  if (!token || !owner || !repo) {
    const missing = token ? 'GITHUB_REPOSITORY is not set' : 'no `github-token`';
    warning(
      `GitHub Deployments not posted (${missing}): ${requests.length} deploy${requests.length === 1 ? '' : 's'} stay in the audit records and the job summary. ${NEEDS}.`,
    );
    return 'GitHub Deployments: not posted (no token).';
  }
  const { postDeployments } = await import('./github-deployments.ts');
  const result = await postDeployments(requests, token, { owner, repo });
  const lines = result.deployments.map(
    (d) =>
      `- ${d.environment}: ${d.model} (deployment ${d.id}, ${d.action === 'unchanged' ? 'already posted' : d.action})`,
  );
  for (const d of result.deployments) {
    if (d.action === 'unchanged') {
      notice(`GitHub deployment ${d.id} (${d.environment}, ${d.model}) was already posted.`);
    }
  }
  if (!result.ok) {
    warning(deploymentFailure(result.status, result.message));
    return [
      `GitHub Deployments: not posted (GitHub answered ${result.status ?? 'with no status'}).`,
      ...lines,
    ].join('\n');
  }
  return ['GitHub Deployments:', ...lines].join('\n');
}

function deploymentFailure(status: number | undefined, message: string): string {
  if (status === 403) {
    return `GitHub Deployments not posted: the token may not write deployments (GitHub answered 403: ${message}). ${NEEDS}; the audit records and the job summary still hold every deploy.`;
  }
  if (status === 401) {
    return `GitHub Deployments not posted: GitHub refused the token (401: ${message}). ${NEEDS}.`;
  }
  return `GitHub Deployments not posted: GitHub answered ${status ?? 'with no status'}: ${message}`;
}
