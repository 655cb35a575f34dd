// The recorder of examples/media-record: a remote track's encoded frames, as receiverFrames
// gives them, written to a file without decoding: video (VP8, VP9, AV1) to IVF from its
// first key frame on, Opus to Ogg. Lost audio packets are not filled in, so a recording of
// a lossy stream plays slightly short.
import { open, type FileHandle } from 'node:fs/promises';
import { RTCRtpReceiver, receiverFrames, requestKeyFrame, type EncodedMediaFrame } from '../../src/index.js';
// An application would import these from the package's media entry point; until that
// exists they come from the source tree.
import { IvfFileWriter, OggOpusWriter, parseOpusPacket } from '../../src/media/index.js';

/** What a recording holds, and when its frames arrived. */
export interface RecordingCounts {
  /** Frames received, and written (video waits for its first key frame). */
  received: number;
  written: number;
  keyFrames: number;
  /** Arrival time (performance.now()) of the first and last frame, and the longest wait between two. */
  firstAtMs: number | undefined;
  lastAtMs: number | undefined;
  longestGapMs: number;
  /** Video: the size the first key frame gave. */
  width?: number;
  height?: number;
}

const IVF_FOURCC: Record<string, string> = { 'video/vp8': 'VP80', 'video/vp9': 'VP90', 'video/av1': 'AV01' };

/** Records one receiver's frames to `path` until stop() or the connection closes. */
export class TrackRecorder {
  readonly counts: RecordingCounts = { received: 0, written: 0, keyFrames: 0, firstAtMs: undefined, lastAtMs: undefined, longestGapMs: 0 };
  /** Resolves when the file is complete (after stop() or the end of the frames). */
  readonly done: Promise<void>;
  readonly #frames: AsyncIterableIterator<EncodedMediaFrame>;
  readonly #onFrame: ((frame: EncodedMediaFrame) => void) | undefined;

  /** Starts reading `receiver`'s frames now; `onFrame` sees each as it arrives. */
  constructor(
    readonly receiver: RTCRtpReceiver,
    readonly path: string,
    options: { onFrame?: (frame: EncodedMediaFrame) => void } = {},
  ) {
    this.#frames = receiverFrames(receiver);
    this.#onFrame = options.onFrame;
    this.done = receiver.track.kind === 'video' ? this.#video() : this.#audio();
  }

  /** Ends the recording; resolves once the file is closed. */
  async stop(): Promise<void> {
    await this.#frames.return?.();
    await this.done;
  }

  #arrived(frame: EncodedMediaFrame): void {
    const now = performance.now();
    const c = this.counts;
    if (c.lastAtMs !== undefined) c.longestGapMs = Math.max(c.longestGapMs, now - c.lastAtMs);
    c.firstAtMs ??= now;
    c.lastAtMs = now;
    c.received++;
    if (frame.keyFrame) c.keyFrames++;
    this.#onFrame?.(frame);
  }

  async #video(): Promise<void> {
    let writer: IvfFileWriter | undefined;
    let originUs = 0;
    try {
      for await (const frame of this.#frames) {
        this.#arrived(frame);
        if (writer === undefined) {
          const fourcc = IVF_FOURCC[frame.codec.toLowerCase()];
          if (fourcc === undefined) throw new Error(`cannot write ${frame.codec} to IVF`);
          // A file a decoder can open starts with a key frame: ask for one and wait.
          if (!frame.keyFrame || frame.width === undefined || frame.height === undefined) {
            if (this.counts.received === 1) requestKeyFrame(this.receiver);
            continue;
          }
          this.counts.width = frame.width;
          this.counts.height = frame.height;
          // Millisecond pts: IVF needs a timebase, and receivers give microseconds.
          writer = await IvfFileWriter.create(this.path, { fourcc, width: frame.width, height: frame.height, timebaseRate: 1000 });
          originUs = frame.timestamp;
        }
        await writer.write(frame.data, Math.round((frame.timestamp - originUs) / 1000));
        this.counts.written++;
      }
    } finally {
      await writer?.close();
    }
  }

  async #audio(): Promise<void> {
    let file: FileHandle | undefined;
    let writer: OggOpusWriter | undefined;
    try {
      for await (const frame of this.#frames) {
        this.#arrived(frame);
        if (frame.codec.toLowerCase() !== 'audio/opus') throw new Error(`cannot write ${frame.codec} to Ogg Opus`);
        if (writer === undefined) {
          // RFC 7845 §5.1: 312 samples of pre-skip, as libopus's encoder delay.
          writer = new OggOpusWriter({ serial: (Math.random() * 0x1_0000_0000) >>> 0, channels: parseOpusPacket(frame.data).stereo ? 2 : 1, preSkip: 312 });
          file = await open(this.path, 'w');
          await file.write(writer.start());
        }
        await file!.write(writer.packet(frame.data));
        this.counts.written++;
      }
      if (writer) await file!.write(writer.end());
    } finally {
      await file?.close();
    }
  }
}
