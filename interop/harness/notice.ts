// A notice that nobody scrolling CI output can miss.

/** Prints `lines` inside a banner on stderr. */
export function loudNotice(lines: readonly string[]): void {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '#'.repeat(width + 10);
  const body = lines.map((line) => `###  ${line.padEnd(width)}  ###`);
  process.stderr.write(['', rule, ...body, rule, ''].join('\n') + '\n');
}
