// Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application
// layer feedback message (PSFB FMT 15) with the "REMB" identifier.
import { checkIntIn, readU32, writeU32 } from './bytes.js';
import { badPacket, FEEDBACK_HEADER_BYTES } from './rtcp-header.js';
import { writeFeedbackHeader } from './rtcp-psfb.js';

/** A REMB message. */
export interface Remb {
  type: 'remb';
  senderSsrc: number;
  /** draft-alvestrand-rmcat-remb §2.2: always 0. */
  mediaSsrc: number;
  /** The estimate, bits per second: mantissa × 2^exponent on the wire. */
  bitrateBps: number;
  /** The SSRCs the estimate applies to. */
  ssrcs: number[];
}

const REMB_ID = 0x52454d42; // "REMB"

/** Whether an AFB body (after the feedback header) carries the "REMB" identifier. */
export function isRembBody(body: Uint8Array): boolean {
  return body.length >= FEEDBACK_HEADER_BYTES + 4 && readU32(body, FEEDBACK_HEADER_BYTES) === REMB_ID;
}

/** Parses a REMB body (the caller checked the identifier). */
export function parseRemb(body: Uint8Array): Remb {
  const o = FEEDBACK_HEADER_BYTES;
  if (body.length < o + 8) badPacket(`REMB of ${body.length} bytes`);
  const count = body[o + 4]!;
  if (o + 8 + 4 * count > body.length) badPacket(`${count} REMB SSRCs do not fit in ${body.length} bytes`);
  // draft-alvestrand-rmcat-remb §2.2: 6-bit exponent, 18-bit mantissa.
  const exponent = body[o + 5]! >> 2;
  const mantissa = ((body[o + 5]! & 0x03) << 16) | (body[o + 6]! << 8) | body[o + 7]!;
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(readU32(body, o + 8 + 4 * i));
  return { type: 'remb', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4), bitrateBps: mantissa * 2 ** exponent, ssrcs };
}

/** Body bytes of a REMB. */
export function rembBodyLength(p: Remb): number {
  if (p.ssrcs.length > 255) throw new RangeError(`${p.ssrcs.length} REMB SSRCs is over 255`);
  return FEEDBACK_HEADER_BYTES + 8 + 4 * p.ssrcs.length;
}

/** Writes a REMB body at `o`; the bitrate is rounded down to what 18 bits of mantissa hold. */
export function writeRembBody(p: Remb, out: Uint8Array, o: number): void {
  const bitrate = Math.floor(p.bitrateBps);
  if (!(bitrate >= 0) || !Number.isFinite(bitrate)) throw new RangeError(`REMB bitrate ${p.bitrateBps} is not a non-negative number`);
  let exponent = 0;
  while (bitrate / 2 ** exponent >= 0x40000) exponent++;
  if (exponent > 63) throw new RangeError(`REMB bitrate ${p.bitrateBps} is over what 6 bits of exponent hold`);
  const mantissa = Math.floor(bitrate / 2 ** exponent);
  writeFeedbackHeader(p.senderSsrc, p.mediaSsrc, out, o);
  o += FEEDBACK_HEADER_BYTES;
  writeU32(out, o, REMB_ID);
  out[o + 4] = p.ssrcs.length;
  out[o + 5] = (exponent << 2) | (mantissa >>> 16);
  out[o + 6] = mantissa >>> 8;
  out[o + 7] = mantissa;
  o += 8;
  for (const ssrc of p.ssrcs) {
    checkIntIn(ssrc, 0, 0xffffffff, 'REMB SSRC');
    writeU32(out, o, ssrc);
    o += 4;
  }
}
