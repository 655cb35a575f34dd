// Ogg pages (RFC 3533 §6): the 27-byte header, the segment (lacing) table and the body,
// parsed from chunks as they arrive and serialized with their checksum.
//   "OggS" | version u8 | header_type u8 | granule_position i64 | serial u32 |
//   page_sequence u32 | CRC u32 | page_segments u8 | segment_table[page_segments] | body
import { ByteQueue } from './byte-queue.js';
import { keepMediaFileError, MediaFileError } from './errors.js';
import { oggCrc32 } from './ogg-crc.js';

/** header_type flags (RFC 3533 §6). */
export const OggFlag = { CONTINUED: 0x01, BOS: 0x02, EOS: 0x04 } as const;

/** Bytes in the fixed part of a page header. */
export const OGG_PAGE_HEADER_BYTES = 27;
/** RFC 3533 §6: granule position -1 says no packet finishes on the page. */
export const OGG_NO_GRANULE = -1n;

/** One Ogg page. */
export interface OggPage {
  /** The page starts with the rest of a packet begun on an earlier page. */
  continued: boolean;
  /** First page of a logical bitstream. */
  bos: boolean;
  /** Last page of a logical bitstream. */
  eos: boolean;
  /** The codec's position at the end of the last packet finished here; -1n when none. */
  granule: bigint;
  /** The logical bitstream's serial number. */
  serial: number;
  /** The page's number within its logical bitstream. */
  sequence: number;
  /** Lacing values: each is a segment's size; a value below 255 ends a packet. */
  lacing: Uint8Array;
  /** The segments, back to back. */
  body: Uint8Array;
}

/** Serializes a page and fills in its CRC (RFC 3533 §6). */
export function serializeOggPage(p: OggPage): Uint8Array {
  if (p.lacing.length > 255) throw new RangeError(`a page holds at most 255 segments: ${p.lacing.length}`);
  const bodyBytes = p.lacing.reduce((n, v) => n + v, 0);
  if (bodyBytes !== p.body.length) throw new RangeError(`lacing values add up to ${bodyBytes}, body has ${p.body.length} bytes`);
  const out = new Uint8Array(OGG_PAGE_HEADER_BYTES + p.lacing.length + p.body.length);
  const v = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53]);
  out[5] = (p.continued ? OggFlag.CONTINUED : 0) | (p.bos ? OggFlag.BOS : 0) | (p.eos ? OggFlag.EOS : 0);
  v.setBigInt64(6, p.granule, true);
  v.setUint32(14, p.serial, true);
  v.setUint32(18, p.sequence, true);
  out[26] = p.lacing.length;
  out.set(p.lacing, OGG_PAGE_HEADER_BYTES);
  out.set(p.body, OGG_PAGE_HEADER_BYTES + p.lacing.length);
  v.setUint32(22, oggCrc32(out), true);
  return out;
}

/** Reads pages from chunks: `push` bytes, `next` for each complete page, `end` at the end. */
export class OggPageReader {
  private readonly queue = new ByteQueue();
  private failed: MediaFileError | undefined;
  /** Size of the page whose header is in, once known. */
  private pageBytes: number | undefined;
  /** Pages read so far. */
  pages = 0;

  /** Appends bytes (kept by reference until read). */
  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
  }

  /** The next complete page, or undefined until more bytes arrive; throws MediaFileError. */
  next(): OggPage | undefined {
    if (this.failed) throw this.failed;
    return keepMediaFileError(() => this.step(), (err) => (this.failed = err));
  }

  /** Declares the input complete: OGG_TRUNCATED when it stopped inside a page. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.queue.length > 0) {
      // A short tail that is not even the start of a capture pattern is a bad page, not a cut one.
      this.checkCapture(Math.min(4, this.queue.length));
      this.failed = new MediaFileError('OGG_TRUNCATED', `input ends within a page (${this.queue.length} bytes)`);
      throw this.failed;
    }
  }

  private checkCapture(n: number): void {
    const b = this.queue.peek(n);
    const capture = [0x4f, 0x67, 0x67, 0x53];
    for (let i = 0; i < n; i++) if (b[i] !== capture[i]) throw new MediaFileError('OGG_BAD_CAPTURE', `no OggS capture pattern at page ${this.pages}`);
  }

  private step(): OggPage | undefined {
    const q = this.queue;
    if (this.pageBytes === undefined) {
      // Strict reading: a page must follow the previous one at once (no resynchronisation).
      this.checkCapture(Math.min(4, q.length));
      if (q.length < OGG_PAGE_HEADER_BYTES) return undefined;
      const headerBytes = OGG_PAGE_HEADER_BYTES + q.at(26);
      if (q.length < headerBytes) return undefined;
      const header = q.peek(headerBytes);
      let bodyBytes = 0;
      for (let i = OGG_PAGE_HEADER_BYTES; i < headerBytes; i++) bodyBytes += header[i]!;
      this.pageBytes = headerBytes + bodyBytes;
    }
    if (q.length < this.pageBytes) return undefined;
    const page = q.take(this.pageBytes);
    this.pageBytes = undefined;
    const headerBytes = OGG_PAGE_HEADER_BYTES + page[26]!;
    const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
    if (page[4] !== 0) throw new MediaFileError('OGG_BAD_VERSION', `stream_structure_version ${page[4]}`);
    const crc = v.getUint32(22, true);
    // RFC 3533 §6: the CRC is computed with the CRC field itself zeroed.
    let c = oggCrc32(page.subarray(0, 22));
    c = oggCrc32(new Uint8Array(4), c);
    c = oggCrc32(page.subarray(26), c);
    if (c !== crc) throw new MediaFileError('OGG_BAD_CRC', `page ${this.pages}: CRC ${crc.toString(16)} should be ${c.toString(16)}`);
    const flags = page[5]!;
    this.pages++;
    return {
      continued: (flags & OggFlag.CONTINUED) !== 0,
      bos: (flags & OggFlag.BOS) !== 0,
      eos: (flags & OggFlag.EOS) !== 0,
      granule: v.getBigInt64(6, true),
      serial: v.getUint32(14, true),
      sequence: v.getUint32(18, true),
      lacing: page.subarray(OGG_PAGE_HEADER_BYTES, headerBytes),
      body: page.subarray(headerBytes),
    };
  }
}
