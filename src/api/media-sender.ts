// The sending half of the media routing: what sources hand their senders (encoded frames,
// raw RTP packets, DTMF tones) becomes packets of the sender's negotiated SSRC. One RTP
// timeline per sender stays continuous across sources (replaceTrack, a forwarder's new
// upstream SSRC: W3C webrtc §5.2, RFC 3550 §5.1); RTCRtpEncodingParameters active and
// maxBitrate are applied (W3C webrtc §5.2 setParameters); RFC 4733 events go for tones.
import type { TransceiverRecord } from '../jsep/model.js';
import { ExtensionUri } from '../protocol/rtp/extension-values.js';
import { dtmfEvent, telephoneEventPackets } from '../protocol/rtp/payload/telephone-event.js';
import { FrameBudget, type OutgoingRtpPacket, type RtpSession } from '../protocol/rtp/session/index.js';
import { onSourceOutput, packetizerFor, requestKeyFrameOf, type EncodedMediaFrame, type Packetizer, type SourceOutput } from './encoded-media.js';
import { getTrackSource, type MediaStreamTrack } from './media-stream-track.js';
import type { WrittenRtpPacket } from './rtp-track-source.js';

/** A sender as the send path sees it. */
export interface SenderEntry {
  record: TransceiverRecord;
  senderTrack: MediaStreamTrack | null;
  /** The sender's RTCRtpEncodingParameters (the first is the one sent). */
  encodings: ReadonlyArray<{ active: boolean; maxBitrate?: number; scaleResolutionDownBy?: number; maxFramerate?: number }>;
}

/** What the send path needs of its peer connection. */
export interface SenderHost {
  senders(): Iterable<SenderEntry>;
  sendRtp(mid: string, packet: OutgoingRtpPacket, captureMs: number): void;
  withRtpSession<T>(fn: (session: RtpSession, nowMs: number) => T): T | undefined;
  isClosed(): boolean;
}

/** Largest RTP payload sent: 1200-byte datagrams less RTP header, extensions and SRTP tag. */
const MAX_PAYLOAD_BYTES = 1100;
/** RFC 4733 §2.5.1.2: updates every 50 ms. */
const DTMF_UPDATE_MS = 50;
/** RFC 4733 §2.3.4: the power level of the tone in -dBm0 (libwebrtc sends 10). */
const DTMF_VOLUME = 10;

/** The RTP timeline of one sender: the input's base (a source, an upstream SSRC) mapped onto a continuous output. */
interface Timeline {
  base: unknown;
  offsetTicks: number;
  lastTicks: number | undefined;
  lastMs: number;
}

/** Per sender (mid) state. */
interface SenderState {
  packetizers: Map<number, Packetizer | null>;
  timeline: Timeline;
  budget: FrameBudget;
  /** The active/maxBitrate last given to the session (after a description it is given again). */
  applied: string | undefined;
  /** While an RFC 4733 event plays, audio frames are not sent (the event stands for them). */
  dtmfUntilMs: number;
}

let nextBaseId = 1;
const baseIds = new WeakMap<object, number>();

function baseOf(track: MediaStreamTrack, ssrc?: number): string {
  const source = getTrackSource(track);
  let id = baseIds.get(source);
  if (id === undefined) baseIds.set(source, (id = nextBaseId++));
  return ssrc === undefined ? `${id}` : `${id}/${ssrc}`;
}

/** The send path of one peer connection. */
export class MediaSender {
  readonly #subscribed = new Map<MediaStreamTrack, () => void>();
  readonly #state = new Map<string, SenderState>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly host: SenderHost) {}

  /** Subscribes to every sender's track and gives the session the encodings' state (after each description, replaceTrack, setParameters). */
  attach(descriptionApplied = false): void {
    const tracks = new Set<MediaStreamTrack>();
    for (const e of this.host.senders()) {
      if (e.record.mid !== null && descriptionApplied) this.#stateOf(e.record.mid).applied = undefined;
      if (e.record.mid !== null) this.#applyEncoding(e);
      const track = e.senderTrack;
      if (track === null) continue;
      tracks.add(track);
      if (!this.#subscribed.has(track)) this.#subscribed.set(track, onSourceOutput(track, (o) => this.#onOutput(track, o), () => this.#encodingOf(track)));
    }
    for (const [track, off] of this.#subscribed) {
      if (tracks.has(track)) continue;
      off();
      this.#subscribed.delete(track);
    }
  }

  /** The first encoding of the first sender carrying `track` (what a generated source shapes its frames to). */
  #encodingOf(track: MediaStreamTrack): SenderEntry['encodings'][number] | undefined {
    for (const e of this.host.senders()) if (e.senderTrack === track) return e.encodings[0];
    return undefined;
  }

  #stateOf(mid: string): SenderState {
    let s = this.#state.get(mid);
    if (s === undefined) {
      s = { packetizers: new Map(), timeline: { base: undefined, offsetTicks: 0, lastTicks: undefined, lastMs: 0 }, budget: new FrameBudget(), applied: undefined, dtmfUntilMs: 0 };
      this.#state.set(mid, s);
    }
    return s;
  }

  /** W3C webrtc §5.2 setParameters: the first encoding's active and maxBitrate reach the session. Returns whether the sender sends. */
  #applyEncoding(e: SenderEntry): boolean {
    const mid = e.record.mid!;
    const s = this.#stateOf(mid);
    const enc = e.encodings[0] ?? { active: true };
    s.budget.setRate(enc.maxBitrate);
    // W3C webrtc §5.4 stop(): a stopping transceiver's sender sends no more media (and says BYE).
    const active = enc.active && !e.record.stopping;
    const key = `${active}/${enc.maxBitrate}`;
    if (s.applied === key) return active;
    const done = this.host.withRtpSession((session, nowMs) => session.setEncoding(mid, 0, { active, maxBitrateBps: enc.maxBitrate }, nowMs));
    if (done !== undefined || !active) s.applied = key;
    return active;
  }

  #onOutput(track: MediaStreamTrack, o: SourceOutput): void {
    if (this.host.isClosed()) return;
    for (const e of this.host.senders()) {
      if (e.senderTrack !== track || e.record.mid === null) continue;
      if (!this.#applyEncoding(e)) continue;
      if (o.kind === 'frame') this.#sendFrame(e, track, o.frame);
      else this.#sendPacket(e, track, o.packet);
    }
  }

  /** The output RTP timestamp for input `ticks` of `base`: a new base continues from the last output (plus the time since). */
  #ticks(s: SenderState, base: unknown, ticks: number, clockRate: number, nowMs: number): number {
    const t = s.timeline;
    if (t.base !== base) {
      t.offsetTicks = t.lastTicks === undefined ? 0 : t.lastTicks + Math.max(1, Math.round(((nowMs - t.lastMs) * clockRate) / 1000)) - ticks;
      t.base = base;
    }
    const out = (ticks + t.offsetTicks) >>> 0;
    t.lastTicks = out;
    t.lastMs = nowMs;
    return out;
  }

  #sendFrame(e: SenderEntry, track: MediaStreamTrack, frame: EncodedMediaFrame): void {
    const mid = e.record.mid!;
    const codec = e.record.sender.negotiatedCodecs.find((c) => c.mimeType.toLowerCase() === frame.codec.toLowerCase());
    if (codec === undefined) return;
    const s = this.#stateOf(mid);
    const now = performance.now();
    if (e.record.kind === 'audio' && now < s.dtmfUntilMs) return;
    const dependency = e.record.kind === 'audio' ? 'independent' : frame.keyFrame ? 'key' : 'delta';
    if (s.budget.admit(frame.data.length, dependency, now) === 'drop') {
      if (s.budget.takeKeyFrameRequest(now)) requestKeyFrameOf(track, 'bitrate');
      return;
    }
    let p = s.packetizers.get(codec.payloadType);
    if (p === undefined) s.packetizers.set(codec.payloadType, (p = packetizerFor(codec.mimeType, () => Math.floor(Math.random() * 0x8000)) ?? null));
    if (p === null) return;
    // RFC 3550 §5.1: the timestamp runs at the codec's clock rate.
    const timestamp = this.#ticks(s, baseOf(track), Math.round((frame.timestamp * codec.clockRate) / 1e6), codec.clockRate, now);
    const extensions = [];
    const level = e.record.sender.negotiatedExtensions.find((x) => x.uri === ExtensionUri.AUDIO_LEVEL);
    // RFC 6464 §3: one byte, V then the level in -dBov.
    if (frame.audioLevel !== undefined && level !== undefined) extensions.push({ id: level.id, data: Uint8Array.of(frame.audioLevel & 0x7f) });
    for (const payload of p.packetize(frame, MAX_PAYLOAD_BYTES)) {
      this.host.sendRtp(mid, { payloadType: codec.payloadType, timestamp, marker: payload.marker, keyFrame: dependency === 'key' && payload.marker === true, payload: payload.payload, extensions }, now);
    }
  }

  #sendPacket(e: SenderEntry, track: MediaStreamTrack, packet: WrittenRtpPacket): void {
    const codec = e.record.sender.negotiatedCodecs.find((c) => c.mimeType.toLowerCase() === packet.codec.toLowerCase());
    if (codec === undefined) return;
    const s = this.#stateOf(e.record.mid!);
    const now = performance.now();
    const timestamp = this.#ticks(s, baseOf(track, packet.ssrc), packet.timestamp, codec.clockRate, now);
    this.host.sendRtp(e.record.mid!, { payloadType: codec.payloadType, timestamp, marker: packet.marker, payload: packet.payload }, now);
  }

  /** Whether the sender of `record` negotiated audio/telephone-event (W3C webrtc §7.2 canInsertDTMF). */
  static canSendDtmf(record: TransceiverRecord): boolean {
    return record.sender.negotiatedCodecs.some((c) => c.mimeType.toLowerCase() === 'audio/telephone-event');
  }

  /**
   * RFC 4733 §2.5.1: sends one tone as telephone-event packets: the first with the marker, an
   * update every 50 ms with the duration so far, the end three times; one RTP timestamp.
   */
  playTone(record: TransceiverRecord, tone: string, durationMs: number): void {
    const mid = record.mid;
    if (mid === null || this.host.isClosed()) return;
    const codecs = record.sender.negotiatedCodecs;
    const audio = codecs.find((c) => !/\/(telephone-event|red|cn|rtx)$/i.test(c.mimeType));
    const events = codecs.filter((c) => c.mimeType.toLowerCase() === 'audio/telephone-event');
    // RFC 4733 §2.1: the event's clock is the audio's when both are offered at that rate.
    const te = events.find((c) => c.clockRate === audio?.clockRate) ?? events[0];
    if (te === undefined) return;
    const s = this.#stateOf(mid);
    const now = performance.now();
    const t = s.timeline;
    const start = ((t.lastTicks ?? 0) + Math.round(((now - t.lastMs) * te.clockRate) / 1000)) >>> 0;
    const units = Math.max(1, Math.round((durationMs * te.clockRate) / 1000));
    const packets = telephoneEventPackets(dtmfEvent(tone), DTMF_VOLUME, units, Math.round((DTMF_UPDATE_MS * te.clockRate) / 1000));
    s.dtmfUntilMs = now + durationMs;
    for (const p of packets) {
      const send = (): void => {
        if (!this.host.isClosed()) this.host.sendRtp(mid, { payloadType: te.payloadType, timestamp: (start + p.timestampOffset) >>> 0, marker: p.marker, payload: p.payload }, performance.now());
      };
      // The first packet goes now; each later one when the duration it reports has elapsed.
      const delayMs = ((p.sendOffset - packets[0]!.sendOffset) * 1000) / te.clockRate;
      if (delayMs === 0) {
        send();
        continue;
      }
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        send();
      }, delayMs);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  /** The connection closed: subscriptions and pending DTMF packets go. */
  close(): void {
    for (const off of this.#subscribed.values()) off();
    this.#subscribed.clear();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
