import type { Parsed } from '@mlops-actions/azureml/grammar';

/**
 * `key=value` pairs, one per line, or comma separated when on one line (so a value may hold
 * commas only in the multi-line form). Values may contain `=`; blank entries are skipped.
 */
export function parseKeyValue(text: string): Parsed<Record<string, string>> {
  const entries = text.includes('\n') ? text.split(/\r?\n/) : text.split(',');
  const pairs = new Map<string, string>();
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq === -1 ? '' : entry.slice(0, eq).trim();
    if (!key) return { ok: false, problem: `'${entry}' is not key=value` };
    if (pairs.has(key)) return { ok: false, problem: `'${key}' is given twice` };
    pairs.set(key, entry.slice(eq + 1).trim());
  }
  // fromEntries defines own properties, so a key like __proto__ stays a plain key.
  return { ok: true, value: Object.fromEntries(pairs) };
}

/**
 * A JSON object or a YAML mapping. The YAML parser is loaded only for text that is not
 * JSON: importing it costs ~16 ms of start-up, which most runs need not pay.
 */
export async function parseMapping(text: string): Promise<Parsed<Record<string, unknown>>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { parse: parseYaml } = await import('yaml');
    try {
      value = parseYaml(text);
    } catch (err) {
      // yaml's first line says what and where; the rest is a source excerpt.
      const where = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      return { ok: false, problem: `it does not parse: ${where?.replace(/:$/, '')}` };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `it is ${Array.isArray(value) ? 'a list' : 'a single value'}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
