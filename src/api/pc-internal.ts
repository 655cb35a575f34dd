// What the objects a peer connection owns (transceivers, senders, receivers, channels)
// may ask of it, without importing RTCPeerConnection (no import cycles).
import type { MediaRouter } from './media-router.js';

/** Services an RTCPeerConnection gives the objects it owns. */
export interface PeerConnectionHooks {
  /** [[IsClosed]] */
  isClosed(): boolean;
  /** W3C §4.7.3 "update the negotiation-needed flag". */
  updateNegotiationNeeded(): void;
  /** Chains an operation on the operations chain (W3C §4.4.1.1). */
  chain<T>(op: () => Promise<T>): Promise<T>;
  /** The RTCDtlsTransport of m-section `mid` (the bundle's unless it is not bundled), once one exists. */
  dtlsTransport(mid: string | null): unknown | null;
  /** Builds a stats report limited to a selector (a sender, receiver or null for all). */
  getStats(selector: unknown): Promise<unknown>;
  /** The cname written into descriptions. */
  cname(): string;
  /** The media routing (send path, sources, readers). */
  media(): MediaRouter;
}
