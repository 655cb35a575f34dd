// The media file readers (IVF, Ogg Opus, H.264 Annex B) fed mutated files in chunks of
// varying size: each returns or throws MediaFileError, gives the same result whatever the
// chunking, and what it accepts is written back by the matching writer and read again the same.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import {
  H264AccessUnitReader,
  IvfReader,
  MediaFileError,
  oggCrc32,
  OggOpusReader,
  parseH264AccessUnits,
  parseIvf,
  parseOggOpus,
  serializeAnnexB,
  serializeIvf,
  serializeOggOpus,
} from '../../../src/media/index.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, PropertyFailure, type Meter, type Target } from '../harness/target.js';

const MEDIA = fileURLToPath(new URL('../../fixtures/media/', import.meta.url));
/** The bound given to the readers: a mutated size field must fail, not allocate. */
const MAX_BYTES = 256 * 1024;

function seeds(ext: string): Uint8Array[] {
  return readdirSync(MEDIA)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => new Uint8Array(readFileSync(MEDIA + f)));
}

/** A file and the size of the chunks it is fed in. */
interface MediaInput {
  bytes: Uint8Array;
  chunkBytes: number;
}

interface ChunkReader<T> {
  push(chunk: Uint8Array): void;
  next(): T | undefined;
  end(): void;
}

/** What a reader made of the input: its items, or the code it failed with. */
type Outcome<T> = { items: T[] } | { code: string };

function drain<T>(reader: ChunkReader<T>, bytes: Uint8Array, chunkBytes: number, what: string): Outcome<T> {
  const items: T[] = [];
  try {
    for (let o = 0; o < bytes.length; o += chunkBytes) {
      reader.push(bytes.subarray(o, o + chunkBytes));
      for (let x = reader.next(); x !== undefined; x = reader.next()) items.push(x);
    }
    reader.end();
    for (let x = reader.next(); x !== undefined; x = reader.next()) items.push(x);
    return { items };
  } catch (err) {
    if (err instanceof MediaFileError) return { code: err.code };
    throw new PropertyFailure(`${what} threw ${describe(err)} instead of MediaFileError`);
  }
}

function whole<T>(fn: () => T, what: string): T | { code: string } {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MediaFileError) return { code: err.code };
    throw new PropertyFailure(`${what} threw ${describe(err)} instead of MediaFileError`);
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)) === JSON.stringify(b, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

function arbitrary(seedList: Uint8Array[]): fc.Arbitrary<MediaInput> {
  return fc.record({ bytes: bytesFrom(seedList, { maxBytes: 16384 }), chunkBytes: fc.oneof(fc.constantFrom(1, 7, 12, 27, 4096), fc.integer({ min: 1, max: 20000 })) });
}

/** Puts right the CRC of each page that still parses, so mutations reach past the checksum. */
function resealOgg(bytes: Uint8Array): Uint8Array {
  const b = bytes.slice();
  const v = new DataView(b.buffer);
  for (let o = 0; o + 27 <= b.length && b[o] === 0x4f && b[o + 1] === 0x67 && b[o + 2] === 0x67 && b[o + 3] === 0x53; ) {
    const headerBytes = 27 + b[o + 26]!;
    if (o + headerBytes > b.length) break;
    let size = headerBytes;
    for (let i = o + 27; i < o + headerBytes; i++) size += b[i]!;
    if (o + size > b.length) break;
    v.setUint32(o + 22, 0, true);
    v.setUint32(o + 22, oggCrc32(b.subarray(o, o + size)), true);
    o += size;
  }
  return b;
}

const encode = (i: MediaInput): Uint8Array => {
  const out = new Uint8Array(2 + i.bytes.length);
  new DataView(out.buffer).setUint16(0, i.chunkBytes);
  out.set(i.bytes, 2);
  return out;
};
const decode = (b: Uint8Array): MediaInput => ({ chunkBytes: Math.max(1, ((b[0] ?? 0) << 8) | (b[1] ?? 1)), bytes: b.subarray(2) });

/** IvfReader in chunks, parseIvf whole, serializeIvf round trip. */
export const mediaIvf: Target<MediaInput> = {
  name: 'media-ivf',
  description: 'IvfReader fed mutated VP8/VP9/AV1 files in chunks: MediaFileError only, same result as parseIvf, accepted files written back and read the same',
  shortRuns: 5000,
  arbitrary: () => arbitrary(seeds('.ivf')),
  run(input: MediaInput, meter: Meter): void {
    meter.input(() => {
      const chunked = drain(new IvfReader({ maxFrameBytes: MAX_BYTES }), input.bytes, input.chunkBytes, 'IvfReader');
      const all = whole(() => parseIvf(input.bytes, { maxFrameBytes: MAX_BYTES }), 'parseIvf');
      if ('code' in all || 'code' in chunked) {
        check(same('code' in all ? all.code : 'ok', 'code' in chunked ? chunked.code : 'ok'), () => `whole ${JSON.stringify(all)} but chunked ${JSON.stringify(chunked)}`);
        return;
      }
      check(same(all.frames, chunked.items), () => 'chunked reading gave other frames');
      const again = parseIvf(serializeIvf(all.header, all.frames), { maxFrameBytes: MAX_BYTES });
      check(same(again.frames, all.frames), () => 'frames changed through serializeIvf');
    });
  },
  encode,
  decode,
};

/** OggOpusReader in chunks, parseOggOpus whole, serializeOggOpus round trip. */
export const mediaOggOpus: Target<MediaInput> = {
  name: 'media-ogg-opus',
  description: 'OggOpusReader fed mutated Ogg Opus files (CRC re-sealed or not) in chunks: MediaFileError only, same result as parseOggOpus, accepted packets written back and read the same',
  shortRuns: 3000,
  arbitrary: () =>
    fc.tuple(arbitrary(seeds('.opus')), fc.boolean()).map(([input, reseal]) => (reseal ? { ...input, bytes: resealOgg(input.bytes) } : input)),
  run(input: MediaInput, meter: Meter): void {
    meter.input(() => {
      const options = { maxPacketBytes: MAX_BYTES };
      const chunked = drain(new OggOpusReader(options), input.bytes, input.chunkBytes, 'OggOpusReader');
      const all = whole(() => parseOggOpus(input.bytes, options), 'parseOggOpus');
      if ('code' in all || 'code' in chunked) {
        check(same('code' in all ? all.code : 'ok', 'code' in chunked ? chunked.code : 'ok'), () => `whole ${JSON.stringify(all)} but chunked ${JSON.stringify(chunked)}`);
        return;
      }
      check(same(all.packets, chunked.items), () => 'chunked reading gave other packets');
      const { head, tags, packets } = all;
      const mapping = head.mappingFamily === 0 ? undefined : head;
      const written = serializeOggOpus(
        { serial: 1, channels: head.channels, preSkip: head.preSkip, inputSampleRate: head.inputSampleRate, outputGain: head.outputGain, mapping, vendor: tags.vendor, comments: tags.comments },
        packets.map((p) => p.data),
      );
      const again = parseOggOpus(written, options);
      // The writer puts version 1; every other field must come back as read.
      check(same({ ...again.head, version: head.version }, head) && same(again.tags, tags), () => `headers changed through OggOpusWriter: ${JSON.stringify([head, again.head])}`);
      check(same(again.packets.map((p) => [p.data, p.duration]), packets.map((p) => [p.data, p.duration])), () => 'packets changed through OggOpusWriter');
    });
  },
  encode,
  decode,
};

/** H264AccessUnitReader in chunks, parseH264AccessUnits whole, serializeAnnexB round trip. */
export const mediaAnnexB: Target<MediaInput> = {
  name: 'media-annexb',
  description: 'H264AccessUnitReader fed mutated H.264 Annex B streams in chunks: MediaFileError only, same access units as a whole read, accepted ones written back and read the same',
  shortRuns: 3000,
  arbitrary: () => arbitrary(seeds('.h264')),
  run(input: MediaInput, meter: Meter): void {
    meter.input(() => {
      const options = { maxNalBytes: MAX_BYTES };
      const chunked = drain(new H264AccessUnitReader(options), input.bytes, input.chunkBytes, 'H264AccessUnitReader');
      const all = whole(() => parseH264AccessUnits(input.bytes, options), 'parseH264AccessUnits');
      if ('code' in all || 'code' in chunked) {
        check(same('code' in all ? all.code : 'ok', 'code' in chunked ? chunked.code : 'ok'), () => `whole ${JSON.stringify(all)} but chunked ${JSON.stringify(chunked)}`);
        return;
      }
      check(same(all, chunked.items), () => 'chunked reading gave other access units');
      const nals = all.map((au) => au.nalUnits.map((n) => n.data));
      const again = parseH264AccessUnits(serializeAnnexB(nals), options);
      check(same(again.map((au) => au.nalUnits.map((n) => n.data)), nals), () => 'access units changed through serializeAnnexB');
    });
  },
  encode,
  decode,
};
