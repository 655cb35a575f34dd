// RTCRtpReceiver (W3C WebRTC §5.3): the receiving half of a transceiver and its track.
import { capabilities } from '../jsep/codecs.js';
import type { TransceiverRecord } from '../jsep/model.js';
import { interfaces } from './interfaces.js';
import type { MediaStreamTrack } from './media-stream-track.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import * as idl from './webidl.js';

/** The receiving half of a transceiver. */
export class RTCRtpReceiver {
  #record: TransceiverRecord;
  #hooks: PeerConnectionHooks;
  #track: MediaStreamTrack;
  #jitterBufferTarget: number | null = null;

  /** Not constructible from script. */
  constructor(token: typeof idl.INTERNAL, record: TransceiverRecord, hooks: PeerConnectionHooks, track: MediaStreamTrack) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    this.#record = record;
    this.#hooks = hooks;
    this.#track = track;
  }

  /** The remote track (exists from the start, muted until media arrives). */
  get track(): MediaStreamTrack {
    return this.#track;
  }

  /** The m-section's RTCDtlsTransport once a local description or a remote answer set it (W3C §4.4.1.6). */
  get transport(): unknown {
    return this.#record.hasTransport ? this.#hooks.dtlsTransport(this.#record.mid) : null;
  }

  /** Target jitter buffer delay in ms, or null for the default. */
  get jitterBufferTarget(): number | null {
    return this.#jitterBufferTarget;
  }

  set jitterBufferTarget(value: unknown) {
    const v = idl.nullable(idl.double)(value, "Failed to set 'jitterBufferTarget' on 'RTCRtpReceiver'");
    // W3C §5.3: outside 0..4000 ms -> RangeError.
    if (v !== null && (v < 0 || v > 4000)) throw new RangeError('jitterBufferTarget must be between 0 and 4000.');
    this.#jitterBufferTarget = v;
  }

  /** RTCRtpReceiver.getCapabilities(kind) */
  static getCapabilities(kind: unknown): ReturnType<typeof capabilities> {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'getCapabilities' on 'RTCRtpReceiver'");
    return capabilities(idl.DOMString(kind, 'kind'));
  }

  /** W3C §5.3 getParameters. */
  getParameters(): Record<string, unknown> {
    const r = this.#record.receiver;
    return {
      headerExtensions: r.negotiatedExtensions.map((e) => ({ uri: e.uri, id: e.id, encrypted: false })),
      rtcp: { reducedSize: true },
      codecs: r.negotiatedCodecs.map((c) => {
        const out: Record<string, unknown> = { payloadType: c.payloadType, mimeType: c.mimeType, clockRate: c.clockRate };
        if (c.channels !== undefined) out.channels = c.channels;
        if (c.sdpFmtpLine !== undefined) out.sdpFmtpLine = c.sdpFmtpLine;
        return out;
      }),
    };
  }

  /** W3C webrtc §5.3.4: the contributing sources (CSRCs) of packets received in the last 10 s. */
  getContributingSources(): unknown[] {
    return this.#hooks.media().sources(this.#record, 'csrc');
  }

  /** W3C webrtc §5.3.4: the synchronization sources (SSRCs) of packets received in the last 10 s. */
  getSynchronizationSources(): unknown[] {
    return this.#hooks.media().sources(this.#record, 'ssrc');
  }

  /** W3C §5.3 getStats. */
  getStats(): Promise<unknown> {
    return this.#hooks.getStats(this);
  }
}

idl.finishInterface(RTCRtpReceiver, { ctorLength: 0, promiseOps: ['getStats'], staticLengths: { getCapabilities: 1 } });
interfaces.RTCRtpReceiver = RTCRtpReceiver;
