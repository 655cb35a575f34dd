// Which m-sections share a transport: for each mid, the mid whose transport it uses (its
// BUNDLE tag, or itself when it is not bundled). The W3C API gives each distinct one its
// own RTCDtlsTransport (W3C §5.2 sender.transport, §5.3 receiver.transport).
import type { ParsedDescription } from './remote.js';

/** RTCBundlePolicy */
export type BundlePolicyName = 'balanced' | 'max-compat' | 'max-bundle';

/** The descriptions of a session that decide the transports (a JsepSession's fields). */
export interface TransportDescriptions {
  signalingState: string;
  pendingLocal: { type: string; parsed: ParsedDescription } | null;
  currentLocal: { type: string; parsed: ParsedDescription } | null;
  pendingRemote: { type: string; parsed: ParsedDescription } | null;
  currentRemote: { type: string; parsed: ParsedDescription } | null;
}

/** The first BUNDLE group of a description, without its rejected m-sections. */
function acceptedGroup(d: ParsedDescription): string[] {
  const group = d.bundle ?? [];
  return group.filter((mid) => d.sections.some((s) => s.mid === mid && !s.rejected));
}

/** The answer (or pranswer) that last settled the transports, if any. */
function settlingAnswer(s: TransportDescriptions): ParsedDescription | undefined {
  if (s.signalingState === 'have-local-pranswer') return s.pendingLocal?.parsed;
  if (s.signalingState === 'have-remote-pranswer') return s.pendingRemote?.parsed;
  if (s.currentLocal?.type === 'answer') return s.currentLocal.parsed;
  if (s.currentRemote?.type === 'answer') return s.currentRemote.parsed;
  return undefined;
}

/**
 * The mid whose transport the m-section `mid` uses now. A negotiated BUNDLE group (the
 * answer's, RFC 8843 §7.3.1) puts its members on the transport of its tag, its first mid.
 * In our own offer, before an answer says which are bundled, an m-section outside the
 * negotiated group uses (JSEP §4.1.1, §5.2.1): under max-bundle the offer's tag; under
 * balanced its own if it is the first of its media type, else the tag (the others are
 * bundle-only); under max-compat its own.
 */
export function transportTagOf(s: TransportDescriptions, policy: BundlePolicyName, mid: string): string {
  const answer = settlingAnswer(s);
  const negotiated = answer ? acceptedGroup(answer) : [];
  if (negotiated.includes(mid)) return negotiated[0]!;
  const offer = s.signalingState === 'have-local-offer' ? s.pendingLocal?.parsed : undefined;
  if (!offer) return mid;
  const group = acceptedGroup(offer);
  if (!group.includes(mid) || policy === 'max-compat') return mid;
  const tag = negotiated[0] ?? group[0]!;
  if (policy === 'max-bundle') return tag;
  const section = offer.sections.find((x) => x.mid === mid);
  const firstOfKind = offer.sections.find((x) => x.kind === section?.kind && !x.rejected);
  return firstOfKind?.mid === mid ? mid : tag;
}

/** The tag of the transport that carries media and data: the bundle's (see transportTagOf). */
export function primaryTagOf(s: TransportDescriptions, policy: BundlePolicyName): string | undefined {
  const answer = settlingAnswer(s);
  const offer = s.signalingState === 'have-local-offer' ? s.pendingLocal?.parsed : undefined;
  const negotiated = answer ? acceptedGroup(answer)[0] : undefined;
  const first = (offer ?? answer)?.sections.find((x) => !x.rejected)?.mid ?? undefined;
  const mid = negotiated ?? first;
  return mid === undefined ? undefined : transportTagOf(s, policy, mid);
}
