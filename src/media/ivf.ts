// IVF, the container libvpx and libaom write for VP8, VP9 and AV1: a 32-byte file header and
// frames each behind a 12-byte header. There is no RFC; the layout is libvpx's
// (ivfenc.c/ivfdec.c), which ffmpeg's muxer and demuxer follow. All fields little-endian:
//   file:  "DKIF" | version u16 | header size u16 | fourcc | width u16 | height u16 |
//          timebase rate u32 | timebase scale u32 | frame count u32 | unused u32
//   frame: size u32 | pts u64
import { ByteQueue } from './byte-queue.js';
import { keepMediaFileError, MediaFileError } from './errors.js';

/** The fourcc of each codec IVF carries. */
export const IVF_FOURCC = { vp8: 'VP80', vp9: 'VP90', av1: 'AV01' } as const;

/** Bytes in the IVF file header. */
export const IVF_HEADER_BYTES = 32;
/** Bytes in an IVF frame header. */
export const IVF_FRAME_HEADER_BYTES = 12;
/** Offset of the frame count field, the one a writer patches at the end. */
export const IVF_FRAME_COUNT_OFFSET = 24;
/** The frame count (and unused field) ffmpeg leaves when it cannot seek back: all ones. */
export const IVF_UNKNOWN_FRAME_COUNT = 0xffffffff;
/** The default bound on one frame's size (a 4K keyframe is a few MiB). */
export const IVF_DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The IVF file header. */
export interface IvfHeader {
  /** Four ASCII characters: VP80, VP90, AV01 (others are passed through). */
  fourcc: string;
  /** Frame width in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** Timebase denominator: timestamps count units of timebaseScale / timebaseRate seconds. */
  timebaseRate: number;
  /** Timebase numerator. */
  timebaseScale: number;
  /** Frames in the file as the header says: 0xffffffff (or a duration, ffmpeg) when unknown. */
  frameCount: number;
  /** Header version, 0 in every known writer. */
  version: number;
  /** Header size in bytes, 32 in every known writer. */
  headerSize: number;
}

/** One IVF frame. */
export interface IvfFrame {
  /** The frame (a VP8/VP9 frame or superframe, an AV1 temporal unit). */
  data: Uint8Array;
  /** Presentation timestamp in timebase units. */
  pts: number;
}

/** Options of IvfReader. */
export interface IvfReaderOptions {
  /** A frame header announcing more bytes than this fails with IVF_FRAME_TOO_LARGE. */
  maxFrameBytes?: number;
}

/** The codec an IVF fourcc names, or undefined. */
export function ivfCodec(fourcc: string): 'vp8' | 'vp9' | 'av1' | undefined {
  for (const [codec, f] of Object.entries(IVF_FOURCC)) if (f === fourcc) return codec as 'vp8' | 'vp9' | 'av1';
  return undefined;
}

/** Parses the 32-byte IVF file header. */
export function parseIvfHeader(b: Uint8Array): IvfHeader {
  checkSignature(b);
  if (b.length < IVF_HEADER_BYTES) throw new MediaFileError('IVF_TRUNCATED', `IVF header of ${b.length} bytes`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const header: IvfHeader = {
    fourcc: String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!),
    width: v.getUint16(12, true),
    height: v.getUint16(14, true),
    timebaseRate: v.getUint32(16, true),
    timebaseScale: v.getUint32(20, true),
    frameCount: v.getUint32(24, true),
    version: v.getUint16(4, true),
    headerSize: v.getUint16(6, true),
  };
  if (header.headerSize < IVF_HEADER_BYTES) throw new MediaFileError('IVF_BAD_HEADER', `header size ${header.headerSize} below 32`);
  if (header.timebaseRate === 0 || header.timebaseScale === 0) throw new MediaFileError('IVF_BAD_HEADER', `timebase ${header.timebaseScale}/${header.timebaseRate}`);
  return header;
}

function checkSignature(b: Uint8Array): void {
  if (b.length < 4 || b[0] !== 0x44 || b[1] !== 0x4b || b[2] !== 0x49 || b[3] !== 0x46) throw new MediaFileError('IVF_BAD_SIGNATURE', 'not an IVF file (no DKIF signature)');
}

/** Serializes an IVF file header (32 bytes; fields beyond it are not written). */
export function serializeIvfHeader(h: Omit<IvfHeader, 'version' | 'headerSize'> & { version?: number }): Uint8Array {
  // Any four bytes read back as a fourcc can be written again; real ones are ASCII.
  if (!/^[\x00-\xff]{4}$/.test(h.fourcc)) throw new RangeError(`fourcc must be 4 characters of one byte each: ${JSON.stringify(h.fourcc)}`);
  checkUint('width', h.width, 0xffff);
  checkUint('height', h.height, 0xffff);
  checkUint('timebaseRate', h.timebaseRate, 0xffffffff, 1);
  checkUint('timebaseScale', h.timebaseScale, 0xffffffff, 1);
  checkUint('frameCount', h.frameCount, 0xffffffff);
  const b = new Uint8Array(IVF_HEADER_BYTES);
  const v = new DataView(b.buffer);
  b.set([0x44, 0x4b, 0x49, 0x46]);
  v.setUint16(4, h.version ?? 0, true);
  v.setUint16(6, IVF_HEADER_BYTES, true);
  for (let i = 0; i < 4; i++) b[8 + i] = h.fourcc.charCodeAt(i);
  v.setUint16(12, h.width, true);
  v.setUint16(14, h.height, true);
  v.setUint32(16, h.timebaseRate, true);
  v.setUint32(20, h.timebaseScale, true);
  v.setUint32(24, h.frameCount, true);
  // The unused field: all ones beside an unknown count (as ffmpeg leaves it), else zero.
  v.setUint32(28, h.frameCount === IVF_UNKNOWN_FRAME_COUNT ? 0xffffffff : 0, true);
  return b;
}

function checkUint(name: string, value: number, max: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}]: ${value}`);
}

/** Reads IVF incrementally: feed chunks with `push`, take frames with `next`, then call `end`. */
export class IvfReader {
  /** The file header, once its 32 bytes have arrived. */
  header: IvfHeader | undefined;
  private readonly queue = new ByteQueue();
  private readonly maxFrameBytes: number;
  private pending: { size: number; pts: number } | undefined;
  private headerLeft = 0;
  private failed: MediaFileError | undefined;

  /** Creates a reader expecting the file from its first byte. */
  constructor(options: IvfReaderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? IVF_DEFAULT_MAX_FRAME_BYTES;
  }

  /** Appends bytes (kept by reference until read: do not reuse the buffer). */
  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
  }

  /** The next complete frame, or undefined until more bytes arrive; throws MediaFileError. */
  next(): IvfFrame | undefined {
    if (this.failed) throw this.failed;
    return keepMediaFileError(() => this.step(), (err) => (this.failed = err));
  }

  /** Declares the input complete: throws IVF_TRUNCATED when it stopped inside a header or frame. */
  end(): void {
    if (this.failed) throw this.failed;
    const frame = this.next();
    if (frame !== undefined) throw new RangeError('IvfReader.end() called with a frame still unread');
    if (this.header === undefined && this.queue.length > 0 && this.queue.length < 4) {
      const b = this.queue.peek(this.queue.length);
      const signature = [0x44, 0x4b, 0x49, 0x46];
      if (b.some((x, i) => x !== signature[i])) throw (this.failed = new MediaFileError('IVF_BAD_SIGNATURE', 'not an IVF file (no DKIF signature)'));
    }
    if (this.header === undefined) this.fail('IVF_TRUNCATED', `file ends within the file header (${this.queue.length} bytes)`);
    if (this.headerLeft > 0) this.fail('IVF_TRUNCATED', 'file ends within the file header');
    if (this.pending) this.fail('IVF_TRUNCATED', `file ends within a frame of ${this.pending.size} bytes (${this.queue.length} present)`);
    if (this.queue.length > 0) this.fail('IVF_TRUNCATED', `file ends within a frame header (${this.queue.length} bytes)`);
  }

  private fail(code: 'IVF_TRUNCATED', message: string): never {
    this.failed = new MediaFileError(code, message);
    throw this.failed;
  }

  private step(): IvfFrame | undefined {
    const q = this.queue;
    if (this.header === undefined) {
      // A wrong signature fails as soon as 4 bytes are in, not after 32.
      if (q.length >= 4 && q.length < IVF_HEADER_BYTES) checkSignature(q.peek(4));
      if (q.length < IVF_HEADER_BYTES) return undefined;
      this.header = parseIvfHeader(q.take(IVF_HEADER_BYTES));
      this.headerLeft = this.header.headerSize - IVF_HEADER_BYTES;
    }
    if (this.headerLeft > 0) {
      const n = Math.min(this.headerLeft, q.length);
      q.skip(n);
      this.headerLeft -= n;
      if (this.headerLeft > 0) return undefined;
    }
    if (this.pending === undefined) {
      if (q.length < IVF_FRAME_HEADER_BYTES) return undefined;
      const h = q.take(IVF_FRAME_HEADER_BYTES);
      const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
      const size = v.getUint32(0, true);
      if (size > this.maxFrameBytes) throw new MediaFileError('IVF_FRAME_TOO_LARGE', `frame of ${size} bytes (bound ${this.maxFrameBytes})`);
      // ffmpeg reads the 64-bit pts as signed; a pts past 2^53 does not fit a number exactly.
      const pts = v.getBigInt64(4, true);
      if (pts > BigInt(Number.MAX_SAFE_INTEGER) || pts < BigInt(Number.MIN_SAFE_INTEGER)) throw new MediaFileError('IVF_BAD_HEADER', `pts ${pts} beyond 2^53`);
      this.pending = { size, pts: Number(pts) };
    }
    if (q.length < this.pending.size) return undefined;
    const frame = { data: q.take(this.pending.size), pts: this.pending.pts };
    this.pending = undefined;
    return frame;
  }
}

/** Parses a whole IVF file held in memory. */
export function parseIvf(bytes: Uint8Array, options: IvfReaderOptions = {}): { header: IvfHeader; frames: IvfFrame[] } {
  const reader = new IvfReader(options);
  reader.push(bytes);
  const frames: IvfFrame[] = [];
  for (let f = reader.next(); f; f = reader.next()) frames.push(f);
  reader.end();
  return { header: reader.header!, frames };
}

/** The header fields a writer is given. */
export interface IvfWriterOptions {
  /** VP80, VP90 or AV01 (IVF_FOURCC), or another four-character code. */
  fourcc: string;
  /** Frame width in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** Timebase denominator (30 for 1/30 s units, 90000 for RTP video clocks). */
  timebaseRate: number;
  /** Timebase numerator, 1 unless the rate is fractional. */
  timebaseScale?: number;
}

/**
 * Writes IVF as bytes: `start()` once, `frame()` per frame; the frame count is unknown until
 * the end, so `start()` leaves it as ffmpeg does on a pipe (all ones) and `frameCountPatch()`
 * gives the bytes a seekable sink writes back at `IVF_FRAME_COUNT_OFFSET` when done.
 */
export class IvfWriter {
  /** Frames written so far. */
  frameCount = 0;
  private readonly options: Required<IvfWriterOptions>;
  private started = false;

  /** Validates the header fields (RangeError) and makes a writer. */
  constructor(options: IvfWriterOptions) {
    this.options = { timebaseScale: 1, ...options };
    serializeIvfHeader({ ...this.options, frameCount: 0 });
  }

  /** The 32-byte file header with the frame count unknown. */
  start(): Uint8Array {
    if (this.started) throw new RangeError('IvfWriter.start() called twice');
    this.started = true;
    return serializeIvfHeader({ ...this.options, frameCount: IVF_UNKNOWN_FRAME_COUNT });
  }

  /** One frame: its 12-byte header followed by the data, as one chunk. */
  frame(data: Uint8Array, pts: number): Uint8Array {
    if (!this.started) throw new RangeError('IvfWriter.frame() before start()');
    checkUint('frame size', data.length, 0xffffffff);
    if (!Number.isSafeInteger(pts)) throw new RangeError(`pts must be a safe integer: ${pts}`);
    const out = new Uint8Array(IVF_FRAME_HEADER_BYTES + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length, true);
    v.setBigInt64(4, BigInt(pts), true);
    out.set(data, IVF_FRAME_HEADER_BYTES);
    this.frameCount++;
    return out;
  }

  /** What a seekable sink writes at IVF_FRAME_COUNT_OFFSET at the end: the count and a zero. */
  frameCountPatch(): { offset: number; bytes: Uint8Array } {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, Math.min(this.frameCount, 0xfffffffe), true);
    return { offset: IVF_FRAME_COUNT_OFFSET, bytes };
  }
}

/** Serializes a whole IVF file in memory, with the frame count filled in. */
export function serializeIvf(options: IvfWriterOptions, frames: readonly IvfFrame[]): Uint8Array {
  const w = new IvfWriter(options);
  const parts = [w.start(), ...frames.map((f) => w.frame(f.data, f.pts))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  const patch = w.frameCountPatch();
  out.set(patch.bytes, patch.offset);
  return out;
}
