// Small textual edits of a description that must keep everything else byte-for-byte:
// adding candidate lines as they trickle in (W3C WebRTC §4.4.1.2, §4.4.1.5). Works with
// CRLF (RFC 8866) and with the bare LF some peers send, keeping whichever the text uses.
// The text is searched, not split into lines: a trickled candidate costs one scan.

/** Offset of the first m= line that starts after `from` (or at 0), or -1. */
function nextMLine(sdp: string, from: number): number {
  const i = sdp.indexOf('\nm=', from);
  return i < 0 ? -1 : i + 1;
}

/** Offsets [start, end) of m-section `index` (0-based): from its m= line to the next one. */
function sectionRange(sdp: string, index: number): [number, number] | null {
  let seen = -1;
  let start = -1;
  for (let at = sdp.startsWith('m=') ? 0 : nextMLine(sdp, 0); at >= 0; at = nextMLine(sdp, at)) {
    seen++;
    if (seen === index) start = at;
    else if (seen === index + 1) return [start, at];
  }
  return start < 0 ? null : [start, sdp.length];
}

/** Appends `line` at the end of m-section `index` (0-based) of `sdp`. */
export function appendToSection(sdp: string, index: number, line: string): string {
  const range = sectionRange(sdp, index);
  if (!range) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const end = range[1];
  // A last line without its line break gets one before the new line.
  const before = end > 0 && sdp[end - 1] !== '\n' ? eol : '';
  return sdp.slice(0, end) + before + line + eol + sdp.slice(end);
}

/** Whether m-section `index` of `sdp` already has exactly this line. */
export function sectionHasLine(sdp: string, index: number, line: string): boolean {
  const range = sectionRange(sdp, index);
  if (!range) return false;
  const [start, end] = range;
  for (let at = sdp.indexOf(line, start); at >= 0 && at + line.length <= end; at = sdp.indexOf(line, at + 1)) {
    const after = sdp[at + line.length];
    if (sdp[at - 1] === '\n' && (after === undefined || after === '\r' || after === '\n')) return true;
  }
  return false;
}
