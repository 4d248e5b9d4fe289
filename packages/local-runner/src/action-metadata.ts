import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface ActionMetadata {
  dir: string;
  inputs: Record<string, { default?: string; required?: boolean }>;
  main: string;
  post?: string;
  postIf?: string;
}

/** Reads an action.yml the way the runner needs it: input defaults and the entry points. */
export function readActionMetadata(actionDir: string): ActionMetadata {
  const file = path.join(actionDir, 'action.yml');
  const doc = parse(readFileSync(file, 'utf8')) as {
    inputs?: Record<string, { default?: unknown; required?: boolean }>;
    runs?: { using?: string; main?: string; post?: string; 'post-if'?: string };
  };
  if (!doc.runs?.main) throw new Error(`${file} has no runs.main`);
  const inputs: ActionMetadata['inputs'] = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    inputs[name] = {
      ...(spec?.default !== undefined ? { default: String(spec.default) } : {}),
      ...(spec?.required !== undefined ? { required: spec.required } : {}),
    };
  }
  return {
    dir: actionDir,
    inputs,
    main: path.resolve(actionDir, doc.runs.main),
    ...(doc.runs.post ? { post: path.resolve(actionDir, doc.runs.post) } : {}),
    ...(doc.runs['post-if'] ? { postIf: doc.runs['post-if'] } : {}),
  };
}
