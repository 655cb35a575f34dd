// Nonstandard raw RTP access (docs/media.md): RtpTrackSource, a track fed with RTP packets that
// its senders send as they are (payload type mapped to the negotiated one by codec, SSRC,
// sequence number and timestamp made the sender's own, RFC 3550 §5.1), and receiverRtp, the
// media packets of a remote receiver after SRTP and before depacketizing. What an SFU or a
// forwarder uses; no codec, no packetizer.
import { ParseError } from '../protocol/rtp/errors.js';
import { parseRtpPacket } from '../protocol/rtp/packet.js';
import { emitSourceOutput, registerSourceOwner } from './encoded-media.js';
import { createMediaStreamTrack, type MediaStreamTrack } from './media-stream-track.js';
import { ReaderQueue } from './reader-queue.js';

/** A packet written into an RtpTrackSource. */
export interface WrittenRtpPacket {
  /** The codec's mime type (`video/VP8`, `audio/opus`, ...): the sender sends it with its negotiated payload type. */
  codec: string;
  /** The source's SSRC: a new value starts a new timestamp base, kept continuous on the wire. */
  ssrc: number;
  /** RTP timestamp on the codec's clock. */
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

/** What `writeRtp` takes: a whole RTP datagram, or its fields. */
export interface RtpPacketInput {
  payloadType?: number;
  ssrc?: number;
  timestamp: number;
  marker?: boolean;
  payload: Uint8Array;
}

/** Nonstandard: a track fed with RTP packets, for RTCPeerConnection.addTrack; fires `keyframerequest`. */
export class RtpTrackSource extends EventTarget {
  /** The track to add to a peer connection. */
  readonly track: MediaStreamTrack;
  readonly #kind: 'audio' | 'video';
  readonly #codec: string;

  /** A source of `kind` packets of `codec` (a mime type such as `video/VP8`). */
  constructor(init: { kind: 'audio' | 'video'; codec: string; label?: string }) {
    super();
    if (init?.kind !== 'audio' && init?.kind !== 'video') throw new TypeError(`RtpTrackSource: kind must be 'audio' or 'video'`);
    if (typeof init.codec !== 'string' || !init.codec.toLowerCase().startsWith(`${init.kind}/`)) throw new TypeError(`RtpTrackSource: codec must be a ${init.kind} mime type`);
    this.#kind = init.kind;
    this.#codec = init.codec;
    this.track = createMediaStreamTrack({ kind: init.kind, label: init.label ?? `rtp ${init.kind}` });
    registerSourceOwner(this.track, this);
  }

  /**
   * Sends a packet (a datagram, or its fields) on every RTCRtpSender of this track whose
   * connection negotiated the source's codec; its header extensions are not carried (ids
   * differ between connections). Throws TypeError for bytes that are not an RTP packet.
   */
  writeRtp(packet: Uint8Array | RtpPacketInput): void {
    let p: { ssrc: number; timestamp: number; marker: boolean; payload: Uint8Array };
    if (packet instanceof Uint8Array) {
      try {
        const parsed = parseRtpPacket(packet);
        p = { ssrc: parsed.ssrc, timestamp: parsed.timestamp, marker: parsed.marker, payload: parsed.payload };
      } catch (err) {
        if (err instanceof ParseError) throw new TypeError(`RtpTrackSource.writeRtp: ${err.message}`);
        throw err;
      }
    } else {
      if (!(packet?.payload instanceof Uint8Array) || !Number.isInteger(packet.timestamp)) throw new TypeError('RtpTrackSource.writeRtp: a packet needs payload (Uint8Array) and an integer timestamp');
      p = { ssrc: packet.ssrc ?? 0, timestamp: packet.timestamp >>> 0, marker: packet.marker === true, payload: packet.payload };
    }
    emitSourceOutput(this.track, { kind: 'rtp', packet: { codec: this.#codec, ...p } });
  }

  /** The kind of the track. */
  get kind(): 'audio' | 'video' {
    return this.#kind;
  }
}

/** A received RTP packet as receiverRtp yields it. */
export interface ReceivedRtp {
  ssrc: number;
  payloadType: number;
  /** The negotiated codec of the payload type (`video/VP8`, `audio/telephone-event`, ...). */
  codec: string | undefined;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  csrcs: number[];
  /** Header extensions by negotiated URI (those not negotiated under `id:<n>`). */
  extensions: Record<string, Uint8Array>;
  payload: Uint8Array;
  /** The simulcast layer (RFC 8852 rid) of its stream, when the peer sends several. */
  rid: string | undefined;
  /** Came as an RTX retransmission (RFC 4588); the fields are the original packet's. */
  retransmission: boolean;
  /** Arrival (DOMHighResTimeStamp on performance.timeOrigin, as getSynchronizationSources). */
  receivedAt: number;
}

/** Packets kept for a reader that does not keep up. */
export const MAX_QUEUED_PACKETS = 2000;

interface RtpReaders {
  set: Set<ReaderQueue<ReceivedRtp>>;
  /** Turns the session's tap of this receiver on or off (once the connection knows the receiver). */
  control: ((on: boolean) => void) | undefined;
  ended: boolean;
}

const rtpReaders = new WeakMap<object, RtpReaders>();

function readersOf(receiver: object): RtpReaders {
  let r = rtpReaders.get(receiver);
  if (r === undefined) rtpReaders.set(receiver, (r = { set: new Set(), control: undefined, ended: false }));
  return r;
}

/** Internal: the queues of a receiver's raw RTP readers. */
export function rtpReadersOf(receiver: object): ReadonlySet<ReaderQueue<ReceivedRtp>> {
  return rtpReaders.get(receiver)?.set ?? new Set();
}

/** Internal: the connection says how to turn the tap of `receiver` on or off; on now if readers wait. */
export function setRtpTapControl(receiver: object, control: (on: boolean) => void): void {
  const r = readersOf(receiver);
  r.control = control;
  if (r.set.size > 0) control(true);
}

/** Internal: the connection closed; readers end and later ones end at once. */
export function endRtpReaders(receiver: object): void {
  const r = readersOf(receiver);
  r.ended = true;
  for (const q of r.set) q.end();
}

/**
 * Nonstandard: the media packets of a receiver from this call on (RTX and RED unwrapped,
 * decrypted, in arrival order, not reordered); ends when the connection closes.
 */
export function receiverRtp(receiver: object): AsyncIterableIterator<ReceivedRtp> {
  const r = readersOf(receiver);
  const q = new ReaderQueue<ReceivedRtp>(MAX_QUEUED_PACKETS);
  if (r.ended) q.end();
  r.set.add(q);
  if (r.set.size === 1) r.control?.(true);
  return q.iterator(() => {
    r.set.delete(q);
    if (r.set.size === 0) r.control?.(false);
  });
}

/** The header extensions of a packet by URI (`uris` maps negotiated ids). */
export function extensionsByUri(extensions: readonly { id: number; data: Uint8Array }[], uris: ReadonlyMap<number, string>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const e of extensions) out[uris.get(e.id) ?? `id:${e.id}`] = e.data;
  return out;
}

