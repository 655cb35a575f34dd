// Goodbye (RFC 3550 §6.6): the sources leaving, and an optional reason.
import { checkIntIn, pad4, readU32, writeU32 } from './bytes.js';
import { badPacket } from './rtcp-header.js';
import { decodeText, utf8Length, writeText } from './text.js';

/** RFC 3550 §6.6: a BYE packet. */
export interface Goodbye {
  type: 'bye';
  ssrcs: number[];
  /** The reason for leaving, when one was given. */
  reason?: string;
}

/** Parses a BYE body; `count` is the SC field. */
export function parseGoodbye(count: number, body: Uint8Array): Goodbye {
  if (count * 4 > body.length) badPacket(`${count} BYE sources do not fit in ${body.length} bytes`);
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(readU32(body, 4 * i));
  const bye: Goodbye = { type: 'bye', ssrcs };
  const o = 4 * count;
  // RFC 3550 §6.6: an optional length-prefixed reason, then zero padding to 32 bits.
  if (o < body.length && body[o] !== 0) {
    const length = body[o]!;
    if (o + 1 + length > body.length) badPacket(`BYE reason of ${length} bytes runs past the packet`);
    bye.reason = decodeText(body.subarray(o + 1, o + 1 + length));
  }
  return bye;
}

/** Body bytes of a BYE packet. */
export function byeBodyLength(p: Goodbye): number {
  if (p.ssrcs.length > 31) throw new RangeError(`${p.ssrcs.length} BYE sources is over 31`);
  if (p.reason === undefined) return 4 * p.ssrcs.length;
  const length = utf8Length(p.reason);
  if (length > 255) throw new RangeError(`BYE reason of ${length} bytes is over 255`);
  return 4 * p.ssrcs.length + pad4(1 + length);
}

/** Writes a BYE body at `o`. */
export function writeByeBody(p: Goodbye, out: Uint8Array, o: number): void {
  for (const ssrc of p.ssrcs) {
    checkIntIn(ssrc, 0, 0xffffffff, 'BYE SSRC');
    writeU32(out, o, ssrc);
    o += 4;
  }
  if (p.reason === undefined) return;
  const length = writeText(out, o + 1, p.reason);
  out[o] = length;
  out.fill(0, o + 1 + length, o + pad4(1 + length));
}
