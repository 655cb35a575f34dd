// The slice of the browser's WebRTC API that page functions use. The project compiles
// without the DOM library (it targets Node), so page code reaches the browser's globals
// through these structural types: `const page = globalThis as unknown as PageGlobals`.

/** `RTCSessionDescriptionInit`, as it travels between Node and a page. */
export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp: string;
}

/** `RTCIceCandidateInit`. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** A `MediaStreamTrack` as page code sees it. */
export interface PageTrack {
  readonly kind: string;
  readonly id: string;
  stop(): void;
}

/** A `MediaStream` as page code sees it. */
export interface PageStream {
  readonly id: string;
  getTracks(): PageTrack[];
}

/** An `RTCRtpTransceiver` as page code sees it. */
export interface PageTransceiver {
  readonly mid: string | null;
  direction: string;
  readonly currentDirection: string | null;
  readonly receiver: { readonly track: PageTrack };
  readonly sender: { readonly track: PageTrack | null };
}

/** An `RTCDataChannel` as page code sees it. */
export interface PageDataChannel extends EventTarget {
  readonly label: string;
  readonly protocol: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  readonly readyState: string;
  binaryType: string;
  send(data: string | ArrayBuffer): void;
  close(): void;
}

/** An `RTCError`, the `error` of an `RTCErrorEvent`. */
export interface PageRtcError {
  readonly name: string;
  readonly message: string;
  readonly errorDetail?: string;
  readonly sctpCauseCode?: number | null;
}

/** An `RTCPeerConnection` as page code sees it. */
export interface PagePeerConnection extends EventTarget {
  readonly signalingState: string;
  readonly iceGatheringState: string;
  readonly iceConnectionState: string;
  readonly connectionState: string;
  readonly localDescription: SessionDescription | null;
  readonly remoteDescription: SessionDescription | null;
  readonly sctp: { readonly state: string; readonly maxMessageSize: number | null } | null;
  createDataChannel(label: string, init?: object): PageDataChannel;
  addTransceiver(kindOrTrack: string | PageTrack, init?: object): PageTransceiver;
  addTrack(track: PageTrack, ...streams: PageStream[]): unknown;
  getTransceivers(): PageTransceiver[];
  createOffer(options?: object): Promise<SessionDescription>;
  createAnswer(options?: object): Promise<SessionDescription>;
  setLocalDescription(description?: SessionDescription): Promise<void>;
  setRemoteDescription(description: SessionDescription): Promise<void>;
  addIceCandidate(candidate?: IceCandidateInit): Promise<void>;
  close(): void;
}

/**
 * The page's global object. Page functions may keep state between `evaluate` calls
 * in its other properties (`page.pc = ...`), as a page script would.
 */
export interface PageGlobals {
  RTCPeerConnection: new (configuration?: object) => PagePeerConnection;
  navigator: {
    readonly userAgent: string;
    readonly mediaDevices: { getUserMedia(constraints: { audio?: boolean; video?: boolean }): Promise<PageStream> };
  };
  crypto: { subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
  [state: string]: unknown;
}
