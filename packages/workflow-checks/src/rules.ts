/**
 * The project's own workflow rules: what actionlint and GitHub's parser accept but a pipeline
 * that deploys to production must not do. Each finding names the file, line and rule.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

export type RuleId =
  | 'no-pull-request-target'
  | 'permissions-block'
  | 'no-write-all'
  | 'pinned-uses'
  | 'no-expression-in-run'
  | 'no-secrets-inherit';

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: RuleId;
  message: string;
}

/** Why each rule exists, shown with its findings. */
export const RULES: Record<RuleId, string> = {
  'no-pull-request-target':
    'pull_request_target runs with write tokens and secrets on code from forks; use pull_request',
  'permissions-block':
    'every job needs a `permissions:` block (at the workflow or the job) so its token carries only what it uses',
  'no-write-all':
    '`permissions: write-all` hands the job every write scope; list the scopes it needs',
  'pinned-uses':
    'pin a third-party action or workflow to a full commit SHA (a tag can be moved to other code)',
  'no-expression-in-run':
    '`${{ }}` inside `run:` is pasted into the script before bash reads it (script injection); pass the value through `env:`',
  'no-secrets-inherit':
    '`secrets: inherit` hands a called workflow every secret; pass the ones it declares',
};

const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * This repository: its reusable workflows call its own actions by release tag, since a workflow
 * cannot name the commit it is itself part of. Callers pin the reusable workflow.
 */
export const FIRST_PARTY = 'mlops-actions/mlops-actions/';

export function checkWorkflow(text: string, file: string): Finding[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const findings: Finding[] = [];
  const report = (node: Node | null | undefined, rule: RuleId, detail: string, offset?: number) => {
    const at = lines.linePos(offset ?? node?.range?.[0] ?? 0);
    findings.push({
      file,
      line: at.line,
      column: at.col,
      rule,
      message: `${detail}: ${RULES[rule]}`,
    });
  };
  const root = doc.contents;
  if (!isMap(root)) return findings;

  const triggers = root.get('on', true) as Node | undefined;
  for (const trigger of triggerNames(triggers)) {
    if (trigger.name === 'pull_request_target') {
      report(trigger.node, 'no-pull-request-target', 'triggered by pull_request_target');
    }
  }

  const workflowPermissions = root.get('permissions', true) as Node | undefined;
  checkPermissionsValue(workflowPermissions, 'the workflow', report);

  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return findings;
  for (const pair of jobs.items) {
    const jobId = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const job = pair.value;
    if (!isMap(job)) continue;
    const jobPermissions = job.get('permissions', true) as Node | undefined;
    if (workflowPermissions === undefined && jobPermissions === undefined) {
      report(pair.key as Node, 'permissions-block', `job '${jobId}' has no permissions`);
    }
    checkPermissionsValue(jobPermissions, `job '${jobId}'`, report);
    checkUses(job, `job '${jobId}'`, report);
    const secrets = job.get('secrets', true);
    if (isScalar(secrets) && secrets.value === 'inherit') {
      report(secrets, 'no-secrets-inherit', `job '${jobId}' passes secrets: inherit`);
    }
    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const name = stepName(step, index);
      checkUses(step, `job '${jobId}' step ${name}`, report);
      const run = step.get('run', true);
      if (isScalar(run) && typeof run.value === 'string' && run.range) {
        const found = text.slice(run.range[0], run.range[1]).indexOf('${{');
        if (found >= 0) {
          report(
            run,
            'no-expression-in-run',
            `job '${jobId}' step ${name} has \${{ }} in run`,
            run.range[0] + found,
          );
        }
      }
    });
  }
  return findings;
}

type Report = (
  node: Node | null | undefined,
  rule: RuleId,
  detail: string,
  offset?: number,
) => void;

function triggerNames(on: Node | undefined): { name: string; node: Node }[] {
  if (isScalar(on)) return [{ name: String(on.value), node: on }];
  if (isSeq(on))
    return on.items.filter(isScalar).map((item) => ({ name: String(item.value), node: item }));
  if (isMap(on)) {
    return on.items
      .filter((p) => isScalar(p.key))
      .map((p) => ({ name: String((p.key as { value: unknown }).value), node: p.key as Node }));
  }
  return [];
}

function checkPermissionsValue(value: Node | undefined, where: string, report: Report): void {
  if (isScalar(value) && value.value === 'write-all') {
    report(value, 'no-write-all', `${where} asks for permissions: write-all`);
  }
}

function checkUses(holder: YAMLMap, where: string, report: Report): void {
  const uses = holder.get('uses', true);
  if (!isScalar(uses) || typeof uses.value !== 'string') return;
  const ref = uses.value.trim();
  if (ref.startsWith('./') || ref.startsWith(FIRST_PARTY)) return;
  if (ref.startsWith('docker://')) {
    if (!/@sha256:[0-9a-f]{64}$/.test(ref))
      report(uses, 'pinned-uses', `${where} uses ${ref} without a digest`);
    return;
  }
  const at = ref.lastIndexOf('@');
  const pin = at < 0 ? '' : ref.slice(at + 1);
  if (!FULL_SHA.test(pin)) report(uses, 'pinned-uses', `${where} uses ${ref}`);
}

function stepName(step: YAMLMap, index: number): string {
  const named = step.get('id') ?? step.get('name');
  return typeof named === 'string' ? `'${named}'` : `#${index + 1}`;
}
