/** `text` cut to at most `max` characters (code points kept whole), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The first `max` items, and "and N more" for the rest. */
export function listWithMore(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  const shown = Math.max(0, max - 1);
  return [...items.slice(0, shown), `and ${items.length - shown} more`];
}

/** UTF-8 size of `value` as JSON. */
export const jsonBytes = (value: unknown): number =>
  Buffer.byteLength(JSON.stringify(value), 'utf8');
