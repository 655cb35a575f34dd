// The VP8 frame writer against ffmpeg: key and inter frames of the test pattern, black
// frames and pictures of random macroblock values (every prediction mode, residues over
// the whole range, every token category) at sizes that do and do not fill whole macroblocks, written
// to an IVF that ffmpeg decodes without a complaint, pixel for pixel what was drawn. Both
// of ffmpeg's decoders are tried (its own and libvpx's when built in). Skipped, saying so,
// without ffmpeg.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeIvf } from '../../src/media/index.js';
import { TestPatternVideo } from '../../src/media/test-pattern.js';
import { macroblockGrid, writeVp8InterFrame, writeVp8KeyFrame, type MacroblockPicture } from '../../src/media/vp8-writer.js';
import { hasFfmpeg } from '../../test/media/ffmpeg.js';

const available = hasFfmpeg();

/** A deterministic picture of random macroblock values (xorshift from `seed`). */
function randomPicture(width: number, height: number, seed: number): MacroblockPicture {
  const { cols, rows } = macroblockGrid(width, height);
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 0xff;
  };
  const plane = (): Uint8Array => Uint8Array.from({ length: cols * rows }, () => next());
  return { width, height, y: plane(), u: plane(), v: plane() };
}

/** The I420 bytes a picture should decode to. */
function expectedI420(p: MacroblockPicture): Uint8Array {
  const { cols } = macroblockGrid(p.width, p.height);
  const cw = (p.width + 1) >> 1;
  const ch = (p.height + 1) >> 1;
  const out = new Uint8Array(p.width * p.height + 2 * cw * ch);
  let o = 0;
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) out[o++] = p.y[(y >> 4) * cols + (x >> 4)]!;
  for (const plane of [p.u, p.v]) for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) out[o++] = plane[(y >> 3) * cols + (x >> 3)]!;
  return out;
}

/** Decodes an IVF file with ffmpeg (decoder `codec`, or its default) to I420; stderr must stay empty. */
function decode(path: string, codec: string | undefined): Buffer {
  const args = ['-hide_banner', '-v', 'warning', ...(codec ? ['-c:v', codec] : []), '-i', path, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'];
  const r = spawnSync('ffmpeg', args, { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  assert.equal(r.status, 0, `ffmpeg ${args.join(' ')}: ${r.stderr}`);
  // A 1x1 stream makes ffmpeg's raw muxer warn about its tiny bitrate: not the decoder's word.
  const complaints = r.stderr.toString().split('\n').filter((l) => l.trim() !== '' && !l.includes('bitrate parameter is set too low'));
  assert.deepEqual(complaints, [], 'ffmpeg complained');
  return r.stdout;
}

const hasLibvpxDecoder = available && /\blibvpx\b/.test(spawnSync('ffmpeg', ['-hide_banner', '-decoders']).stdout?.toString() ?? '');

describe('VP8 frame writer against ffmpeg', function () {
  this.timeout(120_000);
  let dir = '';

  before(function () {
    if (!available) {
      console.log('      ffmpeg or ffprobe not found: the VP8 writer cross-checks are skipped');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'purertc-vp8w-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const sizes: Array<[number, number]> = [
    [640, 480],
    [320, 240],
    [100, 70],
    [17, 33],
    [1, 1],
    [1280, 720],
  ];
  for (const [width, height] of sizes) {
    for (const codec of [undefined, 'libvpx'] as const) {
      it(`${width}x${height}: pattern, black and random key and inter frames decode exactly (${codec ?? "ffmpeg's vp8 decoder"})`, function () {
        if (codec === 'libvpx' && !hasLibvpxDecoder) this.skip();
        const pattern = new TestPatternVideo(width, height);
        const randoms = [1, 2, 3].map((seed) => randomPicture(width, height, seed * 7919 + width));
        // Key frames, and inter frames each following the frame before it in this list.
        const sequence: Array<[MacroblockPicture, Uint8Array]> = [
          [pattern.picture(0), pattern.frame(0)],
          [pattern.picture(1), pattern.frame(1, false)],
          [pattern.picture(2), pattern.frame(2, false)],
          [pattern.picture(pattern.period - 1), pattern.frame(pattern.period - 1)],
          [pattern.picture(pattern.period), pattern.frame(pattern.period, false)],
          [pattern.blackPicture(), pattern.black()],
          [pattern.blackPicture(), pattern.black(false)],
          [randoms[0]!, writeVp8KeyFrame(randoms[0]!)],
          [randoms[1]!, writeVp8InterFrame(randoms[0]!, randoms[1]!)],
          [randoms[2]!, writeVp8InterFrame(randoms[1]!, randoms[2]!)],
          [randoms[1]!, writeVp8KeyFrame(randoms[1]!)],
        ];
        const pictures = sequence.map(([p]) => p);
        const frames = sequence.map(([, data], i) => ({ data, pts: i }));
        // The frames the pattern caches are the ones its pictures encode to.
        assert.deepEqual(frames[0]!.data, writeVp8KeyFrame(pictures[0]!));
        const path = join(dir, `${width}x${height}.ivf`);
        writeFileSync(path, serializeIvf({ fourcc: 'VP80', width, height, timebaseRate: 30 }, frames));
        const decoded = decode(path, codec);
        const expected = pictures.map(expectedI420);
        const frameBytes = expected[0]!.length;
        assert.equal(decoded.length, frameBytes * pictures.length, 'decoded size: every frame, at the written size');
        expected.forEach((want, i) => {
          const got = decoded.subarray(i * frameBytes, (i + 1) * frameBytes);
          const at = got.findIndex((b, k) => b !== want[k]);
          assert.equal(at, -1, `frame ${i}: first differing byte at ${at} (got ${got[at]}, want ${want[at]})`);
        });
      });
    }
  }

  it('ffprobe reads the size from the stream', function () {
    const path = join(dir, 'probe.ivf');
    const pattern = new TestPatternVideo(640, 480);
    writeFileSync(path, serializeIvf({ fourcc: 'VP80', width: 640, height: 480, timebaseRate: 30 }, [0, 1, 2].map((i) => ({ data: pattern.frame(i), pts: i }))));
    const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', path]);
    const stream = (JSON.parse(r.stdout.toString()) as { streams: Record<string, unknown>[] }).streams[0]!;
    assert.equal(stream.codec_name, 'vp8');
    assert.equal(stream.width, 640);
    assert.equal(stream.height, 480);
    assert.equal(Number(stream.nb_read_frames), 3);
    assert.equal(readFileSync(path).length > 0, true);
  });
});
