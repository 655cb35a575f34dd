// One received media SSRC: its reception statistics (RFC 3550 A.1-A.8), its NACK list (RFC
// 4585), its reorder buffer and frame assembler, the inbound-rtp counters (W3C webrtc-stats
// §7.3 RTCInboundRtpStreamStats) and its activity for mute and unmute.
import type { ResolvedOptions } from './config.js';
import type { Slot } from './demux.js';
import { FrameAssembler, type AssembledFrame, type AssemblerSink } from './frame-assembler.js';
import { NackGenerator } from './nack-generator.js';
import { ReceiveStatistics } from './receive-statistics.js';


/** Least time a gap holds delivery while NACK may still fill it. */
const MIN_GAP_WAIT_MS = 120;
/** The fields of a packet a receive stream needs (a parsed packet or an unwrapped RTX one). */
export interface IncomingMedia {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payloadType: number;
  payload: Uint8Array;
}

/** W3C webrtc-stats §7.3 counters of one inbound stream, plus the engine's own. */
export interface InboundCounters {
  packetsReceived: number;
  /** Payload bytes (headers and padding excluded), retransmissions included. */
  bytesReceived: number;
  /** RTP header and padding bytes (for RTX, its header and the 2-byte OSN). */
  headerBytesReceived: number;
  retransmittedPacketsReceived: number;
  retransmittedBytesReceived: number;
  /** NACK packets sent for this stream. */
  nackCount: number;
  /** FIR and PLI packets sent for this stream. */
  firCount: number;
  pliCount: number;
  /** Unix ms of the last packet, as webrtc-stats lastPacketReceivedTimestamp. */
  lastPacketReceivedTimestamp: number | undefined;
  /** The payload type of the last media packet (an RTX one's original), once one came. */
  lastPayloadType: number | undefined;
  /** RFC 3550 A.1: packets held back after a jump and not counted (nonstandard). */
  packetsOutOfLine: number;
}

/** Where a receive stream reports frames and drops. */
export interface ReceiveStreamSink {
  frame(stream: ReceiveStream, frame: AssembledFrame): void;
  /** Frames dropped, or a NACK list cut short: the session asks for a key frame (throttled). */
  keyFrameNeeded(stream: ReceiveStream): void;
}

/** One received media SSRC. */
export class ReceiveStream {
  readonly statistics: ReceiveStatistics;
  readonly nack: NackGenerator | undefined;
  readonly assembler: FrameAssembler;
  readonly counters: InboundCounters = {
    packetsReceived: 0,
    bytesReceived: 0,
    headerBytesReceived: 0,
    retransmittedPacketsReceived: 0,
    retransmittedBytesReceived: 0,
    nackCount: 0,
    firCount: 0,
    pliCount: 0,
    lastPacketReceivedTimestamp: undefined,
    lastPayloadType: undefined,
    packetsOutOfLine: 0,
  };
  /** Received anything since it last went inactive. */
  active = false;
  /**
   * Frames were dropped and no key frame has come since: the request is repeated every
   * keyFrameRequestIntervalMs while packets keep coming, as a request or its answer may be lost.
   */
  awaitingKeyFrame = false;
  /** A key frame was assembled on this stream. */
  private seenKeyFrame = false;
  lastPacketMs = -Infinity;
  /** When the last key frame request went (for throttling). */
  lastKeyFrameRequestMs = -Infinity;
  /** RFC 5104 §4.3.1.1: our FIR command sequence number for this source. */
  firSequence = 0;
  /** The peer's SDES CNAME for this source, when sent. */
  cname: string | undefined;
  private readonly assemblerSink: AssemblerSink;

  /** Builds the stream of `ssrc` in `slot`, its clock rate taken from its first packet's codec. */
  constructor(
    readonly ssrc: number,
    readonly slot: Slot,
    clockRate: number,
    private readonly options: ResolvedOptions,
    private readonly sink: ReceiveStreamSink,
  ) {
    const desc = slot.receiver.desc;
    const nack = desc.codecs.some((c) => c.feedback?.nack === true);
    this.statistics = new ReceiveStatistics(ssrc, clockRate);
    this.nack = nack ? new NackGenerator({ reorderWaitMs: options.reorderWaitMs, maxRetries: options.nackMaxRetries, maxAgeMs: options.nackMaxAgeMs }) : undefined;
    this.assembler = new FrameAssembler({
      maxWaitMs: nack ? options.jitterMaxWaitMs : options.reorderWaitMs,
      // Half a second of 2.5 Mbit/s video in 1200-byte packets is about 130; 512 leaves room for bursts.
      capacity: 512,
      singlePacketFrames: desc.kind === 'audio',
      policyFor: (pt) => slot.receiver.codecByPt.get(pt)?.frames,
    });
    this.assemblerSink = {
      frame: (frame) => {
        // A key frame (or a frame of a format that cannot tell) ends the wait for one.
        if (frame.keyFrame !== false) {
          this.awaitingKeyFrame = false;
          this.seenKeyFrame = true;
        } else if (!this.seenKeyFrame && !this.awaitingKeyFrame && desc.kind === 'video' && this.canRequestKeyFrames) {
          // A stream that starts with a delta frame (its key frame was lost, or sent before we
          // could decrypt) cannot be decoded: ask at once, as for a loss.
          this.awaitingKeyFrame = true;
          sink.keyFrameNeeded(this);
        }
        sink.frame(this, frame);
      },
      dropped: () => {
        if (desc.kind !== 'video') return;
        this.awaitingKeyFrame = this.canRequestKeyFrames;
        sink.keyFrameNeeded(this);
      },
    };
  }

  /** The receiver's id. */
  get receiverId(): string {
    return this.slot.receiver.desc.id;
  }

  /**
   * Takes one packet of this stream (`retransmitted` for an RTX one unwrapped); returns true
   * when it was the first since the stream went inactive (the session reports it active).
   */
  onPacket(p: IncomingMedia, headerBytes: number, nowMs: number, retransmitted: boolean): boolean {
    const c = this.counters;
    c.packetsReceived++;
    c.bytesReceived += p.payload.length;
    c.headerBytesReceived += headerBytes;
    if (retransmitted) {
      c.retransmittedPacketsReceived++;
      c.retransmittedBytesReceived += p.payload.length;
    }
    c.lastPacketReceivedTimestamp = nowMs + this.options.wallClockOffsetMs;
    c.lastPayloadType = p.payloadType;
    this.lastPacketMs = nowMs;
    const wasActive = this.active;
    this.active = true;
    const clockRate = this.slot.receiver.codecByPt.get(p.payloadType)?.clockRate;
    if (clockRate !== undefined) this.statistics.clockRate = clockRate;
    const verdict = this.statistics.onPacket(p.sequenceNumber, p.timestamp, nowMs, retransmitted);
    if (verdict.kind === 'held') {
      c.packetsOutOfLine++;
      return !wasActive;
    }
    if (verdict.kind === 'restart') {
      this.nack?.reset();
      this.assembler.reset(this.assemblerSink);
    }
    if (this.nack?.onPacket(verdict.extended, nowMs) === true) this.sink.keyFrameNeeded(this);
    this.assembler.insert(
      {
        extended: verdict.extended,
        sequenceNumber: p.sequenceNumber,
        timestamp: p.timestamp,
        marker: p.marker,
        payloadType: p.payloadType,
        // The datagram is the caller's: keep a copy.
        payload: p.payload.slice(),
        arrivalMs: nowMs,
        retransmitted,
      },
      nowMs,
      this.assemblerSink,
    );
    this.release(nowMs);
    return !wasActive;
  }

  /**
   * Fits how long a gap holds delivery to the round trip `rttMs` when NACK repairs gaps: long
   * enough for about seven NACK rounds (8 RTT + 60 ms, at least 120 ms), never above
   * `jitterMaxWaitMs`. A gap no retransmission fills then ends in a key frame request in
   * about that time instead of the whole jitterMaxWaitMs.
   */
  adaptGapWait(rttMs: number): void {
    if (this.nack === undefined) return;
    this.assembler.setMaxWaitMs(Math.min(this.options.jitterMaxWaitMs, Math.max(MIN_GAP_WAIT_MS, 8 * rttMs + 60)));
  }

  /** Releases frames whose time has come and forgets NACKs for what the buffer skipped. */
  release(nowMs: number): void {
    this.assembler.poll(nowMs, this.assemblerSink);
    const next = this.assembler.nextSequence;
    if (next !== undefined) this.nack?.dropBefore(next);
  }

  /** The 16-bit sequence numbers to NACK now (RFC 4585 §6.2.1), at RTT spacing. */
  nackDue(nowMs: number, rttMs: number): number[] {
    if (this.nack === undefined) return [];
    return this.nack.poll(nowMs, rttMs).map((s) => s & 0xffff);
  }

  /** When the stream next needs a timeout: a NACK, a gap's wait, or going inactive. */
  nextTimeoutMs(): number | undefined {
    let t = this.active ? this.lastPacketMs + this.options.inactiveAfterMs : undefined;
    if (this.keyFrameRequestDue) {
      const retry = this.lastKeyFrameRequestMs + this.options.keyFrameRequestIntervalMs;
      if (t === undefined || retry < t) t = retry;
    }
    for (const x of [this.nack?.nextTimeoutMs(), this.assembler.nextTimeoutMs()]) if (x !== undefined && (t === undefined || x < t)) t = x;
    return t;
  }

  /** Whether a key frame request is to be repeated (see awaitingKeyFrame). */
  get keyFrameRequestDue(): boolean {
    return this.awaitingKeyFrame && this.active;
  }

  /** Whether the negotiated feedback lets this stream ask for key frames (RFC 4585 PLI, RFC 5104 FIR). */
  private get canRequestKeyFrames(): boolean {
    return this.slot.receiver.desc.codecs.some((c) => c.feedback?.pli === true || c.feedback?.fir === true);
  }

  /** Drops what is buffered (a BYE or removal). */
  close(): void {
    this.nack?.reset();
    this.assembler.reset({ frame: () => undefined, dropped: () => undefined });
  }
}
