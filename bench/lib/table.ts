/** The bench's one output: a Markdown table, pasted as is into docs. */

export type Verdict = 'pass' | 'fail' | '';

export interface Row {
  /** What is measured, e.g. "CDN bundle, gzip". */
  measure: string;
  /** Our figure, formatted. */
  ours: string;
  /** The reference's figure, formatted, with what the reference is. */
  reference: string;
  /** ours / reference, or another comparison named in the row. */
  ratio: string;
  /** The target, e.g. "<= 12 kB", or empty. */
  target: string;
  verdict: Verdict;
}

/** A row for a part that could not be measured, saying why. */
export function notMeasured(measure: string, why: string): Row {
  return {
    measure,
    ours: `not measured: ${why}`,
    reference: '',
    ratio: '',
    target: '',
    verdict: '',
  };
}

export function formatTable(rows: Row[]): string {
  const header = ['measure', 'ours', 'reference', 'ratio', 'target', 'verdict'];
  const lines = rows.map((row) =>
    [row.measure, row.ours, row.reference, row.ratio, row.target, row.verdict]
      .map((cell) => cell.replaceAll('|', '\\|'))
      .join(' | '),
  );
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((line) => `| ${line} |`),
  ].join('\n');
}

export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function ratio(ours: number, reference: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(reference)) return '';
  if (reference === 0) return '';
  return `${(ours / reference).toFixed(2)}x`;
}

export function verdict(passed: boolean): Verdict {
  return passed ? 'pass' : 'fail';
}

/**
 * A Markdown list item wrapped at `width` columns, continuation lines
 * indented so they stay in the item.
 */
export function listItem(text: string, width = 80): string {
  const lines: string[] = [];
  let line = '-';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > width && line.trim() !== '-') {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}
