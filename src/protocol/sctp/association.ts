// The sans-IO SCTP association (RFC 9260) as WebRTC runs it over DTLS (RFC 8261): public
// API and packet assembly. Timers live in association-timers.ts, chunk handling in
// association-input.ts.
import { ChunkType } from './constants.js';
import type { Chunk } from './chunk.js';
import { userAbortCause } from './chunk-error.js';
import { SctpStateError } from './errors.js';
import type { SctpEvent, SendOptions } from './events.js';
import type { InitChunk } from './chunk-init.js';
import { peerCapabilities } from './handshake.js';
import { AssociationTimers } from './association-timers.js';
import type { SctpAssociationOptions } from './options.js';
import { buildPacket } from './packet-builder.js';
import { PmtuSearch } from './plpmtud.js';
import { encodeInitChunk, initChunkOf } from './snap.js';
import { tsnAdd } from './serial.js';

/** Most gap ack blocks put in one SACK (keeps a SACK well inside one packet). */
const MAX_SACK_BLOCKS = 64;

/**
 * One SCTP association, fed packets and time, polled for packets, events and its next
 * timeout (DESIGN.md "Engines are sans-IO").
 */
export class SctpAssociation extends AssociationTimers {
  /** Creates an idle association; call `connect` or wait for the peer's INIT. */
  constructor(options: SctpAssociationOptions) {
    super(options);
  }

  /** Starts the handshake by sending INIT (RFC 9260 §5.1 A). Either side may call it. */
  connect(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.state !== 'closed' || this.ended) throw new SctpStateError(`connect() in state ${this.state}`);
    this.state = 'cookie-wait';
    this.initFallbackAtMs = undefined;
    this.initChunk = this.ownInit();
    this.sendInit();
  }

  /** The INIT chunk this association sends, as a=sctp-init carries it (snap.ts). */
  localInit(): Uint8Array {
    return encodeInitChunk(this.ownInit());
  }

  /**
   * SNAP (draft-hancke-tsvwg-snap §6): with the peer's INIT from its SDP, becomes
   * ESTABLISHED at once, with no handshake on the wire. The driver calls it once DTLS is
   * up, and only if the peer's SDP also carried ours (`localInit`).
   */
  establishWith(peerInit: InitChunk, nowMs: number): void {
    this.nowMs = nowMs;
    if (this.state !== 'closed' || this.ended) throw new SctpStateError(`establishWith() in state ${this.state}`);
    // As from an INIT ACK: the peer's MIS bounds our outbound streams, its OS our inbound.
    this.setupTcb(peerInit.initiateTag, peerInit.initialTsn, peerInit.aRwnd, peerInit.inboundStreams, peerInit.outboundStreams, peerCapabilities(peerInit));
    this.snapUnconfirmed = true;
    this.establish(false);
  }

  /**
   * Waits in CLOSED for the peer's INIT, as a DTLS server does, for a side whose offer
   * carried a=sctp-init and whose answer did not: if the answer lost the attribute on the
   * way, the peer took our INIT for SNAP, is ESTABLISHED, and sends no INIT. So the
   * handshake starts from here when anything other than an INIT or COOKIE ECHO arrives
   * under our Initiate Tag (only a SNAP peer knows it), or when no INIT has come within
   * an initial RTO (RFC 9260 §6.3.1; a peer running the handshake sends its INIT within a
   * round trip of DTLS being up).
   */
  awaitInit(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.state !== 'closed' || this.ended) throw new SctpStateError(`awaitInit() in state ${this.state}`);
    this.initFallbackAtMs = nowMs + this.rto.rtoMs;
  }

  private ownInit(): InitChunk {
    return initChunkOf({ ...this.opts, initiateTag: this.localTag, initialTsn: this.localInitialTsn });
  }

  /** Feeds one SCTP packet (a DTLS record's payload). Bad input is dropped and counted. */
  handleInput(packet: Uint8Array, nowMs: number): void {
    this.nowMs = nowMs;
    this.newBurst = true;
    this.receivePacket(packet);
  }

  /** Runs whatever timers are due at `nowMs`. */
  handleTimeout(nowMs: number): void {
    this.nowMs = nowMs;
    this.newBurst = true;
    if (!this.ended) this.runTimers(nowMs);
  }

  /** When `handleTimeout` must next be called, or undefined when no timer runs. */
  pollTimeout(): number | undefined {
    return this.ended ? undefined : this.timerDeadline();
  }

  /**
   * Starts RFC 8899 path MTU discovery: packet sizes in `sizes` (ascending) are probed and
   * used once confirmed, the first probe `delayMs` from now. The driver asks for it where
   * the path allows large datagrams.
   */
  probePathMtu(sizes: readonly number[], nowMs: number, delayMs = 0): void {
    this.nowMs = nowMs;
    let nonce = 0;
    this.pmtu = new PmtuSearch(this.opts.mtu, sizes.filter((n) => n > this.opts.mtu && n <= 65535), () => (this.pmtuNonceBase + ++nonce) >>> 0);
    this.pmtu.start(nowMs + Math.max(0, delayMs));
  }

  private readonly pmtuNonceBase = this.opts.random.uint32();

  /** A due PMTU probe packet, if any. */
  private pollProbe(): Uint8Array | undefined {
    const search = this.pmtu;
    if (search === undefined || this.state !== 'established' || this.ended) return undefined;
    const probe = search.poll(this.nowMs, this.probeTimeoutMs());
    return probe && this.count(buildPacket(this.opts.localPort, this.opts.remotePort, this.peerTag, probe.chunks));
  }

  /** A transmission opportunity began: the Max.Burst ceiling is taken afresh. */
  private newBurst = true;
  /** Flight size new data may fill up to in this opportunity (RFC 9260 §6.1 D). */
  private burstCeiling = 0;

  /** The next packet to hand to DTLS, or undefined when there is nothing to send. */
  pollTransmit(): Uint8Array | undefined {
    // Probes go last: control chunks and data queued at the same time (a COOKIE ACK, the
    // first DCEP messages) are not held up behind a large padded packet.
    return this.pollPacket() ?? this.pollProbe();
  }

  private pollPacket(): Uint8Array | undefined {
    const raw = this.rawOut.shift();
    if (raw !== undefined) return this.count(raw);
    if (this.ended || this.peerTag === 0) return undefined;
    this.progress();
    const b = this.builder;
    while (this.control.length > 0 && b.fits(this.control[0]!)) b.addControl(this.control.shift()!);
    const s = this.sender;
    const t = this.tracker;
    const sendingData = s !== undefined && this.canSendData() && (s.rtxPending > 0 || this.queue.hasData());
    if (t !== undefined && (this.sackNow || (this.sackAtMs !== undefined && sendingData))) {
      const sack = t.buildSack(this.advertisedRwnd(), MAX_SACK_BLOCKS);
      if (b.fits(sack)) {
        b.addControl(sack);
        this.sackNow = false;
        this.sackAtMs = undefined;
        this.packetsSinceSack = 0;
        this.stats.sacksSent++;
      }
    }
    // RFC 3758 §3.5 A3: chunks of messages whose lifetime ran out are abandoned before
    // anything new is sent (this may queue a FORWARD TSN), and a message cut short ends.
    if (s !== undefined) {
      s.expireLifetimes(this.nowMs);
      this.endCutShort();
    }
    if (s !== undefined && s.forwardTsnPending && this.peerForwardTsn) {
      // RFC 3758 §3.5 C3: only while the peer lags behind Advanced.Peer.Ack.Point. One at
      // or below its cumulative ack (a SACK overtook the abandonment) says nothing, and
      // would make the peer drop the first fragments of the message in progress.
      if (!s.forwardTsnUseful) s.forwardTsnPending = false;
      else {
        const f = s.buildForwardTsn();
        if (b.fits(f)) b.addControl(f);
        else s.forwardTsnPending = true;
      }
    }
    if (s !== undefined && sendingData) this.addData();
    const tag = this.peerTag;
    const packet = b.finish(this.opts.localPort, this.opts.remotePort, tag);
    if (s !== undefined) s.fastRtxBurst = false;
    this.reportDrained();
    return packet === undefined ? undefined : this.count(packet);
  }

  /** The next event, or undefined. */
  pollEvent(): SctpEvent | undefined {
    return this.events.shift();
  }

  /**
   * Queues a message. Throws RangeError for an empty or oversized message or a bad stream,
   * SctpStateError once the association is shutting down or closed.
   */
  send(streamId: number, ppid: number, data: Uint8Array, options: SendOptions | undefined, nowMs: number): void {
    this.nowMs = nowMs;
    if (this.ended || this.state === 'shutdown-pending' || this.state.startsWith('shutdown')) {
      throw new SctpStateError(`send() in state ${this.ended ? 'closed' : this.state}`);
    }
    if (!Number.isInteger(streamId) || streamId < 0 || streamId >= this.maxStreamsOut) {
      throw new RangeError(`stream ${streamId} outside 0..${this.maxStreamsOut - 1}`);
    }
    // RFC 9260 §6.2: DATA chunks carry at least one byte; DCEP maps empty messages to one byte.
    if (data.length === 0) throw new RangeError('SCTP messages cannot be empty');
    if (data.length > this.opts.maxMessageSize) {
      throw new RangeError(`message of ${data.length} bytes exceeds max message size ${this.opts.maxMessageSize}`);
    }
    this.newBurst = true;
    const life = options?.maxPacketLifeTimeMs;
    const rexmit = options?.maxRetransmits;
    this.queue.enqueue({
      streamId,
      ppid: ppid >>> 0,
      data,
      unordered: options?.unordered === true,
      // RFC 3758 policies only take effect when the peer supports FORWARD TSN.
      maxRetransmits: rexmit !== undefined && this.prAllowed() ? Math.max(0, Math.floor(rexmit)) : undefined,
      expiresAtMs: life !== undefined && this.prAllowed() ? nowMs + Math.max(0, life) : undefined,
      offset: 0,
      ssn: 0,
      abandoned: false,
    });
    this.stats.messagesSent++;
  }

  /** Bytes queued on a stream and not yet sent. */
  bufferedAmount(streamId: number): number {
    return this.queue.bufferedAmount(streamId);
  }

  /** Asks the peer to reset these outgoing streams once their queued data is sent (RFC 6525). */
  resetStreams(streamIds: number[]): void {
    if (this.ended) throw new SctpStateError('resetStreams() on a closed association');
    for (const id of streamIds) {
      if (!Number.isInteger(id) || id < 0 || id > 0xffff) throw new RangeError(`bad stream id ${id}`);
    }
    this.queue.requestReset(streamIds);
  }

  /** Graceful close: sends what is queued, then SHUTDOWN (RFC 9260 §9.2). */
  close(): void {
    if (this.ended) return;
    if (this.state !== 'established') {
      this.abort('closed before established');
      return;
    }
    this.state = 'shutdown-pending';
  }

  /** Immediate close with ABORT (RFC 9260 §9.1). */
  abort(reason = 'abort'): void {
    if (this.ended) return;
    if (this.peerTag !== 0) {
      const chunk: Chunk = { type: ChunkType.ABORT, reflected: false, causes: [userAbortCause(reason)] };
      this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, this.peerTag, [chunk]));
    }
    this.end('abort');
  }

  /** A SACK is due at once (every second DATA packet, gaps, duplicates: RFC 9260 §6.2). */
  get sackDue(): boolean {
    return this.sackNow;
  }

  /** Current association state (RFC 9260 §4), for diagnostics. */
  get associationState(): string {
    return this.ended ? 'closed' : this.state;
  }

  private addData(): void {
    const s = this.sender!;
    const b = this.builder;
    const now = this.nowMs;
    const maxPayload = this.mtu - 12 - 16;
    while (s.rtxPending > 0) {
      if (!s.canRetransmit()) return;
      // RFC 9260 §6.9: a chunk is never fragmented again; one sent in a larger packet
      // before the packet size fell back (RFC 8899 §4.3) goes as the only DATA of a packet
      // over the current size, left to IP fragmentation, rather than stay unsent for ever.
      const c = s.takeRetransmit(b.dataRoom, now, b.hasData ? undefined : maxPayload);
      if (c === undefined) {
        if (s.rtxPending > 0) return; // RFC 9260 §6.1 C: retransmissions go before new data.
        break;
      }
      b.addData(c);
    }
    // RFC 9260 §6.1 D (in RFC 4960's form): one opportunity to send (an input, a timer, a
    // send()) adds at most Max.Burst packets to what is in flight, so a wide cwnd opening at
    // once does not leave as one burst that overflows the peer's socket buffer (Chromium
    // reads through 128 KiB); what a SACK acknowledged is replaced in full.
    if (this.newBurst) {
      this.newBurst = false;
      this.burstCeiling = this.opts.maxBurst > 0 ? s.flightSize + this.opts.maxBurst * maxPayload : Infinity;
    }
    for (;;) {
      if (s.flightSize >= this.burstCeiling) return;
      const remaining = this.queue.peekSize();
      if (remaining === 0) return;
      const want = Math.min(remaining, maxPayload);
      const room = b.dataRoom;
      // A message that fits one packet is never split; a large one fills the room left
      // when that room is worth a chunk header.
      if (want > room && (remaining <= maxPayload || room < 256)) return;
      if (!s.canSendNew(Math.min(want, room))) return;
      const f = this.queue.next(Math.min(maxPayload, room), now);
      if (f === undefined) {
        // The message in progress was abandoned: it ends before the next one takes a TSN.
        if (this.endCutShort()) continue;
        return;
      }
      b.addData(s.onSend(f, now));
    }
  }

  /** Ends a message abandoned part way through cutting (Sender.endCutShort); true if there was one. */
  private endCutShort(): boolean {
    const m = this.queue.releaseCutShort(this.nowMs);
    if (m === undefined) return false;
    this.sender!.endCutShort(m, this.nowMs);
    return true;
  }

  private count(packet: Uint8Array): Uint8Array {
    this.stats.packetsSent++;
    this.stats.bytesSent += packet.length;
    return packet;
  }

  private reportDrained(): void {
    const drained = this.queue.takeDrained();
    if (drained === undefined) return;
    for (const [streamId, bytes] of drained) this.events.push({ type: 'buffered-amount', streamId, bytes });
  }

  /** Work that waits on acknowledgements: stream resets and the shutdown sequence. */
  private progress(): void {
    const s = this.sender;
    const r = this.reset;
    if (s === undefined || r === undefined || !this.canSendData()) return;
    if (r.pending === undefined) {
      const ready = this.queue.streamsReadyForReset();
      if (ready.length > 0) {
        if (!this.peerReconfig) {
          this.events.push({ type: 'stream-reset-done', streamIds: ready, ok: false });
          this.queue.pause(ready);
          this.queue.resume(ready, false);
        } else {
          this.queue.pause(ready);
          const param = r.request(ready, tsnAdd(s.nextTsn, -1));
          this.control.push({ type: ChunkType.RE_CONFIG, params: [param] });
          r.retryAtMs = this.nowMs + this.rto.rtoMs;
        }
      }
    }
    if (!this.queue.hasData() && s.allAcked()) {
      if (this.state === 'shutdown-pending') {
        // RFC 9260 §9.2: with nothing outstanding, send SHUTDOWN and start T2-shutdown.
        this.state = 'shutdown-sent';
        this.control.push({ type: ChunkType.SHUTDOWN, cumTsnAck: this.tracker!.cumTsn });
        this.startT2();
      } else if (this.state === 'shutdown-received') {
        this.state = 'shutdown-ack-sent';
        this.control.push({ type: ChunkType.SHUTDOWN_ACK });
        this.startT2();
      }
    }
  }

  private prAllowed(): boolean {
    // Before the handshake we do not know yet; assume support (every WebRTC peer has it).
    return this.peerTag === 0 || this.peerForwardTsn;
  }
}
