// Video between purertc and libwebrtc (@roamhq/wrtc) in this process, over loopback, with
// either side offering. purertc sends ffmpeg's testsrc (320x240, VP8) through an
// EncodedTrackSource and wrtc's nonstandard RTCVideoSink must report decoded frames at that
// size; wrtc's RTCVideoSource sends synthetic I420 frames at 320x240 and the frames purertc's
// receiverFrames yields must include key frames whose bitstream says 320x240. The clip is made
// with ffmpeg at test time: without ffmpeg the sending test is skipped, saying so, unless
// CI=true, where it fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wrtc from '@roamhq/wrtc';
import { EncodedTrackSource, receiverFrames, type EncodedMediaFrame } from '../../src/index.js';
import { readIvfFile } from '../../src/media/index.js';
import { libwebrtc, purertc, type PeerLike } from '../helpers/peers.js';
import { Signaling } from '../helpers/signaling.js';

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 30;
/** Frames the receiving side must see at the right size. */
const FRAMES_WANTED = 15;
/** From negotiation to that many frames. */
const RECEIVE_BOUND_MS = 15_000;

/** wrtc's nonstandard video source and sink (not in its type declarations). */
interface I420Frame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
interface WrtcNonstandard {
  RTCVideoSource: new () => { createTrack(): WrtcTrack; onFrame(frame: I420Frame): void };
  RTCVideoSink: new (track: WrtcTrack) => { onframe: ((e: { frame: I420Frame }) => void) | null; stop(): void };
}
interface WrtcTrack {
  stop(): void;
}
const { RTCVideoSource, RTCVideoSink } = (wrtc as unknown as { nonstandard: WrtcNonstandard }).nonstandard;

/** The slice of either stack's peer connection these tests use beyond the data-channel tests'. */
type MediaPeer = PeerLike & {
  addTrack(track: unknown, ...streams: unknown[]): unknown;
  ontrack: ((e: { track: unknown; receiver: unknown }) => void) | null;
  connectionState: string;
};

/** RFC 6386 §9.1: a key frame's tag (bit 0 clear), start code 9d 01 2a, then 14-bit width and height. */
function vp8KeyFrameSize(data: Uint8Array): { width: number; height: number } | undefined {
  if (data.length < 10 || (data[0]! & 0x01) !== 0 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return undefined;
  return { width: (data[6]! | (data[7]! << 8)) & 0x3fff, height: (data[8]! | (data[9]! << 8)) & 0x3fff };
}

function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version']).status === 0;
}

/** 3 s of testsrc at 320x240, 30 fps, VP8 with a key frame every 30 frames, as IVF. */
function makeClip(dir: string): string {
  const path = join(dir, 'testsrc.ivf');
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${WIDTH}x${HEIGHT}:rate=${FPS}`, '-t', '3', '-c:v', 'libvpx', '-g', '30', '-keyint_min', '30'];
  args.push('-auto-alt-ref', '0', '-lag-in-frames', '0', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-f', 'ivf', path);
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make the clip: ${r.stderr}`);
  return path;
}

/** Both peers, negotiated with `offerer` offering; closed by `cleanup`. */
async function connect(offerer: 'purertc' | 'libwebrtc', setup: (ours: MediaPeer, theirs: MediaPeer) => void, cleanup: (() => void)[]): Promise<{ ours: MediaPeer; theirs: MediaPeer }> {
  const ours = purertc.create() as MediaPeer;
  const theirs = libwebrtc.create() as MediaPeer;
  cleanup.push(() => {
    ours.close();
    theirs.close();
  });
  setup(ours, theirs);
  const signaling = offerer === 'purertc' ? new Signaling(ours, theirs) : new Signaling(theirs, ours);
  await signaling.negotiate();
  return { ours, theirs };
}

/** Resolves when `done()` holds, polling; rejects with `what()` after the bound. */
async function until(done: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + RECEIVE_BOUND_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${RECEIVE_BOUND_MS} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('media against libwebrtc (@roamhq/wrtc)', function () {
  this.timeout(RECEIVE_BOUND_MS + 10_000);
  let cleanup: (() => void)[] = [];
  before(() => {
    // @roamhq/wrtc 0.10.0 crashes (SIGSEGV) in its native teardown when a process that made an
    // RTCVideoSource or RTCVideoSink ends by draining its event loop, even with every track
    // stopped and every connection closed (three lines reproduce it). Once the loop is empty,
    // leave with the exit code mocha set, before those destructors run.
    process.once('beforeExit', () => process.exit(process.exitCode ?? 0));
  });
  afterEach(() => {
    for (const f of cleanup.reverse()) f();
    cleanup = [];
  });

  for (const offerer of ['purertc', 'libwebrtc'] as const) {
    it(`purertc sends VP8 (${offerer} offers): wrtc's RTCVideoSink decodes frames at ${WIDTH}x${HEIGHT}`, async function () {
      if (!hasFfmpeg()) {
        if (process.env.CI === 'true') throw new Error('ffmpeg is required for the libwebrtc media tests when CI=true');
        console.log('      ffmpeg is not installed (apt-get install -y ffmpeg): no VP8 clip to send, skipped');
        this.skip();
      }
      const dir = mkdtempSync(join(tmpdir(), 'purertc-wrtc-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const clip = await readIvfFile(makeClip(dir));
      assert.equal(clip.header.fourcc, 'VP80');
      const source = new EncodedTrackSource({ kind: 'video' });
      cleanup.push(() => source.track.stop());
      const sizes: string[] = [];
      await connect(
        offerer,
        (ours, theirs) => {
          ours.addTrack(source.track);
          // With wrtc offering, its offer must ask to receive video.
          if (offerer === 'libwebrtc') (theirs as unknown as { addTransceiver(kind: string, init: object): unknown }).addTransceiver('video', { direction: 'recvonly' });
          theirs.ontrack = (e) => {
            const sink = new RTCVideoSink(e.track as WrtcTrack);
            cleanup.push(() => sink.stop());
            sink.onframe = ({ frame }) => void sizes.push(`${frame.width}x${frame.height}`);
          };
        },
        cleanup,
      );
      // The clip, looped, at its frame rate until the sink has seen enough (bounded by `until`).
      let i = 0;
      const pump = setInterval(() => {
        const frame = clip.frames[i % clip.frames.length]!;
        source.push({ codec: 'video/VP8', data: frame.data, timestamp: (i * 1e6) / FPS, keyFrame: (frame.data[0]! & 0x01) === 0 });
        i++;
      }, 1000 / FPS);
      cleanup.push(() => clearInterval(pump));
      const right = (): number => sizes.filter((s) => s === `${WIDTH}x${HEIGHT}`).length;
      await until(() => right() >= FRAMES_WANTED, () => `${right()} of ${FRAMES_WANTED} frames at ${WIDTH}x${HEIGHT} (${sizes.length} frames in all, ${i} pushed)`);
      assert.deepEqual([...new Set(sizes)], [`${WIDTH}x${HEIGHT}`], 'every decoded frame has the clip size');
    });

    it(`wrtc's RTCVideoSource sends ${WIDTH}x${HEIGHT} (${offerer} offers): purertc's receiverFrames yields key frames of that size`, async function () {
      const source = new RTCVideoSource();
      const track = source.createTrack();
      cleanup.push(() => track.stop());
      const frames: EncodedMediaFrame[] = [];
      let iterating: Promise<void> | undefined;
      const { ours } = await connect(
        offerer,
        (ours, theirs) => {
          theirs.addTrack(track);
          if (offerer === 'purertc') (ours as unknown as { addTransceiver(kind: string, init: object): unknown }).addTransceiver('video', { direction: 'recvonly' });
          ours.ontrack = (e) => {
            iterating ??= (async () => {
              for await (const frame of receiverFrames(e.receiver as Parameters<typeof receiverFrames>[0])) frames.push(frame);
            })();
          };
        },
        cleanup,
      );
      // Synthetic I420 frames: a gradient that moves, so the encoder has something to code.
      const ySize = WIDTH * HEIGHT;
      const data = new Uint8ClampedArray(ySize * 1.5);
      let n = 0;
      const pump = setInterval(() => {
        for (let p = 0; p < ySize; p++) data[p] = (p + n * 4) & 0xff;
        data.fill(128, ySize);
        source.onFrame({ width: WIDTH, height: HEIGHT, data });
        n++;
      }, 1000 / FPS);
      cleanup.push(() => clearInterval(pump));
      await until(
        () => frames.length >= FRAMES_WANTED && frames.some((f) => f.keyFrame),
        () => `${frames.length} frames received (${frames.filter((f) => f.keyFrame).length} key frames), connection ${ours.connectionState}`,
      );
      const keys = frames.filter((f) => f.keyFrame);
      for (const key of keys) {
        assert.equal(`${key.width}x${key.height}`, `${WIDTH}x${HEIGHT}`, `${key.codec} key frame size as purertc reports it`);
        // For VP8, read the size from the bitstream here too, independently of purertc's parser.
        if (key.codec.toLowerCase() === 'video/vp8') assert.deepEqual(vp8KeyFrameSize(key.data), { width: WIDTH, height: HEIGHT });
      }
      console.log(`      ${frames.length} frames (${keys.length} key) of ${[...new Set(frames.map((f) => f.codec))].join(', ')}`);
      ours.close();
      await iterating;
    });
  }
});
