// Values passed to setSecret in this process. The runner masks them in logs; we also keep
// them out of the places the runner does not mask for us (job summary, step outputs).
const secrets = new Set<string>();

export function rememberSecret(value: string): void {
  if (value) secrets.add(value);
}

export function containsSecret(text: string): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}

/** Replaces every known secret in `text` with `***`, longest first so none is half-masked. */
export function redact(text: string): string {
  return redactValues(text, secrets);
}

/** Replaces each of `values` in `text` with `***`, longest first so none is half-masked. */
export function redactValues(text: string, values: Iterable<string>): string {
  return [...values]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .reduce((out, value) => out.replaceAll(value, '***'), text);
}
