/**
 * An inline environment (`image:` + `conda_file:`, or `build:`) is registered by the Azure ML CLI
 * as a version of `CliV2AnonymousEnvironment` whose version is derived from its content, so the
 * same environment is one version however often it is used, by the CLI or by these actions.
 * The conda file is sent as the CLI sends it: PyYAML's `yaml.dump(conda, sort_keys=True)` of
 * the parsed file (block style, keys sorted, indentless lists under keys).
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';

export const ANONYMOUS_ENVIRONMENT = 'CliV2AnonymousEnvironment';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * The CLI's version of an anonymous environment. It builds the string with Python's
 * `str.join`, which puts the first hash between the characters of the second:
 * image: md5(join(md5(image), md5(condaFile))); build: md5(join(md5(contextHash), md5(dockerfilePath))).
 */
export function anonymousEnvironmentVersion(
  content: { image: string; condaFile?: string } | { contextHash: string; dockerfilePath?: string },
): string {
  const [first, second] =
    'image' in content
      ? [md5(content.image), content.condaFile === undefined ? undefined : md5(content.condaFile)]
      : [
          md5(content.contextHash),
          content.dockerfilePath === undefined ? undefined : md5(content.dockerfilePath),
        ];
  return md5(second === undefined ? first : [...second].join(first));
}

/** A conda file's text as the CLI sends it (`condaFile` of the environment version). */
export function condaFileText(fileText: string): string {
  // PyYAML reads YAML 1.1 (yes/no are booleans), and writes what it read.
  return dumpYaml(parse(fileText, { version: '1.1' }) as unknown);
}

/** The same object as an already-parsed value (an inline `conda_file:` mapping). */
export function dumpYaml(value: unknown): string {
  const lines: string[] = [];
  emit(value, 0, lines, 'top');
  return `${lines.join('\n')}\n`;
}

type Place = 'top' | 'key' | 'item';

function emit(value: unknown, indent: number, lines: string[], place: Place): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value) && value.length > 0) {
    for (const item of value) {
      if (isMapping(item) && Object.keys(item).length > 0) {
        const nested: string[] = [];
        emit(item, indent + 2, nested, 'item');
        lines.push(`${pad}- ${(nested[0] ?? '').trimStart()}`, ...nested.slice(1));
      } else if (Array.isArray(item) && item.length > 0) {
        const nested: string[] = [];
        emit(item, indent + 2, nested, 'item');
        lines.push(`${pad}- ${(nested[0] ?? '').trimStart()}`, ...nested.slice(1));
      } else lines.push(`${pad}- ${scalar(item)}`);
    }
    return;
  }
  if (isMapping(value) && Object.keys(value).length > 0) {
    for (const key of Object.keys(value).sort()) {
      const child = value[key];
      if (Array.isArray(child) && child.length > 0) {
        lines.push(`${pad}${scalar(key)}:`);
        // PyYAML writes a list under a key at the key's own indentation.
        emit(child, indent, lines, 'key');
      } else if (isMapping(child) && Object.keys(child).length > 0) {
        lines.push(`${pad}${scalar(key)}:`);
        emit(child, indent + 2, lines, 'key');
      } else lines.push(`${pad}${scalar(key)}: ${scalar(child)}`);
    }
    return;
  }
  lines.push(`${pad}${scalar(value)}${place === 'top' && !isCollection(value) ? '\n...' : ''}`);
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCollection = (value: unknown): boolean => Array.isArray(value) || isMapping(value);

/** Strings PyYAML's resolver would read back as something else (YAML 1.1), so it quotes them. */
const IMPLICIT =
  /^(?:~|null|Null|NULL|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)|[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  const text = String(value);
  if (plainAllowed(text)) return text;
  if (/^[\x20-\x7e]*$/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  return JSON.stringify(text);
}

function plainAllowed(text: string): boolean {
  if (text === '' || IMPLICIT.test(text)) return false;
  if (!/^[\x20-\x7e]*$/.test(text)) return false;
  if (/^\s|\s$/.test(text)) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(text)) return false;
  if (/^[?:-](?:\s|$)/.test(text)) return false;
  if (/:(?:\s|$)/.test(text) || /\s#/.test(text)) return false;
  return true;
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  return String(n);
}
