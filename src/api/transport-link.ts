// The link between one RTCPeerConnection and its bundle transport (src/io): starts and
// feeds the transport as descriptions are applied, and turns its events into the W3C
// state attributes and events (W3C WebRTC §4.4.3, §5.5, §5.6, §6.1).
import { rtpSessionDescription } from '../jsep/rtp-config.js';
import type { OutgoingRtpPacket, RtpSession, RtpSessionEvent } from '../protocol/rtp/session/index.js';
import type { KeyObject } from 'node:crypto';
import { PeerTransport, type GatherConfig, type TransportEvent, type TransportStats, type TurnFailure } from '../io/index.js';
import { sctpInitOf, type ParsedDescription, type ParsedSection } from '../jsep/remote.js';
import type { JsepSession } from '../jsep/session.js';
import type { ChannelRegistry, ChannelWire } from './channel-registry.js';
import { srtpProfileIds, type Configuration } from './configuration.js';
import { DeliveryQueue } from './delivery-queue.js';
import { RTCError } from './error.js';
import { RTCDataChannelEvent, RTCErrorEvent, RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent } from './events.js';
import { RTCIceCandidate } from './ice-candidate.js';
import { queueTask } from './operations.js';
import {
  RTCDtlsTransport,
  RTCIceCandidatePair,
  RTCIceTransport,
  RTCSctpTransport,
  type DtlsTransportState_,
  type IceTransportState_,
  type SctpTransportState_,
} from './transports.js';
import { SectionTransports } from './section-transports.js';
import * as idl from './webidl.js';

/** Our advertised SCTP max message size (RFC 8841 §6). */
export const LOCAL_MAX_MESSAGE_SIZE = 262144;

/** RTCPeerConnectionState */
export type ConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** What the link needs from its peer connection. */
export interface LinkHost {
  readonly jsep: JsepSession;
  /** The RTCPeerConnection: events are fired at it. */
  readonly target: EventTarget;
  readonly channels: ChannelRegistry;
  isClosed(): boolean;
  config(): Configuration;
  certificate(): { der: Uint8Array; privateKey: KeyObject };
  /** The RTP session reported something (frames, streams active or inactive). */
  onRtp(e: RtpSessionEvent): void;
}

function fire(target: EventTarget | null, type: string): void {
  target?.dispatchEvent(new Event(type));
}

/**
 * W3C §5.6, §4.4.3: candidates and state changes each surface in their own queued task, so
 * promise callbacks run between them as in a browser.
 */
function task<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
  return (...a: A): void => queueTask(() => fn(...a));
}

/** One peer connection's transport, as the W3C objects see it. */
export class TransportLink {
  iceGatheringState: 'new' | 'gathering' | 'complete' = 'new';
  iceConnectionState: IceTransportState_['state'] = 'new';
  connectionState: ConnectionState = 'new';
  readonly iceState: IceTransportState_ = {
    role: 'unknown',
    state: 'new',
    gatheringState: 'new',
    localCandidates: [],
    remoteCandidates: [],
    selectedPair: null,
    localParameters: null,
    remoteParameters: null,
  };
  readonly dtlsState: DtlsTransportState_ = { state: 'new', remoteCertificates: [] };
  readonly sctpState: SctpTransportState_ = { state: 'connecting', maxMessageSize: LOCAL_MAX_MESSAGE_SIZE, maxChannels: null };
  iceTransport: RTCIceTransport | null = null;
  dtlsTransport: RTCDtlsTransport | null = null;
  sctpTransport: RTCSctpTransport | null = null;
  /** The transport objects of m-sections not bundled with the bundle's. */
  private readonly sections = new SectionTransports();
  /** ICE ufrag of the remote parameters last given to the transport. */
  remoteUfrag: string | null = null;
  /** An answer negotiated SCTP: the association is wanted from then on. */
  private sctpAgreed = false;
  private transport: PeerTransport | null = null;
  /** The engines' stats as close() left them (W3C webrtc-stats: visible after pc.close()). */
  private closedStats: TransportStats | undefined;
  private remoteCandidates = new Set<string>();
  /** The transport's events, in order, with received messages one per task (W3C §6.2). */
  private readonly delivery = new DeliveryQueue<TransportEvent>((e) => this.onEvent(e), (e) => e.type === 'channel-message');

  constructor(private readonly host: LinkHost) {}

  /** Our a=sctp-init (SNAP) as bytes: the session writes it, base64, into our descriptions. */
  private get localSctpInit(): Uint8Array | undefined {
    const value = this.host.jsep.localTransport.sctpInit;
    return value === undefined ? undefined : new Uint8Array(Buffer.from(value, 'base64'));
  }

  /**
   * The peer's INIT when SNAP is agreed (draft-hancke-tsvwg-snap §5): our applied
   * description carries our a=sctp-init (an answer does only if the offer had a valid one)
   * and the remote one a valid a=sctp-init of its own; else null.
   */
  private snapPeerInit(local: ParsedDescription, remote: ParsedDescription): Uint8Array | null {
    return dataSection(local)?.sctpInit ? sctpInitOf(dataSection(remote)) : null;
  }

  /** After a description was applied: transport objects, then the transport itself. */
  afterApply(sctpNegotiated: boolean): void {
    const jsep = this.host.jsep;
    if (jsep.pendingLocal ?? jsep.currentLocal ?? jsep.pendingRemote ?? jsep.currentRemote) this.ensureTransports();
    this.sctpAgreed ||= sctpNegotiated;
    // W3C §4.4.1.6 and §6.1: [[SctpTransport]] is set once a description that establishes
    // an association is applied; like browsers (and WPT RTCSctpTransport-events), an offer
    // with a data m-section already sets it, in state "connecting". Rolled back, or
    // rejected by the answer before it was agreed, it is null again.
    const withData = (d: { parsed: ParsedDescription } | null): boolean => d !== null && dataSection(d.parsed) !== undefined;
    const agreed = withData(jsep.currentLocal) && withData(jsep.currentRemote);
    const described = agreed || (jsep.signalingState !== 'stable' && (withData(jsep.pendingLocal) || withData(jsep.pendingRemote)));
    if (!this.sctpTransport && (this.sctpAgreed || described)) {
      this.sctpTransport = new RTCSctpTransport(idl.INTERNAL, () => this.dtlsTransportOf(this.host.jsep.dataMid) ?? this.dtlsTransport!, this.sctpState);
    } else if (this.sctpTransport && !this.sctpAgreed && !described) {
      this.sctpTransport = null;
    }
    const mids = jsep.transceivers.flatMap((t) => (t.mid !== null && t.hasTransport ? [t.mid] : []));
    if (jsep.dataMid !== null) mids.push(jsep.dataMid);
    this.sections.prune(jsep, this.host.config().bundlePolicy, mids);
    this.sync();
    this.dropUnusedTransport();
    this.attachChannels();
  }

  /** The RTCDtlsTransport of m-section `mid`: the bundle's, or its own when not bundled. */
  dtlsTransportOf(mid: string | null): RTCDtlsTransport | null {
    return this.sections.transportOf(mid, this.dtlsTransport);
  }

  /**
   * W3C webrtc §4.4.1.6: once stable, a transport no m-section of the local description uses
   * (the initial offer rolled back, or every m-section rejected) is closed, and the ICE
   * gathering state, now over no transports, is "new" again (§4.4.3), in this task.
   */
  private dropUnusedTransport(): void {
    const jsep = this.host.jsep;
    if (!this.transport || this.host.isClosed() || jsep.signalingState !== 'stable') return;
    if (jsep.currentLocal?.parsed.sections.some((x) => !x.rejected)) return;
    this.transport.close();
    this.closedStats = this.transport.stats();
    this.transport = null;
    this.delivery.clear();
    this.remoteUfrag = null;
    this.remoteCandidates.clear();
    this.iceState.localParameters = null;
    this.iceState.remoteParameters = null;
    this.iceState.selectedPair = null;
    if (this.iceState.state !== 'new' && this.iceState.state !== 'closed') {
      this.iceState.state = 'closed';
      fire(this.iceTransport, 'statechange');
      // W3C §4.4.3: with no transport in use the connection's ICE state is "new".
      this.iceConnectionState = 'new';
      fire(this.host.target, 'iceconnectionstatechange');
    }
    if (this.dtlsState.state !== 'new' && this.dtlsState.state !== 'closed') {
      this.dtlsState.state = 'closed';
      fire(this.dtlsTransport, 'statechange');
      this.sctpClosed(false);
    }
    this.updateConnectionState();
    if (this.iceState.gatheringState !== 'new') {
      this.iceState.gatheringState = 'new';
      this.iceGatheringState = 'new';
      fire(this.iceTransport, 'gatheringstatechange');
      fire(this.host.target, 'icegatheringstatechange');
    }
  }

  private ensureTransports(): void {
    if (this.iceTransport) return;
    this.iceTransport = new RTCIceTransport(idl.INTERNAL, this.iceState);
    this.dtlsTransport = new RTCDtlsTransport(idl.INTERNAL, this.iceTransport, this.dtlsState);
  }

  /** Starts and feeds the bundle transport from the current descriptions. */
  private sync(): void {
    const host = this.host;
    if (host.isClosed()) return;
    const jsep = host.jsep;
    const local = jsep.pendingLocal ?? jsep.currentLocal;
    const remote = jsep.pendingRemote ?? jsep.currentRemote;
    const lt = jsep.localTransport;
    // A description without m-sections needs no transport (nothing to gather for).
    if (local && !this.transport && local.parsed.sections.some((x) => !x.rejected)) {
      const config = host.config();
      this.transport = new PeerTransport(
        {
          certificate: host.certificate(),
          localUfrag: lt.iceUfrag,
          localPwd: lt.icePwd,
          ...gatherConfigOf(config),
          bindAddress: config.bindAddress,
          portRange: config.portRange,
          ...(config.srtpProfiles !== undefined ? { srtpProfiles: srtpProfileIds(config.srtpProfiles) } : {}),
          udpMux: config.udpMux,
          iceProtocols: config.iceProtocols,
          turnTls: { ca: config.turnTrustedCertificates },
          sctpInit: this.localSctpInit,
          // RFC 8841 §5: our SCTP port is the one our description states (5000 unless edited).
          sctpPort: sctpPortOf(local.parsed),
          // RFC 8841 §6: messages over the size our description states are refused as they
          // arrive (0 there means any size); without the attribute, ours.
          maxReceiveMessageSize: dataSection(local.parsed)?.maxMessageSize ?? LOCAL_MAX_MESSAGE_SIZE,
          cname: lt.cname,
        },
        (e) => this.delivery.push(e),
      );
      // RFC 8445 §6.1.1: the offerer controls.
      const controlling = local.type === 'offer';
      this.iceState.role = controlling ? 'controlling' : 'controlled';
      this.iceState.localParameters = { usernameFragment: lt.iceUfrag, password: lt.icePwd };
      // The agent exists from now on (trickled candidates find it); gathering reports in a
      // later task, after the SLD promise settles.
      this.transport.start(controlling);
      this.gatheringState('gathering');
    }
    const transport = this.transport;
    if (!transport) return;
    // ICE restart (RFC 8445 §9): a local description with new credentials restarts the agent.
    if (local && lt.iceUfrag !== this.iceState.localParameters?.usernameFragment && local.sdp.includes(`a=ice-ufrag:${lt.iceUfrag}`)) {
      this.iceState.localParameters = { usernameFragment: lt.iceUfrag, password: lt.icePwd };
      // W3C webrtc §5.6: "gathering" is queued ahead of the candidates (and the completion)
      // the restarted agent reports at once.
      this.gatheringState('gathering');
      // W3C §4.4.1.6: the restart gathers with the servers and policy configured now.
      transport.restartIce(lt.iceUfrag, lt.icePwd, gatherConfigOf(host.config()));
    }
    if (remote) {
      const tag = remote.parsed.bundle?.[0];
      const section = remote.parsed.sections.find((x) => x.mid === tag && !x.rejected) ?? remote.parsed.sections.find((x) => !x.rejected);
      if (section && section.iceUfrag === this.remoteUfrag) {
        // Same ICE generation: candidates that came inside a new description still count.
        for (const c of section.candidates) this.addRemoteCandidate(c);
      }
      if (section && section.iceUfrag && section.icePwd && section.iceUfrag !== this.remoteUfrag) {
        this.remoteCandidates = new Set(section.candidates);
        this.remoteUfrag = section.iceUfrag;
        this.iceState.remoteParameters = { usernameFragment: section.iceUfrag, password: section.icePwd };
        transport.setRemote({
          ufrag: section.iceUfrag,
          pwd: section.icePwd,
          fingerprints: section.fingerprints,
          candidates: [...section.candidates],
          endOfCandidates: section.endOfCandidates,
          maxDatagram: remote.parsed.sections.find((x) => x.kind === 'application')?.maxDatagram ?? null,
          sctpPort: sctpPortOf(remote.parsed),
          sctpInit: local ? this.snapPeerInit(local.parsed, remote.parsed) : null,
          sctpInitSent: local ? dataSection(local.parsed)?.sctpInit != null : false,
        });
      }
      const app = remote.parsed.sections.find((x) => x.kind === 'application' && !x.rejected);
      // RFC 8841 §6: no a=max-message-size means 64 KiB; 0 means no limit.
      if (app) {
        const remoteMax = app.maxMessageSize === 0 ? Number.MAX_SAFE_INTEGER : (app.maxMessageSize ?? 65536);
        this.sctpState.maxMessageSize = Math.min(remoteMax, LOCAL_MAX_MESSAGE_SIZE);
      }
    }
    const role = jsep.dtlsRole;
    if (role && jsep.signalingState === 'stable') transport.setRoles(role, this.sctpAgreed);
    // The media negotiated by the current descriptions (RFC 8829 §5.10: applied once stable).
    if (jsep.signalingState === 'stable' && jsep.currentLocal && jsep.currentRemote) {
      transport.setRtpDescription(rtpSessionDescription(jsep.currentLocal.parsed, jsep.currentRemote.parsed));
    }
  }

  /** Sends one packetized payload of the sender of `mid`. */
  sendRtp(mid: string, packet: OutgoingRtpPacket, captureMs: number): void {
    this.transport?.sendRtp(mid, packet, captureMs);
  }

  /** Runs `fn` on the RTP session (undefined before the transport and a description made one). */
  withRtpSession<T>(fn: (session: RtpSession, nowMs: number) => T): T | undefined {
    return this.transport?.withRtpSession(fn);
  }

  /** Asks for a key frame on the receiver of `mid`; false before the transport exists. */
  requestKeyFrame(mid: string): boolean {
    if (this.transport === null) return false;
    this.transport.requestKeyFrame(mid);
    return true;
  }

  /** A trickled remote candidate (or '' for end-of-candidates), once per candidate. */
  addRemoteCandidate(candidate: string): void {
    if (candidate !== '' && this.remoteCandidates.has(candidate)) return;
    if (candidate !== '') this.remoteCandidates.add(candidate);
    this.transport?.addRemoteCandidate(candidate);
  }

  /**
   * Hands the channels with ids to the transport once SCTP is negotiated and the DTLS role
   * known, so the first DCEP messages leave with the SCTP handshake's last packet.
   */
  attachChannels(): void {
    if (this.transport && this.sctpAgreed && this.host.jsep.dtlsRole) this.host.channels.attachAll(this.wire());
  }

  /** The channels' view of the transport. */
  private wire(): ChannelWire {
    return {
      open: (init) => this.transport?.openChannel(init),
      send: (id, data) => this.transport?.send(id, data),
      close: (id) => this.transport?.closeChannel(id) ?? true,
      maxMessageSize: () => this.sctpState.maxMessageSize,
    };
  }

  /** What getStats reports of the engines: now, or as close() left them; undefined before they exist. */
  transportStats(): TransportStats | undefined {
    return this.transport?.stats() ?? this.closedStats;
  }

  /** pc.close(): every transport is closed at once, without events (W3C §4.4.1.5). */
  close(): void {
    this.transport?.close();
    this.closedStats = this.transport?.stats();
    this.transport = null;
    this.sections.close();
    this.delivery.clear();
    this.sctpState.state = 'closed';
    this.dtlsState.state = 'closed';
    this.iceState.state = 'closed';
    this.iceConnectionState = 'closed';
    this.connectionState = 'closed';
  }

  // ---- transport events -------------------------------------------------------------

  private onEvent(e: TransportEvent): void {
    const channels = this.host.channels;
    switch (e.type) {
      case 'turn-error':
        return this.iceCandidateError(e.failure);
      case 'rtp':
        this.host.onRtp(e.event);
        return;
      case 'local-candidate':
        this.localCandidate(e.candidate, e.url ?? null, e.relayProtocol ?? null);
        if (e.candidate === null) this.gatheringState('complete');
        return;
      case 'ice-state':
        return this.iceStateChanged(e.state);
      case 'selected-pair':
        return this.selectedPair(e.local, e.remote);
      case 'dtls-state':
        return this.dtlsStateChanged(e.state, e.remoteCertificate);
      case 'sctp-state':
        if (this.host.isClosed()) return;
        if (e.state === 'connected') {
          this.sctpState.state = 'connected';
          this.sctpState.maxChannels = e.maxChannels ?? null;
          fire(this.sctpTransport, 'statechange');
          this.attachChannels();
        } else {
          // W3C §6.2 "announcing a data channel as closed": an association that ended other
          // than by a graceful SHUTDOWN (RFC 9260 §9.2) closed "with an error".
          this.sctpClosed(e.reason !== 'shutdown');
        }
        return;
      case 'channel-opened': {
        if (this.host.isClosed()) return;
        const { channel, control } = channels.remoteOpened(e.id, e.options, this.wire());
        this.host.target.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel }));
        control.open();
        return;
      }
      case 'channel-open':
        // W3C §6.2 "announce the channel as open" is a queued task.
        queueTask(() => channels.onOpen(e.id));
        return;
      case 'channel-message':
        channels.control(e.id)?.receive(e.data, e.sizeBytes);
        return;
      case 'channel-buffered-amount':
        channels.control(e.id)?.drained(e.bytes);
        return;
      case 'channel-closing':
        channels.control(e.id)?.remoteClosing();
        return;
      case 'channel-closed':
        channels.onClosed(e.id);
        return;
    }
  }

  private localCandidate = task((c: string | null, url: string | null, relayProtocol: 'udp' | 'tcp' | 'tls' | null) => {
    // Also none from a transport dropped since (dropUnusedTransport).
    if (this.host.isClosed() || this.transport === null) return;
    if (c !== null) {
      this.iceState.localCandidates.push(new RTCIceCandidate({ candidate: c, sdpMid: '0', url, relayProtocol }));
      this.emitLocalCandidate(c, url, relayProtocol);
    } else {
      // W3C §5.6: end-of-candidates for the transport, then (via the gathering state) null.
      this.emitEndOfCandidates();
    }
  });

  /** W3C §4.8.4 / §5.6: a TURN server gave no candidate: icecandidateerror, in a task. */
  private iceCandidateError = task((f: TurnFailure) => {
    if (this.host.isClosed()) return;
    this.host.target.dispatchEvent(
      new RTCPeerConnectionIceErrorEvent('icecandidateerror', { address: f.address, port: f.port, url: f.url, errorCode: f.errorCode, errorText: f.errorText }),
    );
  });

  private gatheringState = task((state: 'gathering' | 'complete') => {
    if (this.host.isClosed() || this.transport === null || this.iceState.gatheringState === state) return;
    // W3C webrtc §5.6: both states change before either event fires.
    this.iceState.gatheringState = state;
    this.iceGatheringState = state;
    fire(this.iceTransport, 'gatheringstatechange');
    fire(this.host.target, 'icegatheringstatechange');
    if (state === 'complete') this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
  });

  private iceStateChanged = task((agentState: IceTransportState_['state']) => {
    // Like Chromium, purertc reports "connected" for a nominated pair and never "completed":
    // with trickle ICE more candidates may always come (RFC 8838 §11), and code that waits
    // for "connected" (WPT does) must see it.
    const state = agentState === 'completed' ? 'connected' : agentState;
    if (this.host.isClosed() || this.iceState.state === state) return;
    this.iceState.state = state;
    fire(this.iceTransport, 'statechange');
    this.iceConnectionState = state;
    fire(this.host.target, 'iceconnectionstatechange');
    this.updateConnectionState();
  });

  private selectedPair = task((local: string, remote: string) => {
    if (this.host.isClosed()) return;
    this.iceState.selectedPair = new RTCIceCandidatePair(
      idl.INTERNAL,
      new RTCIceCandidate({ candidate: local, sdpMid: '0' }),
      new RTCIceCandidate({ candidate: this.asSignalled(remote), sdpMid: '0' }),
    );
    fire(this.iceTransport, 'selectedcandidatepairchange');
  });

  /**
   * A remote candidate of the selected pair as the peer signalled it, extensions and all
   * (RFC 8839 §5.1), so it reads as the peer's own icecandidate did; a peer-reflexive one
   * (or one found by mDNS) as the agent formats it.
   */
  private asSignalled(formatted: string): string {
    const key = candidateKey(formatted);
    for (const c of this.remoteCandidates) if (candidateKey(c) === key) return c;
    return formatted;
  }

  private dtlsStateChanged = task((state: DtlsTransportState_['state'], cert?: Uint8Array) => {
    if (this.host.isClosed() || this.dtlsState.state === state) return;
    this.dtlsState.state = state;
    if (cert) this.dtlsState.remoteCertificates = [cert];
    if (this.dtlsTransport) {
      // W3C §5.5: a DTLS failure fires error (RTCErrorEvent, "dtls-failure") before statechange.
      if (state === 'failed') {
        const error = new RTCError({ errorDetail: 'dtls-failure' } as never, 'The DTLS handshake or connection failed.');
        this.dtlsTransport.dispatchEvent(new RTCErrorEvent('error', { error }));
      }
      fire(this.dtlsTransport, 'statechange');
    }
    this.updateConnectionState();
    if (state === 'failed' || state === 'closed') this.sctpClosed(state === 'failed');
  });

  /** A gathered candidate goes into the local description and out as icecandidate. */
  private emitLocalCandidate(candidate: string, url: string | null, relayProtocol: 'udp' | 'tcp' | 'tls' | null): void {
    const jsep = this.host.jsep;
    const where = jsep.addLocalCandidate(candidate);
    if (!where) return;
    // W3C webrtc §4.8.1: url for srflx and relay candidates, relayProtocol for relay ones.
    const ice = new RTCIceCandidate({
      candidate,
      sdpMid: where.sdpMid,
      sdpMLineIndex: where.sdpMLineIndex,
      usernameFragment: jsep.localTransport.iceUfrag,
      url,
      relayProtocol,
    });
    // W3C webrtc §4.8.2: the event's (deprecated) url is the candidate's server, if any.
    this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: ice, url }));
  }

  private emitEndOfCandidates(): void {
    const jsep = this.host.jsep;
    const d = jsep.pendingLocal ?? jsep.currentLocal;
    if (!d) return;
    jsep.addLocalCandidate(null);
    const tag = d.parsed.bundle?.[0] ?? d.parsed.sections[0]?.mid ?? null;
    if (tag === null) return;
    const index = d.parsed.sections.findIndex((x) => x.mid === tag);
    const candidate = new RTCIceCandidate({
      candidate: '',
      sdpMid: tag,
      sdpMLineIndex: index < 0 ? null : index,
      usernameFragment: jsep.localTransport.iceUfrag,
    });
    this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate }));
  }

  /** W3C §4.4.3 "update the connection state". */
  private updateConnectionState(): void {
    const ice = this.iceState.state;
    const dtls = this.dtlsState.state;
    let next: ConnectionState;
    if (this.host.isClosed()) next = 'closed';
    else if (ice === 'failed' || dtls === 'failed') next = 'failed';
    else if (ice === 'disconnected') next = 'disconnected';
    else if ((ice === 'new' || ice === 'closed') && (dtls === 'new' || dtls === 'closed')) next = 'new';
    // W3C §4.4.3: "connected" while ICE is connected and DTLS connected or closed.
    else if ((ice === 'connected' || ice === 'completed') && (dtls === 'connected' || dtls === 'closed')) next = 'connected';
    else next = 'connecting';
    if (next === this.connectionState) return;
    this.connectionState = next;
    fire(this.host.target, 'connectionstatechange');
  }

  /** The association ended; with `failed`, open channels see an "sctp-failure" error. */
  private sctpClosed(failed: boolean): void {
    if (this.sctpState.state === 'closed') return;
    const wasConnected = this.sctpState.state === 'connected';
    this.sctpState.state = 'closed';
    if (wasConnected) fire(this.sctpTransport, 'statechange');
    this.host.channels.closeAll(failed);
  }
}

/** The servers and policy a gathering runs with (W3C §4.4.1.3: "relay" gathers only relay candidates). */
function gatherConfigOf(config: Configuration): GatherConfig {
  return {
    stunUrls: config.iceServers.flatMap((s) => s.urls).filter((u) => u.startsWith('stun:')),
    relayOnly: config.iceTransportPolicy === 'relay',
    turnServers: turnServersOf(config),
  };
}

/** One allocation per turn: or turns: URL of RTCConfiguration.iceServers, with its credentials. */
function turnServersOf(config: Configuration): Array<{ url: string; username: string; credential: string }> {
  const out: Array<{ url: string; username: string; credential: string }> = [];
  for (const s of config.iceServers) {
    for (const url of s.urls) {
      // Set-configuration checks (W3C §4.4.1.3) already required both for TURN URLs.
      if (/^turns?:/i.test(url) && s.username !== undefined && s.credential !== undefined) out.push({ url, username: s.username, credential: s.credential });
    }
  }
  return out;
}

/** RFC 8839 §5.1: a candidate's transport, address and port, which name it on the wire. */
function candidateKey(candidate: string): string {
  const [, , transport, , address, port] = candidate.replace(/^(a=)?candidate:/i, '').split(/\s+/);
  return `${transport?.toLowerCase()} ${address?.toLowerCase()} ${port}`;
}

/** The data m-section of a description, if it has one in use. */
function dataSection(d: ParsedDescription): ParsedSection | undefined {
  return d.sections.find((x) => x.kind === 'application' && !x.rejected);
}

/**
 * The SCTP port a description states (RFC 8841 §5). Port 0 is no SCTP port (RFC 9260 §3.1),
 * yet a description may say it (Chromium accepts it): the default, 5000, is used instead.
 */
function sctpPortOf(d: ParsedDescription): number | undefined {
  const port = dataSection(d)?.sctpPort;
  return port === null || port === undefined || port === 0 ? undefined : port;
}
