// The association's state (the TCB, RFC 9260 §2.3 and §14) and helpers every layer uses.
import { ChunkType } from './constants.js';
import type { Chunk } from './chunk.js';
import { protocolViolationCause } from './chunk-error.js';
import type { InitChunk } from './chunk-init.js';
import { DataTracker } from './data-tracker.js';
import type { SctpEvent } from './events.js';
import { nonZeroUint32 } from './handshake.js';
import { resolveOptions, type ResolvedOptions, type SctpAssociationOptions } from './options.js';
import { buildPacket, PacketBuilder } from './packet-builder.js';
import type { PmtuSearch } from './plpmtud.js';
import { Reassembly } from './reassembly.js';
import { RtoEstimator } from './rto.js';
import { SendQueue } from './send-queue.js';
import { Sender } from './sender.js';
import { newStats, type SctpStats } from './stats.js';
import { StreamReset } from './stream-reset.js';

/** Association states (RFC 9260 §4). */
export type AssociationState =
  | 'closed'
  | 'cookie-wait'
  | 'cookie-echoed'
  | 'established'
  | 'shutdown-pending'
  | 'shutdown-sent'
  | 'shutdown-received'
  | 'shutdown-ack-sent';

/** The transmission control block and its helpers. */
export abstract class AssociationBase {
  /** Counters; bad input from the wire shows up here. */
  readonly stats: SctpStats = newStats();
  protected readonly opts: ResolvedOptions;
  protected state: AssociationState = 'closed';
  /** Set once a 'closed' event was queued; the object is then inert. */
  protected ended = false;
  protected localTag: number;
  protected localInitialTsn: number;
  protected peerTag = 0;
  protected peerForwardTsn = false;
  protected peerReconfig = false;
  protected maxStreamsOut: number;
  protected sender: Sender | undefined;
  protected tracker: DataTracker | undefined;
  protected reset: StreamReset | undefined;
  protected readonly reassembly: Reassembly;
  protected readonly queue = new SendQueue();
  protected readonly rto: RtoEstimator;
  protected readonly builder: PacketBuilder;
  /** RFC 8899 path MTU search, when the driver asked for one. */
  protected pmtu: PmtuSearch | undefined;
  /** Control chunks for the next packet (peer's tag). */
  protected readonly control: Chunk[] = [];
  /** Whole packets with special tags (INIT, INIT ACK, ABORT, SHUTDOWN COMPLETE). */
  protected readonly rawOut: Uint8Array[] = [];
  protected readonly events: SctpEvent[] = [];
  protected nowMs = 0;
  protected t1AtMs: number | undefined;
  /**
   * ESTABLISHED by SNAP and nothing heard from the peer yet: it may turn out that the peer
   * never saw our a=sctp-init and runs the handshake instead (see onInit).
   */
  protected snapUnconfirmed = false;
  /** When a waiting DTLS server starts the handshake itself (`awaitInit`). */
  protected initFallbackAtMs: number | undefined;
  protected t1Count = 0;
  protected t2AtMs: number | undefined;
  protected t2Count = 0;
  protected sackAtMs: number | undefined;
  protected sackNow = false;
  protected packetsSinceSack = 0;
  protected hbAtMs: number | undefined;
  protected hbNonce: number | undefined;
  protected hbSentAtMs = 0;
  protected initChunk: InitChunk | undefined;
  protected cookieEcho: Chunk | undefined;
  protected maxStreamsIn: number;
  protected readonly secret: Uint8Array;

  /** Resolves options and draws the local tag, initial TSN and cookie secret. */
  constructor(options: SctpAssociationOptions) {
    this.opts = resolveOptions(options);
    const next = (): number => this.opts.random.uint32();
    this.localTag = this.opts.initiateTag ?? nonZeroUint32(next);
    this.localInitialTsn = this.opts.initialTsn ?? next() >>> 0;
    this.secret = this.opts.random.bytes(32);
    this.rto = new RtoEstimator(this.opts);
    this.reassembly = new Reassembly(this.opts.maxReceiveMessageSize);
    this.builder = new PacketBuilder(this.opts.mtu);
    this.maxStreamsOut = this.opts.outboundStreams;
    this.maxStreamsIn = this.opts.inboundStreams;
  }

  /** Whether DATA may be sent in the current state (RFC 9260 §9.2). */
  protected canSendData(): boolean {
    const s = this.state;
    return s === 'established' || s === 'shutdown-pending' || s === 'shutdown-received';
  }

  /** The a_rwnd to advertise: our window minus what reassembly holds (RFC 9260 §6.2.1 A). */
  protected advertisedRwnd(): number {
    return Math.max(0, this.opts.receiveWindowBytes - this.reassembly.bufferedBytes);
  }

  /**
   * RFC 9260 §8.1: one more consecutive error (a T3-rtx expiry counts in the sender, an
   * unanswered HEARTBEAT or RE-CONFIG here); true once past Association.Max.Retrans.
   */
  protected countError(): boolean {
    const s = this.sender;
    return s !== undefined && ++s.errorCount > this.opts.maxRetransmissions;
  }

  /** RFC 9260 §8.1: the peer answered (a HEARTBEAT ACK, a RE-CONFIG response): the count starts over. */
  protected clearErrors(): void {
    if (this.sender !== undefined) this.sender.errorCount = 0;
  }

  /** Queues the 'closed' event once and stops every timer. */
  protected end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.state = 'closed';
    this.t1AtMs = this.t2AtMs = this.sackAtMs = this.hbAtMs = undefined;
    if (this.sender !== undefined) this.sender.t3AtMs = undefined;
    if (this.reset !== undefined) this.reset.retryAtMs = undefined;
    this.control.length = 0;
    this.events.push({ type: 'closed', reason });
  }

  /** Gives up on the association: ABORT to the peer, then closed (RFC 9260 §8.1). */
  protected fail(reason: string): void {
    if (this.peerTag !== 0) {
      const abort: Chunk = { type: ChunkType.ABORT, reflected: false, causes: [protocolViolationCause(reason)] };
      this.rawOut.push(buildPacket(this.opts.localPort, this.opts.remotePort, this.peerTag, [abort]));
    }
    this.end(reason);
  }

  /** Creates the sender, receiver and reconfiguration state for a peer. */
  protected setupTcb(
    peerTag: number,
    peerInitialTsn: number,
    peerRwnd: number,
    outStreamsLimit: number,
    inStreamsLimit: number,
    caps: { forwardTsn: boolean; reconfig: boolean },
  ): void {
    this.sender = new Sender(this.localInitialTsn, peerRwnd, this.opts.mtu, this.rto, this.stats);
    this.repeer(peerTag, peerInitialTsn, outStreamsLimit, inStreamsLimit, caps);
  }

  /**
   * The peer's side of the TCB (its tag, extensions, stream limits, our receiver and
   * reconfiguration state), keeping our sender with what is queued and in flight: part of
   * setupTcb, and alone for a SNAP peer that ran the handshake with an INIT other than its
   * SDP's.
   */
  protected repeer(peerTag: number, peerInitialTsn: number, outStreamsLimit: number, inStreamsLimit: number, caps: { forwardTsn: boolean; reconfig: boolean }): void {
    this.peerTag = peerTag;
    this.peerForwardTsn = caps.forwardTsn;
    this.peerReconfig = caps.reconfig;
    this.maxStreamsOut = Math.min(this.opts.outboundStreams, outStreamsLimit);
    this.maxStreamsIn = Math.min(this.opts.inboundStreams, inStreamsLimit);
    this.tracker = new DataTracker(peerInitialTsn);
    this.reset = new StreamReset(this.localInitialTsn, peerInitialTsn);
  }

  /** The packet size currently used. */
  protected get mtu(): number {
    return this.builder.mtu;
  }

  /** Uses a new packet size for what is built from now on. */
  protected setMtu(mtu: number): void {
    this.builder.mtu = mtu;
    if (this.sender) this.sender.cc.mtu = mtu;
  }

  /** Enters ESTABLISHED; `cookieAck` when we are answering a COOKIE ECHO (RFC 9260 §5.1 D). */
  protected establish(cookieAck: boolean): void {
    if (cookieAck) this.control.push({ type: ChunkType.COOKIE_ACK });
    this.state = 'established';
    this.t1AtMs = undefined;
    this.initFallbackAtMs = undefined;
    if (this.opts.heartbeatIntervalMs > 0) this.hbAtMs = this.nowMs + this.opts.heartbeatIntervalMs;
    this.events.push({ type: 'connected', maxStreamsOut: this.maxStreamsOut, maxStreamsIn: this.maxStreamsIn });
  }
}
