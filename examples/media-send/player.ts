// The player of examples/media-send: an IVF (VP8) and an Ogg Opus file pushed, in real time
// and looping, into two EncodedTrackSources. Frames stay encoded: nothing is decoded or
// re-encoded. A receiver's key-frame request (PLI/FIR, the source's `keyframerequest`) is
// answered by skipping ahead to the file's next key frame.
import { EncodedTrackSource } from '../../src/index.js';
// An application would import these from the package's media entry point; until that
// exists they come from the source tree.
import { readIvfFile, readOggOpusFile, type IvfFrame, type OggOpusPacket } from '../../src/media/index.js';

/** The files' contents, read whole (the sample files are a few hundred KiB). */
export interface MediaFiles {
  /** VP8 frames with their timebase (IVF, fourcc VP80). */
  video?: { frames: IvfFrame[]; timebase: { rate: number; scale: number } };
  /** Opus packets (Ogg Opus), timed in 48 kHz samples. */
  audio?: { packets: OggOpusPacket[] };
}

/** What the player has done so far. */
export interface PlayerCounts {
  videoFrames: number;
  keyFrames: number;
  audioPackets: number;
  /** Key-frame requests received, and the time from each to the key frame pushed in answer. */
  keyFrameRequests: number;
  requestToKeyFrameMs: number[];
}

/** Reads the files (either may be absent); throws when the IVF is not VP8. */
export async function readMediaFiles(paths: { video?: string; audio?: string }): Promise<MediaFiles> {
  const files: MediaFiles = {};
  if (paths.video !== undefined) {
    const { header, frames } = await readIvfFile(paths.video);
    if (header.fourcc !== 'VP80') throw new Error(`${paths.video}: ${header.fourcc} video; this player sends VP8 (VP80)`);
    if (frames.length === 0) throw new Error(`${paths.video}: no frames`);
    files.video = { frames, timebase: { rate: header.timebaseRate, scale: header.timebaseScale } };
  }
  if (paths.audio !== undefined) {
    const { packets } = await readOggOpusFile(paths.audio);
    if (packets.length === 0) throw new Error(`${paths.audio}: no Opus packets`);
    files.audio = { packets };
  }
  return files;
}

/** RFC 6386 §9.1: bit 0 of a VP8 frame tag is 0 for a key frame. */
function isVp8KeyFrame(data: Uint8Array): boolean {
  return data.length > 0 && (data[0]! & 0x01) === 0;
}

/** Pushes the files into EncodedTrackSources at their own pace until stopped. */
export class FilePlayer {
  /** The sources to add to peer connections (present for each file given). */
  readonly video: EncodedTrackSource | undefined;
  readonly audio: EncodedTrackSource | undefined;
  readonly counts: PlayerCounts = { videoFrames: 0, keyFrames: 0, audioPackets: 0, keyFrameRequests: 0, requestToKeyFrameMs: [] };
  readonly #files: MediaFiles;
  readonly #onVideoFrame: ((frame: { index: number; keyFrame: boolean }) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startMs = 0;
  #video = { next: 0, dueMs: 0 };
  #audio = { next: 0, dueMs: 0 };
  /** When a key frame was asked for and not yet pushed. */
  #keyFrameWantedAtMs: number | undefined;

  /** `onVideoFrame` is called just before each video frame is pushed (its index in the file). */
  constructor(files: MediaFiles, options: { onVideoFrame?: (frame: { index: number; keyFrame: boolean }) => void } = {}) {
    this.#files = files;
    this.#onVideoFrame = options.onVideoFrame;
    this.video = files.video ? new EncodedTrackSource({ kind: 'video', label: 'file video' }) : undefined;
    this.audio = files.audio ? new EncodedTrackSource({ kind: 'audio', label: 'file audio' }) : undefined;
    if (this.video) {
      this.video.onkeyframerequest = () => {
        this.counts.keyFrameRequests++;
        this.#keyFrameWantedAtMs ??= performance.now();
      };
    }
  }

  /** Starts pushing from the beginning of the files. */
  start(): void {
    this.stop();
    this.#startMs = performance.now();
    this.#video = { next: 0, dueMs: this.#startMs };
    this.#audio = { next: 0, dueMs: this.#startMs };
    this.#tick();
  }

  /** Stops pushing (the tracks stay; start() plays again from the beginning). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops and ends the tracks. */
  close(): void {
    this.stop();
    this.video?.track.stop();
    this.audio?.track.stop();
  }

  /** Pushes whatever is due, then sleeps until the next frame or packet is. */
  #tick(): void {
    const now = performance.now();
    // Each loop is bounded: at most one file's worth of frames is pushed per tick.
    for (let n = 0; this.#files.video && this.#video.dueMs <= now && n < this.#files.video.frames.length; n++) this.#pushVideo();
    for (let n = 0; this.#files.audio && this.#audio.dueMs <= now && n < this.#files.audio.packets.length; n++) this.#pushAudio();
    const next = Math.min(this.#files.video ? this.#video.dueMs : Infinity, this.#files.audio ? this.#audio.dueMs : Infinity);
    if (next === Infinity) return;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, next - performance.now()));
  }

  #pushVideo(): void {
    const { frames, timebase } = this.#files.video!;
    let index = this.#video.next;
    if (this.#keyFrameWantedAtMs !== undefined && !isVp8KeyFrame(frames[index]!.data)) {
      // Skip ahead to the next key frame, wrapping to the first (the file starts with one).
      let k = index;
      for (let n = 0; n < frames.length && !isVp8KeyFrame(frames[k]!.data); n++) k = (k + 1) % frames.length;
      index = k;
    }
    const frame = frames[index]!;
    const keyFrame = isVp8KeyFrame(frame.data);
    this.#onVideoFrame?.({ index, keyFrame });
    // Timestamps follow the schedule, not the file: skips and loops stay continuous.
    this.video!.push({ codec: 'video/VP8', data: frame.data, timestamp: (this.#video.dueMs - this.#startMs) * 1000, keyFrame });
    this.counts.videoFrames++;
    if (keyFrame) {
      this.counts.keyFrames++;
      if (this.#keyFrameWantedAtMs !== undefined) this.counts.requestToKeyFrameMs.push(performance.now() - this.#keyFrameWantedAtMs);
      this.#keyFrameWantedAtMs = undefined;
    }
    const next = (index + 1) % frames.length;
    // The frame lasts until the next one's pts; the last one as long as the one before it.
    const ticks = next > index ? frames[next]!.pts - frame.pts : index > 0 ? frame.pts - frames[index - 1]!.pts : timebase.rate / timebase.scale / 30;
    this.#video = { next, dueMs: this.#video.dueMs + (Math.max(1, ticks) * 1000 * timebase.scale) / timebase.rate };
  }

  #pushAudio(): void {
    const { packets } = this.#files.audio!;
    const packet = packets[this.#audio.next]!;
    this.audio!.push({ codec: 'audio/opus', data: packet.data, timestamp: (this.#audio.dueMs - this.#startMs) * 1000, keyFrame: true });
    this.counts.audioPackets++;
    // RFC 7845 §4: durations are in 48 kHz samples.
    this.#audio = { next: (this.#audio.next + 1) % packets.length, dueMs: this.#audio.dueMs + Math.max(1, packet.duration) / 48 };
  }
}
