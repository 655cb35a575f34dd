// INIT / INIT ACK parameter handling: what we offer and what the peer supports
// (RFC 9260 §3.2.1, §3.3.2; RFC 3758 §3.1; RFC 5061 §4.2.7; RFC 6525 §3.1).
import { ChunkType, ParamType } from './constants.js';
import type { InitChunk } from './chunk-init.js';
import type { Tlv } from './param.js';

/** Parameter types we accept without acting on them. */
const IGNORED_PARAMS = new Set<number>([
  5, // IPv4 address: the path is the DTLS transport (RFC 8261 §4)
  6, // IPv6 address
  ParamType.COOKIE_PRESERVATIVE,
  11, // Host Name Address (deprecated)
  ParamType.SUPPORTED_ADDRESS_TYPES,
  0x8000, // ECN Capable (RFC 9260 Appendix A of RFC 4960 reserved)
  0x8002, // Random (RFC 4895): AUTH is not negotiated over DTLS (RFC 8261 §4)
  0x8003, // Chunk List
  0x8004, // Requested HMAC Algorithm
  0xc006, // Adaptation Layer Indication (RFC 5061)
]);

/** The optional features a peer declared and the parameters we could not recognize. */
export interface PeerCapabilities {
  forwardTsn: boolean;
  reconfig: boolean;
  cookie: Uint8Array | undefined;
  /** Parameters to report back (high bits 01 or 11, RFC 9260 §3.2.1). */
  unrecognized: Tlv[];
}

/** Reads the peer's capabilities from an INIT or INIT ACK. */
export function peerCapabilities(init: InitChunk): PeerCapabilities {
  const caps: PeerCapabilities = { forwardTsn: false, reconfig: false, cookie: undefined, unrecognized: [] };
  for (const p of init.params) {
    if (p.type === ParamType.FORWARD_TSN_SUPPORTED) caps.forwardTsn = true;
    else if (p.type === ParamType.SUPPORTED_EXTENSIONS) {
      for (const t of p.value) {
        if (t === ChunkType.FORWARD_TSN) caps.forwardTsn = true;
        if (t === ChunkType.RE_CONFIG) caps.reconfig = true;
      }
    } else if (p.type === ParamType.STATE_COOKIE) {
      if (init.type === ChunkType.INIT_ACK) caps.cookie = p.value;
    } else if (!IGNORED_PARAMS.has(p.type)) {
      // RFC 9260 §3.2.1: the two high bits say whether to go on and whether to report.
      const action = p.type >>> 14;
      if (action === 1 || action === 3) caps.unrecognized.push(p);
      if (action === 0 || action === 1) break;
    }
  }
  return caps;
}

/** The extension parameters every INIT and INIT ACK of ours carries. */
export function extensionParams(): Tlv[] {
  return [
    // RFC 5061 §4.2.7: Supported Extensions lists RE-CONFIG (RFC 6525) and FORWARD TSN.
    { type: ParamType.SUPPORTED_EXTENSIONS, value: Uint8Array.of(ChunkType.RE_CONFIG, ChunkType.FORWARD_TSN) },
    // RFC 3758 §3.1: Forward-TSN-Supported, for peers that predate Supported Extensions.
    { type: ParamType.FORWARD_TSN_SUPPORTED, value: new Uint8Array(0) },
  ];
}

/** Unrecognized Parameter parameters (type 8) wrapping each unknown TLV whole. */
export function unrecognizedParams(unknown: readonly Tlv[]): Tlv[] {
  return unknown.map((t) => {
    const len = 4 + t.value.length;
    const v = new Uint8Array((len + 3) & ~3);
    v[0] = t.type >>> 8;
    v[1] = t.type;
    v[2] = len >>> 8;
    v[3] = len;
    v.set(t.value, 4);
    return { type: ParamType.UNRECOGNIZED_PARAMETER, value: v.subarray(0, len) };
  });
}

/** A random 32-bit value that is not zero (RFC 9260 §3.3.2: tags MUST NOT be 0). */
export function nonZeroUint32(next: () => number): number {
  for (;;) {
    const v = next() >>> 0;
    if (v !== 0) return v;
  }
}
