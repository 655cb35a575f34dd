// The RTCDtlsTransport of each m-section. The bundle's transport is the one the stack runs
// (TransportLink's); an m-section that is not bundled with it (our offer under balanced or
// max-compat before the answer, or an answer without BUNDLE) gets its own RTCDtlsTransport
// and RTCIceTransport objects, as the W3C API requires (§5.2, §5.3). Those carry nothing:
// the stack runs the one transport, and such objects stay "new" until bundling or close()
// closes them (JSEP §5.3.1 / RFC 8843 §7.3.3: an m-section moved into the bundle drops its
// transport).
import { transportTags, type BundlePolicyName, type TransportDescriptions, type TransportTags } from '../jsep/transport-tags.js';
import { RTCDtlsTransport, RTCIceTransport, type DtlsTransportState_, type IceTransportState_ } from './transports.js';
import * as idl from './webidl.js';

interface Extra {
  dtls: RTCDtlsTransport;
  dtlsState: DtlsTransportState_;
  iceState: IceTransportState_;
}

/** The per-m-section transport objects beside the bundle's. */
export class SectionTransports {
  readonly #extras = new Map<string, Extra>();
  /** The tags as the last prune() (after each applied description) computed them. */
  #tags: TransportTags = { tagOf: new Map(), primary: undefined };

  /** The RTCDtlsTransport m-section `mid` uses, given the bundle's (null before it exists). */
  transportOf(mid: string | null, bundle: RTCDtlsTransport | null): RTCDtlsTransport | null {
    if (bundle === null || mid === null) return bundle;
    const tag = this.#tags.tagOf.get(mid) ?? mid;
    if (tag === this.#tags.primary) return bundle;
    let extra = this.#extras.get(tag);
    if (!extra) {
      const iceState: IceTransportState_ = {
        role: 'unknown', state: 'new', gatheringState: 'new', localCandidates: [], remoteCandidates: [],
        selectedPair: null, localParameters: null, remoteParameters: null,
      };
      const dtlsState: DtlsTransportState_ = { state: 'new', remoteCertificates: [] };
      const ice = new RTCIceTransport(idl.INTERNAL, iceState);
      extra = { dtls: new RTCDtlsTransport(idl.INTERNAL, ice, dtlsState), dtlsState, iceState };
      this.#extras.set(tag, extra);
    }
    return extra.dtls;
  }

  /** After a description is applied: new tags; closes the objects of tags no m-section uses now. */
  prune(s: TransportDescriptions, policy: BundlePolicyName, mids: Iterable<string>): void {
    this.#tags = transportTags(s, policy);
    const used = new Set<string>();
    for (const mid of mids) used.add(this.#tags.tagOf.get(mid) ?? mid);
    for (const [tag, extra] of this.#extras) {
      if (used.has(tag) && tag !== this.#tags.primary) continue;
      this.#closeOne(extra);
      this.#extras.delete(tag);
    }
  }

  /** pc.close(): every transport is closed at once, without events (W3C §4.4.1.5). */
  close(): void {
    for (const extra of this.#extras.values()) this.#closeOne(extra);
  }

  #closeOne(extra: Extra): void {
    extra.dtlsState.state = 'closed';
    extra.iceState.state = 'closed';
  }
}
