// The Node side of interop scenarios: purertc's RTCPeerConnection, loaded from the source
// tree. It is imported lazily and checked at run time so that a scenario reports a clear
// failure (rather than the whole suite failing to load or to typecheck) while the API is
// still being written.
import type { IceCandidateInit, SessionDescription } from './page-types.js';

/** The W3C RTCRtpTransceiver members the scenarios read. */
export interface NodeTransceiver {
  readonly mid: string | null;
  readonly direction: string;
  readonly currentDirection: string | null;
  readonly receiver: { readonly track: { readonly kind: string } };
}

/** The W3C RTCDataChannel members the scenarios use. */
export interface NodeDataChannel extends EventTarget {
  readonly label: string;
  readonly protocol: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  readonly readyState: string;
  binaryType: string;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(): void;
}

/** The W3C RTCPeerConnection members the scenarios use. */
export interface NodePeerConnection extends EventTarget {
  readonly signalingState: string;
  readonly iceGatheringState: string;
  readonly iceConnectionState: string;
  readonly connectionState: string;
  readonly localDescription: SessionDescription | null;
  readonly remoteDescription: SessionDescription | null;
  readonly sctp: { readonly state: string; readonly maxMessageSize: number } | null;
  createDataChannel(label: string, init?: object): NodeDataChannel;
  addTransceiver(kind: string, init?: object): NodeTransceiver;
  getTransceivers(): NodeTransceiver[];
  createOffer(options?: object): Promise<SessionDescription>;
  createAnswer(options?: object): Promise<SessionDescription>;
  setLocalDescription(description?: SessionDescription): Promise<void>;
  setRemoteDescription(description: SessionDescription): Promise<void>;
  addIceCandidate(candidate?: IceCandidateInit): Promise<void>;
  getStats(): Promise<Map<string, Record<string, unknown>>>;
  close(): void;
}

/** The constructor, as `new RTCPeerConnection(configuration)`. */
export type NodePeerConnectionConstructor = new (configuration?: object) => NodePeerConnection;

/** purertc's `RTCPeerConnection` export; throws a readable error while it does not exist. */
export async function loadRTCPeerConnection(): Promise<NodePeerConnectionConstructor> {
  // The module's shape is only known at run time while src/ is under construction.
  const exports = (await import('../../src/index.js')) as unknown as Record<string, unknown>;
  const constructor = exports.RTCPeerConnection;
  if (typeof constructor !== 'function') {
    throw new Error('src/index.ts does not export RTCPeerConnection (yet)');
  }
  return constructor as NodePeerConnectionConstructor;
}

/** A description as a plain `{ type, sdp }`, whatever object the implementation returns. */
export function plainDescription(description: SessionDescription | null, what: string): SessionDescription {
  if (!description) throw new Error(`${what} is null`);
  return { type: description.type, sdp: description.sdp };
}
