// Application-defined packets (RFC 3550 §6.7), kept raw.
import { checkIntIn, readU32, writeU32 } from './bytes.js';
import { badPacket } from './rtcp-header.js';

/** RFC 3550 §6.7: an APP packet. */
export interface AppPacket {
  type: 'app';
  /** The 5-bit subtype. */
  subtype: number;
  ssrc: number;
  /** Four ASCII characters. */
  name: string;
  /** Application-dependent data, raw. */
  data: Uint8Array;
}

/** Parses an APP body; `count` is the subtype field. */
export function parseApp(count: number, body: Uint8Array): AppPacket {
  if (body.length < 8) badPacket(`APP of ${body.length} bytes`);
  return { type: 'app', subtype: count, ssrc: readU32(body, 0), name: String.fromCharCode(body[4]!, body[5]!, body[6]!, body[7]!), data: body.subarray(8) };
}

/** Body bytes of an APP packet. */
export function appBodyLength(p: AppPacket): number {
  return 8 + p.data.length;
}

/** Writes an APP body at `o`. */
export function writeAppBody(p: AppPacket, out: Uint8Array, o: number): void {
  checkIntIn(p.subtype, 0, 31, 'APP subtype');
  checkIntIn(p.ssrc, 0, 0xffffffff, 'APP SSRC');
  if (p.name.length !== 4 || !/^[\x00-\xff]{4}$/.test(p.name)) throw new RangeError(`APP name ${JSON.stringify(p.name)} is not 4 octets`);
  writeU32(out, o, p.ssrc);
  for (let i = 0; i < 4; i++) out[o + 4 + i] = p.name.charCodeAt(i);
  out.set(p.data, o + 8);
}
