import { EOL } from 'node:os';

// The runner's workflow-command syntax (`::name key=value,...::message`), byte for byte as
// @actions/core writes it, so that an action behaves the same without importing it.

/** Where an annotation points; the same shape as @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type CommandProperties = Record<string, string | number | undefined>;

/** Strings pass through; null/undefined become ''; anything else is JSON. */
export function toCommandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || value instanceof String) return String(value);
  return JSON.stringify(value);
}

function escapeData(value: unknown): string {
  return toCommandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotationCommandProperties(props: AnnotationProperties): CommandProperties {
  if (Object.keys(props).length === 0) return {};
  // Key names and order are the runner's (and @actions/core's).
  return {
    title: props.title,
    file: props.file,
    line: props.startLine,
    endLine: props.endLine,
    col: props.startColumn,
    endColumn: props.endColumn,
  };
}

export function formatCommand(
  command: string,
  properties: CommandProperties,
  message: unknown,
): string {
  // Like @actions/core: falsy values (including line 0) are left out, yet the space after
  // the command name is written whenever any property key was passed.
  const keys = Object.keys(properties);
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${keys.length > 0 ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function issueCommand(command: string, properties: CommandProperties, message: unknown) {
  process.stdout.write(formatCommand(command, properties, message) + EOL);
}
