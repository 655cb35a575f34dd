// What a local description may differ in from the one createOffer/createAnswer made. The
// W3C spec (§4.4.1.5 setLocalDescription) rejects any difference with
// InvalidModificationError; Chromium, Firefox and Safari apply edited descriptions instead
// (w3c/webrtc-pc#2907), and code written for browsers relies on it. purertc applies the
// edited text as Chromium does and refuses what Chromium refuses, with the same error name
// at the same step: test/fixtures/sdp-munging/chromium-outcomes.json holds what Chromium
// did with each edit (interop/capture-munging.ts captures it).
import { DescriptionError, type ParsedDescription, type ParsedSection } from './remote.js';

/** Chromium's message for an edit it refuses. */
const MODIFIED = 'SDP is modified in a non-acceptable way';

/** The first a=fingerprint line of a text, as far as its line end; null without one. */
function firstFingerprintLine(sdp: string): string | null {
  const at = sdp.indexOf('\na=fingerprint:');
  if (at < 0) return null;
  const end = sdp.indexOf('\n', at + 1);
  return sdp.slice(at + 1, end < 0 ? sdp.length : end).replace(/\r$/, '');
}

/**
 * Chromium's first check: a local description that carries a fingerprint must carry the
 * first fingerprint of the last description created of its type (none created: refused). A
 * description from another peer connection, or another certificate, fails here.
 */
export function checkFingerprintKept(sdp: string, created: string | null): void {
  const mine = firstFingerprintLine(sdp);
  if (mine === null) return;
  if (created === null || firstFingerprintLine(created) !== mine) {
    throw new DescriptionError('invalid-modification', 'The SDP does not match the previously generated SDP for this type');
  }
}

/**
 * Edits Chromium refuses once the description is valid: another number of m-sections than
 * the description created (an offer created before the last one counts as edited), and a
 * changed a=sctp-init (SNAP, draft-hancke-tsvwg-snap: the INIT chunk is the association's).
 */
export function checkEditsAllowed(applied: ParsedDescription, created: ParsedDescription): void {
  if (applied.sections.length !== created.sections.length) throw new DescriptionError('invalid-modification', MODIFIED);
  created.sections.forEach((c, i) => {
    const a = applied.sections[i]!;
    if (c.kind === 'application' && a.kind === 'application' && c.sctpInit !== a.sctpInit) {
      throw new DescriptionError('invalid-modification', MODIFIED);
    }
  });
}

/** The m-section whose transport the bundle uses: the BUNDLE tag's, else the first in use. */
export function transportSection(d: ParsedDescription): ParsedSection | undefined {
  const tag = d.bundle?.[0];
  return d.sections.find((s) => s.mid === tag && !s.rejected) ?? d.sections.find((s) => !s.rejected);
}

/** The DTLS role an m-section's a=setup states; null when absent. */
function setupOf(d: ParsedDescription): string | null {
  return transportSection(d)?.setup ?? null;
}

/**
 * RFC 8842 §5.3 / RFC 4145 §4.1: an answer says active or passive, and the opposite of an
 * offer that chose a role. A local answer that breaks this fails when applied
 * (OperationError in Chromium).
 */
export function checkLocalAnswerSetup(answer: ParsedDescription, offer: ParsedDescription): void {
  const ours = setupOf(answer);
  const theirs = setupOf(offer);
  if (ours === null) return;
  if (ours !== 'active' && ours !== 'passive') {
    throw new DescriptionError('operation', 'Answerer must use either active or passive value for setup attribute.');
  }
  if (theirs === 'active' && ours !== 'passive') throw new DescriptionError('operation', 'Answerer must be passive when offerer is active');
  if (theirs === 'passive' && ours !== 'active') throw new DescriptionError('operation', 'Answerer must be active when offerer is passive');
}

/**
 * RFC 8842 §5.2, §5.3: an offerer writes actpass, an answerer active or passive. Applying a
 * remote answer checks both (InvalidAccessError in Chromium): a local offer edited to
 * active or passive is only found out here.
 */
export function checkRemoteAnswerSetup(answer: ParsedDescription, localOffer: ParsedDescription): void {
  const theirs = setupOf(answer);
  if (theirs !== null && theirs !== 'active' && theirs !== 'passive') {
    throw new DescriptionError('invalid-access', 'Answerer must use either active or passive value for setup attribute.');
  }
  const ours = setupOf(localOffer);
  if (ours !== null && ours !== 'actpass') throw new DescriptionError('invalid-access', 'Offerer must use actpass value for setup attribute.');
}
