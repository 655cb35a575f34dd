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
import { nextTask, queueTask } from './operations.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import {
  checkSetParameters,
  codecIn,
  codecParameters,
  copyParameters,
  encodingDict,
  extensionParameters,
  type Encoding,
  type ReturnedParameters,
} from './rtp-parameters.js';
import * as idl from './webidl.js';

export { encodingDict, validateSendEncodings, type Encoding } from './rtp-parameters.js';

let nextTransactionId = 1;

/** W3C webrtc-extensions RTCSetParameterOptions and RTCEncodingOptions. */
const setParameterOptions = idl.dictionary('RTCSetParameterOptions', {
  encodingOptions: { type: idl.sequence(idl.dictionary('RTCEncodingOptions', { keyFrame: { type: idl.boolean, default: false } })), default: [] },
});

/** Internal: sets a sender's track without the operations chain (addTrack reusing a sender). */
export let setSenderTrack: (sender: RTCRtpSender, track: MediaStreamTrack | null) => void;
/** Internal: a sender's current encodings (what setParameters last set). */
export let senderEncodings: (sender: RTCRtpSender) => readonly Encoding[];
/** Internal: keeps only the encodings with these rids (an answer narrowed the simulcast envelope). */
export let keepSenderEncodings: (sender: RTCRtpSender, rids: readonly string[]) => void;

/** The sending half of a transceiver. */
export class RTCRtpSender {
  #record: TransceiverRecord;
  #hooks: PeerConnectionHooks;
  #track: MediaStreamTrack | null;
  #encodings: Encoding[];
  #dtmf: RTCDTMFSender | null = null;
  #lastParameters: ReturnedParameters | null = null;
  /** The transactionId getParameters gives until the task it was made in ends. */
  #taskTransactionId: string | null = null;
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

  /** The m-section's RTCDtlsTransport once a local description or a remote answer set it (W3C §4.4.1.6). */
  get transport(): unknown {
    return this.#record.hasTransport ? this.#hooks.dtlsTransport(this.#record.mid) : null;
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
  getParameters(): ReturnedParameters {
    // W3C §5.2: within one task, getParameters returns the same transactionId; a queued
    // task clears [[LastReturnedParameters]].
    const fresh = this.#taskTransactionId === null;
    const transactionId = (this.#taskTransactionId ??= String(nextTransactionId++));
    const r = this.#record.sender;
    // W3C §4.4.1.6: a codec negotiated away is removed from the encodings.
    if (r.negotiatedCodecs.length > 0) {
      for (const e of this.#encodings) if (e.codec && !codecIn(e.codec, r.negotiatedCodecs)) delete e.codec;
    }
    const result: ReturnedParameters = {
      transactionId,
      encodings: this.#encodings,
      headerExtensions: extensionParameters(r.negotiatedExtensions),
      rtcp: { cname: this.#hooks.cname(), reducedSize: true },
      codecs: codecParameters(r.negotiatedCodecs),
    };
    if (fresh) {
      queueTask(() => {
        this.#taskTransactionId = null;
        if (this.#lastParameters?.transactionId === transactionId) this.#lastParameters = null;
      });
    }
    this.#lastParameters = copyParameters(result);
    return copyParameters(result);
  }

  /** W3C §5.2 setParameters. */
  setParameters(parameters: unknown, options: unknown = undefined): Promise<undefined> {
    try {
      idl.requireArgs(arguments.length, 1, "Failed to execute 'setParameters' on 'RTCRtpSender'");
      const p = parameters as Record<string, unknown>;
      if (typeof p !== 'object' || p === null) throw new TypeError('parameters is not an object.');
      // RTCRtpSendParameters: transactionId and encodings are required members.
      if (p.transactionId === undefined) throw new TypeError('parameters.transactionId is required.');
      const transactionId = idl.DOMString(p.transactionId, 'transactionId');
      if (p.encodings === undefined) throw new TypeError('parameters.encodings is required.');
      const encodings = idl.sequence(encodingDict)(p.encodings, 'encodings') as Encoding[];
      const { encodingOptions } = setParameterOptions(options, 'options') as { encodingOptions: Array<{ keyFrame: boolean }> };
      if (this.#transceiver().stopping) {
        return Promise.reject(new DOMException('The transceiver is stopped.', 'InvalidStateError'));
      }
      const last = this.#lastParameters;
      if (!last) {
        return Promise.reject(new DOMException('getParameters() was not called in this task, or setParameters() already used its result.', 'InvalidStateError'));
      }
      const negotiated = this.#record.sender.negotiatedCodecs;
      const allowed = negotiated.length > 0 ? negotiated : capabilities(this.#record.kind)!.codecs;
      const checked = checkSetParameters(this.#record.kind, { ...p, transactionId, encodings }, last, allowed);
      if (checked instanceof Error) return Promise.reject(checked);
      // W3C webrtc-extensions §7 setParameters: encodingOptions, when given, has one entry per encoding.
      if (encodingOptions.length > 0 && encodingOptions.length !== checked.length) {
        return Promise.reject(new DOMException('encodingOptions must have one entry per encoding.', 'InvalidModificationError'));
      }
      this.#lastParameters = null;
      this.#encodings = checked;
      // W3C webrtc §5.2 setParameters: active and maxBitrate take effect on what is sent.
      this.#hooks.media().sender.attach();
      // W3C webrtc-extensions §7: keyFrame asks the encoder of that encoding for a key frame;
      // purertc's one sent encoding asks the track's source.
      const track = this.#track;
      if (track !== null && this.#record.mid !== null && encodingOptions.some((o, i) => o.keyFrame && checked[i]?.active !== false)) {
        requestKeyFrameOf(track, 'parameters');
      }
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
    keepSenderEncodings = (sender, rids) => {
      sender.#encodings = sender.#encodings.filter((e) => e.rid !== undefined && rids.includes(e.rid));
    };
  }
}


idl.finishInterface(RTCRtpSender, { ctorLength: 0, promiseOps: ['setParameters', 'replaceTrack', 'getStats'], lengths: { setParameters: 1, replaceTrack: 1, setStreams: 0 }, staticLengths: { getCapabilities: 1 } });
interfaces.RTCRtpSender = RTCRtpSender;
