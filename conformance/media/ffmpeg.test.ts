// The media readers and writers against ffmpeg: files ffmpeg makes now (every codec its
// encoders allow) read by purertc as ffprobe reads them, and files purertc writes from those
// packets read back by ffprobe with the same packets and decoded by ffmpeg without a complaint.
// Skipped, saying so, where ffmpeg/ffprobe or an encoder is missing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IvfFileWriter,
  IvfWriter,
  OggOpusWriter,
  h264FileAccessUnits,
  readIvfFile,
  readOggOpusFile,
  serializeAnnexB,
  writeFileChunks,
  type H264AccessUnit,
} from '../../src/media/index.js';
import { decodeErrors, ffmpegEncoders, generate, hasFfmpeg, probePackets, RECIPES, type ProbedPacket } from '../../test/media/ffmpeg.js';

const available = hasFfmpeg();
const encoders = available ? ffmpegEncoders() : new Set<string>();

async function accessUnits(path: string): Promise<H264AccessUnit[]> {
  const out: H264AccessUnit[] = [];
  for await (const au of h264FileAccessUnits(path)) out.push(au);
  return out;
}

/** Packets as [pts, duration, size]: what must survive a rewrite. */
const timing = (list: ProbedPacket[]): Array<[number | undefined, number | undefined, number]> => list.map((p) => [p.pts, p.duration, p.size]);

describe('media files against ffmpeg', function () {
  this.timeout(60_000);
  let dir = '';

  before(function () {
    if (!available) {
      console.log('      ffmpeg or ffprobe not found: the media cross-checks are skipped');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'purertc-media-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const recipe of RECIPES) {
    describe(`${recipe.file}: ${recipe.what}`, () => {
      const src = (): string => join(dir, recipe.file);
      const out = (tag: string): string => join(dir, `${tag}-${recipe.file}`);
      before(function () {
        if (!encoders.has(recipe.encoder)) {
          console.log(`      ffmpeg has no ${recipe.encoder} encoder: ${recipe.file} is skipped`);
          this.skip();
        }
        generate(recipe, src());
      });

      if (recipe.file.endsWith('.ivf')) {
        it('read as ffprobe reads it; written back (seekable and as on a pipe) ffprobe sees the same packets and ffmpeg decodes it', async () => {
          const probed = probePackets(src());
          const { header, frames } = await readIvfFile(src());
          assert.deepEqual(
            frames.map((f) => [f.pts, f.data.length]),
            probed.map((p) => [p.pts, p.size]),
          );
          const w = await IvfFileWriter.create(out('seekable'), header);
          for (const f of frames) await w.write(f.data, f.pts);
          await w.close();
          assert.equal(readFileSync(out('seekable')).readUInt32LE(24), frames.length);
          // As on a pipe: the header's count left unknown.
          const pipe = new IvfWriter(header);
          writeFileSync(out('pipe'), Buffer.concat([pipe.start(), ...frames.map((f) => pipe.frame(f.data, f.pts))]));
          for (const path of [out('seekable'), out('pipe')]) {
            const again = probePackets(path);
            assert.deepEqual(
              again.map((p) => [p.pts, p.size, p.keyframe]),
              probed.map((p) => [p.pts, p.size, p.keyframe]),
              path,
            );
            assert.equal(decodeErrors(path), '', path);
          }
        });
      }

      if (recipe.file.endsWith('.opus')) {
        it('read as ffprobe reads it; written back at several page sizes and with tags across pages, the same packets and ffmpeg decodes it', async () => {
          const probed = probePackets(src());
          const { head, tags, packets } = await readOggOpusFile(src());
          assert.deepEqual(
            packets.map((p) => [p.timestamp, p.duration - p.endTrim, p.data.length]),
            timing(probed),
          );
          const variants: Array<[string, number, string[]]> = [
            ['pages-1s', 48000, tags.comments],
            ['pages-20ms', 960, tags.comments],
            ['big-tags', 48000, [...tags.comments, `COMMENT=${'x'.repeat(70000)}`]],
          ];
          for (const [tag, maxPageSamples, comments] of variants) {
            const w = new OggOpusWriter({ serial: 0x5eed, channels: head.channels, preSkip: head.preSkip, vendor: tags.vendor, comments, maxPageSamples });
            await writeFileChunks(out(tag), [w.start(), ...packets.map((p) => w.packet(p.data)), w.end(packets.at(-1)!.endTrim)]);
            assert.deepEqual(timing(probePackets(out(tag))), timing(probed), tag);
            assert.equal(decodeErrors(out(tag)), '', tag);
          }
        });
      }

      if (recipe.file.endsWith('.h264')) {
        it('access units where ffprobe puts its packets; written back byte for byte, and with 3-byte start codes ffprobe sees the same pictures', async () => {
          const probed = probePackets(src(), 'h264');
          const bytes = new Uint8Array(readFileSync(src()));
          const aus = await accessUnits(src());
          const starts = aus.map((au) => au.nalUnits[0]!.offset);
          assert.deepEqual(
            aus.map((au, i) => [starts[i], (starts[i + 1] ?? bytes.length) - starts[i]!, au.keyframe]),
            probed.map((p) => [p.pos, p.size, p.keyframe]),
          );
          const nals = aus.map((au) => au.nalUnits.map((n) => n.data));
          writeFileSync(out('same'), serializeAnnexB(nals));
          assert.deepEqual(new Uint8Array(readFileSync(out('same'))), bytes);
          writeFileSync(
            out('short'),
            serializeAnnexB(nals, () => 3),
          );
          const again = probePackets(out('short'), 'h264');
          assert.deepEqual(
            again.map((p) => p.keyframe),
            probed.map((p) => p.keyframe),
          );
          assert.equal(decodeErrors(out('short')), '');
        });
      }
    });
  }
});
