// Remote ICE candidates whose address is an mDNS name (draft-ietf-mmusic-mdns-ice-candidates
// §3.2: a UUID followed by ".local"), and the candidate with the name replaced by the
// address an mDNS query found.
import { parseCandidate, serializeCandidate } from '../sdp/candidate.js';

/**
 * The `.local` name a candidate attribute value names as its address (RFC 6762 §3: names
 * ending in ".local." are link-local), or undefined for an IP literal or an unparsable one.
 */
export function mdnsCandidateName(candidate: string): string | undefined {
  try {
    const c = parseCandidate(candidate);
    return /^[^.\s]+(?:\.[^.\s]+)*\.local\.?$/i.test(c.address) ? c.address : undefined;
  } catch {
    return undefined;
  }
}

/** The candidate with its address replaced (same foundation, priority, type and port). */
export function candidateWithAddress(candidate: string, address: string): string {
  return serializeCandidate({ ...parseCandidate(candidate), address });
}
