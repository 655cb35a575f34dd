// ICE candidates (RFC 8445 §5.1): types, priorities and foundations, and the conversion to
// the SDP `candidate` attribute model for signalling.
import { crc32 } from '../stun/index.js';
import type { Address } from '../types.js';

/** Candidate types (RFC 8445 §5.1.1). */
export type IceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** A candidate as the agent knows it; addresses are IP literals in canonical form. */
export interface IceCandidate {
  foundation: string;
  /** Always 1: one component (RTP and RTCP multiplexed, one BUNDLE transport). */
  component: number;
  transport: 'udp';
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
  /** Transport; only UDP is used. */
  transport?: string;
  relatedAddress?: string;
  relatedPort?: number;
}

/** RFC 8445 §5.1.2.2 recommended type preferences. */
export const TYPE_PREFERENCE: Readonly<Record<IceCandidateType, number>> = { host: 126, prflx: 110, srflx: 100, relay: 0 };

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
export function computeFoundation(type: IceCandidateType, baseAddress: string, serverAddress = ''): string {
  return String(crc32(new TextEncoder().encode(`${type}|${baseAddress}|${serverAddress}|udp`)));
}

/** The transport address of a candidate. */
export function candidateAddress(c: IceCandidate): Address {
  return { address: c.address, port: c.port, family: c.family };
}

/** The fields of protocol/sdp's `Candidate` model, so `serializeCandidate` accepts it. */
export interface SignalledCandidate {
  foundation: string;
  component: number;
  transport: 'udp';
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
    transport: 'udp',
    priority: c.priority,
    address: c.address,
    port: c.port,
    type: c.type,
    extensions: [],
  };
  if (c.relatedAddress !== undefined) out.relatedAddress = c.relatedAddress;
  if (c.relatedPort !== undefined) out.relatedPort = c.relatedPort;
  return out;
}
