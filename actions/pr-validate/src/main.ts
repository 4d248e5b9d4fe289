import {
  ActionFailure,
  notice,
  readInputs,
  redact,
  redactValues,
  runnerContext,
  setOutputs,
  Summary,
  warning,
  type InputValues,
  usableToken,
} from '@mlops-actions/action-kit';
import { parseAreas } from '@mlops-actions/pull-request/areas';
import { commentBody, commentFailure, COMMENT_MARKER } from './comment.ts';
import { definition } from './definition.ts';
import { annotate, findingsOf } from './report.ts';
import { checkSummary } from './summary.ts';

type Inputs = InputValues<typeof definition.inputs>;

export async function main(): Promise<void> {
  const inputs = await readInputs(definition);
  // Loaded once the inputs are valid: the parsers (zod, yaml) and, for GitHub, Octokit.
  const pr = await import('@mlops-actions/pull-request');
  const context = runnerContext();
  const event = pr.pullRequestEvent();
  const token = usableToken(inputs['github-token']);
  const [owner = '', repo = ''] = (context.repository ?? '').split('/');
  const ref = event && { owner, repo, number: event.number };
  const github = token ? () => pr.gitHubClient(token) : undefined;
  const areas = inputs.areas && parseAreas(inputs.areas);

  const report = await pr.checkPullRequest({
    root: process.cwd(),
    specGlobs: pr.globList(inputs.specs),
    ...(areas && 'areas' in areas ? { areas: areas.areas } : {}),
    rules: teamRules(inputs, pr.globList),
    ...(event ? { pull: event } : {}),
    ...(github && ref ? { listFiles: async () => (await github()).listFiles(ref) } : {}),
  });
  // Nothing prints a secret the scan found; should a file path or message ever quote one,
  // it is cut from what is written.
  const clean = (text: string) => redactValues(text, report.secretValues);

  const findings = findingsOf(report);
  for (const f of findings) annotate(f, clean);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const changed = report.changed ?? (inputs.areas ? [] : undefined);

  let commentUrl = '';
  if (inputs.comment && github && ref) {
    const blob = (file: string, line?: number) =>
      `${context.serverUrl}/${owner}/${repo}/blob/${event?.headSha || context.sha}/${file}${line ? `#L${line}` : ''}`;
    const body = clean(redact(commentBody(report, findings, blob, changed)));
    const result = await (await github()).upsertComment(ref, COMMENT_MARKER, body);
    if (result.ok) commentUrl = result.url;
    else warning(commentFailure(result.status, result.message));
  } else if (inputs.comment && !event) {
    notice('No pull request comment: this run is not for a pull request.');
  }

  setOutputs(definition, {
    valid: String(errors === 0),
    errors: String(errors),
    warnings: String(warnings),
    changed: JSON.stringify(changed ?? []),
    'comment-url': commentUrl,
  });
  new Summary().text(clean(checkSummary(report, findings, changed).toString())).write();
  if (errors > 0) {
    throw new ActionFailure(
      `The pull request check found ${errors} error${errors === 1 ? '' : 's'}`,
      { hint: 'Each is annotated on its file and line and listed in the job summary' },
    );
  }
}

function teamRules(inputs: Inputs, globList: (text: string | undefined) => string[]) {
  return {
    ticketPaths: globList(inputs['require-ticket']),
    ticketPattern: new RegExp(inputs['ticket-pattern']),
    requiredLabels: (inputs['required-labels'] ?? '')
      .split(/\r?\n|,/)
      .map((label) => label.trim())
      .filter(Boolean),
  };
}
