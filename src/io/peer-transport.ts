// The driver of one peer connection's bundle transport: it owns the UDP sockets and the
// one timer, and feeds the sans-IO engines (ICE -> DTLS -> SCTP -> data channels) with
// bytes and time, draining what they want sent and what they report (DESIGN.md).
import type { KeyObject } from 'node:crypto';
import { IceAgent, toSdpCandidate, type IceState, type LocalCandidate } from '../protocol/ice/index.js';
import { DtlsConnection, type RemoteFingerprint } from '../protocol/dtls/index.js';
import { SctpAssociation } from '../protocol/sctp/index.js';
import { DataChannelManager, type ChannelOptions, type OpenOptions } from '../protocol/datachannel/index.js';
import { parseCandidate, serializeCandidate } from '../protocol/sdp/candidate.js';
import type { Address, Transmit } from '../protocol/types.js';
import { bindSockets, type BoundSocket } from './sockets.js';
import { nodeRandom, resolveStunServers } from './environment.js';

/** What the transport reports to the peer connection. */
export interface TransportEvents {
  /** A gathered local candidate (`candidate:...`), or null when gathering completed. */
  localCandidate(candidate: string | null): void;
  gatheringState(state: 'gathering' | 'complete'): void;
  iceState(state: IceState): void;
  selectedPair(local: string, remote: string): void;
  dtlsState(state: 'connecting' | 'connected' | 'failed' | 'closed', remoteCertificate?: Uint8Array): void;
  sctpState(state: 'connected' | 'closed', maxChannels?: number): void;
  /** The remote opened a channel with DCEP. */
  channelOpened(id: number, options: ChannelOptions): void;
  channelOpen(id: number): void;
  channelMessage(id: number, data: string | Uint8Array): void;
  channelBufferedAmount(id: number, bytes: number): void;
  channelClosing(id: number): void;
  channelClosed(id: number): void;
}

/** How the transport is set up. */
export interface TransportOptions {
  certificate: { der: Uint8Array; privateKey: KeyObject };
  localUfrag: string;
  localPwd: string;
  /** `stun:` servers from RTCConfiguration.iceServers. */
  stunUrls: string[];
  /** Nonstandard: bind host candidates to this address only. */
  bindAddress?: string;
  /** Nonstandard: local port range. */
  portRange?: { min: number; max: number };
  /** Gather no candidates at all (iceTransportPolicy "relay" without TURN). */
  gatherNothing?: boolean;
}

/** What the remote description says about the transport. */
export interface RemoteTransport {
  ufrag: string;
  pwd: string;
  fingerprints: RemoteFingerprint[];
  candidates: string[];
  endOfCandidates: boolean;
}

const now = (): number => performance.now();

/** One peer connection's ICE/DTLS/SCTP transport over UDP. */
export class PeerTransport {
  private sockets: BoundSocket[] = [];
  private ice: IceAgent | null = null;
  private dtls: DtlsConnection | null = null;
  private sctp: SctpAssociation | null = null;
  private channels: DataChannelManager | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private closed = false;
  private iceConnected = false;
  private dtlsRole: 'client' | 'server' | null = null;
  private remoteFingerprints: RemoteFingerprint[] | null = null;
  private wantSctp = false;
  private sctpConnected = false;
  private pendingChannels: OpenOptions[] = [];
  private driving = false;
  /** Datagrams that were neither STUN nor DTLS (RTP until media lands), dropped. */
  droppedDatagrams = 0;

  constructor(
    private readonly options: TransportOptions,
    private readonly events: TransportEvents,
  ) {}

  /** Starts ICE as controlling or controlled and gathers host and srflx candidates. */
  start(controlling: boolean): void {
    if (this.ice || this.closed) return;
    const random = nodeRandom();
    const ice = new IceAgent({
      controlling,
      tieBreaker: (BigInt(random.uint32()) << 32n) | BigInt(random.uint32()),
      localUfrag: this.options.localUfrag,
      localPwd: this.options.localPwd,
      random,
      // Sized for LAN and loopback, as browsers pace: 5 ms between checks (RFC 8445 §14.2 lets
      // Ta be lower than 50 ms when the traffic is known to be small).
      taMs: 5,
      checkRtoMs: 100,
      nominationDelayMs: 50,
    });
    this.ice = ice;
    this.events.gatheringState('gathering');
    void this.gather(ice);
  }

  private async gather(ice: IceAgent): Promise<void> {
    try {
      if (!this.options.gatherNothing) {
        const bound = await bindSockets(
          { bindAddress: this.options.bindAddress, portRange: this.options.portRange },
          (data, from, socket) => this.onDatagram(data, from, socket),
        );
        if (this.closed) {
          for (const s of bound) s.socket.close();
          return;
        }
        this.sockets = bound;
        for (const s of bound) ice.addLocalHostCandidate(s.base);
        for (const server of await resolveStunServers(this.options.stunUrls)) ice.addStunServer(server);
      }
    } catch {
      // No usable interface: ICE proceeds with no local candidates and fails honestly.
    }
    if (this.closed) return;
    ice.endOfLocalCandidates();
    try {
      this.drive();
    } catch (e) {
      // Never an unhandled rejection: a failure here ends the transport as failed ICE would.
      this.events.iceState('failed');
      queueMicrotask(() => {
        throw e;
      });
    }
  }

  /** Applies the remote ICE parameters and candidates (SRD). */
  setRemote(remote: RemoteTransport): void {
    if (!this.ice || this.closed) return;
    this.ice.setRemoteCredentials(remote.ufrag, remote.pwd);
    for (const c of remote.candidates) this.addRemoteCandidate(c);
    if (remote.endOfCandidates) this.ice.setRemoteEndOfCandidates();
    this.remoteFingerprints = remote.fingerprints;
    this.dtls?.setRemoteFingerprints(remote.fingerprints);
    this.drive();
  }

  /** A trickled remote candidate (`candidate:...`), or '' for end-of-candidates. */
  addRemoteCandidate(candidate: string): void {
    if (!this.ice || this.closed) return;
    if (candidate === '') {
      this.ice.setRemoteEndOfCandidates();
    } else {
      try {
        const c = parseCandidate(candidate);
        this.ice.addRemoteCandidate(c);
      } catch {
        // Validated by addIceCandidate already; anything else is simply not usable.
      }
    }
    this.drive();
  }

  /** The DTLS role negotiated by the a=setup attributes, and whether SCTP is wanted. */
  setRoles(dtlsRole: 'client' | 'server', wantSctp: boolean): void {
    if (this.closed) return;
    this.dtlsRole = dtlsRole;
    this.wantSctp = wantSctp;
    this.maybeStartDtls();
    this.maybeStartSctp();
    this.drive();
  }

  private maybeStartDtls(): void {
    if (this.dtls || !this.iceConnected || this.dtlsRole !== 'client') return;
    this.createDtls('client');
  }

  private createDtls(role: 'client' | 'server'): DtlsConnection {
    this.dtls = new DtlsConnection({
      role,
      certificate: this.options.certificate,
      remoteFingerprints: this.remoteFingerprints,
      random: nodeRandom(),
      initialRtoMs: 400,
    });
    this.events.dtlsState('connecting');
    if (role === 'client') this.dtls.start(now());
    return this.dtls;
  }

  private maybeStartSctp(): void {
    if (this.sctp || !this.wantSctp || !this.dtls || this.dtls.state !== 'connected' || !this.dtlsRole) return;
    const sctp = new SctpAssociation({ localPort: 5000, remotePort: 5000, random: nodeRandom() });
    this.sctp = sctp;
    this.channels = new DataChannelManager({ transport: sctp, role: this.dtlsRole });
    sctp.connect(now());
  }

  /** Opens (or queues until SCTP is up) a data channel on a chosen stream id. */
  openChannel(options: OpenOptions & { id: number }): void {
    if (this.closed) return;
    if (this.channels && this.sctpConnected) {
      this.channels.open(options, now());
      this.drive();
    } else {
      this.pendingChannels.push(options);
    }
  }

  /** Sends a message on an open channel. */
  send(id: number, data: string | Uint8Array): void {
    if (!this.channels) return;
    this.channels.send(id, data, now());
    this.drive();
  }

  /** Starts closing a channel (stream reset). */
  closeChannel(id: number): void {
    this.pendingChannels = this.pendingChannels.filter((c) => c.id !== id);
    if (!this.channels) return;
    this.channels.close(id);
    this.drive();
  }

  /** Bytes queued on a channel. */
  bufferedAmount(id: number): number {
    return this.channels?.bufferedAmount(id) ?? 0;
  }

  /** Restarts ICE with new credentials. */
  restartIce(ufrag: string, pwd: string): void {
    if (!this.ice || this.closed) return;
    this.ice.restart(ufrag, pwd);
    this.drive();
  }

  /** Closes everything: no timers, no sockets, no events afterwards. */
  close(): void {
    if (this.closed) return;
    try {
      this.sctp?.abort();
      this.dtls?.close();
      this.flushTransmits();
    } catch {
      /* closing is best effort on the wire */
    }
    this.closed = true;
    this.ice?.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const s of this.sockets) s.socket.close();
    this.sockets = [];
  }

  // ---- the loop -----------------------------------------------------------------

  private onDatagram(data: Uint8Array, from: Address, socket: BoundSocket): void {
    if (this.closed || !this.ice) return;
    const t = now();
    // RFC 7983 §7: demultiplex by the first byte.
    if (this.ice.handleInput(data, from, socket.base, t)) {
      this.drive();
      return;
    }
    const first = data[0] ?? 0;
    if (first >= 20 && first <= 63) {
      let dtls = this.dtls;
      // An offerer with a=setup:actpass learns it is the DTLS server when a ClientHello
      // arrives (possibly before the answer).
      if (!dtls && this.dtlsRole !== 'client') dtls = this.createDtls('server');
      dtls?.handleInput(data, t);
    } else {
      this.droppedDatagrams++;
    }
    this.drive();
  }

  private sendTransmit(tx: Transmit): void {
    const socket = (tx.from && this.sockets.find((s) => s.base.port === tx.from!.port && s.base.address === tx.from!.address)) ?? this.sockets[0];
    if (!socket) return;
    socket.socket.send(tx.data, tx.to.port, tx.to.address);
  }

  private flushTransmits(): void {
    const ice = this.ice;
    if (!ice) return;
    for (let tx = ice.pollTransmit(); tx; tx = ice.pollTransmit()) this.sendTransmit(tx);
    if (this.sctp && this.dtls?.state === 'connected') {
      for (let p = this.sctp.pollTransmit(); p; p = this.sctp.pollTransmit()) this.dtls.send(p);
    }
    if (this.dtls) {
      for (let d = this.dtls.pollTransmit(); d; d = this.dtls.pollTransmit()) {
        const tx = ice.send(d);
        if (tx) this.sendTransmit(tx);
      }
    }
  }

  /** Runs the engines until none has anything more to say, then re-arms the timer. */
  private drive(): void {
    if (this.closed || !this.ice || this.driving) return;
    this.driving = true;
    try {
      for (let round = 0; round < 1000; round++) {
        const t = now();
        let progress = false;
        if (this.timerAt <= t) {
          this.timerAt = Infinity;
          this.ice.handleTimeout(t);
          this.dtls?.handleTimeout(t);
          this.sctp?.handleTimeout(t);
        }
        for (let e = this.ice.pollEvent(); e; e = this.ice.pollEvent()) {
          progress = true;
          this.onIceEvent(e);
          if (this.closed) return;
        }
        if (this.dtls) {
          for (let e = this.dtls.pollEvent(); e; e = this.dtls.pollEvent()) {
            progress = true;
            this.onDtlsEvent(e);
            if (this.closed) return;
          }
        }
        if (this.sctp) {
          for (let e = this.sctp.pollEvent(); e; e = this.sctp.pollEvent()) {
            progress = true;
            this.channels!.handleSctpEvent(e, now());
            if (e.type === 'connected') {
              this.sctpConnected = true;
              this.events.sctpState('connected', Math.min(e.maxStreamsOut, e.maxStreamsIn));
              for (const c of this.pendingChannels.splice(0)) this.channels!.open(c, now());
            } else if (e.type === 'closed') {
              this.events.sctpState('closed');
            }
            if (this.closed) return;
          }
          for (let e = this.channels!.pollEvent(); e; e = this.channels!.pollEvent()) {
            progress = true;
            this.onChannelEvent(e);
            if (this.closed) return;
          }
        }
        this.flushTransmits();
        if (!progress) break;
      }
    } finally {
      this.driving = false;
    }
    this.arm();
  }

  private arm(): void {
    if (this.closed || !this.ice) return;
    const next = Math.min(this.ice.pollTimeout() ?? Infinity, this.dtls?.pollTimeout() ?? Infinity, this.sctp?.pollTimeout() ?? Infinity);
    if (next === Infinity) return;
    if (this.timer && next >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Math.min(this.timerAt, now());
      this.drive();
    }, Math.max(0, Math.ceil(next - now())));
  }

  private onIceEvent(e: NonNullable<ReturnType<IceAgent['pollEvent']>>): void {
    switch (e.type) {
      case 'candidate':
        this.events.localCandidate(formatCandidate(e.candidate, this.options.localUfrag));
        return;
      case 'gathering-complete':
        this.events.localCandidate(null);
        this.events.gatheringState('complete');
        return;
      case 'state':
        if (e.state === 'connected' || e.state === 'completed') {
          this.iceConnected = true;
          this.maybeStartDtls();
        }
        this.events.iceState(e.state);
        return;
      case 'selected-pair':
        this.events.selectedPair(formatCandidate(e.local, this.options.localUfrag), serializeCandidate(toSdpCandidate(e.remote) as never));
        return;
      default:
        return;
    }
  }

  private onDtlsEvent(e: NonNullable<ReturnType<DtlsConnection['pollEvent']>>): void {
    switch (e.type) {
      case 'connected':
        this.events.dtlsState('connected', e.remoteCertificate);
        this.maybeStartSctp();
        return;
      case 'data':
        this.sctp?.handleInput(e.data, now());
        return;
      case 'closed':
        this.events.dtlsState('closed');
        if (this.sctp) this.events.sctpState('closed');
        return;
      case 'error':
        this.events.dtlsState('failed');
        return;
    }
  }

  private onChannelEvent(e: NonNullable<ReturnType<DataChannelManager['pollEvent']>>): void {
    switch (e.type) {
      case 'channel-open':
        this.events.channelOpened(e.id, e.options);
        return;
      case 'open':
        this.events.channelOpen(e.id);
        return;
      case 'message':
        this.events.channelMessage(e.id, e.data);
        return;
      case 'buffered-amount':
        this.events.channelBufferedAmount(e.id, e.bytes);
        return;
      case 'closing':
        this.events.channelClosing(e.id);
        return;
      case 'closed':
        this.events.channelClosed(e.id);
        return;
      default:
        return;
    }
  }
}

function formatCandidate(c: LocalCandidate, ufrag: string): string {
  const sdp = toSdpCandidate(c);
  // Browsers append the ufrag so a candidate names its ICE generation (RFC 8840 §4.1).
  sdp.extensions = [['generation', '0'], ['ufrag', ufrag]];
  return serializeCandidate(sdp as never);
}
