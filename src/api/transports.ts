// RTCIceTransport, RTCIceCandidatePair, RTCDtlsTransport and RTCSctpTransport
// (W3C WebRTC §5.5, §5.6, §6.1.1): read-only views of the bundle transport's engines.
// The peer connection updates them through the internal setters exported here.
import { defineEventHandlers, type EventHandler } from './event-handlers.js';
import { interfaces } from './interfaces.js';
import * as idl from './webidl.js';

/** RTCIceTransportState */
export type IceTransportState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
/** RTCIceGathererState */
export type IceGathererState = 'new' | 'gathering' | 'complete';
/** RTCDtlsTransportState */
export type DtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';
/** RTCSctpTransportState */
export type SctpTransportState = 'connecting' | 'connected' | 'closed';

/** A local/remote candidate pair. */
export class RTCIceCandidatePair {
  #local: unknown;
  #remote: unknown;
  /** Not constructible from script. */
  constructor(token: typeof idl.INTERNAL, local: unknown, remote: unknown) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    this.#local = local;
    this.#remote = remote;
  }
  /** The local candidate. */
  get local(): unknown {
    return this.#local;
  }
  /** The remote candidate. */
  get remote(): unknown {
    return this.#remote;
  }
}
idl.finishInterface(RTCIceCandidatePair, { ctorLength: 0 });
interfaces.RTCIceCandidatePair = RTCIceCandidatePair;

/** Internal state of an RTCIceTransport, written by the peer connection. */
export interface IceTransportState_ {
  role: 'unknown' | 'controlling' | 'controlled';
  state: IceTransportState;
  gatheringState: IceGathererState;
  localCandidates: unknown[];
  remoteCandidates: unknown[];
  selectedPair: RTCIceCandidatePair | null;
  localParameters: { usernameFragment: string; password: string } | null;
  remoteParameters: { usernameFragment: string; password: string } | null;
}

/** The ICE transport of the bundle. */
export class RTCIceTransport extends EventTarget {
  /** Handler for the `statechange` event. */
  declare onstatechange: EventHandler<RTCIceTransport, Event>;
  /** Handler for the `gatheringstatechange` event. */
  declare ongatheringstatechange: EventHandler<RTCIceTransport, Event>;
  /** Handler for the `selectedcandidatepairchange` event. */
  declare onselectedcandidatepairchange: EventHandler<RTCIceTransport, Event>;
  #s: IceTransportState_;
  /** Not constructible from script. */
  constructor(token: typeof idl.INTERNAL, state: IceTransportState_) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    super();
    this.#s = state;
  }
  /** RTCIceRole */
  get role(): string {
    return this.#s.role;
  }
  /** Always "rtp": rtcp-mux is required. */
  get component(): string {
    void this.#s;
    return 'rtp';
  }
  /** RTCIceTransportState */
  get state(): IceTransportState {
    return this.#s.state;
  }
  /** RTCIceGathererState */
  get gatheringState(): IceGathererState {
    return this.#s.gatheringState;
  }
  /** Local candidates gathered so far. */
  getLocalCandidates(): unknown[] {
    return [...this.#s.localCandidates];
  }
  /** Remote candidates received so far. */
  getRemoteCandidates(): unknown[] {
    return [...this.#s.remoteCandidates];
  }
  /** The selected pair, or null. */
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    return this.#s.selectedPair;
  }
  /** Local ICE parameters. */
  getLocalParameters(): unknown {
    return this.#s.localParameters ? { ...this.#s.localParameters } : null;
  }
  /** Remote ICE parameters. */
  getRemoteParameters(): unknown {
    return this.#s.remoteParameters ? { ...this.#s.remoteParameters } : null;
  }
}
defineEventHandlers(RTCIceTransport, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);
idl.finishInterface(RTCIceTransport, { ctorLength: 0 });
interfaces.RTCIceTransport = RTCIceTransport;

/** Internal state of an RTCDtlsTransport. */
export interface DtlsTransportState_ {
  state: DtlsTransportState;
  remoteCertificates: Uint8Array[];
}

/** The DTLS transport of the bundle. */
export class RTCDtlsTransport extends EventTarget {
  /** Handler for the `statechange` event. */
  declare onstatechange: EventHandler<RTCDtlsTransport, Event>;
  /** Handler for the `error` event. */
  declare onerror: EventHandler<RTCDtlsTransport, Event>;
  #ice: RTCIceTransport;
  #s: DtlsTransportState_;
  /** Not constructible from script. */
  constructor(token: typeof idl.INTERNAL, ice: RTCIceTransport, state: DtlsTransportState_) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    super();
    this.#ice = ice;
    this.#s = state;
  }
  /** The ICE transport under this DTLS transport. */
  get iceTransport(): RTCIceTransport {
    return this.#ice;
  }
  /** RTCDtlsTransportState */
  get state(): DtlsTransportState {
    return this.#s.state;
  }
  /** The remote certificate chain (DER), fresh ArrayBuffers. */
  getRemoteCertificates(): ArrayBuffer[] {
    return this.#s.remoteCertificates.map((der) => der.slice().buffer as ArrayBuffer);
  }
}
defineEventHandlers(RTCDtlsTransport, ['statechange', 'error']);
idl.finishInterface(RTCDtlsTransport, { ctorLength: 0 });
interfaces.RTCDtlsTransport = RTCDtlsTransport;

/** Internal state of an RTCSctpTransport. */
export interface SctpTransportState_ {
  state: SctpTransportState;
  maxMessageSize: number;
  maxChannels: number | null;
}

/** The SCTP transport carrying data channels. */
export class RTCSctpTransport extends EventTarget {
  /** Handler for the `statechange` event. */
  declare onstatechange: EventHandler<RTCSctpTransport, Event>;
  #dtls: () => RTCDtlsTransport;
  #s: SctpTransportState_;
  /** Not constructible from script; `dtls` names the data m-section's transport as bundling changes it. */
  constructor(token: typeof idl.INTERNAL, dtls: () => RTCDtlsTransport, state: SctpTransportState_) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    super();
    this.#dtls = dtls;
    this.#s = state;
  }
  /** The DTLS transport under SCTP. */
  get transport(): RTCDtlsTransport {
    return this.#dtls();
  }
  /** RTCSctpTransportState */
  get state(): SctpTransportState {
    return this.#s.state;
  }
  /** The largest message send() accepts (RFC 8841 §6). */
  get maxMessageSize(): number {
    return this.#s.maxMessageSize;
  }
  /** Negotiated stream count, null until connected. */
  get maxChannels(): number | null {
    return this.#s.maxChannels;
  }
}
defineEventHandlers(RTCSctpTransport, ['statechange']);
idl.finishInterface(RTCSctpTransport, { ctorLength: 0 });
interfaces.RTCSctpTransport = RTCSctpTransport;
