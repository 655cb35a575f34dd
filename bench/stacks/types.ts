// The common, minimal surface every benchmarked stack is driven through: the W3C
// RTCPeerConnection / RTCDataChannel subset the cases use, typed structurally so one case
// runs unchanged on every stack.

/** The ids of the stacks compared, in table order (purertc first). */
export const STACK_IDS = ['purertc', 'node-datachannel', 'wrtc', 'werift'] as const;

/** One of the compared stacks. */
export type StackId = (typeof STACK_IDS)[number];

/** What `onicecandidate` hands over (W3C RTCIceCandidate subset). */
export interface IceCandidateLike {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** A session description as signalled (W3C RTCSessionDescriptionInit). */
export interface DescriptionInit {
  type: 'offer' | 'answer';
  sdp: string;
}

/** The W3C RTCDataChannel subset the cases use. */
export interface DataChannelLike {
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType?: string;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  onopen?: ((event?: unknown) => void) | null | undefined;
  onmessage?: ((event: { data: unknown }) => void) | null | undefined;
  onerror?: ((event: unknown) => void) | null | undefined;
  onclose?: ((event?: unknown) => void) | null | undefined;
}

/** The W3C RTCPeerConnection subset the cases use. */
export interface PeerConnectionLike {
  readonly connectionState?: string;
  createDataChannel(label: string, options?: { ordered?: boolean }): DataChannelLike;
  createOffer(): Promise<{ type?: string; sdp?: string }>;
  createAnswer(): Promise<{ type?: string; sdp?: string }>;
  setLocalDescription(desc: { type?: string; sdp?: string }): Promise<unknown>;
  setRemoteDescription(desc: DescriptionInit): Promise<unknown>;
  addIceCandidate(candidate: IceCandidateLike): Promise<unknown>;
  close(): unknown;
  onicecandidate?: ((event: { candidate?: IceCandidateLike | null | undefined }) => void) | null | undefined;
  ondatachannel?: ((event: { channel: DataChannelLike }) => void) | null | undefined;
}

/** An adapter: how to load a stack and make loopback-only peer connections with it. */
export interface Stack {
  readonly id: StackId;
  /** npm package the numbers come from. */
  readonly packageName: string;
  /** What the package is built on, for the report. */
  readonly description: string;
  /** Imports the package; must be awaited before `createPeerConnection`. */
  load(): Promise<void>;
  /** Installed package version (plus git revision for purertc). */
  version(): string;
  /**
   * A new peer connection with no ICE servers that gathers host candidates on loopback
   * where the stack has a knob for it (candidates are still filtered before signalling).
   */
  createPeerConnection(): PeerConnectionLike;
  /** Closes a peer connection, awaiting the stack's close if it returns a promise. */
  closePeerConnection(pc: PeerConnectionLike): Promise<void>;
  /** Process-wide teardown a real app would call before exiting (no-op for most stacks). */
  shutdown(): Promise<void>;
}
