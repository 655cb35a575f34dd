// Small textual edits of a description that must keep everything else byte-for-byte:
// adding candidate lines as they trickle in (W3C WebRTC §4.4.1.2, §4.4.1.5).

/** Appends `line` at the end of m-section `index` (0-based) of `sdp`. */
export function appendToSection(sdp: string, index: number, line: string): string {
  const lines = sdp.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let seen = -1;
  let insertAt = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('m=')) {
      seen++;
      if (seen === index + 1) {
        insertAt = i;
        break;
      }
    }
  }
  if (seen < index) return sdp;
  lines.splice(insertAt, 0, line);
  return lines.join('\r\n') + '\r\n';
}

/** Whether m-section `index` of `sdp` already has exactly this line. */
export function sectionHasLine(sdp: string, index: number, line: string): boolean {
  const sections = sdp.split(/\r\n(?=m=)/);
  const section = sections[index + 1];
  return section !== undefined && section.split('\r\n').includes(line);
}
