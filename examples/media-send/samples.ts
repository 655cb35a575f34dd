// Sample files for examples/media-send, made with ffmpeg when none are given: 10 s of
// ffmpeg's test pattern as VP8 in IVF (320x240, 30 fps, a key frame every second) and a
// 440 Hz tone as Opus in Ogg (48 kHz, 20 ms packets). About 400 KiB together.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bound for ffmpeg to make both files. */
const FFMPEG_TIMEOUT_MS = 60_000;

/** Writes `sample.ivf` and `sample.ogg` into `dir` with ffmpeg, `seconds` long; `only` makes one of them. */
export async function makeSampleFiles(dir: string, seconds = 10, only?: 'video' | 'audio'): Promise<{ video?: string; audio?: string }> {
  const video = join(dir, 'sample.ivf');
  const audio = join(dir, 'sample.ogg');
  const common = ['-hide_banner', '-loglevel', 'error', '-y'];
  try {
    if (only !== 'audio') await run('ffmpeg', [
      ...common, '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-t', String(seconds),
      // Every frame shown (no alt-ref), a key frame each second, realtime speed.
      '-c:v', 'libvpx', '-g', '30', '-keyint_min', '30', '-auto-alt-ref', '0', '-lag-in-frames', '0',
      '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-f', 'ivf', video,
    ], { timeout: FFMPEG_TIMEOUT_MS });
    if (only !== 'video') await run('ffmpeg', [
      ...common, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds),
      '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-f', 'ogg', audio,
    ], { timeout: FFMPEG_TIMEOUT_MS });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new Error('ffmpeg is not installed (apt-get install -y ffmpeg): give --video=<file.ivf> --audio=<file.ogg> instead');
    throw error;
  }
  return { ...(only !== 'audio' ? { video } : {}), ...(only !== 'video' ? { audio } : {}) };
}
