/**
 * Azure ML's naming rules, each written once: the action inputs, the spec parsers and the
 * references below check names against these.
 */
export interface NameRule {
  pattern: RegExp;
  /** The rule in words, for "expected ..." messages. */
  rule: string;
}

const rule = (pattern: RegExp, words: string): NameRule => ({ pattern, rule: words });

/** Online endpoint and deployment names (Azure refuses others at PUT). */
export const ENDPOINT_NAME = rule(
  /^[A-Za-z][A-Za-z0-9-]{2,31}$/,
  '3 to 32 characters: letters, digits and hyphens, starting with a letter',
);
export const DEPLOYMENT_NAME = ENDPOINT_NAME;

/** Names of assets: models, environments, code. */
export const ASSET_NAME = rule(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
  'letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 255 characters',
);

/** Asset versions. */
export const ASSET_VERSION = rule(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/,
  'a version such as 3: letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 50 characters',
);

export const JOB_NAME = rule(
  /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/,
  'letters, digits, `-` and `_`, starting with a letter or digit, at most 255 characters',
);

/** Names of a job's inputs and outputs. */
export const JOB_PORT_NAME = rule(
  /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
  'letters, digits and `_`, not starting with a digit',
);

/** Ids of endpoint backups (`20261202T064512345Z-1a2b3c4d5e6f`): a file name in the datastore, never a path. */
export const BACKUP_ID = rule(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
  'a backup id such as 20261202T064512345Z-1a2b3c4d5e6f: letters, digits, `-`, `_` and `.`, at most 128 characters',
);

/** Model version properties under this prefix are the lineage: a user's own may not use it. */
export const LINEAGE_PREFIX = 'mlops.';

/** The regex source of a rule without its anchors, to build larger grammars from. */
export const inner = (name: NameRule): string => name.pattern.source.replace(/^\^|\$$/g, '');
