// IVF: the fixtures ffmpeg made read back as ffprobe saw them, written back byte for byte,
// read in chunks of any size, and every way a file can be malformed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IVF_FOURCC,
  IVF_UNKNOWN_FRAME_COUNT,
  IvfFileWriter,
  IvfReader,
  IvfWriter,
  ivfCodec,
  parseIvf,
  readIvfFile,
  serializeIvf,
  serializeIvfHeader,
  type IvfFrame,
} from '../../src/media/index.js';
import { chunked, fixture, fixturesEnding, mediaError, recordedPackets } from './fixtures.js';

const HEADER = { fourcc: IVF_FOURCC.vp8, width: 64, height: 48, timebaseRate: 30, timebaseScale: 1 };
const FRAMES: IvfFrame[] = [
  { data: Uint8Array.of(1, 2, 3), pts: 0 },
  { data: new Uint8Array(0), pts: 1 },
  { data: new Uint8Array(300).fill(7), pts: 2 ** 40 },
  { data: Uint8Array.of(9), pts: -5 },
];

function readAll(chunks: Uint8Array[], options = {}): IvfFrame[] {
  const r = new IvfReader(options);
  const out: IvfFrame[] = [];
  for (const c of chunks) {
    r.push(c);
    for (let f = r.next(); f; f = r.next()) out.push(f);
  }
  r.end();
  return out;
}

describe('media/ivf', () => {
  for (const name of fixturesEnding('.ivf')) {
    it(`${name}: frames, sizes, timestamps and offsets as ffprobe reports them`, () => {
      const bytes = fixture(name);
      const { header, frames } = parseIvf(bytes);
      const probed = recordedPackets(name);
      assert.equal(ivfCodec(header.fourcc), name.slice(0, 3));
      assert.deepEqual([header.width, header.height, header.timebaseRate, header.timebaseScale], [64, 48, 30, 1]);
      assert.equal(frames.length, probed.length);
      let pos = 32;
      frames.forEach((f, i) => {
        assert.equal(f.data.length, probed[i]!.size, `frame ${i} size`);
        assert.equal(f.pts, probed[i]!.pts, `frame ${i} pts`);
        assert.equal(pos, probed[i]!.pos, `frame ${i} offset`);
        pos += 12 + f.data.length;
      });
      assert.equal(pos, bytes.length);
    });

    it(`${name}: written back, identical but for the frame count field ffmpeg fills with a duration`, () => {
      const bytes = fixture(name);
      const { header, frames } = parseIvf(bytes);
      const again = serializeIvf(header, frames);
      assert.deepEqual(again.subarray(0, 24), bytes.subarray(0, 24));
      assert.deepEqual(again.subarray(32), bytes.subarray(32));
      assert.equal(new DataView(again.buffer).getUint32(24, true), frames.length);
      assert.equal(new DataView(again.buffer).getUint32(28, true), 0);
    });

    it(`${name}: the same frames whatever the chunk sizes`, () => {
      const bytes = fixture(name);
      const whole = parseIvf(bytes).frames;
      for (const sizes of [[1], [3, 11, 1], [31, 33], [4096]]) assert.deepEqual(readAll(chunked(bytes, sizes)), whole, `chunks ${sizes}`);
    });
  }

  it('round trip of frames with empty data, 64-bit and negative timestamps', () => {
    const bytes = serializeIvf(HEADER, FRAMES);
    const { header, frames } = parseIvf(bytes);
    assert.deepEqual(frames, FRAMES);
    assert.equal(header.frameCount, 4);
    assert.equal(header.fourcc, 'VP80');
  });

  it('the writer leaves the frame count as ffmpeg does on a pipe, and gives the patch for a seekable sink', () => {
    const w = new IvfWriter({ ...HEADER, fourcc: IVF_FOURCC.av1 });
    const head = w.start();
    assert.deepEqual(head.subarray(24), new Uint8Array(8).fill(0xff));
    assert.equal(parseIvf(head).header.frameCount, IVF_UNKNOWN_FRAME_COUNT);
    w.frame(Uint8Array.of(1), 0);
    w.frame(Uint8Array.of(2), 1);
    assert.deepEqual(w.frameCountPatch(), { offset: 24, bytes: Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0) });
    assert.throws(() => w.start(), RangeError);
    assert.throws(() => new IvfWriter(HEADER).frame(Uint8Array.of(1), 0), RangeError);
    assert.throws(() => w.frame(Uint8Array.of(1), 0.5), RangeError);
    assert.throws(() => w.frame(Uint8Array.of(1), 2 ** 60), RangeError);
  });

  it('the writer refuses header fields out of range', () => {
    for (const bad of [{ fourcc: 'VP8' }, { fourcc: 'VP8\u0100' }, { fourcc: 'VP800' }, { width: 65536 }, { height: -1 }, { timebaseRate: 0 }, { timebaseScale: 0 }, { timebaseRate: 1.5 }]) {
      assert.throws(() => new IvfWriter({ ...HEADER, ...bad }), RangeError, JSON.stringify(bad));
    }
    assert.throws(() => serializeIvfHeader({ ...HEADER, frameCount: 2 ** 32 }), RangeError);
  });

  it('a wrong signature fails as soon as 4 bytes are in', () => {
    const r = new IvfReader();
    r.push(new TextEncoder().encode('RIFF'));
    assert.throws(() => r.next(), mediaError('IVF_BAD_SIGNATURE'));
    // The failure sticks.
    assert.throws(() => r.next(), mediaError('IVF_BAD_SIGNATURE'));
    assert.throws(() => r.end(), mediaError('IVF_BAD_SIGNATURE'));
    // Fewer than 4 bytes that cannot begin DKIF fail at end() as a bad signature, not a cut file.
    assert.throws(() => parseIvf(Uint8Array.of(0x44, 0x4b, 0x00)), mediaError('IVF_BAD_SIGNATURE'));
    assert.throws(() => parseIvf(Uint8Array.of(0x44, 0x4b)), mediaError('IVF_TRUNCATED'));
  });

  it('truncation anywhere fails at end() with IVF_TRUNCATED', () => {
    const bytes = serializeIvf(HEADER, FRAMES);
    // Cut inside the file header, a frame header and a frame; whole frames only is fine.
    for (const at of [0, 3, 20, 31, 32 + 5, 32 + 12 + 1, bytes.length - 1]) {
      assert.throws(() => parseIvf(bytes.subarray(0, at)), mediaError('IVF_TRUNCATED'), `cut at ${at}`);
    }
    assert.equal(parseIvf(bytes.subarray(0, 32 + 15)).frames.length, 1);
  });

  it('a frame larger than the bound fails before its bytes arrive', () => {
    const w = new IvfWriter(HEADER);
    const r = new IvfReader({ maxFrameBytes: 100 });
    r.push(w.start());
    r.push(w.frame(new Uint8Array(100), 0));
    assert.equal(r.next()?.data.length, 100);
    r.push(w.frame(new Uint8Array(101), 1).subarray(0, 12));
    assert.throws(() => r.next(), mediaError('IVF_FRAME_TOO_LARGE'));
    const huge = serializeIvf(HEADER, []);
    const frameHeader = new Uint8Array(12).fill(0xff);
    assert.throws(() => parseIvf(new Uint8Array([...huge, ...frameHeader])), mediaError('IVF_FRAME_TOO_LARGE'));
  });

  it('bad header fields: header size below 32, a zero timebase, a pts beyond 2^53', () => {
    const bytes = serializeIvf(HEADER, FRAMES.slice(0, 1));
    const edit = (at: number, value: number, width: 2 | 4): Uint8Array => {
      const b = bytes.slice();
      if (width === 2) new DataView(b.buffer).setUint16(at, value, true);
      else new DataView(b.buffer).setUint32(at, value, true);
      return b;
    };
    assert.throws(() => parseIvf(edit(6, 31, 2)), mediaError('IVF_BAD_HEADER'));
    assert.throws(() => parseIvf(edit(16, 0, 4)), mediaError('IVF_BAD_HEADER'));
    assert.throws(() => parseIvf(edit(20, 0, 4)), mediaError('IVF_BAD_HEADER'));
    assert.throws(() => parseIvf(edit(32 + 8, 0x00400000, 4)), mediaError('IVF_BAD_HEADER'));
  });

  it('a header longer than 32 bytes is skipped to its stated size', () => {
    const bytes = serializeIvf(HEADER, FRAMES);
    const long = new Uint8Array(bytes.length + 8);
    long.set(bytes.subarray(0, 32));
    long.set(bytes.subarray(32), 40);
    new DataView(long.buffer).setUint16(6, 40, true);
    const { header, frames } = parseIvf(long);
    assert.equal(header.headerSize, 40);
    assert.deepEqual(frames, FRAMES);
    assert.throws(() => parseIvf(long.subarray(0, 36)), mediaError('IVF_TRUNCATED'));
  });

  it('IvfFileWriter patches the frame count in place; readIvfFile reads the file back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'purertc-ivf-'));
    try {
      const path = join(dir, 'out.ivf');
      const w = await IvfFileWriter.create(path, HEADER);
      for (const f of FRAMES) await w.write(f.data, f.pts);
      assert.equal(w.frameCount, 4);
      await w.close();
      assert.deepEqual(new Uint8Array(readFileSync(path)), serializeIvf(HEADER, FRAMES));
      const read = await readIvfFile(path);
      assert.deepEqual(read.frames, FRAMES);
      assert.equal(read.header.frameCount, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
