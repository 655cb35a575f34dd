// RTCPeerConnection (W3C WebRTC §4): a thin adapter that converts arguments, runs the
// operations chain, delegates signaling to jsep/ and fires events at the spec's moments.
import { randomIceChars, randomUint32 } from '../crypto/index.js';
import { DescriptionError, readDescription, validateDescription, type ParsedDescription } from '../jsep/remote.js';
import { JsepSession, type ApplyResult, type StoredDescription } from '../jsep/session.js';
import type { Direction } from '../jsep/model.js';
import { certificateInternals, generateCertificate, prepareDefaultCertificate, takeDefaultCertificate, type RTCCertificate } from './certificate.js';
import { configurationToDict, toConfiguration, type Configuration } from './configuration.js';
import { ChannelRegistry } from './channel-registry.js';
import type { RTCDataChannel } from './data-channel.js';
import { RTCError } from './error.js';
import { defineEventHandlers, type EventHandler } from './event-handlers.js';
import {
  RTCPeerConnectionIceEvent,
  RTCTrackEvent,
  type RTCDataChannelEvent,
  type RTCPeerConnectionIceErrorEvent,
} from './events.js';
import { RTCIceCandidate } from './ice-candidate.js';
import { interfaces } from './interfaces.js';
import { MediaStream } from './media-stream.js';
import { MediaStreamTrack } from './media-stream-track.js';
import { newSnapInit } from '../protocol/sctp/index.js';
import { parseCandidate } from '../protocol/sdp/candidate.js';
import { OperationsChain, nextTask, queueTask } from './operations.js';
import * as dicts from './pc-dictionaries.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import { RTCRtpReceiver } from './rtp-receiver.js';
import { RTCRtpSender, encodingDict, keepSenderEncodings, senderEncodings, validateSendEncodings, type Encoding } from './rtp-sender.js';
import { RTCRtpTransceiver, directionEnum } from './rtp-transceiver.js';
import { RTCSessionDescription } from './session-description.js';
import { createStatsReport } from './stats-report.js';
import { PeerConnectionStats } from './stats/report.js';
import type { RTCSctpTransport } from './transports.js';
import { LOCAL_MAX_MESSAGE_SIZE, TransportLink } from './transport-link.js';
import { MediaRouter } from './media-router.js';
import { Transceivers } from './transceivers.js';
import * as idl from './webidl.js';

const transceiverInit = idl.dictionary('RTCRtpTransceiverInit', {
  direction: { type: directionEnum, default: 'sendrecv' },
  streams: { type: idl.sequence(idl.interfaceType('MediaStream', MediaStream)), default: () => [] },
  sendEncodings: { type: idl.sequence(encodingDict), default: () => [] },
});

type Callback = (...args: unknown[]) => void;


function descriptionErrorToException(e: unknown): unknown {
  if (!(e instanceof DescriptionError)) return e;
  if (e.kind === 'syntax') {
    const init: Record<string, unknown> = { errorDetail: 'sdp-syntax-error' };
    if (e.lineNumber !== undefined) init.sdpLineNumber = e.lineNumber;
    return new RTCError(init as never, e.message);
  }
  const names = {
    'invalid-state': 'InvalidStateError',
    'invalid-modification': 'InvalidModificationError',
    'invalid-access': 'InvalidAccessError',
    operation: 'OperationError',
  } as const;
  return new DOMException(e.message, names[e.kind]);
}

/** A connection between this Node process and a remote peer. */
export class RTCPeerConnection extends EventTarget {
  /** Handler for the `negotiationneeded` event. */
  declare onnegotiationneeded: EventHandler<RTCPeerConnection, Event>;
  /** Handler for the `icecandidate` event. */
  declare onicecandidate: EventHandler<RTCPeerConnection, RTCPeerConnectionIceEvent>;
  /** Handler for the `icecandidateerror` event. */
  declare onicecandidateerror: EventHandler<RTCPeerConnection, RTCPeerConnectionIceErrorEvent>;
  /** Handler for the `signalingstatechange` event. */
  declare onsignalingstatechange: EventHandler<RTCPeerConnection, Event>;
  /** Handler for the `iceconnectionstatechange` event. */
  declare oniceconnectionstatechange: EventHandler<RTCPeerConnection, Event>;
  /** Handler for the `icegatheringstatechange` event. */
  declare onicegatheringstatechange: EventHandler<RTCPeerConnection, Event>;
  /** Handler for the `connectionstatechange` event. */
  declare onconnectionstatechange: EventHandler<RTCPeerConnection, Event>;
  /** Handler for the `track` event. */
  declare ontrack: EventHandler<RTCPeerConnection, RTCTrackEvent>;
  /** Handler for the `datachannel` event. */
  declare ondatachannel: EventHandler<RTCPeerConnection, RTCDataChannelEvent>;
  #config: Configuration;
  #closed = false;
  #jsep: JsepSession;
  #chain: OperationsChain;
  #certificates: RTCCertificate[];
  #certificatesReady: Promise<void>;
  /** Whether this connection made its own (default) certificate. */
  #defaultCertificate = false;
  #transceivers: Transceivers;
  /** Media routing between the RTP session and tracks, receivers and encoded sources. */
  #media: MediaRouter;
  #channels = new ChannelRegistry();
  #negotiationNeeded = false;
  #updateOnEmptyChain = false;
  #link: TransportLink;
  #cname: string;
  #hooks: PeerConnectionHooks;
  #stats: PeerConnectionStats;

  /** W3C §4.4.1.2 constructor. */
  constructor(configuration: unknown = undefined) {
    super();
    const config = toConfiguration(configuration, "Failed to construct 'RTCPeerConnection'");
    // W3C §4.4.1.2 step 4: an expired certificate -> InvalidAccessError.
    for (const cert of config.certificates) {
      if (cert.expires <= Date.now()) throw new DOMException('A certificate has expired.', 'InvalidAccessError');
    }
    // rtcp-mux is the only RTCP transport purertc implements; the spec lets a user agent
    // refuse "negotiate" this way.
    if (config.rtcpMuxPolicy === 'negotiate') {
      throw new DOMException("rtcpMuxPolicy 'negotiate' is not supported.", 'NotSupportedError');
    }
    this.#config = config;
    // W3C §4.4.1.2 step 5: with no certificates given, generate one (ECDSA P-256). A
    // failure rejects the operations that need it.
    let ready: Promise<void> = Promise.resolve();
    try {
      this.#certificates = config.certificates.length > 0 ? [...config.certificates] : [takeDefaultCertificate()];
      this.#defaultCertificate = config.certificates.length === 0;
    } catch (e) {
      this.#certificates = [];
      ready = Promise.reject(e);
      ready.catch(() => undefined);
    }
    this.#certificatesReady = ready;
    this.#cname = randomIceChars(16);
    const ufrag = randomIceChars(4);
    const pwd = randomIceChars(24);
    this.#jsep = new JsepSession(
      {
        iceUfrag: ufrag,
        icePwd: pwd,
        fingerprints: [],
        cname: this.#cname,
        sctpPort: 5000,
        maxMessageSize: LOCAL_MAX_MESSAGE_SIZE,
        sctpInit: Buffer.from(newSnapInit(randomUint32)).toString('base64'),
      },
      { uint32: () => randomUint32(), id: () => crypto.randomUUID() },
    );
    const jsep = this.#jsep;
    this.#transceivers = new Transceivers(jsep, () => this.#hooks);
    this.#link = new TransportLink({
      jsep,
      target: this,
      channels: this.#channels,
      isClosed: () => this.#closed,
      config: () => this.#config,
      certificate: () => {
        const cert = certificateInternals(this.#certificates[0]!);
        return { der: cert.der, privateKey: cert.privateKey };
      },
      onRtp: (e) => this.#media.onRtp(e),
    });
    this.#media = new MediaRouter({
      entries: () => [...this.#transceivers.entries()].map(([record, e]) => ({ record, receiver: e.receiver, receiverTrack: e.receiver.track, senderTrack: e.sender.track, encodings: senderEncodings(e.sender) })),
      sendRtp: (mid, packet, captureMs) => this.#link.sendRtp(mid, packet, captureMs),
      withRtpSession: (fn) => this.#link.withRtpSession(fn),
      requestKeyFrame: (mid) => this.#link.requestKeyFrame(mid),
      isClosed: () => this.#closed,
    });
    this.#stats = new PeerConnectionStats({
      channels: this.#channels,
      link: this.#link,
      certificates: () => this.#certificates,
      transceivers: () =>
        [...this.#transceivers.entries()].map(([record, e]) => ({
          mid: record.mid,
          sender: e.sender,
          receiver: e.receiver,
          senderTrack: e.sender.track,
          receiverTrack: e.receiver.track,
          sendCodecs: record.sender.negotiatedCodecs,
          receiveCodecs: record.receiver.negotiatedCodecs,
        })),
    });
    this.#chain = new OperationsChain(
      () => this.#closed,
      () => {
        if (this.#updateOnEmptyChain) {
          this.#updateOnEmptyChain = false;
          this.#updateNegotiationNeeded();
        }
      },
    );
    this.#hooks = {
      isClosed: () => this.#closed,
      updateNegotiationNeeded: () => this.#updateNegotiationNeeded(),
      chain: (op) => this.#chain.chain(op),
      dtlsTransport: (mid) => this.#link.dtlsTransportOf(mid),
      getStats: (selector) => this.#getStats(selector),
      cname: () => this.#cname,
      media: () => this.#media,
    };
  }

  // ---- attributes -----------------------------------------------------------------

  #descriptionObjects = new WeakMap<StoredDescription, RTCSessionDescription>();

  /** The same RTCSessionDescription object while a description (and its text) is unchanged. */
  #toDescription(d: StoredDescription | null): RTCSessionDescription | null {
    if (!d) return null;
    let obj = this.#descriptionObjects.get(d);
    if (!obj || obj.sdp !== d.sdp) {
      obj = new RTCSessionDescription({ type: d.type, sdp: d.sdp });
      this.#descriptionObjects.set(d, obj);
    }
    return obj;
  }

  /** pendingLocalDescription ?? currentLocalDescription */
  get localDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.pendingLocal ?? this.#jsep.currentLocal);
  }
  /** The local description of the last completed negotiation. */
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.currentLocal);
  }
  /** The local description being negotiated. */
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.pendingLocal);
  }
  /** pendingRemoteDescription ?? currentRemoteDescription */
  get remoteDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.pendingRemote ?? this.#jsep.currentRemote);
  }
  /** The remote description of the last completed negotiation. */
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.currentRemote);
  }
  /** The remote description being negotiated. */
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#toDescription(this.#jsep.pendingRemote);
  }
  /** RTCSignalingState */
  get signalingState(): string {
    return this.#jsep.signalingState;
  }
  /** RTCIceGatheringState */
  get iceGatheringState(): string {
    return this.#link.iceGatheringState;
  }
  /** RTCIceConnectionState */
  get iceConnectionState(): string {
    return this.#link.iceConnectionState;
  }
  /** RTCPeerConnectionState */
  get connectionState(): string {
    return this.#link.connectionState;
  }
  /** Whether the remote supports trickle ICE; null until a remote description is set. */
  get canTrickleIceCandidates(): boolean | null {
    const d = this.#jsep.pendingRemote ?? this.#jsep.currentRemote;
    if (!d) return null;
    const opts = [
      ...d.parsed.session.attributes.filter((a) => a.key === 'ice-options').map((a) => a.value ?? ''),
      ...d.parsed.session.media.flatMap((m) => m.attributes.filter((a) => a.key === 'ice-options').map((a) => a.value ?? '')),
    ];
    return opts.some((o) => o.split(/\s+/).includes('trickle'));
  }
  /** The SCTP transport, once a description negotiated one. */
  get sctp(): RTCSctpTransport | null {
    return this.#link.sctpTransport;
  }

  // ---- static ---------------------------------------------------------------------

  /** W3C §4.10.2 generateCertificate. */
  static generateCertificate(keygenAlgorithm: unknown): Promise<RTCCertificate> {
    if (arguments.length < 1) {
      return Promise.reject(new TypeError("Failed to execute 'generateCertificate': 1 argument required, but only 0 present."));
    }
    return generateCertificate(keygenAlgorithm);
  }

  // ---- configuration ---------------------------------------------------------------

  /** W3C §4.4.1.7 getConfiguration. */
  getConfiguration(): Record<string, unknown> {
    return configurationToDict(this.#config);
  }

  /** W3C §4.4.1.3 "set a configuration" via setConfiguration. */
  setConfiguration(configuration: unknown = undefined): void {
    const config = toConfiguration(configuration, "Failed to execute 'setConfiguration' on 'RTCPeerConnection'");
    if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    const old = this.#config;
    const sameCerts =
      config.certificates.length === 0 ||
      (config.certificates.length === old.certificates.length && config.certificates.every((c, i) => c === old.certificates[i]));
    if (!sameCerts) throw new DOMException('Certificates cannot be changed.', 'InvalidModificationError');
    if (config.bundlePolicy !== old.bundlePolicy) throw new DOMException('bundlePolicy cannot be changed.', 'InvalidModificationError');
    if (config.rtcpMuxPolicy !== old.rtcpMuxPolicy) throw new DOMException('rtcpMuxPolicy cannot be changed.', 'InvalidModificationError');
    if (config.iceCandidatePoolSize !== old.iceCandidatePoolSize && (this.#jsep.pendingLocal ?? this.#jsep.currentLocal)) {
      throw new DOMException('iceCandidatePoolSize cannot change after setLocalDescription.', 'InvalidModificationError');
    }
    this.#config = { ...config, certificates: old.certificates };
  }

  // ---- offer / answer -------------------------------------------------------------

  #legacy(promise: Promise<unknown>, success: unknown, failure: unknown, passResult: boolean): Promise<undefined> {
    return promise.then(
      (v) => {
        (success as Callback)(...(passResult ? [v] : []));
        return undefined;
      },
      (e) => {
        (failure as Callback)(e);
        return undefined;
      },
    );
  }

  /** W3C §4.4.1.5 createOffer (and its legacy callback form). */
  createOffer(options: unknown = undefined, failure: unknown = undefined, legacyOptions: unknown = undefined): Promise<unknown> {
    if (typeof options === 'function') {
      if (typeof failure !== 'function') return Promise.reject(new TypeError('failureCallback is not a function.'));
      return this.#legacy(this.createOffer(legacyOptions), options, failure, true);
    }
    let opts: { iceRestart: boolean; offerToReceiveAudio?: boolean; offerToReceiveVideo?: boolean };
    try {
      opts = dicts.offerOptions(options, "Failed to execute 'createOffer' on 'RTCPeerConnection'") as typeof opts;
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#chain.chain(async () => {
      // W3C §4.4.1.5 create an offer, step 3: a wrong state is detected at once.
      const s = this.#jsep.signalingState;
      if (s !== 'stable' && s !== 'have-local-offer') {
        throw new DOMException(`Cannot create an offer in state ${s}.`, 'InvalidStateError');
      }
      await this.#certificatesReady;
      this.#applyLegacyOfferOptions(opts);
      // W3C §4.4.1.5: restartIce() makes the next offer restart ICE, as iceRestart does.
      if (opts.iceRestart || this.#jsep.iceRestartPending) this.#restartLocalIce();
      this.#jsep.localTransport.fingerprints.length || this.#installFingerprints();
      await nextTask();
      if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
      try {
        return { type: 'offer', sdp: this.#jsep.createOffer() };
      } catch (e) {
        if (e instanceof DescriptionError) throw new DOMException(e.message, 'InvalidStateError');
        throw e;
      }
    });
  }

  /** W3C §4.4.1.5 createAnswer (and its legacy callback form). */
  createAnswer(options: unknown = undefined, failure: unknown = undefined): Promise<unknown> {
    if (typeof options === 'function') {
      if (typeof failure !== 'function') return Promise.reject(new TypeError('failureCallback is not a function.'));
      return this.#legacy(this.createAnswer(), options, failure, true);
    }
    try {
      dicts.answerOptions(options, "Failed to execute 'createAnswer' on 'RTCPeerConnection'");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#chain.chain(async () => {
      // W3C §4.4.1.5 create an answer, step 3: a wrong state is detected at once.
      const state = this.#jsep.signalingState;
      if (state !== 'have-remote-offer' && state !== 'have-local-pranswer') {
        throw new DOMException(`Cannot create an answer in state ${state}.`, 'InvalidStateError');
      }
      await this.#certificatesReady;
      this.#jsep.localTransport.fingerprints.length || this.#installFingerprints();
      await nextTask();
      if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
      const s = this.#jsep.signalingState;
      if (s !== 'have-remote-offer' && s !== 'have-local-pranswer') {
        throw new DOMException(`Cannot create an answer in state ${s}.`, 'InvalidStateError');
      }
      try {
        return { type: 'answer', sdp: this.#jsep.createAnswer() };
      } catch (e) {
        throw descriptionErrorToException(e);
      }
    });
  }

  #installFingerprints(): void {
    const fps = this.#certificates.flatMap((c) => certificateInternals(c).fingerprints.map((f) => `${f.algorithm} ${f.value}`));
    const t = this.#jsep.localTransport;
    (t as { fingerprints: string[] }).fingerprints = fps;
  }

  #applyLegacyOfferOptions(o: { offerToReceiveAudio?: boolean; offerToReceiveVideo?: boolean }): void {
    // W3C §11 legacy offerToReceive{Audio,Video}.
    for (const kind of ['audio', 'video'] as const) {
      const want = kind === 'audio' ? o.offerToReceiveAudio : o.offerToReceiveVideo;
      if (want === undefined) continue;
      const list = this.#jsep.transceivers.filter((t) => t.kind === kind && !t.stopping && !t.stopped);
      if (want === false) {
        for (const t of list) {
          if (t.direction === 'sendrecv') t.direction = 'sendonly';
          else if (t.direction === 'recvonly') t.direction = 'inactive';
        }
      } else if (!list.some((t) => t.direction === 'sendrecv' || t.direction === 'recvonly')) {
        this.#transceivers.add(kind, null, 'recvonly', [], [], false);
      }
    }
  }

  #offerRestartsIce(sdp: string): boolean {
    const ufrags = [...sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1]);
    return ufrags.length > 0 && !ufrags.includes(this.#link.remoteUfrag!);
  }

  #restartLocalIce(): void {
    this.#jsep.setLocalIceCredentials(randomIceChars(4), randomIceChars(24));
  }

  /** W3C §4.4.1.5 setLocalDescription (and its legacy callback form). */
  setLocalDescription(description: unknown = undefined, success: unknown = undefined, failure: unknown = undefined): Promise<undefined> {
    if (arguments.length >= 2) {
      if (typeof success !== 'function' || typeof failure !== 'function') {
        return Promise.reject(new TypeError('Callbacks must be functions.'));
      }
      return this.#legacy(this.setLocalDescription(description), success, failure, false);
    }
    let desc: { type?: 'offer' | 'answer' | 'pranswer' | 'rollback'; sdp: string };
    try {
      desc = dicts.localSessionDescriptionInit(description, "Failed to execute 'setLocalDescription' on 'RTCPeerConnection'") as typeof desc;
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#chain.chain(async () => {
      const state = this.#jsep.signalingState;
      const type =
        desc.type ?? (state === 'stable' || state === 'have-local-offer' || state === 'have-remote-pranswer' ? 'offer' : 'answer');
      // W3C §4.4.1.5: a wrong state is detected at once, before anything is awaited.
      const stateError = this.#jsep.checkTransition(false, type);
      if (stateError) throw new DOMException(stateError, 'InvalidStateError');
      await this.#certificatesReady;
      this.#jsep.localTransport.fingerprints.length || this.#installFingerprints();
      if (type === 'rollback') {
        await nextTask();
        if (this.#closed) return undefined;
        const before = this.#jsep.signalingState;
        this.#afterApply(this.#jsep.rollback(), before);
        return undefined;
      }
      // W3C §4.4.1.5 setLocalDescription would refuse any text but the last created one;
      // like browsers, an edited description is applied as written, and refused only where
      // Chromium refuses it (JsepSession.setLocal, jsep/local-edits.ts).
      let sdp = desc.sdp;
      if (sdp === '' && type === 'offer') {
        if (this.#jsep.iceRestartPending) this.#restartLocalIce();
        sdp = this.#jsep.validLastOffer || this.#jsep.createOffer();
      } else if (sdp === '') {
        try {
          sdp = this.#jsep.validLastAnswer || this.#jsep.createAnswer();
        } catch (e) {
          throw descriptionErrorToException(e);
        }
      }
      await nextTask();
      if (this.#closed) return undefined;
      const before = this.#jsep.signalingState;
      let result: ApplyResult;
      try {
        result = this.#jsep.setLocal(type, sdp);
      } catch (e) {
        throw descriptionErrorToException(e);
      }
      this.#afterApply(result, before);
      return undefined;
    });
  }

  /** W3C §4.4.1.5 setRemoteDescription (and its legacy callback form). */
  setRemoteDescription(description: unknown, success: unknown = undefined, failure: unknown = undefined): Promise<undefined> {
    if (arguments.length >= 2) {
      if (typeof success !== 'function' || typeof failure !== 'function') {
        return Promise.reject(new TypeError('Callbacks must be functions.'));
      }
      return this.#legacy(this.setRemoteDescription(description), success, failure, false);
    }
    let desc: { type: 'offer' | 'answer' | 'pranswer' | 'rollback'; sdp: string };
    try {
      idl.requireArgs(arguments.length, 1, "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection'");
      desc = dicts.sessionDescriptionInit(description, "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection'") as typeof desc;
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#chain.chain(async () => {
      let parsed: ParsedDescription | undefined;
      if (desc.type !== 'rollback') {
        // Like browsers, a wrong state and then unparsable SDP are reported at once.
        const s = this.#jsep.signalingState;
        const err = desc.type === 'offer' && s === 'have-local-offer' ? null : this.#jsep.checkTransition(true, desc.type);
        if (err) throw new DOMException(err, 'InvalidStateError');
        try {
          parsed = readDescription(desc.sdp, true);
          validateDescription(parsed);
        } catch (e) {
          throw descriptionErrorToException(e);
        }
      }
      if (desc.type === 'rollback') {
        const err = this.#jsep.checkTransition(true, 'rollback');
        if (err) throw new DOMException(err, 'InvalidStateError');
      }
      await this.#certificatesReady;
      this.#jsep.localTransport.fingerprints.length || this.#installFingerprints();
      if (desc.type === 'rollback') {
        await nextTask();
        if (this.#closed) return undefined;
        const before = this.#jsep.signalingState;
        this.#afterApply(this.#jsep.rollback(), before);
        return undefined;
      }
      // W3C §4.4.1.6: a remote offer in have-local-offer rolls the local offer back first.
      if (desc.type === 'offer' && this.#jsep.signalingState === 'have-local-offer') {
        await nextTask();
        if (this.#closed) return undefined;
        this.#afterApply(this.#jsep.rollback(), 'have-local-offer');
      }
      const err = this.#jsep.checkTransition(true, desc.type);
      if (err) throw new DOMException(err, 'InvalidStateError');
      await nextTask();
      if (this.#closed) return undefined;
      // RFC 8829 §5.3.1: an offer with new ICE credentials is answered with new ones too.
      if (desc.type === 'offer' && this.#link.remoteUfrag !== null && this.#offerRestartsIce(desc.sdp)) this.#restartLocalIce();
      const before = this.#jsep.signalingState;
      let result: ApplyResult;
      try {
        result = this.#jsep.setRemote(desc.type, desc.sdp, parsed);
      } catch (e) {
        throw descriptionErrorToException(e);
      }
      this.#afterApply(result, before);
      return undefined;
    });
  }

  /** Creates API objects for new records, fires the events of W3C §4.4.1.6 in order. */
  #afterApply(result: ApplyResult, stateBefore: string): void {
    for (const t of result.created) this.#transceivers.entryFor(t);
    if (this.#jsep.dtlsRole) this.#channels.assignIds(this.#jsep.dtlsRole);
    this.#link.afterApply(result.sctpNegotiated);
    // W3C §4.4.1.6: the answer may have narrowed a sender's simulcast envelope.
    for (const [t, rids] of result.narrowed) keepSenderEncodings(this.#transceivers.entryFor(t).sender, rids);
    this.#media.attachSenders();
    const negotiationNeededBefore = this.#negotiationNeeded;
    if (this.#jsep.signalingState !== stateBefore) this.dispatchEvent(new Event('signalingstatechange'));
    this.#transceivers.announce(result, this);
    if (this.#jsep.signalingState === 'stable') {
      // The flag is cleared here, in the task that reached "stable", when nothing is left to
      // negotiate; otherwise the update runs when the chain empties (W3C §4.7.3).
      if (!this.#jsep.isNegotiationNeeded()) this.#negotiationNeeded = false;
      this.#updateNegotiationNeeded();
      if (negotiationNeededBefore && this.#negotiationNeeded) {
        queueTask(() => {
          if (this.#closed || !this.#negotiationNeeded) return;
          this.dispatchEvent(new Event('negotiationneeded'));
        });
      }
    }
  }

  // ---- ICE candidates -------------------------------------------------------------

  /** W3C §4.4.1.5 addIceCandidate (and its legacy callback form). */
  addIceCandidate(candidate: unknown = undefined, success: unknown = undefined, failure: unknown = undefined): Promise<undefined> {
    if (arguments.length >= 2) {
      if (typeof success !== 'function' || typeof failure !== 'function') {
        return Promise.reject(new TypeError('Callbacks must be functions.'));
      }
      return this.#legacy(this.addIceCandidate(candidate), success, failure, false);
    }
    let init: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null };
    try {
      init = dicts.iceCandidateInit(
        candidate instanceof RTCIceCandidate ? candidate.toJSON() : candidate,
        "Failed to execute 'addIceCandidate' on 'RTCPeerConnection'",
      ) as typeof init;
      // W3C §4.4.1.5 addIceCandidate step 4: both null and a candidate given -> TypeError.
      if (init.candidate !== '' && init.sdpMid === null && init.sdpMLineIndex === null) {
        throw new TypeError('Candidate needs sdpMid or sdpMLineIndex.');
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#chain.chain(async () => {
      if (!this.#jsep.pendingRemote && !this.#jsep.currentRemote) {
        throw new DOMException('No remote description.', 'InvalidStateError');
      }
      if (init.candidate !== '') {
        try {
          parseCandidate(init.candidate);
        } catch {
          throw new DOMException(`Invalid candidate '${init.candidate}'.`, 'OperationError');
        }
      }
      const d = this.#jsep.pendingRemote ?? this.#jsep.currentRemote!;
      if (init.candidate === '' && init.sdpMid === null && init.sdpMLineIndex === null) {
        // End of candidates for every m-section (W3C §4.4.1.5 step 4.5).
        if (init.usernameFragment !== null && !d.parsed.sections.some((s) => s.iceUfrag === init.usernameFragment)) {
          throw new DOMException('Unknown usernameFragment.', 'OperationError');
        }
        await nextTask();
        for (const s of d.parsed.sections) if (!s.rejected) this.#jsep.addRemoteCandidate('', s.mid, null, null);
        this.#link.addRemoteCandidate('');
        return undefined;
      }
      try {
        this.#jsep.addRemoteCandidate(init.candidate, init.sdpMid, init.sdpMLineIndex, init.usernameFragment);
      } catch (e) {
        throw descriptionErrorToException(e);
      }
      this.#link.addRemoteCandidate(init.candidate);
      await nextTask();
      return undefined;
    });
  }

  /** W3C §4.4.1.5 restartIce. */
  restartIce(): void {
    if (this.#closed) return;
    this.#jsep.requestIceRestart();
    this.#updateNegotiationNeeded();
  }

  // ---- tracks and transceivers ----------------------------------------------------

  /** getTransceivers() in creation order, stopped ones removed by negotiation left out. */
  getTransceivers(): RTCRtpTransceiver[] {
    return this.#jsep.transceivers.map((t) => this.#transceivers.entryFor(t).api);
  }

  /** The senders of the transceivers. */
  getSenders(): RTCRtpSender[] {
    return this.#jsep.transceivers.filter((t) => !t.stopped).map((t) => this.#transceivers.entryFor(t).sender);
  }

  /** The receivers of the transceivers. */
  getReceivers(): RTCRtpReceiver[] {
    return this.#jsep.transceivers.filter((t) => !t.stopped).map((t) => this.#transceivers.entryFor(t).receiver);
  }

  /** W3C §5.1 addTransceiver. */
  addTransceiver(trackOrKind: unknown, init: unknown = undefined): RTCRtpTransceiver {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'addTransceiver' on 'RTCPeerConnection'");
    let track: MediaStreamTrack | null = null;
    let kind: string;
    if (trackOrKind instanceof MediaStreamTrack) {
      track = trackOrKind;
      kind = track.kind;
    } else {
      kind = idl.DOMString(trackOrKind, "Failed to execute 'addTransceiver' on 'RTCPeerConnection'");
      if (kind !== 'audio' && kind !== 'video') throw new TypeError(`'${kind}' is not a valid media kind.`);
    }
    const options = transceiverInit(init, "Failed to execute 'addTransceiver' on 'RTCPeerConnection'") as {
      direction: Direction;
      streams: MediaStream[];
      sendEncodings: Encoding[];
    };
    const encodings = validateSendEncodings(kind as 'audio' | 'video', options.sendEncodings);
    if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    if (options.direction === 'stopped') throw new TypeError("direction 'stopped' is not allowed.");
    const ids = [...new Set(options.streams.map((s) => s.id))];
    const entry = this.#transceivers.add(kind as 'audio' | 'video', track, options.direction, ids, encodings, false);
    this.#updateNegotiationNeeded();
    return entry.api;
  }

  /** W3C §5.1 addTrack. */
  addTrack(track: unknown, ...streams: unknown[]): RTCRtpSender {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'addTrack' on 'RTCPeerConnection'");
    const t = idl.interfaceType('MediaStreamTrack', MediaStreamTrack)(track, "Failed to execute 'addTrack' on 'RTCPeerConnection'");
    const ss = streams.map((s, i) => idl.interfaceType('MediaStream', MediaStream)(s, `streams[${i}]`));
    if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    for (const rec of this.#jsep.transceivers) {
      const e = this.#transceivers.entryFor(rec);
      if (e.sender.track === t && !rec.stopped) throw new DOMException('The track is already added.', 'InvalidAccessError');
    }
    const ids = [...new Set(ss.map((s) => s.id))];
    const kind = t.kind as 'audio' | 'video';
    // W3C §5.1 addTrack step 7: reuse a transceiver whose sender never sent.
    const reusable = this.#transceivers.reusable(kind);
    if (reusable) {
      const sender = this.#transceivers.adoptTrack(reusable, t, ids);
      this.#updateNegotiationNeeded();
      return sender;
    }
    const entry = this.#transceivers.add(kind, t, 'sendrecv', ids, [], true);
    this.#updateNegotiationNeeded();
    return entry.sender;
  }

  /** W3C §5.1 removeTrack. */
  removeTrack(sender: unknown): void {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'removeTrack' on 'RTCPeerConnection'");
    const s = idl.interfaceType('RTCRtpSender', RTCRtpSender)(sender, "Failed to execute 'removeTrack' on 'RTCPeerConnection'");
    if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    const rec = this.#transceivers.recordOf(s);
    if (!rec) throw new DOMException('The sender was not created by this peer connection.', 'InvalidAccessError');
    if (rec.stopping || s.track === null) return;
    this.#transceivers.releaseTrack(rec, s);
    this.#updateNegotiationNeeded();
  }

  // ---- data channels --------------------------------------------------------------

  /** W3C §6.1 createDataChannel. */
  createDataChannel(label: unknown, init: unknown = undefined): RTCDataChannel {
    const ctx = "Failed to execute 'createDataChannel' on 'RTCPeerConnection'";
    idl.requireArgs(arguments.length, 1, ctx);
    const l = idl.USVString(label, ctx);
    const o = dicts.dataChannelInit(init, ctx) as {
      ordered: boolean;
      maxPacketLifeTime?: number;
      maxRetransmits?: number;
      protocol: string;
      negotiated: boolean;
      id?: number;
    };
    if (this.#closed) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    // W3C §6.1 createDataChannel steps 8-12.
    if (Buffer.byteLength(l, 'utf8') > 65535) throw new TypeError('label is longer than 65535 bytes.');
    if (Buffer.byteLength(o.protocol, 'utf8') > 65535) throw new TypeError('protocol is longer than 65535 bytes.');
    if (o.maxPacketLifeTime !== undefined && o.maxRetransmits !== undefined) {
      throw new TypeError('maxPacketLifeTime and maxRetransmits cannot both be set.');
    }
    let id: number | null = o.negotiated ? (o.id ?? null) : null;
    if (o.negotiated && id === null) throw new TypeError('A negotiated channel needs an id.');
    if (id !== null && id > 65534) throw new TypeError('id must be at most 65534.');
    if (id === null && this.#jsep.dtlsRole) {
      id = this.#channels.allocate(this.#jsep.dtlsRole);
      if (id === null) throw new DOMException('No stream id available.', 'OperationError');
    }
    if (id !== null && this.#channels.idInUse(id)) throw new DOMException(`Stream id ${id} is in use.`, 'OperationError');
    // W3C §6.1 createDataChannel: with the SCTP transport connected, an id at or above its
    // maxChannels (the streams the association negotiated) is an OperationError.
    const sctp = this.#link.sctpState;
    if (id !== null && sctp.state === 'connected' && sctp.maxChannels !== null && id >= sctp.maxChannels) {
      throw new DOMException(`Stream id ${id} is not below maxChannels (${sctp.maxChannels}).`, 'OperationError');
    }
    const { channel } = this.#channels.create({
      label: l,
      ordered: o.ordered,
      maxPacketLifeTime: o.maxPacketLifeTime ?? null,
      maxRetransmits: o.maxRetransmits ?? null,
      protocol: o.protocol,
      negotiated: o.negotiated,
      id,
    });
    // With an SCTP transport the channel goes to it now, and on the wire as soon as SCTP is
    // up (W3C §6.1 createDataChannel step 19).
    this.#link.attachChannels();
    const first = !this.#jsep.dataChannelWanted;
    this.#jsep.dataChannelWanted = true;
    if (first) this.#updateNegotiationNeeded();
    return channel;
  }

  // ---- stats ----------------------------------------------------------------------

  /** W3C §8.2 getStats. */
  getStats(selector: unknown = null, success: unknown = undefined, failure: unknown = undefined): Promise<unknown> {
    if (typeof selector === 'function') {
      return this.#legacy(this.#getStats(null), selector, success, true);
    }
    void failure;
    try {
      const sel = idl.nullable(idl.interfaceType('MediaStreamTrack', MediaStreamTrack))(selector, "Failed to execute 'getStats'");
      if (sel) {
        const owners = [...this.#transceivers.values()].filter((e) => e.sender.track === sel || e.receiver.track === sel);
        if (owners.length !== 1) {
          return Promise.reject(new DOMException('The track is not sent or received exactly once.', 'InvalidAccessError'));
        }
      }
      return this.#getStats(sel);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * W3C §8.2 getStats steps 5-6: the stats are gathered in a later task, off the operations
   * chain; a closed connection reports its objects as close() left them (W3C webrtc-stats
   * §"Lifetime considerations"). `selector` is a sender, a receiver, a track or null.
   */
  #getStats(selector: unknown): Promise<unknown> {
    return (async () => {
      await nextTask();
      // W3C webrtc-stats RTCStats.timestamp: on the Performance time origin, one per report.
      return createStatsReport(this.#stats.collect(selector, performance.timeOrigin + performance.now()));
    })();
  }

  // ---- negotiation-needed ---------------------------------------------------------

  /** W3C §4.7.3 "update the negotiation-needed flag". */
  #updateNegotiationNeeded(): void {
    if (this.#chain.length !== 0) {
      this.#updateOnEmptyChain = true;
      return;
    }
    queueTask(() => {
      if (this.#closed) return;
      if (this.#chain.length !== 0) {
        this.#updateOnEmptyChain = true;
        return;
      }
      if (this.#jsep.signalingState !== 'stable') return;
      if (!this.#jsep.isNegotiationNeeded()) {
        this.#negotiationNeeded = false;
        return;
      }
      if (this.#negotiationNeeded) return;
      this.#negotiationNeeded = true;
      this.dispatchEvent(new Event('negotiationneeded'));
    });
  }

  // ---- close ----------------------------------------------------------------------

  /** W3C §4.4.1.5 close(). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#jsep.close();
    this.#transceivers.closeAll();
    this.#channels.closeAll(false, true);
    this.#link.close();
    this.#media.close();
    // The next connection's certificate is made now, off its set-up path.
    if (this.#defaultCertificate) prepareDefaultCertificate();
  }
}

defineEventHandlers(RTCPeerConnection, [
  'negotiationneeded',
  'icecandidate',
  'icecandidateerror',
  'signalingstatechange',
  'iceconnectionstatechange',
  'icegatheringstatechange',
  'connectionstatechange',
  'track',
  'datachannel',
]);
idl.finishInterface(RTCPeerConnection, {
  promiseOps: ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate', 'getStats'],
  lengths: {
    createOffer: 0,
    createAnswer: 0,
    setLocalDescription: 0,
    setRemoteDescription: 1,
    addIceCandidate: 0,
    setConfiguration: 0,
    getStats: 0,
    addTransceiver: 1,
    addTrack: 1,
    removeTrack: 1,
    createDataChannel: 1,
  },
  staticLengths: { generateCertificate: 1 },
  ctorLength: 0,
});
interfaces.RTCPeerConnection = RTCPeerConnection;
