// Source description (RFC 3550 §6.5): chunks of an SSRC/CSRC and its items.
import { checkIntIn, pad4, readU32, writeU32 } from './bytes.js';
import { badPacket } from './rtcp-header.js';
import { decodeText, utf8Length, writeText } from './text.js';

/** SDES item types (RFC 3550 §6.5, §12.2). */
export const SdesItemType = { END: 0, CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 } as const;

/** One SDES item: its type (1-255) and text (PRIV keeps its prefix length byte in the text). */
export interface SdesItem {
  type: number;
  text: string;
}

/** One chunk: a source and its items. */
export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

/** RFC 3550 §6.5: a source description packet. */
export interface SourceDescription {
  type: 'sdes';
  chunks: SdesChunk[];
}

/** Parses an SDES body; `count` is the SC field. */
export function parseSourceDescription(count: number, body: Uint8Array): SourceDescription {
  const chunks: SdesChunk[] = [];
  let o = 0;
  for (let c = 0; c < count; c++) {
    if (o + 4 > body.length) badPacket(`SDES chunk ${c} of ${count} does not fit`);
    const chunk: SdesChunk = { ssrc: readU32(body, o), items: [] };
    o += 4;
    for (;;) {
      if (o >= body.length) badPacket('SDES chunk without its terminating null octet');
      const type = body[o]!;
      if (type === SdesItemType.END) {
        // RFC 3550 §6.5: the item list ends with a null octet, then nulls up to the next
        // 32-bit boundary (the body starts on one).
        o = pad4(o + 1);
        if (o > body.length) badPacket('SDES chunk padding runs past the packet');
        break;
      }
      if (o + 2 > body.length) badPacket('SDES item header runs past the packet');
      const length = body[o + 1]!;
      if (o + 2 + length > body.length) badPacket(`SDES item of ${length} bytes runs past the packet`);
      chunk.items.push({ type, text: decodeText(body.subarray(o + 2, o + 2 + length)) });
      o += 2 + length;
    }
    chunks.push(chunk);
  }
  return { type: 'sdes', chunks };
}

/** Body bytes of an SDES packet (each chunk padded to 32 bits after at least one null octet). */
export function sdesBodyLength(p: SourceDescription): number {
  if (p.chunks.length > 31) throw new RangeError(`${p.chunks.length} SDES chunks is over 31`);
  let n = 0;
  for (const chunk of p.chunks) {
    let itemBytes = 0;
    for (const item of chunk.items) {
      const length = utf8Length(item.text);
      if (length > 255) throw new RangeError(`SDES item of ${length} bytes is over 255`);
      itemBytes += 2 + length;
    }
    n += 4 + pad4(itemBytes + 1);
  }
  return n;
}

/** Writes an SDES body at `o`. */
export function writeSdesBody(p: SourceDescription, out: Uint8Array, o: number): void {
  for (const chunk of p.chunks) {
    checkIntIn(chunk.ssrc, 0, 0xffffffff, 'SDES SSRC');
    writeU32(out, o, chunk.ssrc);
    const start = o + 4;
    o = start;
    for (const item of chunk.items) {
      checkIntIn(item.type, 1, 255, 'SDES item type');
      out[o] = item.type;
      const length = writeText(out, o + 2, item.text);
      out[o + 1] = length;
      o += 2 + length;
    }
    const end = start + pad4(o - start + 1);
    out.fill(0, o, end);
    o = end;
  }
}
