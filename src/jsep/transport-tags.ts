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
  const accepted = new Set(d.sections.flatMap((x) => (x.rejected || x.mid === null ? [] : [x.mid])));
  return (d.bundle ?? []).filter((mid) => accepted.has(mid));
}

/** The answer (or pranswer) that last settled the transports, if any. */
function settlingAnswer(s: TransportDescriptions): ParsedDescription | undefined {
  if (s.signalingState === 'have-local-pranswer') return s.pendingLocal?.parsed;
  if (s.signalingState === 'have-remote-pranswer') return s.pendingRemote?.parsed;
  if (s.currentLocal?.type === 'answer') return s.currentLocal.parsed;
  if (s.currentRemote?.type === 'answer') return s.currentRemote.parsed;
  return undefined;
}

/** Which transport each m-section uses: the mid of its transport, by mid; and the bundle's. */
export interface TransportTags {
  /** For each mid the descriptions name, the mid whose transport it uses. */
  tagOf: Map<string, string>;
  /** The tag of the transport that carries media and data (the bundle's), if any. */
  primary: string | undefined;
}

/**
 * Which m-sections share a transport now (one pass over the descriptions). A negotiated
 * BUNDLE group (the answer's, RFC 8843 §7.3.1) puts its members on the transport of its
 * tag, its first mid. In our own offer, before an answer says which are bundled, an
 * m-section outside the negotiated group uses (JSEP §4.1.1, §5.2.1): under max-bundle the
 * offer's tag; under balanced its own if it is the first of its media type, else the tag
 * (the others are bundle-only); under max-compat its own. Any other mid uses its own.
 */
export function transportTags(s: TransportDescriptions, policy: BundlePolicyName): TransportTags {
  const tagOf = new Map<string, string>();
  const answer = settlingAnswer(s);
  const negotiated = answer ? acceptedGroup(answer) : [];
  for (const mid of negotiated) tagOf.set(mid, negotiated[0]!);
  const offer = s.signalingState === 'have-local-offer' ? s.pendingLocal?.parsed : undefined;
  if (offer) {
    const group = new Set(acceptedGroup(offer));
    const tag = negotiated[0] ?? acceptedGroup(offer)[0];
    const kindsSeen = new Set<string>();
    for (const x of offer.sections) {
      if (x.mid === null || x.rejected) continue;
      const first = !kindsSeen.has(x.kind);
      kindsSeen.add(x.kind);
      if (tagOf.has(x.mid)) continue;
      const bundled = group.has(x.mid) && tag !== undefined && (policy === 'max-bundle' || (policy === 'balanced' && !first));
      tagOf.set(x.mid, bundled ? tag : x.mid);
    }
  }
  const first = negotiated[0] ?? (offer ?? answer)?.sections.find((x) => !x.rejected && x.mid !== null)?.mid ?? undefined;
  return { tagOf, primary: first === undefined ? undefined : (tagOf.get(first) ?? first) };
}

/** The mid whose transport m-section `mid` uses now (see transportTags). */
export function transportTagOf(s: TransportDescriptions, policy: BundlePolicyName, mid: string): string {
  return transportTags(s, policy).tagOf.get(mid) ?? mid;
}

/** The tag of the transport that carries media and data: the bundle's (see transportTags). */
export function primaryTagOf(s: TransportDescriptions, policy: BundlePolicyName): string | undefined {
  return transportTags(s, policy).primary;
}
