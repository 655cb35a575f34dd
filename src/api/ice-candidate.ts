// RTCIceCandidate (WebRTC 1.0 §4.8.1): an immutable view of one candidate-attribute plus
// the m-section it belongs to. The candidate string is not validated: fields of a string
// that does not parse read as null, as the spec and WPT expect.
import {
  DOMString,
  USVString,
  dictionary,
  enumeration,
  finishInterface,
  nullable,
  unsignedShort,
} from './webidl.js';
import { interfaces } from './interfaces.js';
import { parseCandidate, type Candidate } from '../protocol/sdp/candidate.js';

/** RTCIceComponent */
export type RTCIceComponent = 'rtp' | 'rtcp';
/** RTCIceServerTransportProtocol */
export type RTCIceServerTransportProtocol = 'udp' | 'tcp' | 'tls';

/** RTCIceCandidateInit */
export interface RTCIceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** RTCLocalIceCandidateInit */
export interface RTCLocalIceCandidateInit extends RTCIceCandidateInit {
  relayProtocol?: RTCIceServerTransportProtocol | null;
  url?: string | null;
}

/** Converter for the RTCIceCandidateInit dictionary. */
export const convertIceCandidateInit = dictionary('RTCIceCandidateInit', {
  candidate: { type: DOMString, default: '' },
  sdpMid: { type: nullable(DOMString), default: null },
  sdpMLineIndex: { type: nullable(unsignedShort), default: null },
  usernameFragment: { type: nullable(DOMString), default: null },
});

const convertLocalInit = dictionary(
  'RTCLocalIceCandidateInit',
  {
    relayProtocol: {
      type: nullable(enumeration('RTCIceServerTransportProtocol', ['udp', 'tcp', 'tls'] as const)),
      default: null,
    },
    url: { type: nullable(USVString), default: null },
  },
  convertIceCandidateInit,
);

let readParsed: (c: RTCIceCandidate) => Candidate | null;

/** An ICE candidate as exchanged through signaling (WebRTC 1.0 §4.8.1). */
export class RTCIceCandidate {
  #candidate: string;
  #sdpMid: string | null;
  #sdpMLineIndex: number | null;
  #usernameFragment: string | null;
  #relayProtocol: RTCIceServerTransportProtocol | null;
  #url: string | null;
  #parsed: Candidate | null;

  static {
    readParsed = (c) => c.#parsed;
  }

  /** WebRTC 1.0 §4.8.1.1: throws TypeError when both sdpMid and sdpMLineIndex are null. */
  constructor(candidateInitDict: RTCLocalIceCandidateInit = {}) {
    const init = convertLocalInit(candidateInitDict, "Failed to construct 'RTCIceCandidate'");
    if (init.sdpMid == null && init.sdpMLineIndex == null) {
      throw new TypeError("Failed to construct 'RTCIceCandidate': sdpMid and sdpMLineIndex are both null.");
    }
    this.#candidate = init.candidate ?? '';
    this.#sdpMid = init.sdpMid ?? null;
    this.#sdpMLineIndex = init.sdpMLineIndex ?? null;
    this.#usernameFragment = init.usernameFragment ?? null;
    this.#relayProtocol = init.relayProtocol ?? null;
    this.#url = init.url ?? null;
    let parsed: Candidate | null = null;
    if (this.#candidate !== '') {
      try {
        parsed = parseCandidate(this.#candidate);
      } catch {
        // §4.8.1.1: "If parsing fails, ... set the remaining attributes to null."
        parsed = null;
      }
    }
    this.#parsed = parsed;
  }

  /** The candidate-attribute, or '' for an end-of-candidates indication. */
  get candidate(): string {
    return this.#candidate;
  }
  /** The media stream identification tag of the m-section. */
  get sdpMid(): string | null {
    return this.#sdpMid;
  }
  /** The zero-based index of the m-section. */
  get sdpMLineIndex(): number | null {
    return this.#sdpMLineIndex;
  }
  /** The candidate's foundation. */
  get foundation(): string | null {
    return this.#parsed?.foundation ?? null;
  }
  /** 'rtp' for component 1, 'rtcp' for component 2. */
  get component(): RTCIceComponent | null {
    const id = this.#parsed?.component;
    return id === 1 ? 'rtp' : id === 2 ? 'rtcp' : null;
  }
  /** The candidate's priority. */
  get priority(): number | null {
    return this.#parsed?.priority ?? null;
  }
  /** The candidate's address (IP or FQDN). */
  get address(): string | null {
    return this.#parsed?.address ?? null;
  }
  /** 'udp' or 'tcp'. */
  get protocol(): 'udp' | 'tcp' | null {
    return this.#parsed?.transport ?? null;
  }
  /** The candidate's port. */
  get port(): number | null {
    return this.#parsed?.port ?? null;
  }
  /** host, srflx, prflx or relay. */
  get type(): 'host' | 'srflx' | 'prflx' | 'relay' | null {
    return this.#parsed?.type ?? null;
  }
  /** For TCP candidates: active, passive or so. */
  get tcpType(): 'active' | 'passive' | 'so' | null {
    return this.#parsed?.tcpType ?? null;
  }
  /** The related address (raddr), if any. */
  get relatedAddress(): string | null {
    return this.#parsed?.relatedAddress ?? null;
  }
  /** The related port (rport), if any. */
  get relatedPort(): number | null {
    return this.#parsed?.relatedPort ?? null;
  }
  /** The ICE username fragment given at construction. */
  get usernameFragment(): string | null {
    return this.#usernameFragment;
  }
  /** For local relay candidates: the protocol used to reach the TURN server. */
  get relayProtocol(): RTCIceServerTransportProtocol | null {
    return this.#relayProtocol;
  }
  /** For local server-reflexive and relay candidates: the STUN/TURN server's URL. */
  get url(): string | null {
    return this.#url;
  }

  /** The RTCIceCandidateInit form, for signaling (§4.8.1.1 toJSON). */
  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.#candidate,
      sdpMid: this.#sdpMid,
      sdpMLineIndex: this.#sdpMLineIndex,
      usernameFragment: this.#usernameFragment,
    };
  }
}

finishInterface(RTCIceCandidate, { lengths: { toJSON: 0 }, ctorLength: 0 });
interfaces.RTCIceCandidate = RTCIceCandidate;

/** Internal: the parsed candidate-attribute of `candidate`, or null if it did not parse. */
export function parsedCandidate(candidate: RTCIceCandidate): Candidate | null {
  return readParsed(candidate);
}
