// Small textual edits of a description that must keep everything else byte-for-byte:
// adding candidate lines as they trickle in (W3C WebRTC §4.4.1.2, §4.4.1.5). Works with
// CRLF (RFC 8866) and with the bare LF some peers send, keeping whichever the text uses.

function splitLines(sdp: string): { lines: string[]; eol: string } {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines, eol };
}

/** Index range [start, end) of the lines of m-section `index` (0-based), or null. */
function sectionRange(lines: string[], index: number): [number, number] | null {
  let seen = -1;
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('m=')) continue;
    seen++;
    if (seen === index) start = i;
    else if (seen === index + 1) return [start, i];
  }
  return start < 0 ? null : [start, lines.length];
}

/** Appends `line` at the end of m-section `index` (0-based) of `sdp`. */
export function appendToSection(sdp: string, index: number, line: string): string {
  const { lines, eol } = splitLines(sdp);
  const range = sectionRange(lines, index);
  if (!range) return sdp;
  lines.splice(range[1], 0, line);
  return lines.join(eol) + eol;
}

/** Whether m-section `index` of `sdp` already has exactly this line. */
export function sectionHasLine(sdp: string, index: number, line: string): boolean {
  const { lines } = splitLines(sdp);
  const range = sectionRange(lines, index);
  return range !== null && lines.slice(range[0], range[1]).includes(line);
}
