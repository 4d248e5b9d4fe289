import path from 'node:path';

/** Area name -> the path globs that belong to it (a shared path may be in every area). */
export type Areas = Record<string, string[]>;

/**
 * `areas` as the input gives it (a map of a glob or a list of globs) -> Areas, or the reason it
 * is not one.
 */
export function parseAreas(raw: Record<string, unknown>): { areas: Areas } | { problem: string } {
  const areas: Areas = {};
  for (const [name, value] of Object.entries(raw)) {
    const globs = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(globs) ||
      globs.length === 0 ||
      !globs.every((g) => typeof g === 'string' && g.trim() !== '')
    ) {
      return { problem: `area ${JSON.stringify(name)} maps to ${describe(value)}` };
    }
    areas[name] = globs.map((g: string) => g.trim());
  }
  return { areas };
}

const describe = (value: unknown): string =>
  Array.isArray(value)
    ? 'a list that is not all globs'
    : value === null
      ? 'nothing'
      : `a ${typeof value}`;

export const matchesAny = (file: string, globs: readonly string[]): boolean =>
  globs.some((glob) => path.posix.matchesGlob(file, glob));

/** The areas any changed file belongs to, in the order `areas` declares them. */
export function changedAreas(areas: Areas, files: readonly string[]): string[] {
  return Object.entries(areas)
    .filter(([, globs]) => files.some((file) => matchesAny(file, globs)))
    .map(([name]) => name);
}
