// Just enough SDP reading for scenario checks: which m-sections, with which mids.
// (The real grammar lives in src/protocol/sdp; the harness stays independent of it.)

/** One m-section as a scenario checks it. */
export interface MediaSection {
  /** `audio`, `video` or `application`. */
  kind: string;
  /** Its `a=mid`, or null. */
  mid: string | null;
  /** Its port; 0 means rejected. */
  port: number;
  /** `a=candidate:` values in the section, without the `a=` prefix. */
  candidates: string[];
}

/** The m-sections of an SDP text in order. */
export function mediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    const media = /^m=(\S+) (\d+)/.exec(line);
    if (media) {
      sections.push({ kind: media[1]!, mid: null, port: Number(media[2]), candidates: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (!current) continue;
    if (line.startsWith('a=mid:')) current.mid = line.slice('a=mid:'.length).trim();
    else if (line.startsWith('a=candidate:')) current.candidates.push(line.slice('a='.length));
  }
  return sections;
}
