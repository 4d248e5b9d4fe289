import { escapeHtml, fence, link, table } from './markdown.ts';
import { appendSummary } from './runner.ts';

/**
 * Builds a job summary block by block. Content is the caller's to keep free of secrets;
 * appendSummary still redacts any value passed to setSecret.
 */
export class Summary {
  readonly #blocks: string[] = [];

  heading(text: string, level: 1 | 2 | 3 | 4 = 2): this {
    return this.text(`${'#'.repeat(level)} ${text.replace(/\s*\n\s*/g, ' ')}`);
  }

  /** Raw markdown, as a paragraph of its own. */
  text(markdown: string): this {
    this.#blocks.push(markdown);
    return this;
  }

  table(headers: readonly string[], rows: readonly (readonly string[])[]): this {
    return this.text(table(headers, rows));
  }

  /** A link for a table cell or a sentence. */
  static link(text: string, url: string): string {
    return link(text, url);
  }

  /** A link as a paragraph of its own. */
  link(text: string, url: string): this {
    return this.text(link(text, url));
  }

  list(items: readonly string[], ordered = false): this {
    const bullet = (i: number) => (ordered ? `${i + 1}.` : '-');
    return this.text(items.map((item, i) => `${bullet(i)} ${item.replace(/\n/g, ' ')}`).join('\n'));
  }

  /** A collapsed section; the body is markdown. */
  details(title: string, body: string): this {
    // Blank lines around the body let GitHub render it as markdown inside the HTML tag.
    return this.text(`<details><summary>${escapeHtml(title)}</summary>\n\n${body}\n\n</details>`);
  }

  /** A diagram; GitHub renders mermaid code blocks. */
  mermaid(code: string): this {
    return this.code(code, 'mermaid');
  }

  code(text: string, lang = ''): this {
    return this.text(fence(text, lang));
  }

  toString(): string {
    return this.#blocks.map((block) => `${block}\n\n`).join('');
  }

  /** Appends what was built to the job summary and starts afresh. */
  write(): void {
    appendSummary(this.toString());
    this.#blocks.length = 0;
  }
}
