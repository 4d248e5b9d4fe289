// Markdown fragments shared by the job summary and the generated docs.

/** A table cell: `|` would end the cell and a newline the row. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function link(text: string, url: string): string {
  const label = text.replace(/[[\]]/g, '\\$&');
  return `[${label}](${url.replace(/[ ()]/g, encodeURIComponent)})`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fence(body: string, lang = ''): string {
  const longestRun = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longestRun + 1);
  return `${marks}${lang}\n${body}\n${marks}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
