// One sent SSRC (an encoding of a sender): sequence numbers and timestamp offset drawn at
// random (RFC 3550 §5.1), the send history for NACKs and its RTX stream (RFC 4588), a token
// bucket for maxBitrate, the SR's NTP/RTP mapping (§6.4.1), the outbound-rtp counters and the
// remote-inbound-rtp view the peer's report blocks give (W3C webrtc-stats §7.4, §7.5).
import type { HeaderExtension } from '../header-extensions.js';
import { compactNtpFromMs, ntpFromMs, roundTripMs } from '../report-math.js';
import type { ReportBlock, SenderReport } from '../rtcp-report.js';
import type { Random } from '../../types.js';
import type { CodecDescription, EncodingDescription, SenderDescription } from './config.js';
import { SendHistory, type SentPacket } from './send-history.js';

/** W3C webrtc-stats §7.4 counters of one outbound stream (RTX included), plus the engine's own. */
export interface OutboundCounters {
  packetsSent: number;
  /** Payload bytes, retransmissions included. */
  bytesSent: number;
  headerBytesSent: number;
  retransmittedPacketsSent: number;
  retransmittedBytesSent: number;
  /** NACK, FIR and PLI packets received for this stream. */
  nackCount: number;
  firCount: number;
  pliCount: number;
  /**
   * W3C webrtc-stats framesSent (video): first transmissions with the marker bit, which ends
   * a frame in every video payload format (RFC 7741 §4.1, RFC 6184 §5.1, RFC 9628 §4.1, AV1-RTP §4.1).
   */
  framesSent: number;
  /**
   * W3C webrtc-stats keyFramesEncoded (video): the frames sent that were key frames. purertc
   * sends frames encoded before they reach it (by a pushing application or the fake camera's
   * VP8 writer), so each frame sent is one encoded for this stream.
   */
  keyFramesSent: number;
  /** The payload type of the last media packet sent (its codec), once one was sent. */
  lastPayloadType: number | undefined;
  /** Packets refused: the encoding inactive, or the pacer queue full (nonstandard). */
  packetsDiscardedOnSend: number;
  /** Sequence numbers NACKed that the history no longer had (nonstandard). */
  nackMisses: number;
}

/** W3C webrtc-stats §7.5 RTCRemoteInboundRtpStreamStats: what the peer's report blocks say. */
export interface RemoteInbound {
  fractionLost: number;
  packetsLost: number;
  /** Seconds (the block's jitter over the clock rate). */
  jitter: number;
  roundTripTime: number | undefined;
  totalRoundTripTime: number;
  roundTripTimeMeasurements: number;
  reportsReceived: number;
}

/** What the session sends next from this stream. */
export interface Outgoing {
  packet: SentPacket;
  /** A retransmission (as RTX when `rtxPayloadType` is set, else the same packet again). */
  retransmission: boolean;
  rtxPayloadType: number | undefined;
}

/** Packets waiting in the pacer at most. */
const MAX_QUEUE = 2000;
/** SR NTP times remembered to check the LSR of report blocks against. */
const SR_MEMORY = 8;

/** One sent SSRC. */
export class SendStream {
  ssrc: number;
  readonly rtxSsrc: number | undefined;
  readonly rid: string | undefined;
  active: boolean;
  maxBitrateBps: number | undefined;
  private sequence: number;
  private rtxSequence: number;
  private readonly timestampOffset: number;
  readonly history: SendHistory;
  private readonly queue: SentPacket[] = [];
  private readonly retransmitQueue: SentPacket[] = [];
  private tokens = 0;
  private tokensAtMs: number | undefined;
  private lastTimestamp: number | undefined;
  private lastCaptureMs = 0;
  private lastClockRate = 90000;
  /** RFC 3550 §6.4.1 sender's packet and octet counts (this SSRC only, so no RTX). */
  private srPackets = 0;
  private srOctets = 0;
  private readonly srSent: number[] = [];
  /** The last FIR command sequence number seen per requester (RFC 5104 §4.3.1.2). */
  readonly firSeen = new Map<number, number>();
  readonly counters: OutboundCounters = {
    packetsSent: 0,
    bytesSent: 0,
    headerBytesSent: 0,
    retransmittedPacketsSent: 0,
    retransmittedBytesSent: 0,
    nackCount: 0,
    firCount: 0,
    pliCount: 0,
    framesSent: 0,
    keyFramesSent: 0,
    lastPayloadType: undefined,
    packetsDiscardedOnSend: 0,
    nackMisses: 0,
  };
  readonly remote: RemoteInbound = { fractionLost: 0, packetsLost: 0, jitter: 0, roundTripTime: undefined, totalRoundTripTime: 0, roundTripTimeMeasurements: 0, reportsReceived: 0 };

  /** Builds encoding `encodingIndex` of `sender`, drawing its random starting points. */
  constructor(
    public sender: SenderDescription,
    public encodingIndex: number,
    encoding: EncodingDescription,
    random: Random,
    historyMaxPackets: number,
    historyMaxAgeMs: number,
  ) {
    this.ssrc = encoding.ssrc;
    this.rtxSsrc = encoding.rtxSsrc;
    this.rid = encoding.rid;
    this.active = encoding.active !== false;
    this.maxBitrateBps = encoding.maxBitrateBps;
    // RFC 3550 §5.1: the initial sequence number and timestamp SHOULD be random.
    this.sequence = random.uint32() & 0xffff;
    this.rtxSequence = random.uint32() & 0xffff;
    this.timestampOffset = random.uint32();
    this.history = new SendHistory(historyMaxPackets, historyMaxAgeMs);
  }

  /** Turns the encoding on or off; off drops what waits in the pacer (counted as discarded). */
  setActive(active: boolean): void {
    this.active = active;
    if (active) return;
    this.counters.packetsDiscardedOnSend += this.queue.length;
    this.queue.length = 0;
    for (const p of this.retransmitQueue) p.pendingRetransmission = false;
    this.retransmitQueue.length = 0;
  }

  /** Whether anything was sent on this SSRC (RFC 3550 §6.4: it then reports as a sender). */
  get hasSent(): boolean {
    return this.lastTimestamp !== undefined;
  }

  /** The codec of payload type `pt` as negotiated for this sender. */
  codec(pt: number): CodecDescription | undefined {
    return this.sender.codecs.find((c) => c.payloadType === pt);
  }

  /** Queues a new packet; false (and counted) when the encoding is inactive or the queue is full. */
  enqueue(
    p: { payloadType: number; timestamp: number; marker?: boolean; keyFrame?: boolean; payload: Uint8Array; extensions?: readonly HeaderExtension[]; paddingLength?: number },
    nowMs: number,
    captureMs: number,
  ): boolean {
    if (!this.active || this.queue.length >= MAX_QUEUE) {
      this.counters.packetsDiscardedOnSend++;
      return false;
    }
    const packet: SentPacket = {
      sequenceNumber: this.sequence,
      timestamp: (p.timestamp + this.timestampOffset) >>> 0,
      marker: p.marker === true,
      ...(p.keyFrame === true ? { keyFrame: true } : {}),
      payloadType: p.payloadType,
      payload: p.payload.slice(),
      extensions: (p.extensions ?? []).map((e) => ({ id: e.id, data: e.data.slice() })),
      paddingLength: p.paddingLength ?? 0,
      queuedMs: nowMs,
      sentMs: undefined,
      retransmissions: 0,
      pendingRetransmission: false,
    };
    this.sequence = (this.sequence + 1) & 0xffff;
    this.history.put(packet, nowMs);
    this.queue.push(packet);
    this.lastTimestamp = packet.timestamp;
    this.lastCaptureMs = captureMs;
    this.lastClockRate = this.codec(p.payloadType)?.clockRate ?? this.lastClockRate;
    return true;
  }

  /**
   * Queues retransmissions of the 16-bit sequence numbers a NACK names (RFC 4585 §6.2.1). A
   * packet goes again at most once per round trip, so repeated NACKs cost nothing more; work
   * is one lookup per number, and the queue never holds more than the history.
   */
  onNack(sequences: readonly number[], nowMs: number, rttMs: number): void {
    this.counters.nackCount++;
    for (const seq of sequences) {
      const p = this.history.get(seq, nowMs);
      if (p === undefined) {
        this.counters.nackMisses++;
        continue;
      }
      // Not sent yet, already waiting to go again, or sent again within the last round trip.
      if (p.sentMs === undefined || p.pendingRetransmission || (p.retransmissions > 0 && nowMs - p.sentMs < rttMs)) continue;
      p.pendingRetransmission = true;
      this.retransmitQueue.push(p);
    }
  }

  private refill(nowMs: number): void {
    const rate = this.maxBitrateBps;
    if (rate === undefined) return;
    const bytesPerMs = rate / 8000;
    // A bucket of 40 ms at the rate, but at least two full packets.
    const capacity = Math.max(3000, bytesPerMs * 40);
    this.tokens = this.tokensAtMs === undefined ? capacity : Math.min(capacity, this.tokens + (nowMs - this.tokensAtMs) * bytesPerMs);
    this.tokensAtMs = nowMs;
  }

  /** The next packet the pacer lets go at `nowMs` (retransmissions first), or undefined. */
  next(nowMs: number): Outgoing | undefined {
    if (this.queue.length === 0 && this.retransmitQueue.length === 0) return undefined;
    this.refill(nowMs);
    if (this.maxBitrateBps !== undefined && this.tokens <= 0) return undefined;
    const retransmission = this.retransmitQueue.length > 0;
    const packet = retransmission ? this.retransmitQueue.shift()! : this.queue.shift()!;
    if (this.maxBitrateBps !== undefined) this.tokens -= packet.payload.length + 12;
    if (retransmission) {
      packet.pendingRetransmission = false;
      packet.retransmissions++;
    }
    packet.sentMs = nowMs;
    const codec = this.codec(packet.payloadType);
    const rtxPayloadType = retransmission && this.rtxSsrc !== undefined ? codec?.rtxPayloadType : undefined;
    return { packet, retransmission, rtxPayloadType };
  }

  /** The RTX sequence number for the next RTX packet (RFC 4588 §4: its own sequence space). */
  takeRtxSequence(): number {
    const s = this.rtxSequence;
    this.rtxSequence = (s + 1) & 0xffff;
    return s;
  }

  /** Counts a packet that left: `payloadBytes` of payload, `headerBytes` of the rest. */
  countSent(o: Outgoing, payloadBytes: number, headerBytes: number): void {
    const c = this.counters;
    c.packetsSent++;
    c.bytesSent += payloadBytes;
    c.headerBytesSent += headerBytes;
    if (o.retransmission) {
      c.retransmittedPacketsSent++;
      c.retransmittedBytesSent += payloadBytes;
    } else {
      c.lastPayloadType = o.packet.payloadType;
      if (o.packet.marker && this.sender.kind === 'video') {
        c.framesSent++;
        if (o.packet.keyFrame === true) c.keyFramesSent++;
      }
    }
    if (o.rtxPayloadType === undefined) {
      this.srPackets = (this.srPackets + 1) >>> 0;
      this.srOctets = (this.srOctets + payloadBytes) >>> 0;
    }
  }

  /** When the pacer lets the next packet go, if one waits. */
  nextTimeoutMs(): number | undefined {
    if (this.queue.length === 0 && this.retransmitQueue.length === 0) return undefined;
    if (this.maxBitrateBps === undefined || this.tokens > 0 || this.tokensAtMs === undefined) return this.tokensAtMs ?? 0;
    return this.tokensAtMs + (-this.tokens + 1) / (this.maxBitrateBps / 8000);
  }

  /** RFC 3550 §6.4.1: this stream's SR at `nowMs` (Unix ms `wallMs`), the RTP time extrapolated from the last packet's capture. */
  senderReport(nowMs: number, wallMs: number): SenderReport {
    const ntp = ntpFromMs(wallMs);
    const elapsed = ((nowMs - this.lastCaptureMs) * this.lastClockRate) / 1000;
    this.srSent.push(compactNtpFromMs(wallMs));
    if (this.srSent.length > SR_MEMORY) this.srSent.shift();
    return {
      type: 'sr',
      ssrc: this.ssrc,
      ntpSeconds: ntp.seconds,
      ntpFraction: ntp.fraction,
      rtpTimestamp: (((this.lastTimestamp ?? this.timestampOffset) + Math.round(elapsed)) % 0x100000000 + 0x100000000) % 0x100000000,
      packetCount: this.srPackets,
      octetCount: this.srOctets,
      reports: [],
      extension: new Uint8Array(0),
    };
  }

  /** Takes a report block on this SSRC (RFC 3550 §6.4.1) that arrived at Unix ms `wallMs`; returns the RTT it measured. */
  onReportBlock(block: ReportBlock, wallMs: number): number | undefined {
    const r = this.remote;
    r.reportsReceived++;
    r.fractionLost = block.fractionLost / 256;
    r.packetsLost = block.cumulativeLost;
    r.jitter = block.jitter / this.lastClockRate;
    // Only an LSR naming one of our own recent SRs measures anything.
    if (!this.srSent.includes(block.lastSr)) return undefined;
    const rttMs = roundTripMs(compactNtpFromMs(wallMs), block.lastSr, block.delaySinceLastSr);
    if (rttMs === undefined) return undefined;
    r.roundTripTime = rttMs / 1000;
    r.totalRoundTripTime += rttMs / 1000;
    r.roundTripTimeMeasurements++;
    return rttMs;
  }
}
