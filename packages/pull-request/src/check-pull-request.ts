/**
 * pr-validate's use case: the Azure ML specs of the repository checked by the actions' own
 * parsers, the lines the pull request adds scanned for secrets, the areas it changes, and the
 * team rules. No runner inside: the action maps inputs in and the report out.
 */
import { validateSpecs, type SpecCheck } from '@mlops-actions/azureml/validate';
import { changedAreas, type Areas } from './areas.ts';
import { apiDiff, gitDiff, type ApiFile, type PullDiff } from './diff.ts';
import { findFiles, readText } from './discovery.ts';
import { checkRules, type PullInfo, type RuleProblem, type TeamRules } from './rules.ts';
import { scanForSecrets, type SecretFinding } from './secrets.ts';

export interface CheckRequest {
  /** The repository's work tree. */
  root: string;
  specGlobs: string[];
  areas?: Areas;
  rules: TeamRules;
  /** The pull request; undefined outside a pull request event (then no diff, scan or rules). */
  pull?: PullInfo & { baseSha: string };
  /** The files API, when a token is at hand: used when the history lacks the base commit. */
  listFiles?: () => Promise<ApiFile[]>;
}

export interface CheckReport {
  specs: SpecCheck[];
  /** YAML files searched (spec or not). */
  searched: number;
  unmatchedGlobs: string[];
  /** Undefined when there was no pull request, or no way to read its diff. */
  diff?: Omit<PullDiff, 'added'> & { addedLines: number };
  /** Why there is no diff, when there is none. */
  noDiff?: string;
  secrets: SecretFinding[];
  /** Never printed: for redacting what is written. */
  secretValues: string[];
  changed?: string[];
  rules: RuleProblem[];
}

async function readDiff(request: CheckRequest): Promise<PullDiff | string> {
  const { pull, root, listFiles } = request;
  if (!pull) return 'this run is not for a pull request';
  const fromGit = pull.baseSha ? gitDiff(root, pull.baseSha) : undefined;
  if (fromGit) return fromGit;
  if (!listFiles) {
    return 'the history lacks the base commit (fetch-depth: 0 fixes it) and there is no token for the pull request files API';
  }
  return apiDiff(await listFiles());
}

export async function checkPullRequest(request: CheckRequest): Promise<CheckReport> {
  const found = findFiles(request.root, request.specGlobs);
  const specs = validateSpecs(
    found.files.map((path) => ({ path, text: readText(request.root, path) })),
    { root: request.root },
  );
  const diff = await readDiff(request);
  const scan = typeof diff === 'string' ? { findings: [], values: [] } : scanForSecrets(diff.added);
  const report: CheckReport = {
    specs: redactSpecs(specs, scan.values),
    searched: found.files.length,
    unmatchedGlobs: found.unmatched,
    secrets: scan.findings,
    secretValues: scan.values,
    rules: [],
  };
  if (typeof diff === 'string') {
    report.noDiff = diff;
    return report;
  }
  const { added, ...rest } = diff;
  report.diff = { ...rest, addedLines: added.length };
  if (request.areas) report.changed = changedAreas(request.areas, diff.files);
  if (request.pull) report.rules = checkRules(request.rules, request.pull, diff.files);
  return report;
}

/** A spec problem that quotes a secret found in the diff quotes `***` instead. */
function redactSpecs(specs: SpecCheck[], secrets: readonly string[]): SpecCheck[] {
  if (secrets.length === 0) return specs;
  const clean = (text: string) =>
    [...secrets].sort((a, b) => b.length - a.length).reduce((t, s) => t.replaceAll(s, '***'), text);
  return specs.map((check) =>
    check.status !== 'invalid'
      ? check
      : {
          ...check,
          problem: {
            ...check.problem,
            given: clean(check.problem.given),
            message: clean(check.problem.message),
          },
        },
  );
}
