/** A plain-text table with aligned columns (numbers right-aligned), for terminals and logs. */

export type Cell = string | number;

export function textTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...text.map(line)].join('\n');
}

/** Integers as they are; other numbers with at most two decimals. */
export const formatNumber = (x: number): string =>
  Number.isInteger(x) ? String(x) : Number.isFinite(x) ? x.toFixed(2) : String(x);
