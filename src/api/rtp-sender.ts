// RTCRtpSender (W3C WebRTC §5.2): the track we send on a transceiver, its parameters and
// streams. RTP itself is driven from below once media lands; this is the API surface.
import { capabilities } from '../jsep/codecs.js';
import type { TransceiverRecord } from '../jsep/model.js';
import { createDTMFSender, type RTCDTMFSender } from './dtmf-sender.js';
import { requestKeyFrameOf } from './encoded-media.js';
import { interfaces } from './interfaces.js';
import { MediaSender } from './media-sender.js';
import { MediaStream } from './media-stream.js';
import { MediaStreamTrack } from './media-stream-track.js';
import { nextTask } from './operations.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import * as idl from './webidl.js';

/** An RTCRtpEncodingParameters as stored on the sender. */
export interface Encoding {
  rid?: string;
  active: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
  codec?: { mimeType: string; clockRate: number; channels?: number; sdpFmtpLine?: string };
}

const codecDict = idl.dictionary('RTCRtpCodec', {
  mimeType: { type: idl.DOMString, required: true },
  clockRate: { type: idl.unsignedLong, required: true },
  channels: { type: idl.unsignedShort },
  sdpFmtpLine: { type: idl.DOMString },
});

/** RTCRtpEncodingParameters converter. */
export const encodingDict = idl.dictionary('RTCRtpEncodingParameters', {
  rid: { type: idl.DOMString },
  active: { type: idl.boolean, default: true },
  codec: { type: codecDict },
  maxBitrate: { type: idl.unsignedLong },
  maxFramerate: { type: idl.double },
  scaleResolutionDownBy: { type: idl.double },
});

/**
 * W3C §4.4.1.x addTransceiver sendEncodings checks: rids are 1..16 alphanumerics,
 * distinct; scaleResolutionDownBy >= 1 and maxFramerate >= 0 (RangeError).
 */
export function validateSendEncodings(kind: 'audio' | 'video', encodings: Encoding[]): Encoding[] {
  const rids = new Set<string>();
  for (const e of encodings) {
    if (e.rid !== undefined) {
      // RFC 8851 §10: rid-syntax is alpha-numeric; browsers cap it at 16 characters.
      if (!/^[A-Za-z0-9]{1,16}$/.test(e.rid)) throw new TypeError(`Invalid rid '${e.rid}'.`);
      if (rids.has(e.rid)) throw new TypeError(`Duplicate rid '${e.rid}'.`);
      rids.add(e.rid);
    } else if (encodings.length > 1) {
      throw new TypeError('Every encoding needs a rid when there are several.');
    }
    if (e.scaleResolutionDownBy !== undefined && e.scaleResolutionDownBy < 1) {
      throw new RangeError('scaleResolutionDownBy must be at least 1.');
    }
    if (e.maxFramerate !== undefined && e.maxFramerate < 0) throw new RangeError('maxFramerate must not be negative.');
  }
  const out = encodings.map((e) => ({ ...e }));
  if (out.length === 0) out.push({ active: true });
  if (kind === 'video') for (const e of out) e.scaleResolutionDownBy ??= 1;
  // Audio has a single encoding; extra ones are dropped (W3C §5.2 step "If kind is audio").
  return kind === 'audio' ? out.slice(0, 1).map((e) => { delete e.scaleResolutionDownBy; delete e.maxFramerate; return e; }) : out;
}

let nextTransactionId = 1;

/** Internal: sets a sender's track without the operations chain (addTrack reusing a sender). */
export let setSenderTrack: (sender: RTCRtpSender, track: MediaStreamTrack | null) => void;
/** Internal: a sender's current encodings (what setParameters last set). */
export let senderEncodings: (sender: RTCRtpSender) => readonly Encoding[];

/** The sending half of a transceiver. */
export class RTCRtpSender {
  #record: TransceiverRecord;
  #hooks: PeerConnectionHooks;
  #track: MediaStreamTrack | null;
  #encodings: Encoding[];
  #dtmf: RTCDTMFSender | null = null;
  #lastParameters: { transactionId: string } | null = null;
  #transceiver: () => { currentDirection: string | null; stopping: boolean };

  /** Not constructible from script. */
  constructor(
    token: typeof idl.INTERNAL,
    record: TransceiverRecord,
    hooks: PeerConnectionHooks,
    track: MediaStreamTrack | null,
    encodings: Encoding[],
    transceiver: () => { currentDirection: string | null; stopping: boolean },
  ) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    this.#record = record;
    this.#hooks = hooks;
    this.#track = track;
    this.#encodings = encodings;
    this.#transceiver = transceiver;
  }

  /** The track being sent, or null. */
  get track(): MediaStreamTrack | null {
    return this.#track;
  }

  /** The bundle's RTCDtlsTransport once a description was applied. */
  get transport(): unknown {
    return this.#record.mid === null ? null : this.#hooks.dtlsTransport();
  }

  /** The DTMF sender of an audio sender. */
  get dtmf(): RTCDTMFSender | null {
    if (this.#record.kind !== 'audio') return null;
    this.#dtmf ??= createDTMFSender({
      canInsertDTMF: () => {
        const t = this.#transceiver();
        // W3C webrtc §7.2 "determine if DTMF can be sent": sending, a track, and telephone-event negotiated.
        return (
          !t.stopping &&
          this.#track !== null &&
          (t.currentDirection === 'sendrecv' || t.currentDirection === 'sendonly') &&
          MediaSender.canSendDtmf(this.#record)
        );
      },
      playTone: (tone, durationMs) => this.#hooks.media().sender.playTone(this.#record, tone, durationMs),
      canSend: () => {
        const t = this.#transceiver();
        return !t.stopping && t.currentDirection !== 'recvonly' && t.currentDirection !== 'inactive';
      },
    });
    return this.#dtmf;
  }

  /** RTCRtpSender.getCapabilities(kind) */
  static getCapabilities(kind: unknown): ReturnType<typeof capabilities> {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'getCapabilities' on 'RTCRtpSender'");
    return capabilities(idl.DOMString(kind, 'kind'));
  }

  /** W3C §5.2 getParameters. */
  getParameters(): Record<string, unknown> {
    const transactionId = String(nextTransactionId++);
    this.#lastParameters = { transactionId };
    const r = this.#record.sender;
    return {
      transactionId,
      encodings: this.#encodings.map((e) => ({ ...e })),
      headerExtensions: r.negotiatedExtensions.map((e) => ({ uri: e.uri, id: e.id, encrypted: false })),
      rtcp: { cname: this.#hooks.cname(), reducedSize: true },
      codecs: r.negotiatedCodecs.map((c) => {
        const out: Record<string, unknown> = { payloadType: c.payloadType, mimeType: c.mimeType, clockRate: c.clockRate };
        if (c.channels !== undefined) out.channels = c.channels;
        if (c.sdpFmtpLine !== undefined) out.sdpFmtpLine = c.sdpFmtpLine;
        return out;
      }),
    };
  }

  /** W3C §5.2 setParameters. */
  setParameters(parameters: unknown, _options: unknown = undefined): Promise<undefined> {
    try {
      idl.requireArgs(arguments.length, 1, "Failed to execute 'setParameters' on 'RTCRtpSender'");
      const p = parameters as { transactionId?: unknown; encodings?: unknown };
      if (typeof p !== 'object' || p === null) throw new TypeError('parameters is not an object.');
      const transactionId = idl.DOMString(p.transactionId, 'transactionId');
      const encodings = idl.sequence(encodingDict)(p.encodings, 'encodings') as Encoding[];
      if (this.#transceiver().stopping) {
        return Promise.reject(new DOMException('The transceiver is stopped.', 'InvalidStateError'));
      }
      if (!this.#lastParameters || this.#lastParameters.transactionId !== transactionId) {
        return Promise.reject(new DOMException('getParameters() was not called or parameters are stale.', 'InvalidStateError'));
      }
      if (encodings.length !== this.#encodings.length || encodings.some((e, i) => e.rid !== this.#encodings[i]!.rid)) {
        return Promise.reject(new DOMException('Encodings cannot be added, removed or reordered.', 'InvalidModificationError'));
      }
      for (const e of encodings) {
        if (e.scaleResolutionDownBy !== undefined && e.scaleResolutionDownBy < 1) {
          return Promise.reject(new RangeError('scaleResolutionDownBy must be at least 1.'));
        }
        if (e.maxFramerate !== undefined && e.maxFramerate < 0) return Promise.reject(new RangeError('maxFramerate must not be negative.'));
      }
      this.#lastParameters = null;
      this.#encodings = encodings.map((e) => ({ ...e }));
      // W3C webrtc §5.2 setParameters: active and maxBitrate take effect on what is sent.
      this.#hooks.media().sender.attach();
      return Promise.resolve(undefined);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** W3C §5.2 replaceTrack. */
  replaceTrack(withTrack: unknown): Promise<undefined> {
    try {
      idl.requireArgs(arguments.length, 1, "Failed to execute 'replaceTrack' on 'RTCRtpSender'");
      const track = idl.nullable(idl.interfaceType('MediaStreamTrack', MediaStreamTrack))(withTrack, 'withTrack');
      if (track && track.kind !== this.#record.kind) {
        return Promise.reject(new TypeError(`Cannot replace a ${this.#record.kind} track with a ${track.kind} track.`));
      }
      return this.#hooks.chain(async () => {
        if (this.#transceiver().stopping) throw new DOMException('The transceiver is stopped.', 'InvalidStateError');
        // W3C §5.2 replaceTrack: the switch happens in parallel, then in a queued task.
        await nextTask();
        if (this.#transceiver().stopping) throw new DOMException('The transceiver is stopped.', 'InvalidStateError');
        this.#track = track;
        this.#record.sender.trackId = track ? track.id : null;
        this.#record.sender.trackKind = track ? (track.kind as 'audio' | 'video') : null;
        // W3C webrtc §5.2 replaceTrack: the new track is sent on the same SSRC without
        // renegotiation, starting with a key frame; null sends nothing (the stream stays).
        this.#hooks.media().sender.attach();
        if (track !== null && this.#record.mid !== null) requestKeyFrameOf(track, 'replace-track');
        return undefined;
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** W3C §5.2 setStreams. */
  setStreams(...streams: unknown[]): void {
    if (this.#hooks.isClosed()) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    const ids: string[] = [];
    streams.forEach((s, i) => {
      const stream = idl.interfaceType('MediaStream', MediaStream)(s, `streams[${i}]`);
      if (!ids.includes(stream.id)) ids.push(stream.id);
    });
    this.#record.sender.streamIds = ids;
    this.#hooks.updateNegotiationNeeded();
  }

  /** W3C §5.2 getStats. */
  getStats(): Promise<unknown> {
    return this.#hooks.getStats(this);
  }

  static {
    setSenderTrack = (sender, track) => {
      sender.#track = track;
    };
    senderEncodings = (sender) => sender.#encodings;
  }
}


idl.finishInterface(RTCRtpSender, { ctorLength: 0, promiseOps: ['setParameters', 'replaceTrack', 'getStats'], lengths: { setParameters: 1, replaceTrack: 1, setStreams: 0 }, staticLengths: { getCapabilities: 1 } });
interfaces.RTCRtpSender = RTCRtpSender;
