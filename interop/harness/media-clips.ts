// Media files for media scenarios: test clips made with ffmpeg at run time (VP8 in IVF,
// Opus in Ogg), pushed at their own pace into an EncodedTrackSource, and what purertc
// receives read back from a receiverFrames iterator and checked with ffprobe.
import { join } from 'node:path';
import type { EncodedMediaFrame, EncodedTrackSource } from '../../src/index.js';
import { readIvfFile, readOggOpusFile } from '../../src/media/index.js';
import { hasTool, tool } from './media-session.js';
import { ScenarioSkip } from './scenario.js';

/** The video clip's size and rate. */
export const CLIP_WIDTH = 320;
export const CLIP_HEIGHT = 240;
export const CLIP_FPS = 30;
/** Opus frame length of the audio clip (ffmpeg's -frame_duration), and its 48 kHz samples. */
export const OPUS_FRAME_MS = 20;
export const OPUS_FRAME_SAMPLES = 48 * OPUS_FRAME_MS;

/** One frame to push at `atMs` from the start. */
export interface ClipFrame {
  atMs: number;
  frame: EncodedMediaFrame;
}

/** Clips already made in this process, by codec and length: each is made once per run. */
const made = new Map<string, Promise<ClipFrame[]>>();

/** The clip `key` from the cache, or made by `make` (a failure is not kept). */
function once(key: string, make: () => Promise<ClipFrame[]>): Promise<ClipFrame[]> {
  let clip = made.get(key);
  if (clip === undefined) {
    clip = make();
    made.set(key, clip);
    clip.catch(() => made.delete(key));
  }
  return clip;
}

async function needFfmpeg(what: string): Promise<void> {
  if (!(await hasTool('ffmpeg'))) throw new ScenarioSkip(`ffmpeg is not installed (apt-get install -y ffmpeg): no ${what} clip to send`);
}

/** `seconds` of ffmpeg's testsrc as VP8 in IVF (no alt-ref frames: every frame is shown, so each counts as decoded), made in `dir` once per run. */
export function makeVp8Clip(dir: string, seconds: number): Promise<ClipFrame[]> {
  return once(`vp8:${seconds}`, () => encodeVp8Clip(dir, seconds));
}

async function encodeVp8Clip(dir: string, seconds: number): Promise<ClipFrame[]> {
  await needFfmpeg('VP8');
  const path = join(dir, 'testsrc.ivf');
  await tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${CLIP_WIDTH}x${CLIP_HEIGHT}:rate=${CLIP_FPS}`, '-t', String(seconds),
    '-c:v', 'libvpx', '-g', '30', '-keyint_min', '30', '-auto-alt-ref', '0', '-lag-in-frames', '0', '-deadline', 'realtime',
    '-cpu-used', '8', '-b:v', '400k', '-f', 'ivf', path,
  ]);
  const clip = await readIvfFile(path);
  if (clip.header.fourcc !== 'VP80') throw new Error(`ffmpeg wrote ${clip.header.fourcc}, not VP80`);
  return clip.frames.map((f, i) => ({
    atMs: (i * 1000) / CLIP_FPS,
    frame: { codec: 'video/VP8', data: f.data, timestamp: (i * 1e6) / CLIP_FPS, keyFrame: (f.data[0]! & 0x01) === 0 },
  }));
}

/** `seconds` of a 440 Hz tone as Opus in Ogg, 20 ms per packet (libopus), made in `dir` once per run. */
export function makeOpusClip(dir: string, seconds: number): Promise<ClipFrame[]> {
  return once(`opus:${seconds}`, () => encodeOpusClip(dir, seconds));
}

async function encodeOpusClip(dir: string, seconds: number): Promise<ClipFrame[]> {
  await needFfmpeg('Opus');
  const path = join(dir, 'tone.opus');
  await tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:a', 'libopus', '-b:a', '48k', '-frame_duration', String(OPUS_FRAME_MS), '-application', 'audio', '-f', 'ogg', path,
  ]);
  const clip = await readOggOpusFile(path);
  return clip.packets.map((p, i) => {
    if (p.duration !== OPUS_FRAME_SAMPLES) throw new Error(`packet ${i} of the Opus clip lasts ${p.duration} samples, not ${OPUS_FRAME_SAMPLES}`);
    // The playback clock of the packet's first sample; the pre-skip only shifts it.
    return { atMs: i * OPUS_FRAME_MS, frame: { codec: 'audio/opus', data: p.data, timestamp: i * OPUS_FRAME_MS * 1000, keyFrame: true } };
  });
}

/** Pushes `frames` into `source`, each at its time from now (bounded by the clip's length); returns the ms it took. */
export async function pushPaced(source: EncodedTrackSource, frames: readonly ClipFrame[], signal: AbortSignal): Promise<number> {
  const started = Date.now();
  for (const { atMs, frame } of frames) {
    if (signal.aborted) break;
    const wait = started + atMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    source.push(frame);
  }
  return Date.now() - started;
}

/** Reads frames from `iterator` until `ms` have passed since the first one (or it ends); none within `firstWithinMs`: empty. */
export async function record(iterator: AsyncIterableIterator<EncodedMediaFrame>, ms: number, firstWithinMs: number): Promise<EncodedMediaFrame[]> {
  const frames: EncodedMediaFrame[] = [];
  let deadline = Date.now() + firstWithinMs;
  while (Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(1, deadline - Date.now()))));
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === null || next.done) break;
    if (frames.length === 0) deadline = Date.now() + ms;
    frames.push(next.value);
  }
  return frames;
}

/** ffprobe's view of a file's first stream, counting packets (and decoding frames when `decode`). */
export async function probe(path: string, decode: boolean): Promise<Record<string, unknown>> {
  if (!(await hasTool('ffprobe'))) throw new ScenarioSkip('ffprobe is not installed (apt-get install -y ffmpeg): nothing to check the recording with');
  const out = await tool('ffprobe', ['-v', 'error', decode ? '-count_frames' : '-count_packets', '-show_streams', '-show_format', '-of', 'json', path]);
  const parsed = JSON.parse(out) as { streams: Record<string, unknown>[]; format?: Record<string, unknown> };
  const stream = parsed.streams[0];
  if (!stream) throw new Error(`ffprobe found no stream in ${path}`);
  return { ...stream, format_duration: parsed.format?.duration };
}
