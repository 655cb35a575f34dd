// Plain-text tables for the console report.

/** Renders rows (first row = header) with right-aligned columns except the first. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows.slice(1)) out.push(line(row));
  return out.join('\n');
}

/** A number with `digits` decimals, or '-' when not finite. */
export function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

/** purertc / peer as 'x1.23', '-' when either is missing, 'base' for purertc itself. */
export function ratio(ours: number | undefined, theirs: number | undefined, self: boolean): string {
  if (self) return 'base';
  if (ours === undefined || theirs === undefined || !Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return '-';
  return `x${(ours / theirs).toFixed(2)}`;
}
