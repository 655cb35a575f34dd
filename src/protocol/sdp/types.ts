// The line-level SDP model (RFC 8866 §5): one field per line type, in wire order.

/** One `a=key[:value]` line; `value` is undefined for a flag attribute (RFC 8866 §5.13). */
export interface SdpAttribute {
  key: string;
  value?: string;
}

/** A `c=<nettype> <addrtype> <connection-address>` line (RFC 8866 §5.7). */
export interface SdpConnection {
  netType: string;
  addrType: string;
  /** Kept verbatim, including any multicast `/ttl/count` suffix. */
  address: string;
}

/** A `b=<bwtype>:<bandwidth>` line (RFC 8866 §5.8), e.g. AS or TIAS. */
export interface SdpBandwidth {
  type: string;
  value: number;
}

/** The `o=` line (RFC 8866 §5.2); the ids stay strings because they exceed 2^53. */
export interface SdpOrigin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

/** A `t=<start> <stop>` line with the `r=` lines that follow it (RFC 8866 §5.9-5.10). */
export interface SdpTiming {
  start: string;
  stop: string;
  /** Raw values of the `r=` lines under this `t=`; omitted when there are none. */
  repeats?: string[];
}

/** One media description, from its `m=` line to the next (RFC 8866 §5.14). */
export interface SdpMedia {
  /** `m=<media>`: audio, video, application, ... */
  kind: string;
  port: number;
  /** The `/<number of ports>` suffix of the port, when present. */
  numPorts?: number;
  /** e.g. "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP". */
  protocol: string;
  /** Payload types, or "webrtc-datachannel". */
  formats: string[];
  /** `i=` */
  title?: string;
  /** `c=` (a second media-level `c=` is rejected; see session.ts). */
  connection?: SdpConnection;
  bandwidths: SdpBandwidth[];
  /** `k=` (obsolete, RFC 8866 §5.12), kept so the line round-trips. */
  key?: string;
  attributes: SdpAttribute[];
}

/** A whole session description as a faithful, order-preserving line model. */
export interface SdpSession {
  /** `v=`; always 0. */
  version: number;
  origin: SdpOrigin;
  /** `s=`; never empty (a lone space is allowed). */
  sessionName: string;
  /** `i=` */
  info?: string;
  /** `u=` */
  uri?: string;
  /** `e=` lines */
  emails: string[];
  /** `p=` lines */
  phones: string[];
  connection?: SdpConnection;
  bandwidths: SdpBandwidth[];
  /** One or more `t=` lines, each with its `r=` lines. */
  timing: SdpTiming[];
  /** `z=` (raw value). */
  zone?: string;
  /** `k=` (obsolete, RFC 8866 §5.12), kept so the line round-trips. */
  key?: string;
  attributes: SdpAttribute[];
  media: SdpMedia[];
  /** a= lines ignored because their name is not a token (absent when none were). */
  ignoredAttributes?: number;
}
