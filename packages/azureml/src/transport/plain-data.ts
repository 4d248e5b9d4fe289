/** Helpers for JSON-shaped data: request bodies, responses, specs. */

/** Drops absent fields (deeply) so a body, and what tests compare, holds only what was set. */
export function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
