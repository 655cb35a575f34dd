// Thin file helpers over the sans-IO readers and writers: read a file in chunks into a reader,
// and write chunks to a file, patching the IVF frame count in place at the end.
import { open, type FileHandle } from 'node:fs/promises';
import { H264AccessUnitReader, type H264AccessUnit } from './h264-access-units.js';
import type { AnnexBReaderOptions } from './annexb.js';
import { IvfReader, IvfWriter, type IvfFrame, type IvfHeader, type IvfReaderOptions, type IvfWriterOptions } from './ivf.js';
import { OggOpusReader, type OggOpusPacket } from './ogg-opus-reader.js';
import type { OggReaderOptions } from './ogg-packets.js';
import type { OpusHead, OpusTags } from './opus-header.js';

/** Bytes read from a file at a time. */
const CHUNK_BYTES = 64 * 1024;

/** The chunks of a file, each a fresh buffer (readers keep references to them). */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const buf = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

interface ChunkReader<T> {
  push(chunk: Uint8Array): void;
  next(): T | undefined;
  end(): void;
}

async function* drain<T>(path: string, reader: ChunkReader<T>): AsyncGenerator<T> {
  for await (const chunk of fileChunks(path)) {
    reader.push(chunk);
    for (let x = reader.next(); x !== undefined; x = reader.next()) yield x;
  }
  reader.end();
  for (let x = reader.next(); x !== undefined; x = reader.next()) yield x;
}

/** Reads an IVF file: its header and every frame; throws MediaFileError when malformed. */
export async function readIvfFile(path: string, options: IvfReaderOptions = {}): Promise<{ header: IvfHeader; frames: IvfFrame[] }> {
  const reader = new IvfReader(options);
  const frames: IvfFrame[] = [];
  for await (const f of drain(path, reader)) frames.push(f);
  return { header: reader.header!, frames };
}

/** The frames of an IVF file as they are read (the header is on `reader.header` once the first arrives). */
export function ivfFileFrames(path: string, reader: IvfReader = new IvfReader()): AsyncGenerator<IvfFrame> {
  return drain(path, reader);
}

/** Reads an Ogg Opus file: its headers and every audio packet; throws MediaFileError when malformed. */
export async function readOggOpusFile(path: string, options: OggReaderOptions = {}): Promise<{ head: OpusHead; tags: OpusTags; packets: OggOpusPacket[] }> {
  const reader = new OggOpusReader(options);
  const packets: OggOpusPacket[] = [];
  for await (const p of drain(path, reader)) packets.push(p);
  return { head: reader.head!, tags: reader.tags!, packets };
}

/** The audio packets of an Ogg Opus file as they are read (headers on `reader.head`, `reader.tags`). */
export function oggOpusFilePackets(path: string, reader: OggOpusReader = new OggOpusReader()): AsyncGenerator<OggOpusPacket> {
  return drain(path, reader);
}

/** The access units of an H.264 Annex B file as they are read. */
export function h264FileAccessUnits(path: string, options: AnnexBReaderOptions = {}): AsyncGenerator<H264AccessUnit> {
  return drain(path, new H264AccessUnitReader(options));
}

/** Writes chunks to a new file (truncating one that exists). */
export async function writeFileChunks(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for await (const c of chunks) await writeAll(fh, c);
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number | null = null): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position === null ? null : position + done);
    done += bytesWritten;
  }
}

/** An IVF file being written; `close` seeks back and fills in the frame count. */
export class IvfFileWriter {
  private constructor(
    private readonly fh: FileHandle,
    private readonly writer: IvfWriter,
  ) {}

  /** Creates (or truncates) the file and writes the header. */
  static async create(path: string, options: IvfWriterOptions): Promise<IvfFileWriter> {
    const writer = new IvfWriter(options);
    const fh = await open(path, 'w');
    try {
      await writeAll(fh, writer.start());
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new IvfFileWriter(fh, writer);
  }

  /** Frames written so far. */
  get frameCount(): number {
    return this.writer.frameCount;
  }

  /** Appends one frame. */
  async write(data: Uint8Array, pts: number): Promise<void> {
    await writeAll(this.fh, this.writer.frame(data, pts));
  }

  /** Writes the frame count into the header and closes the file. */
  async close(): Promise<void> {
    try {
      const patch = this.writer.frameCountPatch();
      await writeAll(this.fh, patch.bytes, patch.offset);
    } finally {
      await this.fh.close();
    }
  }
}
