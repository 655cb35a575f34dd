// The data sender: TSN assignment, the retransmission queue, SACK processing, T3-rtx, fast
// retransmit and PR-SCTP abandonment (RFC 9260 §6.1-§6.3, §7.2; RFC 3758 §3.5).
import { ChunkType } from './constants.js';
import { DataFlags } from './chunk-data.js';
import type { ForwardTsnChunk, SkippedStream } from './chunk-forward-tsn.js';
import type { SackChunk } from './chunk-sack.js';
import { CongestionControl } from './congestion.js';
import type { RtoEstimator } from './rto.js';
import type { Fragment, OutgoingMessage } from './send-queue.js';
import { tsnAdd, tsnDiff, tsnLt, tsnLte } from './serial.js';
import type { SctpStats } from './stats.js';

/** A DATA chunk that has a TSN and waits for its acknowledgement. */
export interface SentChunk {
  tsn: number;
  flags: number;
  streamId: number;
  ssn: number;
  ppid: number;
  payload: Uint8Array;
  msg: OutgoingMessage;
  sentAtMs: number;
  transmissions: number;
  /** Reported in a gap ack block (may still be reneged). */
  acked: boolean;
  abandoned: boolean;
  /** Counted in the flight size. */
  inFlight: boolean;
  /** Marked for retransmission. */
  retransmit: boolean;
  missIndications: number;
  fastRetransmitted: boolean;
}

/** RFC 9260 §7.2.4: fast retransmit on the third miss indication. */
const FAST_RETRANSMIT_THRESHOLD = 3;

/** Sender-side state of one association. */
export class Sender {
  /** Next TSN to assign. */
  nextTsn: number;
  /** The peer's cumulative TSN ack. */
  cumAck: number;
  /** RFC 3758 §3.5: Advanced.Peer.Ack.Point. */
  advancedPeerAckPoint: number;
  /** Bytes sent and neither acked nor marked for retransmission. */
  flightSize = 0;
  /** Our view of the peer's receive window. */
  peerRwnd: number;
  /** Chunks marked for retransmission. */
  rtxPending = 0;
  /** A FORWARD TSN should go out with the next packet. */
  forwardTsnPending = false;
  /** One packet of fast retransmissions may ignore cwnd (RFC 9260 §7.2.4 step 3). */
  fastRtxBurst = false;
  /** When T3-rtx fires; undefined when stopped. */
  t3AtMs: number | undefined;
  /**
   * The association's error counter (RFC 9260 §8.1): consecutive T3-rtx expiries,
   * unanswered HEARTBEATs and RE-CONFIG timeouts since the peer last acknowledged
   * something.
   */
  errorCount = 0;
  readonly cc: CongestionControl;
  private readonly q: SentChunk[] = [];
  private qHead = 0;
  private rttProbe: SentChunk | undefined;
  /** TSN of the newest outstanding chunk of a message with a lifetime, if any. */
  private timedUntilTsn: number | undefined;
  private readonly rto: RtoEstimator;
  private readonly stats: SctpStats;

  /** Starts at the local initial TSN with the peer's advertised window. */
  constructor(initialTsn: number, peerRwnd: number, mtu: number, rto: RtoEstimator, stats: SctpStats) {
    this.nextTsn = initialTsn;
    this.cumAck = tsnAdd(initialTsn, -1);
    this.advancedPeerAckPoint = this.cumAck;
    this.peerRwnd = peerRwnd;
    this.cc = new CongestionControl(mtu, peerRwnd);
    this.rto = rto;
    this.stats = stats;
  }

  /** Chunks with TSNs not yet covered by the peer's cumulative ack. */
  get outstanding(): number {
    return this.q.length - this.qHead;
  }

  /** RFC 9260 §6.1 A, B: whether a new chunk of `bytes` may be sent now. */
  canSendNew(bytes: number): boolean {
    if (this.flightSize >= this.cc.cwnd) return false;
    // A: zero window probing: one chunk may go when nothing is in flight.
    return this.peerRwnd >= bytes || this.flightSize === 0;
  }

  /** Whether a retransmission may be sent now. */
  canRetransmit(): boolean {
    return this.fastRtxBurst || this.flightSize < this.cc.cwnd;
  }

  /** Gives a fragment its TSN and queues it for acknowledgement. */
  onSend(f: Fragment, nowMs: number): SentChunk {
    const m = f.msg;
    const c: SentChunk = {
      tsn: this.nextTsn,
      flags:
        (f.beginning ? DataFlags.BEGIN : 0) | (f.ending ? DataFlags.END : 0) | (m.unordered ? DataFlags.UNORDERED : 0),
      streamId: m.streamId,
      ssn: m.unordered ? 0 : m.ssn,
      ppid: m.ppid,
      payload: f.payload,
      msg: m,
      sentAtMs: nowMs,
      transmissions: 1,
      acked: false,
      abandoned: false,
      inFlight: true,
      retransmit: false,
      missIndications: 0,
      fastRetransmitted: false,
    };
    this.nextTsn = tsnAdd(this.nextTsn, 1);
    if (m.expiresAtMs !== undefined) this.timedUntilTsn = c.tsn;
    this.q.push(c);
    this.flightSize += c.payload.length;
    this.peerRwnd = Math.max(0, this.peerRwnd - c.payload.length);
    if (this.rttProbe === undefined) this.rttProbe = c;
    // RFC 9260 §6.3.2 R1: start T3-rtx if it is not running.
    if (this.t3AtMs === undefined) this.t3AtMs = nowMs + this.rto.rtoMs;
    this.stats.dataChunksSent++;
    return c;
  }

  /**
   * The next chunk marked for retransmission that fits in `budget` bytes of payload, with
   * its policy checked first (RFC 3758 §3.5 A1-A3); undefined when none fits. A chunk
   * larger than `oversizeOver` bytes (no packet of the current size can carry it) is taken
   * whatever the budget, when the caller passes that limit.
   */
  takeRetransmit(budget: number, nowMs: number, oversizeOver?: number): SentChunk | undefined {
    for (let i = this.qHead; i < this.q.length && this.rtxPending > 0; i++) {
      const c = this.q[i]!;
      if (!c.retransmit) continue;
      if (this.expired(c, nowMs)) {
        this.abandon(c.msg, i);
        continue;
      }
      if (c.payload.length > budget && (oversizeOver === undefined || c.payload.length <= oversizeOver)) return undefined;
      c.retransmit = false;
      this.rtxPending--;
      c.transmissions++;
      c.sentAtMs = nowMs;
      c.inFlight = true;
      this.flightSize += c.payload.length;
      this.peerRwnd = Math.max(0, this.peerRwnd - c.payload.length);
      if (this.rttProbe === c) this.rttProbe = undefined; // Karn: no RTT from retransmissions.
      if (this.t3AtMs === undefined) this.t3AtMs = nowMs + this.rto.rtoMs;
      this.stats.retransmissions++;
      return c;
    }
    return undefined;
  }

  /**
   * A message abandoned after some of its fragments took TSNs (SendQueue.releaseCutShort):
   * RFC 3758 §3.5 lets the sender stop, but a receiver that got every fragment sent would
   * hold them for ever, and an ordered stream would wait for the message's SSN for ever.
   * So, as usrsctp does, the message gets one more TSN for its end, never sent and
   * abandoned at once: the FORWARD TSN then covers the whole message (its SSN for an
   * ordered stream) and the receiver drops its fragments and moves on (RFC 3758 §3.6).
   */
  endCutShort(m: OutgoingMessage, nowMs: number): void {
    const c: SentChunk = {
      tsn: this.nextTsn,
      flags: DataFlags.END | (m.unordered ? DataFlags.UNORDERED : 0),
      streamId: m.streamId,
      ssn: m.unordered ? 0 : m.ssn,
      ppid: m.ppid,
      payload: new Uint8Array(0),
      msg: m,
      sentAtMs: nowMs,
      transmissions: 0,
      acked: false,
      abandoned: true,
      inFlight: false,
      retransmit: false,
      missIndications: 0,
      fastRetransmitted: false,
    };
    this.nextTsn = tsnAdd(this.nextTsn, 1);
    this.q.push(c);
    this.abandon(m, this.q.length - 1);
    this.advancePeerAckPoint();
    // RFC 9260 §6.3.2 R1: the FORWARD TSN is retransmitted on T3-rtx until acknowledged.
    if (this.t3AtMs === undefined) this.t3AtMs = nowMs + this.rto.rtoMs;
  }

  /** Whether a FORWARD TSN would move the peer (RFC 3758 §3.5 C3: Advanced.Peer.Ack.Point is past its cumulative ack). */
  get forwardTsnUseful(): boolean {
    return this.tsnLtAdvanced();
  }

  /**
   * Whether a cumulative ack names a TSN this sender never sent. The peer then believes it
   * holds data that does not exist: no retransmission can bring the two back in step.
   */
  acksUnsent(cumTsnAck: number): boolean {
    return !tsnLt(cumTsnAck, this.cumAck) && !tsnLt(cumTsnAck, this.nextTsn);
  }

  /** Processes a SACK (RFC 9260 §6.2.1 D, §7.2). Returns false when it was ignored. */
  onSack(s: SackChunk, nowMs: number): boolean {
    // RFC 9260 §6.2.1 D i: a SACK older than the current cum ack is out of order; drop it.
    if (tsnLt(s.cumTsnAck, this.cumAck)) return false;
    // A SACK for a TSN never sent is a protocol violation (the association fails on it
    // before it gets here, see acksUnsent).
    if (!tsnLt(s.cumTsnAck, this.nextTsn)) return false;
    this.stats.sacksReceived++;
    const flightBefore = this.flightSize;
    let ackedBytes = 0;
    let htna: number | undefined;
    const cumAdvanced = tsnLt(this.cumAck, s.cumTsnAck);
    // Cumulative part.
    while (this.qHead < this.q.length && tsnLte(this.q[this.qHead]!.tsn, s.cumTsnAck)) {
      const c = this.q[this.qHead]!;
      this.q[this.qHead++] = undefined as unknown as SentChunk;
      if (!c.acked && !c.abandoned) {
        ackedBytes += c.payload.length;
        htna = c.tsn;
        this.measure(c, nowMs);
      }
      this.release(c);
    }
    this.compact();
    this.cumAck = s.cumTsnAck;
    if (this.rttProbe !== undefined && tsnLte(this.rttProbe.tsn, this.cumAck)) this.rttProbe = undefined;
    // Gap ack blocks: one pass over the queue with a cursor in the (sorted) blocks. Chunks
    // acked before and missing now were reneged (RFC 9260 §6.2.1 D v): they count again.
    let block = 0;
    let unacked = false;
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      const off = tsnDiff(s.cumTsnAck, c.tsn);
      while (block < s.gapBlocks.length && s.gapBlocks[block]!.end < off) block++;
      const g = s.gapBlocks[block];
      const inGap = g !== undefined && g.start <= off && off <= g.end;
      if (inGap && !c.acked) {
        c.acked = true;
        if (!c.abandoned) {
          ackedBytes += c.payload.length;
          htna = c.tsn;
          this.measure(c, nowMs);
        }
        this.release(c);
      } else if (!inGap) {
        c.acked = false;
        unacked = true;
      }
    }
    // RFC 9260 §7.2.4: miss indications for unacked TSNs below the highest newly acked.
    if (htna !== undefined) this.countMisses(htna);
    let exitedFr = false;
    if (cumAdvanced) {
      this.errorCount = 0;
      if (this.cc.recoverTsn !== undefined && tsnLte(this.cc.recoverTsn, s.cumTsnAck)) {
        this.cc.exitFastRecovery();
        exitedFr = true;
      }
      this.cc.onCumAckAdvanced(ackedBytes, flightBefore, exitedFr);
    }
    // RFC 9260 §6.2.1 D iv: rwnd = a_rwnd minus bytes still outstanding.
    this.peerRwnd = Math.max(0, s.aRwnd - this.flightSize);
    this.advancePeerAckPoint();
    // RFC 9260 §6.3.2 R2, R3: stop T3 when nothing is outstanding, restart it when the
    // earliest outstanding TSN was acknowledged.
    if (!unacked) this.t3AtMs = undefined;
    else if (cumAdvanced || this.t3AtMs === undefined) this.t3AtMs = nowMs + this.rto.rtoMs;
    return true;
  }

  /** RFC 9260 §6.3.3: T3-rtx expired. Returns true when the error threshold was passed. */
  onT3Expiry(nowMs: number, maxRetransmissions: number): boolean {
    this.t3AtMs = undefined;
    this.stats.t3Expirations++;
    this.cc.onT3Expiry(); // E1
    this.rto.backOff(); // E2
    this.rttProbe = undefined;
    // E3: every outstanding chunk is retransmitted, as cwnd permits.
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      if (c.acked || c.abandoned) continue;
      if (this.expired(c, nowMs)) {
        this.abandon(c.msg, i);
        continue;
      }
      this.markRetransmit(c);
    }
    this.advancePeerAckPoint();
    if (this.tsnLtAdvanced()) this.forwardTsnPending = true;
    // RFC 9260 §6.3.2 R1-R3: the timer runs while data is outstanding, whether or not its
    // retransmissions can leave yet (cwnd, a packet that has no room): expiry after expiry
    // then counts towards Association.Max.Retrans (§8.1) instead of the association
    // waiting, silent, for a send that restarts the timer.
    if (this.hasUnacked()) this.t3AtMs = nowMs + this.rto.rtoMs;
    return ++this.errorCount > maxRetransmissions;
  }

  /** The FORWARD TSN to send (RFC 3758 §3.5 C3), listing ordered streams to skip. */
  buildForwardTsn(): ForwardTsnChunk {
    this.forwardTsnPending = false;
    const skip = new Map<number, number>();
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      if (tsnLt(this.advancedPeerAckPoint, c.tsn)) break;
      if (c.abandoned && (c.flags & DataFlags.UNORDERED) === 0) skip.set(c.streamId, c.ssn);
    }
    const streams: SkippedStream[] = [];
    for (const [streamId, ssn] of skip) streams.push({ streamId, ssn });
    this.stats.forwardTsnsSent++;
    return { type: ChunkType.FORWARD_TSN, newCumTsn: this.advancedPeerAckPoint, streams };
  }

  /** Whether every TSN ever sent has been acknowledged cumulatively. */
  allAcked(): boolean {
    return this.q.length === this.qHead;
  }

  private tsnLtAdvanced(): boolean {
    return tsnLt(this.cumAck, this.advancedPeerAckPoint);
  }

  private countMisses(htna: number): void {
    let marked = false;
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      if (!tsnLt(c.tsn, htna)) break;
      if (c.acked || c.abandoned || c.retransmit || c.fastRetransmitted) continue;
      if (++c.missIndications >= FAST_RETRANSMIT_THRESHOLD) {
        // RFC 3758 §3.5 A2: check the policy before a retransmission.
        if (this.expired(c, Number.NEGATIVE_INFINITY)) {
          this.abandon(c.msg, i);
          continue;
        }
        c.fastRetransmitted = true;
        this.markRetransmit(c);
        this.stats.fastRetransmits++;
        marked = true;
      }
    }
    if (marked) {
      // RFC 9260 §7.2.4 steps 2, 3: enter Fast Recovery once; the first packet of
      // retransmissions goes regardless of cwnd.
      this.cc.enterFastRecovery(tsnAdd(this.nextTsn, -1));
      this.fastRtxBurst = true;
      this.rttProbe = undefined;
    }
  }

  /**
   * Marks every chunk sent and not yet acknowledged for retransmission, with no congestion
   * or RTO penalty: for a peer known to have dropped them unread, not for a loss (one-sided
   * SNAP, onCookieEcho).
   */
  resendOutstanding(): void {
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      if (!c.acked && !c.abandoned) this.markRetransmit(c);
    }
  }

  private markRetransmit(c: SentChunk): void {
    if (c.inFlight) {
      c.inFlight = false;
      this.flightSize -= c.payload.length;
    }
    if (!c.retransmit) {
      c.retransmit = true;
      this.rtxPending++;
    }
  }

  /** Takes a chunk out of the flight and the retransmission marks. */
  private release(c: SentChunk): void {
    if (c.inFlight) {
      c.inFlight = false;
      this.flightSize -= c.payload.length;
    }
    if (c.retransmit) {
      c.retransmit = false;
      this.rtxPending--;
    }
  }

  /** RFC 3758 §3.5 A1-A3: whether a chunk's message ran out of retransmissions or lifetime. */
  private expired(c: SentChunk, nowMs: number): boolean {
    const m = c.msg;
    if (m.abandoned) return true;
    if (m.maxRetransmits !== undefined && c.transmissions > m.maxRetransmits) return true;
    return m.expiresAtMs !== undefined && nowMs >= m.expiresAtMs;
  }

  /** Abandons a message: every chunk of it around queue index `i` (TSNs are consecutive). */
  private abandon(m: OutgoingMessage, i: number): void {
    if (!m.abandoned) this.stats.messagesAbandoned++;
    m.abandoned = true;
    let lo = i;
    while (lo > this.qHead && this.q[lo - 1]!.msg === m) lo--;
    for (let j = lo; j < this.q.length && this.q[j]!.msg === m; j++) {
      const c = this.q[j]!;
      c.abandoned = true;
      // An abandoned chunk is never acked normally: it cannot be the RTT probe any more.
      if (this.rttProbe === c) this.rttProbe = undefined;
      this.release(c);
    }
  }

  /** Abandons queued chunks whose lifetime ran out (RFC 3758 §3.5 A3), then advances. */
  expireLifetimes(nowMs: number): void {
    // Only chunks up to the last timed one can expire; nothing timed outstanding: no scan.
    if (this.timedUntilTsn === undefined) return;
    if (tsnLte(this.timedUntilTsn, this.cumAck)) {
      this.timedUntilTsn = undefined;
      return;
    }
    let abandoned = false;
    for (let i = this.qHead; i < this.q.length; i++) {
      const c = this.q[i]!;
      if (!c.acked && !c.abandoned && c.msg.expiresAtMs !== undefined && nowMs >= c.msg.expiresAtMs) {
        this.abandon(c.msg, i);
        abandoned = true;
      }
    }
    if (abandoned) this.advancePeerAckPoint();
  }

  /** RFC 3758 §3.5 C1, C2: move the advanced ack point over abandoned chunks. */
  private advancePeerAckPoint(): void {
    if (tsnLt(this.advancedPeerAckPoint, this.cumAck)) this.advancedPeerAckPoint = this.cumAck;
    let i = this.qHead + tsnDiff(this.cumAck, this.advancedPeerAckPoint);
    while (i < this.q.length && this.q[i]!.abandoned) {
      this.advancedPeerAckPoint = this.q[i]!.tsn;
      i++;
    }
    // C3: a FORWARD TSN goes out whenever the peer lags behind the advanced point.
    if (this.tsnLtAdvanced()) this.forwardTsnPending = true;
  }

  private hasUnacked(): boolean {
    for (let i = this.qHead; i < this.q.length; i++) if (!this.q[i]!.acked) return true;
    return false;
  }

  /** RFC 9260 §6.3.1 C5: an RTT sample from a chunk sent once. */
  private measure(c: SentChunk, nowMs: number): void {
    if (c !== this.rttProbe) return;
    this.rttProbe = undefined;
    if (c.transmissions === 1) this.rto.measure(nowMs - c.sentAtMs);
  }

  private compact(): void {
    if (this.qHead > 1024 && this.qHead * 2 > this.q.length) {
      this.q.splice(0, this.qHead);
      this.qHead = 0;
    }
  }
}
