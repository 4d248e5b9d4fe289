/**
 * pr-validate's spec checks: each Azure ML spec found is told by kind and checked by the very
 * parser the action that takes it uses (train-and-poll: parseJobFile, deploy-endpoint:
 * parseDeploymentSpec), so what passes here is accepted there and what is refused there is
 * refused here, for the same field and reason. Pure: files in, one result per file out.
 */
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SpecError, WHOLE_DOCUMENT } from '../grammar/spec-error.ts';
import { parseDeploymentSpec } from '../specs/deployment-spec.ts';
import { parseEndpointSpec, type EndpointSpec } from '../specs/endpoint-spec.ts';
import { parseComponentSpec } from '../specs/component-spec.ts';
import { parseJobFile } from '../specs/job-file.ts';
import { parseJobSpec } from '../specs/job-spec.ts';
import type { SpecOptions } from '../specs/local-paths.ts';
import type { ReadComponentFile } from '../specs/pipeline-spec.ts';
import { specKindOf, type SpecKind } from '../specs/spec-kind.ts';
import { locate } from '../specs/yaml-spec.ts';

export interface SpecFile {
  /** As shown to the user and annotated: relative to the repository root, `/`-separated. */
  path: string;
  text: string;
}

export interface SpecProblem {
  /** Dotted field, or `(document)` for the file as a whole. */
  field: string;
  expected: string;
  given: string;
  line?: number;
  column?: number;
  /** The parser's own sentence: `deployment spec field instance_count: expected ...; given ...`. */
  message: string;
}

export type SpecCheck =
  | { path: string; kind: SpecKind; status: 'valid' }
  | { path: string; kind: SpecKind | undefined; status: 'invalid'; problem: SpecProblem }
  /** A kind no action takes yet: told as a notice, never counted as a pass. */
  | { path: string; kind: SpecKind; status: 'unchecked' };

/** The action that takes each kind, for messages. */
export const CHECKED_BY: Partial<Record<SpecKind, string>> = {
  'command-job': 'train-and-poll',
  'sweep-job': 'train-and-poll',
  'pipeline-job': 'train-and-poll',
  component: 'train-and-poll (pipeline steps)',
  'online-deployment': 'deploy-endpoint',
  'online-endpoint': 'the endpoint rules',
};

const kindWords = (kind: SpecKind): string => kind.replace('-', ' ');

/** What a parser is given besides the text: where local paths are, and a pipeline's component files. */
type ParseContext = SpecOptions & { readComponent: ReadComponentFile };

const PARSERS: Partial<Record<SpecKind, (text: string, context: ParseContext) => unknown>> = {
  // train-and-poll's own parser: the file's `type` decides, as it does there.
  'command-job': parseJobFile,
  'sweep-job': parseJobFile,
  'pipeline-job': parseJobFile,
  component: parseComponentSpec,
  'online-deployment': parseDeploymentSpec,
  'online-endpoint': parseEndpointSpec,
};

const problemOf = (err: SpecError): SpecProblem => ({
  field: err.field,
  expected: err.expected,
  given: err.given,
  ...(err.line === undefined ? {} : { line: err.line }),
  ...(err.column === undefined ? {} : { column: err.column }),
  // A pipeline's problem inside one of its component files says which file.
  message: err.file === undefined ? err.message : `${err.file}: ${err.message}`,
});

/**
 * Top-level keys only Azure ML specs start a line with: a file that does not parse as YAML is
 * taken for a broken spec when it has one (or names an azuremlschemas URL); other unparseable
 * files (Helm templates, say) are not specs and are left alone.
 */
const SPEC_TEXT =
  /azuremlschemas\.azureedge\.net|^(?:command|instance_type|endpoint_name|auth_mode|environment|compute|code_configuration|traffic):/m;

/**
 * Checks each file that is an Azure ML spec; YAML that is not one is left out of the result.
 * A spec that is not valid YAML is refused at the parser's line and column; a file of several
 * YAML documents is refused when one of them is a spec (the CLI reads one per file). Local
 * paths a spec names are checked in `root` (the checkout; default: the working directory),
 * relative to the spec's folder, as the action that takes it checks them.
 */
export function validateSpecs(
  files: readonly SpecFile[],
  options: { root?: string } = {},
): SpecCheck[] {
  const root = options.root ?? process.cwd();
  const specOptions = (file: SpecFile): SpecOptions => ({
    baseDir: join(root, dirname(file.path)),
    root,
  });
  const checks: SpecCheck[] = [];
  const byPath = new Map(files.map((f) => [f.path, f]));
  const endpoints: { file: SpecFile; spec: EndpointSpec }[] = [];
  const deployments = new Map<string, Set<string>>();
  for (const file of files) {
    const docs = parseAllDocuments(file.text);
    const broken = !Array.isArray(docs) || docs.some((d) => d.errors.length > 0);
    if (broken && SPEC_TEXT.test(file.text) && docs.length <= 1) {
      // Every parser reports YAML errors alike (parseSpec): any one of them says it as all would.
      checks.push(outcome(file, undefined, () => parseJobSpec(file.text)));
      continue;
    }
    if (broken || !Array.isArray(docs) || docs.length === 0) continue;
    const kinds = docs.map((d) => specKindOf(d.toJS()));
    const kind = kinds.find((k) => k !== undefined);
    if (kind === undefined) continue;
    if (docs.length > 1) {
      const at = docs[kinds.indexOf(kind)]?.contents?.range?.[0] ?? 0;
      const line = file.text.slice(0, at).split('\n').length;
      checks.push({
        path: file.path,
        kind,
        status: 'invalid',
        problem: {
          field: WHOLE_DOCUMENT,
          expected: 'one YAML document per spec file (the Azure ML CLI reads one)',
          given: `${docs.length} documents`,
          line,
          column: 1,
          message: `${kindWords(kind)} spec: expected one YAML document per spec file (the Azure ML CLI reads one); given ${docs.length} documents`,
        },
      });
      continue;
    }
    const raw: unknown = docs[0]?.toJS();
    const parse = PARSERS[kind];
    if (!parse) {
      checks.push({ path: file.path, kind, status: 'unchecked' });
      continue;
    }
    const onValid = (spec: unknown) => {
      if (kind === 'online-endpoint') endpoints.push({ file, spec: spec as EndpointSpec });
      if (kind === 'online-deployment') declareDeployment(deployments, raw);
    };
    const context = { ...specOptions(file), readComponent: besides(file.path, byPath, root) };
    checks.push(outcome(file, kind, () => parse(file.text, context), onValid));
  }
  return checkTraffic(checks, endpoints, deployments);
}

/** A pipeline's component files, among the files checked, relative to the pipeline file. */
function besides(pipeline: string, byPath: Map<string, SpecFile>, root: string): ReadComponentFile {
  const dir = pipeline.includes('/') ? pipeline.slice(0, pipeline.lastIndexOf('/')) : '';
  return (relative) => {
    const parts: string[] = dir === '' ? [] : dir.split('/');
    for (const part of relative.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.' && part !== '') parts.push(part);
    }
    const found = byPath.get(parts.join('/'));
    return found && { file: found.path, text: found.text, dir: join(root, dirname(found.path)) };
  };
}

/** The parser's verdict on one file: valid, or refused with its SpecError. */
function outcome<T>(
  file: SpecFile,
  kind: SpecKind | undefined,
  parse: () => T,
  onValid: (spec: T) => void = () => undefined,
): SpecCheck {
  let spec: T;
  try {
    spec = parse();
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    return { path: file.path, kind, status: 'invalid', problem: problemOf(err) };
  }
  if (kind === undefined) throw new Error(`${file.path}: a file that is not YAML parsed`);
  onValid(spec);
  return { path: file.path, kind, status: 'valid' };
}

function declareDeployment(into: Map<string, Set<string>>, raw: unknown): void {
  const { name, endpoint_name: endpoint } = raw as { name?: unknown; endpoint_name?: unknown };
  if (typeof name !== 'string' || typeof endpoint !== 'string') return;
  const key = endpoint.toLowerCase();
  into.set(key, (into.get(key) ?? new Set()).add(name.toLowerCase()));
}

/**
 * An endpoint's traffic must name deployments: those declared for it in this repository (a
 * deployment spec with its `name` and `endpoint_name`). With none declared, nothing to compare.
 */
function checkTraffic(
  checks: SpecCheck[],
  endpoints: { file: SpecFile; spec: EndpointSpec }[],
  deployments: Map<string, Set<string>>,
): SpecCheck[] {
  for (const { file, spec } of endpoints) {
    const declared = deployments.get(spec.name.toLowerCase());
    if (!declared) continue;
    for (const field of ['traffic', 'mirror_traffic'] as const) {
      const shares = field === 'traffic' ? spec.traffic : spec.mirrorTraffic;
      const unknown = Object.keys(shares).find((name) => !declared.has(name.toLowerCase()));
      if (unknown === undefined) continue;
      const at = locate(file.text, [field, unknown]);
      const expected = `a deployment declared for endpoint ${spec.name} (one of: ${[...declared].join(', ')})`;
      const index = checks.findIndex((c) => c.path === file.path);
      checks[index] = {
        path: file.path,
        kind: 'online-endpoint',
        status: 'invalid',
        problem: {
          field: `${field}.${unknown}`,
          expected,
          given: JSON.stringify(unknown),
          ...(at ? { line: at.line, column: at.column } : {}),
          message: `endpoint spec field ${field}.${unknown}: expected ${expected}; given "${unknown}"`,
        },
      };
      break;
    }
  }
  return checks;
}

export { WHOLE_DOCUMENT };
export { SPEC_KINDS, specKindOf, type SpecKind } from '../specs/spec-kind.ts';
export { parseEndpointSpec, type EndpointSpec } from '../specs/endpoint-spec.ts';
