// The RTP session of one bundle, sans-IO (DESIGN.md "Engines are sans-IO"): fed decrypted RTP
// and RTCP with the time, polled for datagrams to protect and send, events and the next
// timeout. Incoming RTP is demultiplexed (RFC 8843 §9.2) to receive streams that count,
// NACK, reorder and assemble frames; local packets leave through send streams that keep a
// history for retransmission (RFC 4588) and a pacer; RTCP reports go at the regular interval
// (RFC 3550 §6.2) and feedback at once (RFC 4585 §3.5).
import { readU16 } from '../bytes.js';
import { ParseError } from '../errors.js';
import { ExtensionUri } from '../extension-values.js';
import { Extmap } from '../extmap.js';
import type { HeaderExtension } from '../header-extensions.js';
import { parseRtpPacket, type RtpPacket } from '../packet.js';
import { parseRtcp, type RtcpPacket } from '../rtcp-compound.js';
import { resolveOptions, type ResolvedOptions, type RtpSessionDescription, type RtpSessionOptions } from './config.js';
import { RtpDemux } from './demux.js';
import type { RtpSessionEvent, RtpTransmit } from './events.js';
import { writeOutgoingRtp, type TransportSequencer } from './outgoing-rtp.js';
import { queueNacks, requestKeyFrame } from './receive-feedback.js';
import { applyDescription } from './reconfigure.js';
import { OutgoingBitrate } from './outgoing-bitrate.js';
import { ReceiveObservers } from './receive-observers.js';
import { ReceiveStream, type ReceiveStreamSink } from './receive-stream.js';
import { unwrapRed } from './red-unwrap.js';
import { handleRtcpPacket } from './rtcp-input.js';
import { RtcpWriter } from './rtcp-writer.js';
import type { SendStream, Outgoing } from './send-stream.js';
import { resolveCollision } from './ssrc-collision.js';
import { newSessionCounters, type RtpSessionStats, type SessionCounters } from './stats.js';
import { snapshotStats } from './stats-snapshot.js';
import { TwccRecorder } from './twcc-recorder.js';

/** A packet the caller sends: the packetizer's output, before sequence number and SSRC. */
export interface OutgoingRtpPacket {
  payloadType: number;
  /** RTP timestamp from the caller's origin; the stream adds its random offset (RFC 3550 §5.1). */
  timestamp: number;
  marker?: boolean;
  /** Video: this packet ends a key frame (counted as W3C webrtc-stats keyFramesEncoded). */
  keyFrame?: boolean;
  payload: Uint8Array;
  /** Further header extensions (audio level, ...); MID, rid and transport-wide sequence are added here. */
  extensions?: readonly HeaderExtension[];
  paddingLength?: number;
}

/** Options of one sendRtp call. */
export interface SendOptions {
  /** Which encoding (simulcast layer) of the sender; 0 by default. */
  encodingIndex?: number;
  /** When the media was captured, ms on the nowMs clock, for the SR's RTP/NTP mapping; nowMs by default. */
  captureMs?: number;
}

/** RTT assumed for NACK spacing before a report block measured one. */
const DEFAULT_RTT_MS = 100;

/** The RTP/RTCP engine of one transport (bundle). */
export class RtpSession {
  /** Options with defaults filled in. */
  readonly options: ResolvedOptions;
  /** What the session counted (drops, collisions, RTCP sent). */
  readonly counters: SessionCounters = newSessionCounters();
  /** The receive-only SSRC RTCP goes from when nothing is sent (RFC 3550 §6.4.2). */
  readonly localSsrc: number;
  /** @internal */ description: RtpSessionDescription = {};
  /** @internal */ extmap = new Extmap();
  /** @internal */ demux: RtpDemux;
  /** @internal */ readonly receiveStreams = new Map<number, ReceiveStream>();
  /** @internal */ sendStreams: SendStream[] = [];
  /** @internal */ readonly sendBySsrc = new Map<number, SendStream>();
  /**
   * Send streams a description took away, by SSRC: one that comes back (a direction made
   * inactive and then sending again) goes on from its sequence number and timestamp, as the
   * peer's SRTP replay window and jitter buffer expect of the same SSRC (RFC 3711 §3.3.2).
   * @internal
   */
  readonly retiredSendStreams = new Map<number, SendStream>();
  /** @internal */ readonly events: RtpSessionEvent[] = [];
  /** @internal */ readonly pendingFeedback: RtcpPacket[] = [];
  /** @internal */ rttMs: number | undefined;
  /** The transport's round trip, when the driver gave one. */
  private transportRttMs: number | undefined;
  /** @internal */ readonly writer: RtcpWriter;
  /** Each receiver's sources (W3C webrtc §5.3.4) and raw packet taps (`rtp-packet` events). */
  readonly observers = new ReceiveObservers();
  /** @internal */ readonly outgoingBitrate = new OutgoingBitrate();
  private readonly transmits: RtpTransmit[] = [];
  private readonly twcc = new TwccRecorder();
  private twccDueMs: number | undefined;
  private twccEnabled = false;
  private reportDueMs: number | undefined;
  private transportSequence = 1;
  private readonly sequencer: TransportSequencer;

  private nowMs = 0;
  private closed = false;
  private readonly sink: ReceiveStreamSink;

  /** Builds a session configured from `description`. */
  constructor(options: RtpSessionOptions, description: RtpSessionDescription = {}) {
    this.options = resolveOptions(options);
    this.localSsrc = this.options.random.uint32();
    this.sequencer = this.options.transportSequencer ?? {
      next: () => {
        const s = this.transportSequence;
        this.transportSequence = (s + 1) & 0xffff;
        return s;
      },
    };
    this.writer = new RtcpWriter(this.options.cname, this.options.rtcpMaxBytes);
    this.demux = new RtpDemux([], this.extmap, { maxStreams: 0, cooldownMs: 0 });
    this.sink = {
      frame: (stream, frame) => this.events.push({ type: 'frame', receiverId: stream.receiverId, ssrc: stream.ssrc, rid: stream.slot.rid, frame }),
      keyFrameNeeded: (stream) => requestKeyFrame(this, stream, this.nowMs, false),
    };
    this.setDescription(description, 0);
  }

  /**
   * Applies a (re)negotiated description. Receive streams whose SSRC still maps to the same
   * receiver keep their state; send streams keep theirs by sender id and SSRC; encodings that
   * went away say BYE (RFC 3550 §6.6). Throws RangeError for a malformed extmap.
   */
  setDescription(description: RtpSessionDescription, nowMs: number): void {
    this.nowMs = nowMs;
    const gone = applyDescription(this, description);
    // Transport-wide feedback is sent when the extension and some receiver's transport-cc were negotiated.
    this.twccEnabled = this.extmap.id(ExtensionUri.TRANSPORT_WIDE_CC) !== undefined && (description.receivers ?? []).some((r) => r.codecs.some((c) => c.feedback?.transportCc === true));
    if (gone.length > 0) this.sendBye(gone.map((s) => s.ssrc), undefined);
    this.flush(nowMs);
  }

  /** Takes one decrypted RTP datagram. Malformed ones are counted and dropped. */
  handleRtp(bytes: Uint8Array, nowMs: number): void {
    let packet: RtpPacket;
    try {
      packet = parseRtpPacket(bytes);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.counters.rtpParseErrors++;
      return;
    }
    this.handleRtpPacket(packet, nowMs);
  }

  /** Takes one parsed RTP packet (its views must stay valid for this call only). */
  handleRtpPacket(p: RtpPacket, nowMs: number): void {
    this.nowMs = nowMs;
    this.counters.rtpPacketsReceived++;
    if (this.closed) return;
    // RFC 3550 §8.2: the peer sends with one of our SSRCs; we move ours.
    const clash = this.sendBySsrc.get(p.ssrc);
    if (clash !== undefined) resolveCollision(this, clash);
    this.recordTransportSequence(p, nowMs);
    const route = this.demux.route(p, nowMs);
    if (typeof route === 'string') {
      this.counters.demuxDrops[route]++;
      this.flush(nowMs);
      return;
    }
    const slot = route.slot;
    if (route.replacedSsrc !== undefined) {
      this.removeReceiveStream(route.replacedSsrc);
      this.events.push({ type: 'stream-replaced', receiverId: slot.receiver.desc.id, oldSsrc: route.replacedSsrc, newSsrc: slot.ssrc! });
    }
    const mediaSsrc = route.rtx ? slot.ssrc! : p.ssrc;
    let stream = this.receiveStreams.get(mediaSsrc);
    if (stream !== undefined && stream.slot !== slot) {
      this.removeReceiveStream(mediaSsrc);
      stream = undefined;
    }
    if (route.rtx && (stream === undefined || p.payload.length < 2)) {
      // RFC 4588 §4: an RTX packet carries the OSN first; one without is padding (a probe).
      // One for a stream not yet heard has nothing to repair.
      if (p.payload.length < 2) this.counters.rtxPaddingReceived++;
      else this.counters.demuxDrops['rtx-unassociated']++;
      this.flush(nowMs);
      return;
    }
    if (stream === undefined) {
      stream = new ReceiveStream(mediaSsrc, slot, route.codec.clockRate, this.options, this.sink);
      this.receiveStreams.set(mediaSsrc, stream);
      this.reportDueMs ??= nowMs + this.reportIntervalMs() / 2;
    }
    // RFC 4588 §4: the original sequence number, then the original payload; the payload type is the apt's.
    const original = route.rtx
      ? { sequenceNumber: readU16(p.payload, 0), timestamp: p.timestamp, marker: p.marker, payloadType: route.codec.payloadType, payload: p.payload.subarray(2) }
      : p;
    const media = unwrapRed(original, slot.receiver.codecByPt);
    if (typeof media === 'string') {
      this.counters.redDropped++;
      this.flush(nowMs);
      return;
    }
    this.observers.onPacket(stream.receiverId, slot.rid, p, media, mediaSsrc, route.rtx, this.extmap, nowMs, this.events);
    const first = stream.onPacket(media, p.headerLength + (route.rtx ? 2 : 0) + p.paddingLength, nowMs, route.rtx);
    if (first) this.events.push({ type: 'stream-active', receiverId: stream.receiverId, ssrc: stream.ssrc, rid: slot.rid });
    queueNacks(this, stream, nowMs);
    this.flush(nowMs);
  }

  /** Takes one decrypted RTCP datagram (compound or reduced-size). Malformed ones are counted and dropped. */
  handleRtcp(bytes: Uint8Array, nowMs: number): void {
    this.nowMs = nowMs;
    this.counters.rtcpDatagramsReceived++;
    if (this.closed) return;
    let packets: RtcpPacket[];
    try {
      packets = parseRtcp(bytes);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.counters.rtcpParseErrors++;
      return;
    }
    for (const p of packets) handleRtcpPacket(this, p, nowMs);
    this.flush(nowMs);
  }

  /** Runs what is due at `nowMs`: frame release, NACKs, inactivity, reports, transport feedback, pacing. */
  handleTimeout(nowMs: number): void {
    this.nowMs = nowMs;
    if (this.closed) return;
    for (const stream of this.receiveStreams.values()) {
      stream.adaptGapWait(this.nackRttMs);
      stream.release(nowMs);
      queueNacks(this, stream, nowMs);
      if (stream.keyFrameRequestDue && nowMs - stream.lastKeyFrameRequestMs >= this.options.keyFrameRequestIntervalMs) {
        requestKeyFrame(this, stream, nowMs, false);
      }
      if (stream.active && nowMs - stream.lastPacketMs >= this.options.inactiveAfterMs) {
        stream.active = false;
        this.events.push({ type: 'stream-inactive', receiverId: stream.receiverId, ssrc: stream.ssrc });
      }
    }
    if (this.twccDueMs !== undefined && nowMs >= this.twccDueMs) this.sendTransportFeedback();
    if (this.reportDueMs !== undefined && nowMs >= this.reportDueMs) this.sendReports(nowMs);
    this.flush(nowMs);
  }

  /** The next datagram to protect and send, or undefined. */
  pollTransmit(): RtpTransmit | undefined {
    return this.transmits.shift();
  }

  /** The next event, or undefined. */
  pollEvent(): RtpSessionEvent | undefined {
    return this.events.shift();
  }

  /** When handleTimeout must next run, or undefined when nothing waits. */
  pollTimeout(): number | undefined {
    if (this.closed) return undefined;
    let t: number | undefined;
    const take = (x: number | undefined): void => {
      if (x !== undefined && (t === undefined || x < t)) t = x;
    };
    take(this.reportDueMs);
    take(this.twccDueMs);
    for (const s of this.receiveStreams.values()) take(s.nextTimeoutMs());
    for (const s of this.sendStreams) take(s.nextTimeoutMs());
    return t;
  }

  /**
   * Sends a packet on encoding `encodingIndex` of sender `senderId`: the stream numbers it,
   * keeps it for retransmission and lets it go as its pacer allows. False when the encoding is
   * inactive, its queue is full, or no such sender exists (each counted).
   */
  sendRtp(senderId: string, packet: OutgoingRtpPacket, nowMs: number, options?: SendOptions): boolean {
    this.nowMs = nowMs;
    const index = options?.encodingIndex ?? 0;
    const stream = this.sendStreams.find((s) => s.sender.id === senderId && s.encodingIndex === index);
    if (stream === undefined || this.closed) {
      this.counters.unknownSenderPackets++;
      return false;
    }
    const ok = stream.enqueue(packet, nowMs, options?.captureMs ?? nowMs);
    if (ok) this.reportDueMs ??= nowMs + this.reportIntervalMs() / 2;
    this.flush(nowMs);
    return ok;
  }

  /** Sets RTCRtpEncodingParameters.active and maxBitrate of an encoding; going inactive says BYE for its SSRC. */
  setEncoding(senderId: string, encodingIndex: number, params: { active?: boolean; maxBitrateBps?: number | undefined }, nowMs: number): void {
    const stream = this.sendStreams.find((s) => s.sender.id === senderId && s.encodingIndex === encodingIndex);
    if (stream === undefined) return;
    if ('maxBitrateBps' in params) stream.maxBitrateBps = params.maxBitrateBps;
    if (params.active !== undefined && params.active !== stream.active) {
      stream.setActive(params.active);
      // libwebrtc says BYE when an RTP module stops sending; RFC 3550 §6.6 lets a source leave so.
      if (!params.active && stream.hasSent) this.sendBye([stream.ssrc], undefined);
    }
    this.flush(nowMs);
  }

  /** Asks the peer for a key frame on the streams of a receiver (PLI, or FIR when only that was negotiated), throttled. */
  requestKeyFrame(receiverId: string, nowMs: number): void {
    this.nowMs = nowMs;
    for (const s of this.receiveStreams.values()) if (s.receiverId === receiverId) requestKeyFrame(this, s, nowMs, true);
    this.flush(nowMs);
  }

  /** Says BYE for every SSRC that sent (RFC 3550 §6.6) and stops: later input is ignored. */
  close(nowMs: number): void {
    if (this.closed) return;
    this.nowMs = nowMs;
    const sent = this.sendStreams.filter((s) => s.hasSent).map((s) => s.ssrc);
    if (sent.length > 0) this.sendBye(sent, undefined);
    for (const s of this.receiveStreams.values()) s.close();
    this.receiveStreams.clear();
    this.closed = true;
    this.reportDueMs = undefined;
    this.twccDueMs = undefined;
  }

  /** A snapshot of every stream's counters (W3C webrtc-stats shapes). */
  stats(): RtpSessionStats {
    return snapshotStats(this);
  }

  /** The RTT NACK spacing uses: the latest from RTCP, else the transport's, else DEFAULT_RTT_MS. */
  get nackRttMs(): number {
    return this.rttMs ?? this.transportRttMs ?? DEFAULT_RTT_MS;
  }

  /**
   * The transport's round trip (the ICE pair's STUN checks): a receive-only session learns no
   * RTT from RTCP (RFC 3550 §6.4.1 gives it only to senders), and without one NACK spacing
   * and gap waits would assume DEFAULT_RTT_MS.
   */
  setTransportRtt(rttMs: number): void {
    if (Number.isFinite(rttMs) && rttMs >= 0) this.transportRttMs = rttMs;
  }

  /** The SSRC feedback and receiver reports are sent from: the first sending SSRC, else the receive-only one. */
  get feedbackSsrc(): number {
    return this.sendStreams[0]?.ssrc ?? this.localSsrc;
  }

  /** @internal Drops a receive stream and its buffered packets. */
  removeReceiveStream(ssrc: number): void {
    const s = this.receiveStreams.get(ssrc);
    if (s === undefined) return;
    s.close();
    this.receiveStreams.delete(ssrc);
  }

  private recordTransportSequence(p: RtpPacket, nowMs: number): void {
    if (!this.twccEnabled) return;
    if (!this.twcc.recordPacket(p, this.extmap, nowMs)) return;
    if (this.twcc.full) this.sendTransportFeedback();
    else this.twccDueMs ??= nowMs + this.options.twccIntervalMs;
  }

  private sendTransportFeedback(): void {
    this.twccDueMs = undefined;
    // RTCP packet of at most rtcpMaxBytes less the compound prefix, so one message fits a datagram.
    const messages = this.twcc.build(this.feedbackSsrc, Math.max(64, this.options.rtcpMaxBytes - 64));
    this.pendingFeedback.push(...messages);
  }

  private reportIntervalMs(): number {
    const video = this.sendStreams.some((s) => s.sender.kind === 'video') || (this.description.receivers ?? []).some((r) => r.kind === 'video');
    return video ? this.options.videoRtcpIntervalMs : this.options.audioRtcpIntervalMs;
  }

  private sendReports(nowMs: number): void {
    const wallMs = nowMs + this.options.wallClockOffsetMs;
    const srs = this.sendStreams.filter((s) => s.active && s.hasSent).map((s) => s.senderReport(nowMs, wallMs));
    const blocks = [];
    for (const s of this.receiveStreams.values()) {
      const b = s.statistics.reportBlock(nowMs);
      if (b !== undefined) blocks.push(b);
    }
    if (srs.length > 0 || blocks.length > 0) for (const d of this.writer.reports(srs, this.feedbackSsrc, blocks)) this.pushRtcp(d);
    // RFC 3550 §6.2: the interval is randomised over [0.5, 1.5] of the computed one.
    const factor = 0.5 + this.options.random.uint32() / 0x100000000;
    this.reportDueMs = nowMs + this.reportIntervalMs() * factor;
  }

  /** @internal Says BYE for `ssrcs` (RFC 3550 §6.6), with an SR of a stream still sending first. */
  sendBye(ssrcs: number[], reason: string | undefined): void {
    const first = this.sendStreams.find((s) => s.active && s.hasSent && !ssrcs.includes(s.ssrc));
    const sr = first?.senderReport(this.nowMs, this.nowMs + this.options.wallClockOffsetMs);
    for (const d of this.writer.bye(sr, this.localSsrc, ssrcs, reason)) this.pushRtcp(d);
  }

  private pushRtcp(data: Uint8Array): void {
    this.counters.rtcpDatagramsSent++;
    this.counters.rtcpBytesSent += data.length;
    this.transmits.push({ kind: 'rtcp', data });
  }

  /** Sends what the pacers let go and the feedback gathered during this call. */
  private flush(nowMs: number): void {
    for (const stream of this.sendStreams) {
      for (let o = stream.next(nowMs); o !== undefined; o = stream.next(nowMs)) this.transmitRtp(stream, o);
    }
    if (this.pendingFeedback.length > 0) {
      const packets = this.pendingFeedback.splice(0);
      for (const d of this.writer.feedback(packets, this.feedbackSsrc, this.description.reducedSizeRtcp === true)) this.pushRtcp(d);
    }
  }

  private transmitRtp(stream: SendStream, o: Outgoing): void {
    try {
      const { data, transportSequence } = writeOutgoingRtp(stream, o, this.extmap, this.sequencer);
      stream.countSent(o, o.packet.payload.length, data.length - o.packet.payload.length);
      if (transportSequence !== undefined) this.outgoingBitrate.onSent(transportSequence, data.length);
      this.transmits.push(transportSequence === undefined ? { kind: 'rtp', data } : { kind: 'rtp', data, transportSequence });
    } catch (err) {
      // The caller's extensions or values that cannot be written: the packet is not sent.
      if (!(err instanceof RangeError)) throw err;
      stream.counters.packetsDiscardedOnSend++;
    }
  }
}
