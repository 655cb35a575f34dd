// The bundle transport of one peer connection as one sans-IO engine: ICE carries DTLS,
// DTLS carries SCTP, SCTP carries the data channels (RFC 8261, RFC 8831). Bytes and time
// come in; datagrams to send and events come out. `src/io` owns the sockets and the timer.
import type { DataChannelManager, OpenOptions } from '../datachannel/index.js';
import type { DtlsConnection, RemoteFingerprint } from '../dtls/index.js';
import { IceAgent, type LocalCandidate, type RelayProtocol } from '../ice/index.js';
import type { InitChunk, SctpAssociation } from '../sctp/index.js';
import type { OutgoingRtpPacket, RtpSession, RtpSessionDescription, RtpSessionEvent, SendOptions } from '../rtp/session/index.js';
import { parseCandidate } from '../sdp/candidate.js';
import { isLoopback, type Address, type Transmit } from '../types.js';
import { WorkAhead, type AheadState } from './ahead.js';
import { DEFAULT_SCTP_PORT, formatCandidate, probeLoopbackPath, snapPeerInit } from './engines.js';
import { MediaPlane, type MediaStats } from './media.js';
import { Outbox } from './outbox.js';
import { channelEvent, type RemoteTransport, type StackEvent, type StackOptions, type StackStats } from './types.js';

export type { RemoteTransport, StackEvent, StackOptions, StackStats } from './types.js';
export type { MediaCounters, MediaStats } from './media.js';

/** ICE + DTLS + SCTP + DCEP for one bundle, sans-IO. */
export class TransportStack {
  private ice: IceAgent | null = null;
  private dtls: DtlsConnection | null = null;
  private sctp: SctpAssociation | null = null;
  private channels: DataChannelManager | null = null;
  private readonly transmits = new Outbox();
  private readonly events: StackEvent[] = [];
  private iceConnected = false;
  private dtlsRole: 'client' | 'server' | null = null;
  private remoteFingerprints: RemoteFingerprint[] | null = null;
  private wantSctp = false;
  private sctpConnected = false;
  /** The association's end was reported (one 'sctp-state' closed event, with the first reason). */
  private sctpEnded = false;
  private pendingChannels: Array<OpenOptions & { id: number }> = [];
  private closed = false;
  private transmitsDue = false;
  private loopbackPath = false;
  /** Larger SCTP packets were asked for (probeLoopbackPath), once per association. */
  private pathProbed = false;
  private heldDtls: Uint8Array[] = [];
  private remoteMaxDatagram: number | null = null;
  /** The peer's a=sctp-port. */
  private remoteSctpPort = DEFAULT_SCTP_PORT;
  /** The peer's INIT from its a=sctp-init when both descriptions carried one (SNAP). */
  private remoteSctpInit: InitChunk | null = null;
  /** Our applied description carried our a=sctp-init (RemoteTransport.sctpInitSent). */
  private sctpInitSent = false;
  /** Whether the SCTP peer is purertc (it said a=x-purertc-max-datagram); set with the association. */
  private sctpPeerIsPurertc: boolean | undefined;
  private lastNowMs = 0;
  /** The DTLS connection, X25519 key and SCTP association made ahead by `prepare`. */
  private readonly ahead: WorkAhead;
  /** Datagrams that were neither STUN, DTLS nor RTP/RTCP (RFC 7983 §7), dropped. */
  droppedDatagrams = 0;
  /** SRTP and the RTP session (see media.ts). */
  private readonly media: MediaPlane;
  /** Session events drained, before they become stack events. */
  private readonly rtpEvents: RtpSessionEvent[] = [];

  constructor(private readonly options: StackOptions) {
    this.ahead = new WorkAhead(options);
    this.media = new MediaPlane(options.random, options.media);
  }

  /** Creates the ICE agent (RFC 8445 §6.1.1: the offerer controls). */
  start(controlling: boolean): void {
    if (this.ice || this.closed) return;
    const r = this.options.random;
    this.ice = new IceAgent({
      controlling,
      tieBreaker: (BigInt(r.uint32()) << 32n) | BigInt(r.uint32()),
      localUfrag: this.options.localUfrag,
      localPwd: this.options.localPwd,
      random: r,
      // RFC 8445 §14.2 lets Ta be lower than 50 ms when traffic is known to be small;
      // browsers pace checks at a few ms on a LAN.
      taMs: this.options.ice?.taMs ?? 1,
      checkRtoMs: this.options.ice?.checkRtoMs ?? 100,
      nominationDelayMs: this.options.ice?.nominationDelayMs ?? 50,
    });
  }

  /**
   * Work that can be done before it is needed, for the driver to call while the connection
   * waits (for the answer, for a check's response): the DTLS connection, the handshake's
   * ECDHE key (so neither the ServerKeyExchange nor the ClientKeyExchange waits for it) and,
   * once the descriptions are applied, the SCTP association. A DTLS client's ClientHello
   * needs only its connection: its key and the association wait until the hello is out, so
   * that a check's response, or the peer's check, is not kept waiting behind them. Call
   * again whenever `preparationPending` says so.
   */
  prepare(): void {
    if (!this.closed) this.ahead.run(this.aheadState());
  }

  /** Whether `prepare` has work left that it can do now (the driver then calls it in a later turn). */
  get preparationPending(): boolean {
    return !this.closed && this.ice !== null && this.ahead.pending(this.aheadState());
  }

  private aheadState(): AheadState {
    return {
      dtlsRole: this.dtlsRole,
      remoteFingerprints: this.remoteFingerprints,
      wantSctp: this.wantSctp,
      dtlsStarted: this.dtls !== null,
      sctpStarted: this.sctp !== null,
      purertcPeer: this.remoteMaxDatagram !== null,
      remoteSctpPort: this.remoteSctpPort,
    };
  }

  /** A host candidate base (a bound socket's address). */
  addLocalBase(base: Address, nowMs: number): void {
    this.ice?.addLocalHostCandidate(base);
    this.progress(nowMs);
  }

  /** An ICE-TCP host candidate's base (see IceAgent.addLocalTcpCandidate). */
  addLocalTcpBase(base: Address, tcpType: 'active' | 'passive', nowMs: number): void {
    this.ice?.addLocalTcpCandidate(base, tcpType);
    this.progress(nowMs);
  }

  /** A STUN server for srflx gathering; `url` names it in stats. */
  addStunServer(server: Address, nowMs: number, url?: string): void {
    this.ice?.addStunServer(server, url);
    this.progress(nowMs);
  }

  /** A TURN allocation's relayed address as a relay candidate (see IceAgent.addLocalRelayCandidate). */
  addRelayCandidate(relayed: Address, mapped: Address | undefined, server: Address, relayProtocol: RelayProtocol, url: string, nowMs: number): void {
    this.ice?.addLocalRelayCandidate(relayed, mapped, server, relayProtocol, url);
    this.progress(nowMs);
  }

  /** Whether the driver still waits for TURN allocations: gathering completes only after. */
  setGatheringPending(pending: boolean, nowMs: number): void {
    this.ice?.setGatheringPending(pending);
    this.progress(nowMs);
  }

  /** Every base and server has been added. */
  endOfLocalCandidates(nowMs: number): void {
    this.ice?.endOfLocalCandidates();
    this.progress(nowMs);
  }

  /**
   * Whether the SCTP association is up: from then on, output produced by input is collected
   * at pollTransmit (see handleDatagram); before, each handshake step is answered at once.
   */
  get sctpUp(): boolean {
    return this.sctpConnected;
  }

  /** Applies the remote ICE parameters, candidates and DTLS fingerprints. */
  setRemote(remote: RemoteTransport, nowMs: number): void {
    if (!this.ice || this.closed) return;
    this.ice.setRemoteCredentials(remote.ufrag, remote.pwd, nowMs);
    for (const c of remote.candidates) this.addCandidate(c);
    if (remote.endOfCandidates) this.ice.setRemoteEndOfCandidates();
    this.remoteFingerprints = remote.fingerprints;
    this.remoteMaxDatagram = remote.maxDatagram ?? null;
    this.remoteSctpPort = remote.sctpPort ?? DEFAULT_SCTP_PORT;
    this.remoteSctpInit = this.options.sctpInit ? snapPeerInit(remote.sctpInit, this.options.sctpInit) : null;
    this.sctpInitSent = remote.sctpInitSent === true && this.options.sctpInit !== undefined;
    this.dtls?.setRemoteFingerprints(remote.fingerprints);
    this.progress(nowMs);
  }

  /** A trickled remote candidate (`candidate:...`), or '' for end-of-candidates. */
  addRemoteCandidate(candidate: string, nowMs: number): void {
    if (!this.ice || this.closed) return;
    this.addCandidate(candidate);
    this.progress(nowMs);
  }

  private addCandidate(candidate: string): void {
    if (candidate === '') {
      this.ice!.setRemoteEndOfCandidates();
      return;
    }
    try {
      this.ice!.addRemoteCandidate(parseCandidate(candidate));
    } catch {
      // addIceCandidate validated it; anything else is not usable by this agent.
    }
  }

  /** The DTLS role from a=setup, and whether the description negotiated SCTP. */
  setRoles(dtlsRole: 'client' | 'server', wantSctp: boolean, nowMs: number): void {
    if (this.closed) return;
    this.dtlsRole = dtlsRole;
    this.wantSctp = wantSctp;
    this.maybeStartDtls(nowMs);
    this.maybeStartSctp(nowMs);
    this.progress(nowMs);
  }

  /** Opens (or queues until SCTP is up) a data channel on a chosen stream id. */
  openChannel(options: OpenOptions & { id: number }, nowMs: number): void {
    if (this.closed) return;
    if (this.channels && this.sctpConnected) this.channels.open(options, nowMs);
    else this.pendingChannels.push(options);
    this.progress(nowMs);
  }

  /** Sends a message on an open channel. */
  send(id: number, data: string | Uint8Array, nowMs: number): void {
    if (!this.channels || this.closed) return;
    this.channels.send(id, data, nowMs);
    this.progress(nowMs);
  }

  /**
   * Starts closing a channel (RFC 8831 §6.7 stream reset). Returns true when the channel was
   * still waiting for SCTP: it never reached the wire, and no 'channel-closed' follows.
   */
  closeChannel(id: number, nowMs: number): boolean {
    const waiting = this.pendingChannels.length;
    this.pendingChannels = this.pendingChannels.filter((c) => c.id !== id);
    if (this.pendingChannels.length !== waiting) return true;
    if (!this.channels || this.closed) return false;
    this.channels.close(id);
    this.progress(nowMs);
    return false;
  }

  /** Bytes queued on a channel. */
  bufferedAmount(id: number): number {
    return this.channels?.bufferedAmount(id) ?? 0;
  }

  /** Restarts ICE with new local credentials, keeping the local candidates `keep` accepts (all without it). */
  restartIce(ufrag: string, pwd: string, nowMs: number, keep?: (c: LocalCandidate) => boolean): void {
    if (!this.ice || this.closed) return;
    this.ice.restart(ufrag, pwd, undefined, keep);
    this.progress(nowMs);
  }

  /** One received UDP datagram, demultiplexed by its first byte (RFC 7983 §7). */
  handleDatagram(data: Uint8Array, from: Address, to: Address, nowMs: number): void {
    if (this.closed || !this.ice) return;
    if (!this.ice.handleInput(data, from, to, nowMs)) {
      const first = data[0] ?? 0;
      if (first >= 20 && first <= 63) {
        // An offerer that wrote a=setup:actpass learns it is the DTLS server when the
        // ClientHello arrives, possibly before the answer does.
        if (!this.dtls && this.dtlsRole !== 'client') this.createDtls('server', nowMs);
        // Only the hello screening before the handshake reads the flag: skip the pair scan
        // on the data path.
        const verified = this.dtls?.state === 'connected' ? false : this.verifiedRemote(from);
        this.dtls?.handleInput(data, nowMs, verified);
      } else if (first >= 128 && first <= 191) {
        // RFC 7983 §7: 128-191 is RTP or RTCP, here protected by SRTP (RFC 5764 §5.1.2).
        this.media.handleDatagram(data, nowMs);
      } else {
        this.droppedDatagrams++;
      }
    }
    // Route what arrived upwards now. Once SCTP is up, what to send is collected at
    // pollTransmit, so the datagrams of one burst share a SACK (DESIGN.md: SACKs coalesced);
    // until then each handshake step is answered at once. Other stacks get their SACK every
    // second packet as RFC 9260 §6.2 asks: they send at most a few packets per SACK
    // (Max.Burst), so a SACK per burst would throttle them.
    this.progress(nowMs, !this.sctpConnected);
    if (this.sctpPeerIsPurertc === false && this.sctp?.sackDue === true) this.progress(nowMs);
  }

  /**
   * Whether ICE has verified `from`: a check to it succeeded (its owner answered from that
   * address), or an authenticated check came from it (its owner knows our ICE password).
   */
  private verifiedRemote(from: Address): boolean {
    for (const p of this.ice!.pairs) {
      if ((p.state === 'succeeded' || p.heardFrom) && p.remoteAddress.port === from.port && p.remoteAddress.address === from.address) return true;
    }
    return false;
  }

  /**
   * Runs what the DTLS handshake checked after queuing its flight (see
   * DtlsConnection.runPendingChecks); the driver calls it once that flight is sent. A
   * failure is reported as usual (dtls-state failed, its alert queued).
   */
  runPendingChecks(nowMs: number): void {
    if (this.closed || !this.dtls?.hasPendingChecks) return;
    this.dtls.runPendingChecks();
    this.progress(nowMs, !this.sctpConnected);
  }

  /** Timers fired. */
  handleTimeout(nowMs: number): void {
    if (this.closed || !this.ice) return;
    this.ice.handleTimeout(nowMs);
    this.dtls?.handleTimeout(nowMs);
    this.sctp?.handleTimeout(nowMs);
    const rtt = this.ice.selectedRoundTripMs();
    if (rtt !== undefined) this.media.rtpSession?.setTransportRtt(rtt);
    this.media.handleTimeout(nowMs);
    this.progress(nowMs);
  }

  /**
   * Applies the media description negotiated for this bundle (what jsep read from the
   * applied descriptions); the RTP session is made on the first call.
   */
  setRtpDescription(description: RtpSessionDescription, nowMs: number): void {
    if (this.closed) return;
    this.media.setDescription(description, nowMs);
    this.progress(nowMs);
  }

  /**
   * Sends one packetized RTP payload of a sender (RtpSession.sendRtp): it leaves through
   * SRTP once DTLS has keyed it. Returns false when the session refused it.
   */
  sendRtp(senderId: string, packet: OutgoingRtpPacket, nowMs: number, options?: SendOptions): boolean {
    if (this.closed) return false;
    const taken = this.media.sendRtp(senderId, packet, nowMs, options);
    this.progress(nowMs);
    return taken;
  }

  /** Asks the sender of a receiver's stream for a key frame (PLI or FIR, as negotiated). */
  requestKeyFrame(receiverId: string, nowMs: number): void {
    if (this.closed) return;
    this.media.rtpSession?.requestKeyFrame(receiverId, nowMs);
    this.progress(nowMs);
  }

  /** Turns an encoding of a sender on or off, or caps its bitrate (RTCRtpEncodingParameters). */
  setEncoding(senderId: string, encodingIndex: number, params: { active?: boolean; maxBitrateBps?: number | undefined }, nowMs: number): void {
    if (this.closed) return;
    this.media.rtpSession?.setEncoding(senderId, encodingIndex, params, nowMs);
    this.progress(nowMs);
  }

  /**
   * Runs `fn` on the RTP session (undefined before a description made one) and moves what it
   * produced on: the one door for the session's own methods (taps, sources, encodings).
   */
  withRtpSession<T>(fn: (session: RtpSession) => T, nowMs: number): T | undefined {
    const session = this.media.rtpSession;
    if (this.closed || session === null) return undefined;
    const out = fn(session);
    this.progress(nowMs);
    return out;
  }

  /** What the media plane counted and the RTP session's stats (W3C webrtc-stats RTP entries); works after close. */
  mediaStats(): MediaStats {
    return this.media.stats();
  }

  /** The next datagram to send. */
  pollTransmit(): Transmit | undefined {
    if (this.transmitsDue && !this.closed && this.ice) {
      this.transmitsDue = false;
      this.progress(this.lastNowMs);
    }
    return this.counted(this.transmits.shift());
  }

  /**
   * The next datagram already queued — STUN, DTLS handshake flights, SACKs due at once —
   * without producing the SCTP output that `pollTransmit` would (held back so that the
   * datagrams of one burst share a SACK). Lets the driver answer a handshake step at once.
   */
  pollQueuedTransmit(): Transmit | undefined {
    return this.counted(this.transmits.shift());
  }

  /**
   * A datagram on its way out: one that is not STUN (RFC 7983 §7: first byte above 3) counts
   * for the transport's and its pair's stats, as it leaves (after small DTLS datagrams merged).
   */
  private counted(tx: Transmit | undefined): Transmit | undefined {
    if (tx !== undefined && tx.data[0]! > 3) this.ice?.noteSent(tx.to, tx.from, tx.data.length, this.lastNowMs);
    return tx;
  }

  /** A copy of what getStats reports of the transport (W3C webrtc-stats); works after close. */
  stats(): StackStats {
    return {
      ice: this.ice?.statsSnapshot(),
      dtlsRole: this.dtls?.dtlsRole ?? this.dtlsRole ?? undefined,
      dtls: this.dtls?.agreed,
      media: this.media.stats(),
    };
  }

  /** The next event. */
  pollEvent(): StackEvent | undefined {
    return this.events.shift();
  }

  /**
   * When `handleTimeout` must be called next (ms, same clock as the inputs): at once while
   * a handshake check waits (for a driver that does not call runPendingChecks itself).
   */
  pollTimeout(): number | undefined {
    if (this.closed || !this.ice) return undefined;
    if (this.dtls?.hasPendingChecks) return this.lastNowMs;
    return this.timerDeadline();
  }

  /** The engines' earliest timer; pending handshake checks do not count (they wait for the driver). */
  private timerDeadline(): number | undefined {
    const t = Math.min(
      this.ice!.pollTimeout() ?? Infinity,
      this.dtls?.retransmitDeadline ?? Infinity,
      this.sctp?.pollTimeout() ?? Infinity,
      this.media.pollTimeout() ?? Infinity,
    );
    return t === Infinity ? undefined : t;
  }

  /** Aborts SCTP, sends close_notify, stops ICE; nothing happens afterwards. */
  close(nowMs: number): void {
    if (this.closed) return;
    this.lastNowMs = nowMs;
    // RFC 8831 §6.7 / RFC 9260 §9.1: the ABORT goes out inside DTLS before close_notify.
    this.sctp?.abort();
    // RFC 3550 §6.6: BYE for every SSRC that sent, while SRTP can still protect it.
    this.media.close(nowMs);
    if (this.ice) this.pump(nowMs);
    this.dtls?.close();
    if (this.ice) this.pump(nowMs);
    this.closed = true;
    this.ice?.close();
  }

  // ---- internals ------------------------------------------------------------------

  private maybeStartDtls(nowMs: number): void {
    if (this.dtls || this.dtlsRole !== 'client') return;
    // Like browsers, the handshake starts once a pair is writable (a check succeeded), not
    // only once one is nominated: ICE's send() routes over the best valid pair meanwhile.
    if (!this.iceConnected && !this.ice!.pairs.some((p) => p.state === 'succeeded')) return;
    this.createDtls('client', nowMs);
  }

  private createDtls(role: 'client' | 'server', nowMs: number): void {
    const dtls = this.ahead.takeDtls(role, this.remoteFingerprints);
    this.dtls = dtls;
    this.events.push({ type: 'dtls-state', state: 'connecting' });
    if (role === 'client') dtls.start(nowMs);
  }

  private maybeStartSctp(nowMs: number): void {
    // A False Start client opens the association with its Finished (RFC 7918), a round trip
    // before the server's Finished arrives.
    if (this.sctp || !this.wantSctp || !this.dtls || !this.dtls.writable || !this.dtlsRole) return;
    // With SNAP the association is ESTABLISHED once DTLS is (draft-hancke-tsvwg-snap §6):
    // nothing of it goes out to a peer not yet fully authenticated, nor before the
    // transports above report DTLS connected.
    const peerInit = this.remoteSctpInit;
    if (peerInit && this.dtls.state !== 'connected') return;
    const made = this.ahead.takeAssociation(this.dtlsRole, this.remoteMaxDatagram !== null, this.remoteSctpPort);
    this.sctpPeerIsPurertc = made.purertcPeer;
    const sctp = made.sctp;
    this.sctp = sctp;
    this.channels = made.channels;
    if (peerInit) sctp.establishWith(peerInit, nowMs);
    // The DTLS client opens the association; the server answers its INIT (no INIT collision).
    else if (this.dtlsRole === 'client') sctp.connect(nowMs);
    else if (this.sctpInitSent) sctp.awaitInit(nowMs);
  }

  /**
   * Moves bytes between the engines until none has more to say. Without `transmit`, SCTP's
   * output stays queued (marked due) until the next pollTransmit.
   */
  private progress(nowMs: number, transmit = true): void {
    if (this.closed || !this.ice) return;
    this.lastNowMs = nowMs;
    if (!transmit) this.transmitsDue = true;
    for (let round = 0; round < 1000; round++) {
      if (this.pump(nowMs, transmit)) continue;
      // A timer that is already due (a paced check, say) runs now, not a timer tick later.
      const due = this.timerDeadline();
      if (due === undefined || due > nowMs) break;
      this.ice.handleTimeout(nowMs);
      // Only a due retransmission: DTLS's timer handling would also run the pending checks.
      if ((this.dtls?.retransmitDeadline ?? Infinity) <= nowMs) this.dtls!.handleTimeout(nowMs);
      this.sctp?.handleTimeout(nowMs);
      if ((this.media.pollTimeout() ?? Infinity) <= nowMs) this.media.handleTimeout(nowMs);
      if (!this.pump(nowMs, transmit)) break;
    }
  }

  /** Hands the association's events to the channels and reports its state; true if there were any. */
  private pollSctp(nowMs: number): boolean {
    const sctp = this.sctp;
    const channels = this.channels;
    if (!sctp || !channels) return false;
    let any = false;
    for (let e = sctp.pollEvent(); e; e = sctp.pollEvent()) {
      any = true;
      channels.handleSctpEvent(e, nowMs);
      if (e.type === 'connected') {
        this.sctpConnected = true;
        this.maybeProbePath(nowMs);
        this.events.push({ type: 'sctp-state', state: 'connected', maxChannels: Math.min(e.maxStreamsOut, e.maxStreamsIn) });
        for (const c of this.pendingChannels.splice(0)) channels.open(c, nowMs);
      } else if (e.type === 'closed') {
        this.reportSctpEnd(e.reason);
      }
    }
    return any;
  }

  /** Reports the association's end once, with the first reason. */
  private reportSctpEnd(reason: string): void {
    if (this.sctpEnded) return;
    this.sctpEnded = true;
    this.events.push({ type: 'sctp-state', state: 'closed', reason });
  }

  private pump(nowMs: number, transmit = true): boolean {
    const ice = this.ice!;
    let progress = false;
    if (!this.dtls && this.dtlsRole === 'client') this.maybeStartDtls(nowMs);
    for (let e = ice.pollEvent(); e; e = ice.pollEvent()) {
      progress = true;
      this.onIceEvent(e, nowMs);
    }
    const dtls = this.dtls;
    if (dtls) {
      for (let e = dtls.pollEvent(); e; e = dtls.pollEvent()) {
        progress = true;
        this.onDtlsEvent(e, nowMs);
      }
    }
    const sctp = this.sctp;
    const channels = this.channels;
    if (sctp && channels) {
      if (this.pollSctp(nowMs)) progress = true;
      for (let e = channels.pollEvent(); e; e = channels.pollEvent()) {
        progress = true;
        const out = channelEvent(e);
        if (out) this.events.push(out);
      }
      if (transmit && dtls && dtls.writable) {
        for (let p = sctp.pollTransmit(); p; p = sctp.pollTransmit()) {
          progress = true;
          dtls.send(p);
        }
      }
    }
    if (dtls) {
      for (let d = dtls.pollTransmit(); d; d = dtls.pollTransmit()) {
        const tx = ice.send(d);
        if (tx) this.pushDtls(tx);
        // A DTLS answer (e.g. HelloVerifyRequest to an early ClientHello) before ICE has a
        // route waits for one, rather than costing the peer a retransmission timeout.
        else if (this.heldDtls.length < MAX_HELD_DTLS) this.heldDtls.push(d);
      }
    }
    while (this.heldDtls.length > 0) {
      const tx = ice.send(this.heldDtls[0]!);
      if (!tx) break;
      this.heldDtls.shift();
      this.pushDtls(tx);
    }
    // Media goes straight out on the selected pair (its own SRTP packets, not inside DTLS).
    if (this.media.drain((data) => this.pushMedia(data), this.rtpEvents)) progress = true;
    for (const e of this.rtpEvents.splice(0)) this.events.push({ type: 'rtp', event: e });
    // STUN after DTLS: when a check's answer lets a held flight out, the flight goes first
    // and the nomination check that the same answer queued follows it.
    for (let tx = ice.pollTransmit(); tx; tx = ice.pollTransmit()) this.transmits.push(tx);
    return progress;
  }

  /**
   * Once SCTP is up on a loopback path toward a purertc peer, probes for larger packets:
   * whichever comes last, the association (with SNAP it can be up before ICE nominates) or
   * the selected pair.
   */
  private maybeProbePath(nowMs: number): void {
    if (this.pathProbed || !this.sctpConnected || !this.sctp || !this.loopbackPath || this.remoteMaxDatagram === null) return;
    this.pathProbed = true;
    probeLoopbackPath(this.sctp, this.remoteMaxDatagram, nowMs);
  }

  /**
   * Queues a DTLS datagram; toward a purertc peer small ones share a datagram (see Outbox).
   * Other stacks get one record per datagram: libdatachannel reads only the first
   * application record of a datagram.
   */
  private pushDtls(tx: Transmit): void {
    this.transmits.pushDtls(tx, this.remoteMaxDatagram !== null);
  }

  /** Queues one SRTP/SRTCP datagram on ICE's route; false when there is none. */
  private pushMedia(data: Uint8Array): boolean {
    const tx = this.ice!.send(data);
    if (tx === undefined) return false;
    this.transmits.push(tx);
    return true;
  }

  private onIceEvent(e: NonNullable<ReturnType<IceAgent['pollEvent']>>, nowMs: number): void {
    switch (e.type) {
      case 'candidate':
        this.events.push({
          type: 'local-candidate',
          candidate: formatCandidate(e.candidate, this.options.localUfrag),
          ...(e.candidate.url !== undefined ? { url: e.candidate.url } : {}),
          ...(e.candidate.relayProtocol !== undefined ? { relayProtocol: e.candidate.relayProtocol } : {}),
        });
        return;
      case 'gathering-complete':
        this.events.push({ type: 'local-candidate', candidate: null });
        return;
      case 'state':
        if (e.state === 'connected' || e.state === 'completed') {
          this.iceConnected = true;
          this.maybeStartDtls(nowMs);
        }
        this.events.push({ type: 'ice-state', state: e.state });
        return;
      case 'selected-pair':
        this.loopbackPath = isLoopback(e.local.base.address) && isLoopback(e.remote.address);
        this.maybeProbePath(nowMs);
        this.events.push({
          type: 'selected-pair',
          local: formatCandidate(e.local, this.options.localUfrag),
          remote: formatCandidate(e.remote),
        });
        return;
      default:
        return;
    }
  }

  private onDtlsEvent(e: NonNullable<ReturnType<DtlsConnection['pollEvent']>>, nowMs: number): void {
    switch (e.type) {
      case 'connected':
        // RFC 5764 §4.2: SRTP keys come from the handshake's exporter once it completed.
        if (e.srtpProfile !== undefined) this.media.keyFrom(this.dtls!);
        this.events.push({ type: 'dtls-state', state: 'connected', remoteCertificate: e.remoteCertificate });
        this.maybeStartSctp(nowMs);
        return;
      case 'false-start':
        this.maybeStartSctp(nowMs);
        return;
      case 'data':
        this.sctp?.handleInput(e.data, nowMs);
        return;
      case 'closed':
        // An ABORT or SHUTDOWN that came in before the close_notify reports the association's
        // end with its own reason, ahead of the DTLS close.
        this.pollSctp(nowMs);
        this.events.push({ type: 'dtls-state', state: 'closed' });
        if (this.sctp) this.reportSctpEnd('dtls closed');
        return;
      case 'error':
        this.events.push({ type: 'dtls-state', state: 'failed' });
        return;
    }
  }
}

/** DTLS datagrams kept while ICE has no route yet (one flight is a handful). */
const MAX_HELD_DTLS = 16;
