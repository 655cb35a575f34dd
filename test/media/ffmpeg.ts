// ffmpeg and ffprobe as test tools (never dependencies): recipes that make small media files
// of each kind, and ffprobe's view of a file's packets to compare the readers with.
import { spawnSync } from 'node:child_process';

/** One file ffmpeg makes. */
export interface Recipe {
  /** File name, its extension telling the kind. */
  file: string;
  /** What it holds, for test titles. */
  what: string;
  /** The encoder it needs (ffmpeg -encoders). */
  encoder: string;
  /** ffmpeg arguments between the input and the output file. */
  args: string[];
  /** The lavfi input. */
  input: string;
}

const VIDEO = 'testsrc=size=64x48:rate=30';
const AUDIO = 'sine=frequency=440:sample_rate=48000:duration=0.5';

/** The files the tests read: each kind, each codec, and the framing choices worth covering. */
export const RECIPES: readonly Recipe[] = [
  { file: 'vp8.ivf', what: 'VP8 in IVF', encoder: 'libvpx', input: VIDEO, args: ['-frames:v', '10', '-c:v', 'libvpx', '-b:v', '50k'] },
  { file: 'vp9.ivf', what: 'VP9 in IVF (superframes)', encoder: 'libvpx-vp9', input: VIDEO, args: ['-frames:v', '10', '-c:v', 'libvpx-vp9', '-b:v', '50k'] },
  { file: 'av1.ivf', what: 'AV1 in IVF', encoder: 'libaom-av1', input: VIDEO, args: ['-frames:v', '10', '-c:v', 'libaom-av1', '-b:v', '50k', '-cpu-used', '8'] },
  { file: 'mono.opus', what: 'Opus mono, 20 ms frames, one audio page', encoder: 'libopus', input: AUDIO, args: ['-c:a', 'libopus', '-b:a', '24k'] },
  {
    file: 'stereo.opus',
    what: 'Opus stereo, 40 ms frames, 100 ms pages',
    encoder: 'libopus',
    input: AUDIO,
    args: ['-ac', '2', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '40', '-page_duration', '100000'],
  },
  { file: 'bframes.h264', what: 'H.264 with B-frames, GOP 5', encoder: 'libx264', input: VIDEO, args: ['-frames:v', '12', '-c:v', 'libx264', '-g', '5', '-bf', '2', '-f', 'h264'] },
  {
    file: 'slices.h264',
    what: 'H.264 with access unit delimiters and 2 slices per picture',
    encoder: 'libx264',
    input: VIDEO,
    args: ['-frames:v', '6', '-c:v', 'libx264', '-g', '3', '-slices', '2', '-x264-params', 'aud=1', '-f', 'h264'],
  },
];

/** One packet as ffprobe -show_packets reports it. */
export interface ProbedPacket {
  pts: number | undefined;
  duration: number | undefined;
  size: number;
  pos: number;
  keyframe: boolean;
}

/** True when ffmpeg and ffprobe run here. */
export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;
}

/** The encoders this ffmpeg has. */
export function ffmpegEncoders(): Set<string> {
  const out = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout ?? '';
  return new Set([...out.matchAll(/^ [A-Z.]{6} (\S+)/gm)].map((m) => m[1]!));
}

/** Makes a recipe's file at `path`; throws with ffmpeg's message when it fails. */
export function generate(recipe: Recipe, path: string): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', recipe.input, ...recipe.args, '-fflags', '+bitexact', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed for ${recipe.file}: ${r.stderr}`);
}

/** ffprobe's packets of a file (`format` forces the demuxer, as for raw H.264). */
export function probePackets(path: string, format?: string): ProbedPacket[] {
  const args = ['-v', 'error', ...(format ? ['-f', format] : []), '-show_packets', '-of', 'json', path];
  const r = spawnSync('ffprobe', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe failed for ${path}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as { packets?: Array<Record<string, string | number>> };
  return (json.packets ?? []).map((p) => ({
    pts: p.pts === undefined ? undefined : Number(p.pts),
    duration: p.duration === undefined ? undefined : Number(p.duration),
    size: Number(p.size),
    pos: Number(p.pos),
    keyframe: String(p.flags).startsWith('K'),
  }));
}

/** ffmpeg's complaints when it decodes a whole file (empty when it decodes cleanly). */
export function decodeErrors(path: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' });
  return r.status !== 0 ? `exit ${r.status}: ${r.stderr}` : r.stderr.trim();
}
