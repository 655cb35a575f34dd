// The H.264 byte stream format (ITU-T H.264 Annex B): NAL units each behind a start code
// 00 00 01, with a leading zero byte (00 00 00 01) before parameter sets and the first NAL
// unit of an access unit (B.1.2), and zero bytes allowed between them. Emulation prevention
// bytes (00 00 03, §7.4.1) are left in the NAL units as they are.
import { keepMediaFileError, MediaFileError } from './errors.js';

/** The default bound on one NAL unit's size. */
export const ANNEXB_DEFAULT_MAX_NAL_BYTES = 16 * 1024 * 1024;

/** One NAL unit as found in a byte stream. */
export interface AnnexBNalUnit {
  /** The NAL unit, header byte first, emulation prevention bytes included. */
  data: Uint8Array;
  /** Offset in the stream of its start code (further zero bytes before it belong to no NAL unit). */
  offset: number;
  /** 3 for 00 00 01, 4 for 00 00 00 01 (a zero_byte before it, B.1.2). */
  startCodeBytes: number;
}

/** Options of AnnexBReader. */
export interface AnnexBReaderOptions {
  /** A NAL unit growing past this many bytes fails with H264_NAL_TOO_LARGE. */
  maxNalBytes?: number;
}

/**
 * Splits a byte stream into NAL units as chunks arrive: `push` bytes, `next` for each NAL
 * unit, `end` when the stream is complete (the last NAL unit is only known to be complete then).
 */
export class AnnexBReader {
  private readonly maxNalBytes: number;
  /** Bytes of the NAL unit being read, zero bytes not yet known to be its own included. */
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  /** Consecutive zero bytes at the end of what was read. */
  private zeros = 0;
  /** Stream offset of the next byte pushed. */
  private position = 0;
  /** Offset of the current NAL unit's start code and its length; undefined before the first. */
  private current: { offset: number; startCodeBytes: number } | undefined;
  /** Offset where the current run of zeros began. */
  private zerosAt = 0;
  private ready: AnnexBNalUnit[] = [];
  private readyIndex = 0;
  private failed: MediaFileError | undefined;
  private done = false;

  /** Makes a reader expecting the stream from its first byte. */
  constructor(options: AnnexBReaderOptions = {}) {
    this.maxNalBytes = options.maxNalBytes ?? ANNEXB_DEFAULT_MAX_NAL_BYTES;
  }

  /** Feeds bytes (kept by reference: do not reuse the buffer); throws MediaFileError. */
  push(chunk: Uint8Array): void {
    if (this.failed) throw this.failed;
    if (this.done) throw new RangeError('AnnexBReader.push() after end()');
    keepMediaFileError(() => this.scan(chunk), (err) => (this.failed = err));
  }

  /** The next complete NAL unit, or undefined until more bytes (or `end`) arrive. */
  next(): AnnexBNalUnit | undefined {
    if (this.failed) throw this.failed;
    if (this.readyIndex >= this.ready.length) {
      this.ready = [];
      this.readyIndex = 0;
      return undefined;
    }
    return this.ready[this.readyIndex++];
  }

  /** Declares the stream complete, releasing its last NAL unit; throws MediaFileError. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.done) return;
    this.done = true;
    // Trailing zero bytes after the last NAL unit belong to no NAL unit (B.1.2 trailing_zero_8bits).
    if (this.current !== undefined) keepMediaFileError(() => this.finishNal(this.partBytes - this.zeros), (err) => (this.failed = err));
  }

  private scan(chunk: Uint8Array): void {
    let runStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0) {
        if (this.zeros === 0) this.zerosAt = this.position + i;
        this.zeros++;
        continue;
      }
      if (this.zeros >= 2 && b <= 3) {
        if (b === 1) {
          // A start code: what came before its zeros is the previous NAL unit.
          if (this.current !== undefined) {
            this.parts.push(chunk.subarray(runStart, i + 1));
            this.partBytes += i + 1 - runStart;
            this.finishNal(this.partBytes - this.zeros - 1);
          }
          const startCodeBytes = Math.min(this.zeros, 3) + 1;
          this.current = { offset: this.zerosAt + this.zeros - startCodeBytes + 1, startCodeBytes };
          this.parts = [];
          this.partBytes = 0;
          this.zeros = 0;
          runStart = i + 1;
          continue;
        }
        // §7.4.1: 00 00 00 and 00 00 02 never occur inside a NAL unit; 00 00 03 is emulation prevention.
        if (b === 2 || this.zeros >= 3) throw new MediaFileError('H264_BAD_BYTE_SEQUENCE', `${this.zeros} zero bytes then 0x0${b} at offset ${this.position + i}`);
      } else if (this.zeros >= 3) {
        throw new MediaFileError('H264_BAD_BYTE_SEQUENCE', `${this.zeros} zero bytes then 0x${b.toString(16)} at offset ${this.position + i}`);
      }
      this.zeros = 0;
      // Only zero bytes may come before the first start code (B.1.2 leading_zero_8bits).
      if (this.current === undefined) throw new MediaFileError('H264_NO_START_CODE', 'bytes other than zeros before the first start code');
    }
    if (this.current !== undefined && runStart < chunk.length) {
      this.parts.push(chunk.subarray(runStart));
      this.partBytes += chunk.length - runStart;
      // Zero bytes may yet turn out to be a start code's; the bound is on what is surely NAL unit.
      if (this.partBytes - this.zeros > this.maxNalBytes) throw new MediaFileError('H264_NAL_TOO_LARGE', `NAL unit past ${this.maxNalBytes} bytes at offset ${this.current.offset}`);
    }
    this.position += chunk.length;
  }

  /** Ends the current NAL unit at `length` bytes of what was gathered. */
  private finishNal(length: number): void {
    const current = this.current!;
    if (length <= 0) throw new MediaFileError('H264_EMPTY_NAL', `empty NAL unit at offset ${current.offset}`);
    if (length > this.maxNalBytes) throw new MediaFileError('H264_NAL_TOO_LARGE', `NAL unit of ${length} bytes at offset ${current.offset}`);
    const data = new Uint8Array(length);
    let o = 0;
    for (const p of this.parts) {
      if (o >= length) break;
      const part = p.subarray(0, length - o);
      data.set(part, o);
      o += part.length;
    }
    // §7.4.1: forbidden_zero_bit shall be 0.
    if ((data[0]! & 0x80) !== 0) throw new MediaFileError('H264_FORBIDDEN_BIT', `forbidden_zero_bit set at offset ${current.offset}`);
    this.ready.push({ data, offset: current.offset, startCodeBytes: current.startCodeBytes });
  }
}

/** Splits a whole byte stream held in memory into NAL units. */
export function parseAnnexB(bytes: Uint8Array, options: AnnexBReaderOptions = {}): AnnexBNalUnit[] {
  const reader = new AnnexBReader(options);
  reader.push(bytes);
  reader.end();
  const out: AnnexBNalUnit[] = [];
  for (let n = reader.next(); n; n = reader.next()) out.push(n);
  return out;
}

/** True when a NAL unit can stand in a byte stream as it is: not empty, no start code or 00 00 00/02 inside, not ending in 00 (§7.4.1). */
export function isWellFormedNal(nal: Uint8Array): boolean {
  if (nal.length === 0 || nal[nal.length - 1] === 0 || (nal[0]! & 0x80) !== 0) return false;
  for (let i = 2; i < nal.length; i++) if (nal[i]! <= 2 && nal[i - 1] === 0 && nal[i - 2] === 0) return false;
  return true;
}

/**
 * Serializes NAL units into a byte stream. B.1.2: 4-byte start codes (a zero_byte before
 * 00 00 01) for SPS and PPS and the first NAL unit of each access unit, 3-byte ones
 * elsewhere, as x264 writes; or `startCodeBytes` given per NAL unit. Each NAL unit must
 * already carry its emulation prevention bytes (RangeError otherwise).
 */
export function serializeAnnexB(accessUnits: readonly (readonly Uint8Array[])[], startCodeBytes?: (auIndex: number, nalIndex: number) => 3 | 4): Uint8Array {
  let size = 0;
  for (const au of accessUnits) for (const nal of au) size += 4 + nal.length;
  const out = new Uint8Array(size);
  let o = 0;
  accessUnits.forEach((au, a) => {
    au.forEach((nal, n) => {
      if (!isWellFormedNal(nal)) throw new RangeError(`NAL unit ${n} of access unit ${a} cannot stand in a byte stream (empty, forbidden bit, 00 00 0x inside or trailing 00)`);
      const type = nal[0]! & 0x1f;
      const long = startCodeBytes ? startCodeBytes(a, n) === 4 : n === 0 || type === 7 || type === 8;
      if (long) out[o++] = 0;
      out[o + 2] = 1;
      o += 3;
      out.set(nal, o);
      o += nal.length;
    });
  });
  return out.subarray(0, o);
}
