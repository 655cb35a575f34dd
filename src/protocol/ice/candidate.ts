// ICE candidates (RFC 8445 §5.1): types, priorities and foundations, and the conversion to
// the SDP `candidate` attribute model for signalling.
import { crc32 } from '../stun/index.js';
import type { Address } from '../types.js';

/** Candidate types (RFC 8445 §5.1.1). */
export type IceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** RFC 6544 §4.5: how a TCP candidate takes part in connections. */
export type TcpType = 'active' | 'passive' | 'so';

/** The transport of a candidate: UDP (RFC 8445), or TCP (RFC 6544). */
export type CandidateTransport = 'udp' | 'tcp';

/** RFC 6544 §4.5: the port an active TCP candidate is signalled with (it never listens). */
export const ACTIVE_TCP_PORT = 9;

/** A candidate as the agent knows it; addresses are IP literals in canonical form. */
export interface IceCandidate {
  foundation: string;
  /** Always 1: one component (RTP and RTCP multiplexed, one BUNDLE transport). */
  component: number;
  transport: CandidateTransport;
  /** TCP candidates: active, passive or simultaneous-open (RFC 6544 §4.5). */
  tcpType?: TcpType;
  priority: number;
  address: string;
  port: number;
  family: 4 | 6;
  type: IceCandidateType;
  /** For srflx and prflx: the base's address. */
  relatedAddress?: string;
  relatedPort?: number;
}

/** A local candidate and the base it sends from (RFC 8445 §5.1.1.1). */
export interface LocalCandidate extends IceCandidate {
  base: Address;
  /** srflx and relay: the URL of the STUN or TURN server that gave it, when the driver named one (stats). */
  url?: string;
  /** relay: how the agent reaches its TURN server (W3C webrtc-stats relayProtocol). */
  relayProtocol?: RelayProtocol;
}

/** W3C webrtc RTCIceServerTransportProtocol: the transport to a TURN server. */
export type RelayProtocol = 'udp' | 'tcp' | 'tls';

/** A remote candidate as signalled (an SDP `Candidate` fits); address must be an IP literal. */
export interface RemoteCandidate {
  foundation: string;
  priority: number;
  address: string;
  port: number;
  type: IceCandidateType;
  /** Component ID; only 1 is used. */
  component?: number;
  /** Transport: UDP, or TCP with a tcpType (RFC 6544); others are not used. */
  transport?: string;
  /** RFC 6544 §4.5 `tcptype`, which a TCP candidate must have. */
  tcpType?: string;
  relatedAddress?: string;
  relatedPort?: number;
}

/** RFC 8445 §5.1.2.2 recommended type preferences. */
export const TYPE_PREFERENCE: Readonly<Record<IceCandidateType, number>> = { host: 126, prflx: 110, srflx: 100, relay: 0 };

/**
 * Type preferences of TCP host and peer-reflexive candidates. RFC 6544 §4.5 leaves them to
 * the agent and wants UDP preferred where both work: these sit below every UDP host and
 * prflx candidate, at the values Chromium's TCP candidates carry (90, and 80 for prflx).
 */
export const TCP_TYPE_PREFERENCE = { host: 90, prflx: 80 } as const;

/**
 * RFC 6544 §4.5: a TCP candidate's local preference is 2^13 * direction-pref + other-pref;
 * for host candidates active is preferred (6) over passive (4) over simultaneous-open (2).
 */
export const TCP_DIRECTION_PREFERENCE: Readonly<Record<TcpType, number>> = { active: 6, passive: 4, so: 2 };

/** RFC 6544 §4.5: local preference from direction-pref and other-pref (0 to 8191). */
export function tcpLocalPreference(tcpType: TcpType, otherPreference: number): number {
  return TCP_DIRECTION_PREFERENCE[tcpType] * 0x2000 + Math.max(0, Math.min(0x1fff, otherPreference));
}

/**
 * RFC 6544 §6.2: TCP candidates pair only with a counterpart: an active one with a passive
 * one, either way, and simultaneous-open with simultaneous-open; UDP with UDP.
 */
export function transportsPair(local: IceCandidate, remote: IceCandidate): boolean {
  if (local.transport !== remote.transport) return false;
  if (local.transport === 'udp') return true;
  const l = local.tcpType;
  const r = remote.tcpType;
  return (l === 'active' && r === 'passive') || (l === 'passive' && r === 'active') || (l === 'so' && r === 'so');
}

/** RFC 8445 §5.1.2.1: priority = 2^24 * type pref + 2^8 * local pref + (256 - component ID). */
export function candidatePriority(typePreference: number, localPreference: number, component = 1): number {
  return typePreference * 0x1000000 + localPreference * 0x100 + (256 - component);
}

/** The local preference (16 bits) encoded in a candidate priority. */
export function localPreferenceOf(priority: number): number {
  return Math.floor(priority / 0x100) & 0xffff;
}

/**
 * RFC 8445 §5.1.1.3: candidates share a foundation when they have the same type, base IP
 * address, STUN/TURN server IP and transport. Any string of up to 32 ice-chars will do; a
 * CRC of those fields keeps it short and stable.
 */
export function computeFoundation(type: IceCandidateType, baseAddress: string, serverAddress = '', transport: CandidateTransport = 'udp'): string {
  return String(crc32(new TextEncoder().encode(`${type}|${baseAddress}|${serverAddress}|${transport}`)));
}

/** The transport address of a candidate (a TCP one's says so). */
export function candidateAddress(c: IceCandidate): Address {
  const a: Address = { address: c.address, port: c.port, family: c.family };
  if (c.transport === 'tcp') a.transport = 'tcp';
  return a;
}

/** The fields of protocol/sdp's `Candidate` model, so `serializeCandidate` accepts it. */
export interface SignalledCandidate {
  foundation: string;
  component: number;
  transport: CandidateTransport;
  tcpType?: TcpType;
  priority: number;
  address: string;
  port: number;
  type: IceCandidateType;
  relatedAddress?: string;
  relatedPort?: number;
  extensions: Array<[string, string]>;
}

/** The SDP model of a candidate (no extensions), for signalling it. */
export function toSdpCandidate(c: IceCandidate): SignalledCandidate {
  const out: SignalledCandidate = {
    foundation: c.foundation,
    component: c.component,
    transport: c.transport,
    priority: c.priority,
    address: c.address,
    port: c.port,
    type: c.type,
    extensions: [],
  };
  // RFC 6544 §4.5: every TCP candidate says its tcptype.
  if (c.tcpType !== undefined) out.tcpType = c.tcpType;
  if (c.relatedAddress !== undefined) out.relatedAddress = c.relatedAddress;
  if (c.relatedPort !== undefined) out.relatedPort = c.relatedPort;
  return out;
}
