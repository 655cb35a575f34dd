// Redundant audio data (RFC 2198): the block headers and blocks of a RED payload, as
// Chromium sends Opus with audio/red.
import { need, ParseError } from './errors.js';

/** One redundant block (RFC 2198 §3). */
export interface RedBlock {
  /** The block's payload type. */
  payloadType: number;
  /** How far before the packet's timestamp this block's timestamp is (14 bits). */
  timestampOffset: number;
  /** The block's payload. */
  data: Uint8Array;
}

/** A RED payload: the redundant blocks, oldest first, then the primary encoding. */
export interface RedPayload {
  /** Redundant blocks in the order they appear (RFC 2198 §3). */
  redundant: RedBlock[];
  /** The primary encoding: the packet's own timestamp. */
  primary: { payloadType: number; data: Uint8Array };
}

/** Parses a RED payload (RFC 2198 §3); throws ParseError when the headers and lengths disagree. */
export function parseRed(payload: Uint8Array): RedPayload {
  const heads: Array<{ payloadType: number; timestampOffset: number; length: number }> = [];
  let o = 0;
  for (;;) {
    need(payload, o, 1, 'RED block header');
    const b = payload[o]!;
    // RFC 2198 §3: F=1: a 4-byte header |F|PT|timestamp offset (14)|block length (10)|; F=0: the last, 1 byte.
    if (!(b & 0x80)) {
      o++;
      const redundant: RedBlock[] = [];
      for (const h of heads) {
        need(payload, o, h.length, 'RED redundant block');
        redundant.push({ payloadType: h.payloadType, timestampOffset: h.timestampOffset, data: payload.subarray(o, o + h.length) });
        o += h.length;
      }
      return { redundant, primary: { payloadType: b & 0x7f, data: payload.subarray(o) } };
    }
    need(payload, o, 4, 'RED block header');
    heads.push({ payloadType: b & 0x7f, timestampOffset: (payload[o + 1]! << 6) | (payload[o + 2]! >> 2), length: ((payload[o + 2]! & 0x03) << 8) | payload[o + 3]! });
    o += 4;
    if (heads.length * 4 > payload.length) throw new ParseError('PAYLOAD_TRUNCATED', 'RED headers run past the payload');
  }
}

/** Writes a RED payload; offsets must fit 14 bits and block lengths 10 bits (RFC 2198 §3). */
export function serializeRed(red: RedPayload): Uint8Array {
  let size = 1 + red.primary.data.length;
  for (const b of red.redundant) {
    if (b.timestampOffset < 0 || b.timestampOffset > 0x3fff || b.data.length > 0x3ff) throw new RangeError('RED: a timestamp offset above 14 bits or a block above 1023 bytes');
    size += 4 + b.data.length;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const b of red.redundant) {
    out.set([0x80 | (b.payloadType & 0x7f), b.timestampOffset >> 6, ((b.timestampOffset & 0x3f) << 2) | (b.data.length >> 8), b.data.length & 0xff], o);
    o += 4;
  }
  out[o++] = red.primary.payloadType & 0x7f;
  for (const b of red.redundant) {
    out.set(b.data, o);
    o += b.data.length;
  }
  out.set(red.primary.data, o);
  return out;
}
