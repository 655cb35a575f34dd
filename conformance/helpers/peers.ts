// The peer connections the conformance tests put side by side: purertc and the native
// stacks, seen through the slice of the W3C API the tests use. Each native stack is
// described once here, with the places where its W3C surface is known to differ from the
// spec, so the scenarios can stay strict about purertc and honest about the others.
import wrtc from '@roamhq/wrtc';
import { RTCPeerConnection as NdcPeerConnection } from 'node-datachannel/polyfill';
import { RTCPeerConnection as PureRTCPeerConnection } from '../../src/index.js';
import { installLoopbackGuard } from './loopback.js';

// Host candidates of purertc stay on loopback (read when a peer connection gathers).
process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';
installLoopbackGuard();

/** An event as the tests read it (Node's Event, or a native stack's look-alike). */
export interface EventLike {
  readonly type: string;
}

/** Listener registration, which every stack's EventTarget has (wrtc's has nothing more). */
export interface Target {
  addEventListener(type: string, listener: (e: never) => void): void;
  removeEventListener(type: string, listener: (e: never) => void): void;
}

/** RTCDataChannelInit. */
export interface ChannelInit {
  ordered?: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol?: string;
  negotiated?: boolean;
  id?: number;
}

/** The RTCDataChannel attributes and methods the tests use. */
export interface ChannelLike extends Target {
  readonly label: string;
  readonly protocol: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly negotiated: boolean;
  readonly readyState: string;
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(): void;
}

/** RTCSessionDescriptionInit. */
export interface DescriptionInit {
  type: string;
  sdp: string;
}

/** RTCIceCandidateInit. */
export interface CandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** The RTCPeerConnection attributes and methods the tests use. */
export interface PeerLike extends Target {
  createDataChannel(label: string, init?: ChannelInit): ChannelLike;
  createOffer(): Promise<DescriptionInit>;
  createAnswer(): Promise<DescriptionInit>;
  setLocalDescription(d: DescriptionInit): Promise<void>;
  setRemoteDescription(d: DescriptionInit): Promise<void>;
  addIceCandidate(c: CandidateInit): Promise<void>;
  readonly localDescription: DescriptionInit | null;
  readonly remoteDescription: DescriptionInit | null;
  readonly connectionState: string;
  readonly iceConnectionState: string;
  readonly signalingState: string;
  readonly sctp: { readonly maxMessageSize: number; readonly state?: string } | null;
  close(): void;
}

/** How a stack reports a channel's configuration, with its quirks undone. */
export interface ChannelParams {
  ordered: boolean;
  maxRetransmits: number | null;
  maxPacketLifeTime: number | null;
  negotiated: boolean;
  id: number | null;
}

/** A WebRTC stack under test. */
export interface Stack {
  /** Short name used in test titles. */
  name: string;
  /** A new peer connection with no ICE servers, gathering on loopback where the stack can. */
  create(): PeerLike;
  /** The channel's configuration as the stack reports it, normalised to the W3C types. */
  params(channel: ChannelLike): ChannelParams;
  /** Whether a channel the remote opened reports the reliability the remote asked for. */
  reportsRemoteReliability: boolean;
  /** Whether a channel fires `closing` when the remote starts closing it (W3C §6.2). */
  firesClosingOnRemoteClose: boolean;
  /** Whether channels fire `error` then `close` when the remote peer connection closes. */
  firesErrorOnRemotePcClose: boolean;
  /** Whether a channel created while SCTP is up starts "connecting" and fires `open` (W3C §6.2). */
  firesOpenWhenCreatedConnected: boolean;
  /**
   * Whether messages that arrive just before the remote resets the stream still reach the
   * application (RFC 8831 §6.7 closes a channel only after its data).
   */
  deliversDataBeforeRemoteReset: boolean;
}

const plainParams = (c: ChannelLike): ChannelParams => ({
  ordered: c.ordered,
  maxRetransmits: c.maxRetransmits,
  maxPacketLifeTime: c.maxPacketLifeTime,
  negotiated: c.negotiated,
  id: c.id,
});

/** purertc itself: the stack every assertion is strict about. */
export const purertc: Stack = {
  name: 'purertc',
  create: () => new PureRTCPeerConnection() as unknown as PeerLike,
  params: plainParams,
  reportsRemoteReliability: true,
  firesClosingOnRemoteClose: true,
  firesErrorOnRemotePcClose: true,
  firesOpenWhenCreatedConnected: true,
  deliversDataBeforeRemoteReset: true,
};

/**
 * libdatachannel through node-datachannel's W3C polyfill, bound to 127.0.0.1 (its
 * nonstandard `bindAddress`, passed through to rtc::Configuration). The polyfill builds a
 * channel announced by the remote without its options, so such a channel reports the
 * defaults (ordered, no limits) whatever DCEP carried. Messages that reach it just before
 * the remote's stream reset can be lost between libdatachannel and the JS callbacks even
 * though its SCTP stack acknowledged them (seen with purertc, which sends the reset right
 * behind the data; RFC 6525 §5.2.2 makes the receiver defer the reset, so the wire is fine).
 * The polyfill reads a channel's id once, at creation: a channel created before the DTLS
 * role is known keeps reporting 65535.
 */
export const nodeDatachannel: Stack = {
  name: 'libdatachannel',
  create: () =>
    new NdcPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' } as unknown as ConstructorParameters<typeof NdcPeerConnection>[0]) as unknown as PeerLike,
  params: (c) => ({ ...plainParams(c), id: c.id === 65535 ? null : c.id }),
  reportsRemoteReliability: false,
  firesClosingOnRemoteClose: true,
  firesErrorOnRemotePcClose: false,
  firesOpenWhenCreatedConnected: true,
  deliversDataBeforeRemoteReset: false,
};

const WRTC_UNSET = 65535;

/**
 * libwebrtc through @roamhq/wrtc. It gathers on every interface (loopback included); only
 * its loopback candidates are signalled (see loopback.ts). Its bindings report an unset
 * maxRetransmits/maxPacketLifeTime as 65535 (libwebrtc's deprecated uint16 getters) and
 * an unassigned id as -1. A channel created while SCTP is up is "open" at once and never
 * fires `open`; a remote close fires `close` without `closing`.
 */
export const libwebrtc: Stack = {
  name: 'libwebrtc',
  create: () => new wrtc.RTCPeerConnection({ iceServers: [] }) as unknown as PeerLike,
  params: (c) => ({
    ordered: c.ordered,
    maxRetransmits: c.maxRetransmits === WRTC_UNSET ? null : c.maxRetransmits,
    maxPacketLifeTime: c.maxPacketLifeTime === WRTC_UNSET ? null : c.maxPacketLifeTime,
    negotiated: c.negotiated,
    id: c.id === -1 ? null : c.id,
  }),
  reportsRemoteReliability: true,
  firesClosingOnRemoteClose: false,
  firesErrorOnRemotePcClose: false,
  firesOpenWhenCreatedConnected: false,
  deliversDataBeforeRemoteReset: true,
};

/** The native stacks purertc is run against. */
export const nativeStacks: readonly Stack[] = [nodeDatachannel, libwebrtc];
