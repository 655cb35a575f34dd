// The WebRTC and Media Capture event interfaces whose constructors script may call:
// each converts its init dictionary per the IDL (required members -> TypeError) and keeps
// the values in private fields behind readonly attributes.
import {
  DOMString,
  USVString,
  dictionary,
  finishInterface,
  interfaceType,
  nullable,
  requireArgs,
  sequence,
  unsignedShort,
  type Converter,
} from './webidl.js';
import { eventInit, frozenArray, lateInterfaceType, type EventInit } from './webidl-extra.js';
import { interfaces } from './interfaces.js';
import { RTCIceCandidate } from './ice-candidate.js';
import { RTCError } from './error.js';
import { MediaStreamTrack } from './media-stream-track.js';
import { MediaStream } from './media-stream.js';
import type { RTCDataChannel } from './data-channel.js';
import type { RTCRtpReceiver } from './rtp-receiver.js';
import type { RTCRtpTransceiver } from './rtp-transceiver.js';

function base(init: EventInit): EventInit {
  return { bubbles: !!init.bubbles, cancelable: !!init.cancelable, composed: !!init.composed };
}

function ctorArgs(name: string, got: number, required: number, type: unknown): string {
  const ctx = `Failed to construct '${name}'`;
  requireArgs(got, required, ctx);
  return DOMString(type, `${ctx}: parameter 1`);
}

const iceCandidateType = interfaceType('RTCIceCandidate', RTCIceCandidate);
const trackType = interfaceType('MediaStreamTrack', MediaStreamTrack);
const streamType = interfaceType('MediaStream', MediaStream);

const convertIceEventInit = dictionary(
  'RTCPeerConnectionIceEventInit',
  {
    candidate: { type: nullable(iceCandidateType), default: null },
    url: { type: nullable(USVString), default: null },
  },
  eventInit,
);

/** RTCPeerConnectionIceEventInit */
export interface RTCPeerConnectionIceEventInit extends EventInit {
  candidate?: RTCIceCandidate | null;
  url?: string | null;
}

/** The `icecandidate` event (WebRTC 1.0 §4.8.3). */
export class RTCPeerConnectionIceEvent extends Event {
  #candidate: RTCIceCandidate | null;
  #url: string | null;

  /** `candidate` must be an RTCIceCandidate or null. */
  constructor(type: string, eventInitDict: RTCPeerConnectionIceEventInit = {}) {
    const t = ctorArgs('RTCPeerConnectionIceEvent', arguments.length, 1, type);
    const init = convertIceEventInit(eventInitDict, "Failed to construct 'RTCPeerConnectionIceEvent'");
    super(t, base(init));
    this.#candidate = init.candidate ?? null;
    this.#url = init.url ?? null;
  }

  /** The new candidate, or null at the end of gathering. */
  get candidate(): RTCIceCandidate | null {
    return this.#candidate;
  }
  /** The STUN or TURN URL the candidate was gathered from (deprecated). */
  get url(): string | null {
    return this.#url;
  }
}
finishInterface(RTCPeerConnectionIceEvent, { ctorLength: 1 });
interfaces.RTCPeerConnectionIceEvent = RTCPeerConnectionIceEvent;

const convertIceErrorEventInit = dictionary(
  'RTCPeerConnectionIceErrorEventInit',
  {
    address: { type: nullable(DOMString), default: null },
    port: { type: nullable(unsignedShort), default: null },
    url: { type: USVString, default: '' },
    errorCode: { type: unsignedShort, required: true },
    errorText: { type: USVString, default: '' },
  },
  eventInit,
);

/** RTCPeerConnectionIceErrorEventInit */
export interface RTCPeerConnectionIceErrorEventInit extends EventInit {
  address?: string | null;
  port?: number | null;
  url?: string;
  errorCode: number;
  errorText?: string;
}

/** The `icecandidateerror` event (WebRTC 1.0 §4.8.4). */
export class RTCPeerConnectionIceErrorEvent extends Event {
  #address: string | null;
  #port: number | null;
  #url: string;
  #errorCode: number;
  #errorText: string;

  /** `errorCode` is required. */
  constructor(type: string, eventInitDict: RTCPeerConnectionIceErrorEventInit) {
    const t = ctorArgs('RTCPeerConnectionIceErrorEvent', arguments.length, 2, type);
    const init = convertIceErrorEventInit(eventInitDict, "Failed to construct 'RTCPeerConnectionIceErrorEvent'");
    super(t, base(init));
    this.#address = init.address ?? null;
    this.#port = init.port ?? null;
    this.#url = init.url ?? '';
    this.#errorCode = init.errorCode!;
    this.#errorText = init.errorText ?? '';
  }

  /** The local address used to talk to the server (may be redacted). */
  get address(): string | null {
    return this.#address;
  }
  /** The local port used to talk to the server. */
  get port(): number | null {
    return this.#port;
  }
  /** The STUN or TURN URL that failed. */
  get url(): string {
    return this.#url;
  }
  /** STUN error code (300-699) or 701 when the server could not be reached. */
  get errorCode(): number {
    return this.#errorCode;
  }
  /** STUN reason phrase. */
  get errorText(): string {
    return this.#errorText;
  }
}
finishInterface(RTCPeerConnectionIceErrorEvent, { ctorLength: 2 });
interfaces.RTCPeerConnectionIceErrorEvent = RTCPeerConnectionIceErrorEvent;

const convertTrackEventInit = dictionary(
  'RTCTrackEventInit',
  {
    receiver: { type: lateInterfaceType('RTCRtpReceiver'), required: true },
    track: { type: trackType, required: true },
    streams: { type: sequence(streamType), default: () => [] },
    transceiver: { type: lateInterfaceType('RTCRtpTransceiver'), required: true },
  },
  eventInit,
);

/** RTCTrackEventInit (receiver and transceiver are the lead's RTCRtpReceiver/Transceiver). */
export interface RTCTrackEventInit extends EventInit {
  receiver: object;
  track: MediaStreamTrack;
  streams?: MediaStream[];
  transceiver: object;
}

/** The `track` event (WebRTC 1.0 §5.7). */
export class RTCTrackEvent extends Event {
  #receiver: object;
  #track: MediaStreamTrack;
  #streams: readonly MediaStream[];
  #transceiver: object;

  /** receiver, track and transceiver are required. */
  constructor(type: string, eventInitDict: RTCTrackEventInit) {
    const t = ctorArgs('RTCTrackEvent', arguments.length, 2, type);
    const init = convertTrackEventInit(eventInitDict, "Failed to construct 'RTCTrackEvent'");
    super(t, base(init));
    this.#receiver = init.receiver!;
    this.#track = init.track!;
    this.#streams = frozenArray(init.streams ?? []);
    this.#transceiver = init.transceiver!;
  }

  /** The RTCRtpReceiver of the new track. */
  get receiver(): RTCRtpReceiver {
    return this.#receiver as RTCRtpReceiver;
  }
  /** The new remote track. */
  get track(): MediaStreamTrack {
    return this.#track;
  }
  /** [SameObject] FrozenArray of the streams the track belongs to. */
  get streams(): readonly MediaStream[] {
    return this.#streams;
  }
  /** The RTCRtpTransceiver of the new track. */
  get transceiver(): RTCRtpTransceiver {
    return this.#transceiver as RTCRtpTransceiver;
  }
}
finishInterface(RTCTrackEvent, { ctorLength: 2 });
interfaces.RTCTrackEvent = RTCTrackEvent;

const convertDataChannelEventInit = dictionary(
  'RTCDataChannelEventInit',
  { channel: { type: lateInterfaceType('RTCDataChannel'), required: true } },
  eventInit,
);

/** RTCDataChannelEventInit (channel is the lead's RTCDataChannel). */
export interface RTCDataChannelEventInit extends EventInit {
  channel: object;
}

/** The `datachannel` event (WebRTC 1.0 §6.3). */
export class RTCDataChannelEvent extends Event {
  #channel: object;

  /** `channel` is required and must be an RTCDataChannel. */
  constructor(type: string, eventInitDict: RTCDataChannelEventInit) {
    const t = ctorArgs('RTCDataChannelEvent', arguments.length, 2, type);
    const init = convertDataChannelEventInit(eventInitDict, "Failed to construct 'RTCDataChannelEvent'");
    super(t, base(init));
    this.#channel = init.channel!;
  }

  /** The channel the remote peer opened. */
  get channel(): RTCDataChannel {
    return this.#channel as RTCDataChannel;
  }
}
finishInterface(RTCDataChannelEvent, { ctorLength: 2 });
interfaces.RTCDataChannelEvent = RTCDataChannelEvent;

const convertToneChangeEventInit = dictionary(
  'RTCDTMFToneChangeEventInit',
  { tone: { type: DOMString, default: '' } },
  eventInit,
);

/** RTCDTMFToneChangeEventInit */
export interface RTCDTMFToneChangeEventInit extends EventInit {
  tone?: string;
}

/** The `tonechange` event of RTCDTMFSender (WebRTC 1.0 §7.3). */
export class RTCDTMFToneChangeEvent extends Event {
  #tone: string;

  /** `tone` defaults to ''. */
  constructor(type: string, eventInitDict: RTCDTMFToneChangeEventInit = {}) {
    const t = ctorArgs('RTCDTMFToneChangeEvent', arguments.length, 1, type);
    const init = convertToneChangeEventInit(eventInitDict, "Failed to construct 'RTCDTMFToneChangeEvent'");
    super(t, base(init));
    this.#tone = init.tone ?? '';
  }

  /** The tone that started playing, or '' when the tone buffer ran out. */
  get tone(): string {
    return this.#tone;
  }
}
finishInterface(RTCDTMFToneChangeEvent, { ctorLength: 1 });
interfaces.RTCDTMFToneChangeEvent = RTCDTMFToneChangeEvent;

const convertErrorEventInit = dictionary(
  'RTCErrorEventInit',
  { error: { type: interfaceType('RTCError', RTCError) as Converter<RTCError>, required: true } },
  eventInit,
);

/** RTCErrorEventInit */
export interface RTCErrorEventInit extends EventInit {
  error: RTCError;
}

/** An `error` event carrying an RTCError (WebRTC 1.0 §11.2). */
export class RTCErrorEvent extends Event {
  #error: RTCError;

  /** `error` is required. */
  constructor(type: string, eventInitDict: RTCErrorEventInit) {
    const t = ctorArgs('RTCErrorEvent', arguments.length, 2, type);
    const init = convertErrorEventInit(eventInitDict, "Failed to construct 'RTCErrorEvent'");
    super(t, base(init));
    this.#error = init.error!;
  }

  /** [SameObject] The error. */
  get error(): RTCError {
    return this.#error;
  }
}
finishInterface(RTCErrorEvent, { ctorLength: 2 });
interfaces.RTCErrorEvent = RTCErrorEvent;

export { MediaStreamTrackEvent, type MediaStreamTrackEventInit } from './media-stream-track-event.js';
