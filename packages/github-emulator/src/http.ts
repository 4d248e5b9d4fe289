/** GitHub's error bodies, statuses and pagination, as the REST API (2022-11-28) writes them. */
import type { IncomingMessage } from 'node:http';

const DOCS = 'https://docs.github.com/rest';

export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.message));
    this.status = status;
    this.body = body;
  }
}

const basic = (status: number, message: string, docs = DOCS) =>
  new HttpError(status, { message, documentation_url: docs, status: String(status) });

export const requiresAuthentication = () => basic(401, 'Requires authentication');
export const badCredentials = () => basic(401, 'Bad credentials');
/** What GitHub answers a GITHUB_TOKEN that lacks the permission an operation needs. */
export const notAccessible = (docs: string) =>
  basic(403, 'Resource not accessible by integration', docs);
export const notFound = (docs = DOCS) => basic(404, 'Not Found', docs);

export interface FieldError {
  resource: string;
  field: string;
  code: 'missing_field' | 'invalid' | 'missing' | 'already_exists' | 'custom';
  message?: string;
}

export const validationFailed = (docs: string, errors: FieldError[]) =>
  new HttpError(422, { message: 'Validation Failed', errors, documentation_url: docs });

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, {
      message: 'Problems parsing JSON',
      documentation_url: DOCS,
      status: '400',
    });
  }
}

export interface Page<T> {
  items: T[];
  /** The `Link` header, when there is more than one page. */
  link?: string;
}

/** GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1). */
export function paginate<T>(all: T[], url: URL): Page<T> {
  const asked = Number(url.searchParams.get('per_page') ?? '30');
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100) : 30;
  const askedPage = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items };
  const at = (n: number) => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(n));
    return `<${next.href}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`);
  return { items, link: rels.join(', ') };
}
