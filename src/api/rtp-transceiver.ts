// RTCRtpTransceiver (W3C WebRTC §5.4): a sender and receiver sharing one m-section.
import { codecsMatch, localCodecs, type CodecParams } from '../jsep/codecs.js';
import type { Direction, TransceiverRecord } from '../jsep/model.js';
import { interfaces } from './interfaces.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import type { RTCRtpReceiver } from './rtp-receiver.js';
import type { RTCRtpSender } from './rtp-sender.js';
import * as idl from './webidl.js';

/** RTCRtpTransceiverDirection converter. */
export const directionEnum = idl.enumeration('RTCRtpTransceiverDirection', [
  'sendrecv',
  'sendonly',
  'recvonly',
  'inactive',
  'stopped',
] as const);

const codecDict = idl.dictionary('RTCRtpCodec', {
  mimeType: { type: idl.DOMString, required: true },
  clockRate: { type: idl.unsignedLong, required: true },
  channels: { type: idl.unsignedShort },
  sdpFmtpLine: { type: idl.DOMString },
});

/** A sender and receiver sharing one m-section. */
export class RTCRtpTransceiver {
  #record: TransceiverRecord;
  #hooks: PeerConnectionHooks;
  #sender: RTCRtpSender;
  #receiver: RTCRtpReceiver;
  #onStop: () => void;

  /** Not constructible from script. */
  constructor(
    token: typeof idl.INTERNAL,
    record: TransceiverRecord,
    hooks: PeerConnectionHooks,
    sender: RTCRtpSender,
    receiver: RTCRtpReceiver,
    onStop: () => void,
  ) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    this.#record = record;
    this.#hooks = hooks;
    this.#sender = sender;
    this.#receiver = receiver;
    this.#onStop = onStop;
  }

  /** The negotiated mid, or null. */
  get mid(): string | null {
    return this.#record.mid;
  }

  /** The sender. */
  get sender(): RTCRtpSender {
    return this.#sender;
  }

  /** The receiver. */
  get receiver(): RTCRtpReceiver {
    return this.#receiver;
  }

  /** [[Direction]] */
  get direction(): Direction {
    return this.#record.direction;
  }

  set direction(value: unknown) {
    const d = directionEnum(value, "Failed to set the 'direction' property on 'RTCRtpTransceiver'");
    // W3C §5.4: stopping -> InvalidStateError; "stopped" -> TypeError.
    if (this.#record.stopping) throw new DOMException('The transceiver is stopped.', 'InvalidStateError');
    if (d === 'stopped') throw new TypeError("direction cannot be set to 'stopped'.");
    if (d === this.#record.direction) return;
    this.#record.direction = d;
    this.#hooks.updateNegotiationNeeded();
  }

  /** [[CurrentDirection]] */
  get currentDirection(): Direction | null {
    return this.#record.currentDirection;
  }

  /**
   * [[Stopped]]. The attribute left the spec's IDL in 2020, but Chromium and Firefox still
   * expose it and WPT still reads it (RTCPeerConnection-transceivers, protocol/bundle).
   */
  get stopped(): boolean {
    return this.#record.stopped;
  }

  /** W3C §5.4 stop(). */
  stop(): void {
    if (this.#hooks.isClosed()) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    if (this.#record.stopping) return;
    // "Stop sending and receiving": the sender's track detaches, the receiver's track ends.
    this.#record.stopping = true;
    this.#record.direction = 'stopped';
    this.#onStop();
    this.#hooks.updateNegotiationNeeded();
  }

  /** W3C §5.4 setCodecPreferences. */
  setCodecPreferences(codecs: unknown): void {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'setCodecPreferences' on 'RTCRtpTransceiver'");
    const list = idl.sequence(codecDict)(codecs, 'codecs') as Array<Omit<CodecParams, 'payloadType' | 'rtcpFeedback'>>;
    if (list.length === 0) {
      this.#record.codecPreferences = [];
      return;
    }
    const ours = localCodecs(this.#record.kind);
    const chosen: CodecParams[] = [];
    for (const c of list) {
      const match = ours.find((o) => codecsMatch(o, c) && (o.sdpFmtpLine ?? '') === (c.sdpFmtpLine ?? '')) ?? ours.find((o) => codecsMatch(o, c) && !/rtx|red|ulpfec/i.test(o.mimeType));
      if (!match) {
        throw new DOMException(`Codec ${c.mimeType} is not supported.`, 'InvalidModificationError');
      }
      if (!chosen.includes(match)) chosen.push(match);
    }
    if (!chosen.some((c) => !/\/(rtx|red|ulpfec|cn|telephone-event)$/i.test(c.mimeType))) {
      throw new DOMException('Only resiliency codecs were given.', 'InvalidModificationError');
    }
    this.#record.codecPreferences = chosen;
  }
}

idl.finishInterface(RTCRtpTransceiver, { ctorLength: 0, lengths: { setCodecPreferences: 1 } });
interfaces.RTCRtpTransceiver = RTCRtpTransceiver;
