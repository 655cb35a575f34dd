// RTCSessionDescription (WebRTC 1.0 §4.8.2): an immutable { type, sdp } pair.
import { DOMString, dictionary, enumeration, finishInterface, requireArgs } from './webidl.js';
import { interfaces } from './interfaces.js';

/** RTCSdpType */
export type RTCSdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

/** Converter for the RTCSdpType enum. */
export const convertSdpType = enumeration<RTCSdpType>('RTCSdpType', ['offer', 'pranswer', 'answer', 'rollback']);

/** RTCSessionDescriptionInit */
export interface RTCSessionDescriptionInit {
  type: RTCSdpType;
  sdp?: string;
}

/** Converter for the RTCSessionDescriptionInit dictionary (`type` required). */
export const convertSessionDescriptionInit = dictionary('RTCSessionDescriptionInit', {
  type: { type: convertSdpType, required: true },
  sdp: { type: DOMString, default: '' },
});

/** A session description as exchanged through signaling (WebRTC 1.0 §4.8.2). */
export class RTCSessionDescription {
  #type: RTCSdpType;
  #sdp: string;

  /** Builds a description; TypeError if `type` is missing or not an RTCSdpType. */
  constructor(descriptionInitDict: RTCSessionDescriptionInit) {
    const ctx = "Failed to construct 'RTCSessionDescription'";
    requireArgs(arguments.length, 1, ctx);
    const init = convertSessionDescriptionInit(descriptionInitDict, ctx);
    this.#type = init.type!;
    this.#sdp = init.sdp ?? '';
  }

  /** offer, pranswer, answer or rollback. */
  get type(): RTCSdpType {
    return this.#type;
  }
  /** The SDP text. */
  get sdp(): string {
    return this.#sdp;
  }

  /** [Default] toJSON: { type, sdp }. */
  toJSON(): RTCSessionDescriptionInit {
    return { type: this.#type, sdp: this.#sdp };
  }
}

finishInterface(RTCSessionDescription, { lengths: { toJSON: 0 }, ctorLength: 1 });
interfaces.RTCSessionDescription = RTCSessionDescription;
