// The media fixtures (test/fixtures/media/, made by test/media/generate-fixtures.ts) and
// ffprobe's packets of each, recorded beside them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MediaFileErrorCode } from '../../src/media/index.js';
import { MediaFileError } from '../../src/media/index.js';
import type { ProbedPacket } from './ffmpeg.js';

/** The fixture folder. */
export const MEDIA_FIXTURES = fileURLToPath(new URL('../fixtures/media/', import.meta.url));

/** A fixture's bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(MEDIA_FIXTURES + name));
}

/** ffprobe's packets of a fixture, as recorded. */
export function recordedPackets(name: string): ProbedPacket[] {
  const all = JSON.parse(readFileSync(`${MEDIA_FIXTURES}packets.json`, 'utf8')) as Record<string, Array<[number | null, number | null, number, number, number]>>;
  const list = all[name];
  if (!list) throw new Error(`no recorded packets for ${name}`);
  return list.map(([pts, duration, size, pos, k]) => ({ pts: pts ?? undefined, duration: duration ?? undefined, size, pos, keyframe: k === 1 }));
}

/** Every fixture file name with an extension. */
export function fixturesEnding(ext: string): string[] {
  const all = JSON.parse(readFileSync(`${MEDIA_FIXTURES}packets.json`, 'utf8')) as Record<string, unknown>;
  return Object.keys(all).filter((f) => f.endsWith(ext));
}

/** Matches a MediaFileError with this code, for assert.throws. */
export function mediaError(code: MediaFileErrorCode): (err: unknown) => boolean {
  return (err) => err instanceof MediaFileError && err.code === code;
}

/** Splits bytes into chunks of the given sizes, cycling through them. */
export function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0, k = 0; o < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(bytes.slice(o, o + n));
    o += n;
  }
  return out;
}
