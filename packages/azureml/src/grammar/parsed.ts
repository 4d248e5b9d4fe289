/**
 * A parsed value, or a refusal: what was expected instead, and why the text is not it when more
 * can be said (`'a' is not key=value`).
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected?: string; problem?: string };
