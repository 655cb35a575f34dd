// RTCError (WebRTC 1.0 §11.1), a DOMException named OperationError with WebRTC detail,
// and OverconstrainedError (Media Capture §7.1), the DOMException getUserMedia and
// applyConstraints reject with.
import {
  DOMString,
  dictionary,
  enumeration,
  finishInterface,
  long,
  requireArgs,
  unsignedLong,
} from './webidl.js';
import { interfaces } from './interfaces.js';

/** RTCErrorDetailType */
export type RTCErrorDetailType =
  | 'data-channel-failure'
  | 'dtls-failure'
  | 'fingerprint-failure'
  | 'sctp-failure'
  | 'sdp-syntax-error'
  | 'hardware-encoder-not-available'
  | 'hardware-encoder-error';

/** RTCErrorInit */
export interface RTCErrorInit {
  errorDetail: RTCErrorDetailType;
  sdpLineNumber?: number;
  sctpCauseCode?: number;
  receivedAlert?: number;
  sentAlert?: number;
}

const convertErrorInit = dictionary('RTCErrorInit', {
  errorDetail: {
    type: enumeration<RTCErrorDetailType>('RTCErrorDetailType', [
      'data-channel-failure',
      'dtls-failure',
      'fingerprint-failure',
      'sctp-failure',
      'sdp-syntax-error',
      'hardware-encoder-not-available',
      'hardware-encoder-error',
    ]),
    required: true,
  },
  sdpLineNumber: { type: long },
  sctpCauseCode: { type: long },
  receivedAlert: { type: unsignedLong },
  sentAlert: { type: unsignedLong },
});

/** A WebRTC-specific error: always named OperationError, with a detail code (§11.1). */
export class RTCError extends DOMException {
  #errorDetail: RTCErrorDetailType;
  #sdpLineNumber: number | null;
  #sctpCauseCode: number | null;
  #receivedAlert: number | null;
  #sentAlert: number | null;

  /** §11.1.1: `init.errorDetail` is required; `message` defaults to ''. */
  constructor(init: RTCErrorInit, message: string = '') {
    const ctx = "Failed to construct 'RTCError'";
    requireArgs(arguments.length, 1, ctx);
    const dict = convertErrorInit(init, ctx);
    const msg = message === undefined ? '' : DOMString(message, `${ctx}: parameter 2`);
    super(msg, 'OperationError');
    this.#errorDetail = dict.errorDetail!;
    this.#sdpLineNumber = dict.sdpLineNumber ?? null;
    this.#sctpCauseCode = dict.sctpCauseCode ?? null;
    this.#receivedAlert = dict.receivedAlert ?? null;
    this.#sentAlert = dict.sentAlert ?? null;
  }

  /** Which WebRTC failure this is. */
  get errorDetail(): RTCErrorDetailType {
    return this.#errorDetail;
  }
  /** For sdp-syntax-error: the line number where the error was found. */
  get sdpLineNumber(): number | null {
    return this.#sdpLineNumber;
  }
  /** For sctp-failure: the SCTP cause code (RFC 9260 §3.3.10). */
  get sctpCauseCode(): number | null {
    return this.#sctpCauseCode;
  }
  /** For dtls-failure: the fatal DTLS alert received, if any. */
  get receivedAlert(): number | null {
    return this.#receivedAlert;
  }
  /** For dtls-failure: the fatal DTLS alert sent, if any. */
  get sentAlert(): number | null {
    return this.#sentAlert;
  }
}

finishInterface(RTCError, { ctorLength: 1 });
interfaces.RTCError = RTCError;

/** A constraint that could not be satisfied (Media Capture §7.1); name OverconstrainedError. */
export class OverconstrainedError extends DOMException {
  #constraint: string;

  /** Builds the error for the named constraint. */
  constructor(constraint: string, message: string = '') {
    const ctx = "Failed to construct 'OverconstrainedError'";
    requireArgs(arguments.length, 1, ctx);
    const name = DOMString(constraint, `${ctx}: parameter 1`);
    const msg = message === undefined ? '' : DOMString(message, `${ctx}: parameter 2`);
    super(msg, 'OverconstrainedError');
    this.#constraint = name;
  }

  /** The name of the constraint that failed ('' if not disclosed). */
  get constraint(): string {
    return this.#constraint;
  }
}

finishInterface(OverconstrainedError, { ctorLength: 1 });
interfaces.OverconstrainedError = OverconstrainedError;
