// VP8 video between purertc and a live Chromium. purertc sends: 3 s of ffmpeg's testsrc
// (320x240, 30 fps, libvpx, a key frame every 30 frames) pushed at its frame rate into an
// EncodedTrackSource; Chromium plays it in a muted <video> and its inbound-rtp must count
// at least 80% of the frames decoded, at 320x240. Chromium sends: its fake camera at
// 320x240 with VP8 preferred; purertc's remote track unmutes, receiverFrames yields the
// frames for 2.5 s, they are written to an IVF that ffprobe must read with as many
// frames, at 320x240; Chromium's remote-inbound-rtp (from purertc's RTCP RR) is logged.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EncodedTrackSource, receiverFrames, type EncodedMediaFrame, type MediaStreamTrack, type RTCPeerConnection } from '../../src/index.js';
import { IvfFileWriter, readIvfFile } from '../../src/media/index.js';
import { ScenarioSkip, type Scenario } from '../harness/index.js';
import { hasTool, openMediaSession, scratchDir, statsOf, tool, until } from '../harness/media-session.js';

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

/** Reads frames from `iterator` until `ms` have passed since the first one (or it ends). */
async function record(iterator: AsyncIterableIterator<EncodedMediaFrame>, ms: number, firstWithinMs: number): Promise<EncodedMediaFrame[]> {
  const frames: EncodedMediaFrame[] = [];
  let deadline = Date.now() + firstWithinMs;
  while (Date.now() < deadline) {
    const next = await Promise.race([iterator.next(), new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now())))]);
    if (next === null || next.done) break;
    if (frames.length === 0) deadline = Date.now() + ms;
    frames.push(next.value);
  }
  return frames;
}

function chromiumSends(offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/chromium: Chromium sends VP8 (${offerer === 'node' ? 'purertc offers' : 'browser offers'}): purertc assembles frames ffprobe reads at ${WIDTH}x${HEIGHT}`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      if (!(await hasTool('ffprobe'))) throw new ScenarioSkip('ffprobe is not installed (apt-get install -y ffmpeg): nothing to check the recording with');
      const dir = await scratchDir(context);
      const page = await context.page('chromium');
      let remote: { receiver: object; track: MediaStreamTrack } | undefined;
      const session = await openMediaSession(context, page, {
        offerer,
        pageSetup: { send: { video: true }, codec: 'video/VP8' },
        nodeSetup: (pc: RTCPeerConnection) => {
          pc.ontrack = (event) => void (remote ??= { receiver: event.receiver, track: event.track as MediaStreamTrack });
          // purertc offers to receive; answering, the transceiver the offer made receives.
          if (offerer === 'node') pc.addTransceiver('video', { direction: 'recvonly' });
        },
      });
      await until(() => remote !== undefined, 5_000, () => 'purertc had no track event');
      const { receiver, track } = remote!;
      const iterator = receiverFrames(receiver);
      context.defer(() => iterator.return?.());
      const frames = await record(iterator, RECORD_MS, 5_000);
      context.log(`purertc assembled ${frames.length} frames; key frames at ${frames.flatMap((f, i) => (f.keyFrame ? [i] : [])).join(', ')}; track muted ${track.muted}`);
      assert.equal(track.muted, false, 'the remote track unmuted');
      assert.ok(frames.length >= RECORD_MS / 1000 * 10, `only ${frames.length} frames in ${RECORD_MS} ms`);
      for (const frame of frames) assert.equal(frame.codec, 'video/VP8');
      const firstKey = frames.findIndex((f) => f.keyFrame);
      assert.ok(firstKey >= 0, 'no key frame among the frames');
      assert.equal(frames[firstKey]!.width, WIDTH, 'key frame width');
      assert.equal(frames[firstKey]!.height, HEIGHT, 'key frame height');

      // From the first key frame on: a file a decoder can start.
      const kept = frames.slice(firstKey);
      const path = join(dir, 'received.ivf');
      const writer = await IvfFileWriter.create(path, { fourcc: 'VP80', width: WIDTH, height: HEIGHT, timebaseRate: 90_000 });
      const origin = kept[0]!.rtpTimestamp!;
      for (const frame of kept) await writer.write(frame.data, (frame.rtpTimestamp! - origin) >>> 0);
      await writer.close();
      const probe = await tool('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', path]);
      const stream = (JSON.parse(probe) as { streams: Record<string, unknown>[] }).streams[0];
      context.log(`ffprobe: ${JSON.stringify(stream)}`);
      assert.ok(stream, 'ffprobe found no stream');
      assert.equal(stream.codec_name, 'vp8');
      assert.equal(stream.width, WIDTH);
      assert.equal(stream.height, HEIGHT);
      assert.equal(Number(stream.nb_read_frames), kept.length, 'frames ffprobe decoded vs frames purertc assembled');

      const report = await session.pageStats();
      const remoteInbound = statsOf(report.stats, 'remote-inbound-rtp', 'video');
      const outbound = statsOf(report.stats, 'outbound-rtp', 'video');
      context.log(`Chromium outbound-rtp: ${JSON.stringify(outbound)}\nChromium remote-inbound-rtp: ${JSON.stringify(remoteInbound)}`);
      assert.ok(remoteInbound, "Chromium has no remote-inbound-rtp for its video: no RTCP receiver report from purertc reached it");
      assert.equal(remoteInbound.ssrc, outbound?.ssrc, 'remote-inbound-rtp reports on the outbound stream');
    },
  };
}

/** purertc sending and receiving, with either side offering. */
export const scenarios: Scenario[] = [purertcSends('node'), purertcSends('browser'), chromiumSends('node'), chromiumSends('browser')];
