// VP8 video between purertc and a live Chromium. purertc sends: 3 s of ffmpeg's testsrc
// (320x240, 30 fps, libvpx, a key frame every 30 frames) pushed at its frame rate into an
// EncodedTrackSource; Chromium plays it in a muted <video> and its inbound-rtp must count
// at least 80% of the frames decoded, at 320x240. Chromium sends: its fake camera at
// 320x240 with VP8 preferred; purertc's remote track unmutes, receiverFrames yields the
// frames for 2.5 s, they are written to an IVF that ffprobe must read with as many
// frames, at 320x240; Chromium's remote-inbound-rtp (from purertc's RTCP RR) is logged.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EncodedTrackSource } from '../../src/index.js';
import { readIvfFile } from '../../src/media/index.js';
import { ScenarioSkip, type Scenario } from '../harness/index.js';
import { hasTool, openMediaSession, scratchDir, statsOf, tool } from '../harness/media-session.js';

const TIMEOUT_MS = 30_000;
const WIDTH = 320;
const HEIGHT = 240;
const FPS = 30;
/** Bound for Chromium to have decoded enough, from the first frame pushed. */
const DECODE_BOUND_MS = 15_000;
/** How long purertc records what Chromium sends. */
const RECORD_MS = 2_500;

/** Makes the test clip with ffmpeg (no alt-ref frames: every frame is shown, so each counts as decoded). */
async function makeClip(dir: string): Promise<string> {
  if (!(await hasTool('ffmpeg'))) throw new ScenarioSkip('ffmpeg is not installed (apt-get install -y ffmpeg): no VP8 clip to send');
  const path = join(dir, 'testsrc.ivf');
  await tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${WIDTH}x${HEIGHT}:rate=${FPS}`, '-t', '3',
    '-c:v', 'libvpx', '-g', '30', '-keyint_min', '30', '-auto-alt-ref', '0', '-lag-in-frames', '0', '-deadline', 'realtime',
    '-cpu-used', '8', '-b:v', '400k', '-f', 'ivf', path,
  ]);
  return path;
}

function purertcSends(offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/chromium: purertc sends VP8 (${offerer === 'node' ? 'purertc offers' : 'browser offers'}): Chromium decodes 80% of the frames at ${WIDTH}x${HEIGHT}`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const clip = await readIvfFile(await makeClip(await scratchDir(context)));
      assert.equal(clip.header.fourcc, 'VP80');
      const page = await context.page('chromium');
      const source = new EncodedTrackSource({ kind: 'video' });
      context.defer(() => source.track.stop());
      const session = await openMediaSession(context, page, {
        offerer,
        pageSetup: offerer === 'browser' ? { receive: ['video'], codec: 'video/VP8' } : {},
        nodeSetup: (pc) => void pc.addTrack(source.track),
      });
      const started = Date.now();
      for (const [i, frame] of clip.frames.entries()) {
        const due = started + (i * 1000) / FPS;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        source.push({ codec: 'video/VP8', data: frame.data, timestamp: (i * 1e6) / FPS, keyFrame: (frame.data[0]! & 0x01) === 0 });
      }
      const sent = clip.frames.length;
      let inbound: Record<string, unknown> | undefined;
      let tracks: string[] = [];
      const deadline = started + DECODE_BOUND_MS;
      while (Date.now() < deadline) {
        const report = await session.pageStats();
        inbound = statsOf(report.stats, 'inbound-rtp', 'video');
        tracks = report.tracks;
        if (Number(inbound?.framesDecoded ?? 0) >= 0.8 * sent && inbound?.frameWidth !== undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      context.log(`sent ${sent} frames in ${Date.now() - started} ms; remote tracks ${tracks.join(', ')}; Chromium inbound-rtp: ${JSON.stringify(inbound)}`);
      assert.ok(inbound, 'Chromium has no video inbound-rtp');
      assert.equal(inbound.codecId !== undefined, true, 'inbound-rtp names its codec');
      assert.ok(Number(inbound.framesDecoded) >= 0.8 * sent, `Chromium decoded ${inbound.framesDecoded} of ${sent} frames`);
      assert.equal(inbound.frameWidth, WIDTH, 'frameWidth');
      assert.equal(inbound.frameHeight, HEIGHT, 'frameHeight');
    },
  };
}

/** purertc sending, with either side offering. */
export const scenarios: Scenario[] = [purertcSends('node'), purertcSends('browser')];
