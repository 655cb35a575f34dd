// getUserMedia's fake devices send real media between two RTCPeerConnections on 127.0.0.1:
// the camera's VP8 frames arrive at the requested frame rate, key frames at the requested
// size, the microphone's Opus packets at 50 a second with 960-sample timestamp steps;
// applyConstraints resizes the next frame; a disabled camera sends black frames and a
// disabled microphone silence; a key frame request is answered; stop() ends the frames; a
// sender made inactive and then sending again resumes its stream (the remote tracks unmute);
// a stopped transceiver stops sending at once (the remote tracks mute on its BYE).
import assert from 'node:assert/strict';
import { RTCPeerConnection, mediaDevices, receiverFrames, requestKeyFrame, type EncodedMediaFrame, type MediaStreamTrack } from '../../src/index.js';
import { SILENCE_PACKET, TestPatternVideo, TONE_PACKETS } from '../../src/media/index.js';
import { negotiatePair, untilConnected } from './pair.js';


const pending = new WeakMap<AsyncIterableIterator<EncodedMediaFrame>, Promise<IteratorResult<EncodedMediaFrame>>>();

/**
 * Frames from `it` for `ms` after the first (bounded by `firstWithinMs`). A read still
 * waiting when the time is up is kept for the next call, so no frame is lost between calls.
 */
async function collect(it: AsyncIterableIterator<EncodedMediaFrame>, ms: number, firstWithinMs = 5_000): Promise<EncodedMediaFrame[]> {
  const frames: EncodedMediaFrame[] = [];
  let deadline = Date.now() + firstWithinMs;
  while (Date.now() < deadline) {
    const next = pending.get(it) ?? it.next();
    pending.set(it, next);
    const r = await Promise.race([next, new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now())))]);
    if (r === null) break;
    pending.delete(it);
    if (r.done) break;
    if (frames.length === 0) deadline = Date.now() + ms;
    frames.push(r.value);
  }
  return frames;
}

/** Whether `track` fires `type` within 3 s. */
function event(track: MediaStreamTrack, type: 'mute' | 'unmute'): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 3_000);
    track.addEventListener(type, () => { clearTimeout(timer); resolve(true); }, { once: true });
  });
}

describe('api/fake media (getUserMedia sends VP8 and Opus)', function () {
  this.timeout(40_000);
  let a: RTCPeerConnection;
  let b: RTCPeerConnection;
  let remote: Map<string, { receiver: object; track: MediaStreamTrack }>;
  let local: { audio: MediaStreamTrack; video: MediaStreamTrack };

  beforeEach(async () => {
    a = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    b = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    const stream = await mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 25 } });
    local = { audio: stream.getAudioTracks()[0]!, video: stream.getVideoTracks()[0]! };
    for (const t of stream.getTracks()) a.addTrack(t, stream);
    remote = new Map();
    b.ontrack = (e) => void remote.set(e.track.kind, { receiver: e.receiver, track: e.track as never });
    await negotiatePair(a, b);
    await untilConnected(a, b);
    assert.equal(b.connectionState, 'connected');
  });
  afterEach(() => {
    local.audio.stop();
    local.video.stop();
    a.close();
    b.close();
  });

  it('a direction made inactive and then sending again: the remote tracks mute, then unmute on the resumed packets (three rounds)', async () => {
    const tracks = [...remote.values()].map((r) => r.track);
    assert.equal(tracks.length, 2);
    await Promise.all(tracks.map((t) => (t.muted ? event(t, 'unmute') : true)));
    for (let round = 0; round < 3; round++) {
      const muted = tracks.map((t) => event(t, 'mute'));
      for (const t of a.getTransceivers()) t.direction = 'inactive';
      await negotiatePair(a, b);
      assert.deepEqual(await Promise.all(muted), [true, true], `round ${round}: muted`);
      const unmuted = tracks.map((t) => event(t, 'unmute'));
      for (const t of a.getTransceivers()) t.direction = 'sendrecv';
      await negotiatePair(a, b);
      assert.deepEqual(await Promise.all(unmuted), [true, true], `round ${round}: unmuted`);
    }
  });

  it('transceiver.stop() without renegotiation: the sender stops at once and says BYE, the remote tracks mute (W3C webrtc §5.4)', async () => {
    const tracks = [...remote.values()].map((r) => r.track);
    const frames = receiverFrames(remote.get('video')!.receiver as never);
    assert.ok((await collect(frames, 200)).length > 0, 'video arrives before the stop');
    const muted = tracks.map((t) => event(t, 'mute'));
    for (const t of a.getTransceivers()) t.stop();
    assert.deepEqual(await Promise.all(muted), [true, true]);
    // Nothing more arrives: a frame in flight at the stop at most.
    assert.ok((await collect(frames, 300, 300)).length <= 1, 'frames after the stop');
    assert.equal(local.video.readyState, 'live', "the sender's track is not ended by stop()");
  });

  it('video: VP8 frames of the test pattern, key frames at 320x240, about 25 a second, 90 kHz timestamps', async () => {
    const frames = await collect(receiverFrames(remote.get('video')!.receiver), 1_000);
    assert.ok(frames.length >= 15 && frames.length <= 30, `${frames.length} frames in 1 s at 25 fps`);
    const pattern = new TestPatternVideo(320, 240);
    const known = [...Array(pattern.period).keys()].flatMap((i) => [pattern.frame(i), pattern.frame(i, false)]);
    for (const f of frames) {
      assert.equal(f.codec, 'video/VP8');
      assert.ok(known.some((k) => Buffer.from(k).equals(f.data)), 'a frame of the pattern');
      if (!f.keyFrame) continue;
      assert.equal(f.width, 320);
      assert.equal(f.height, 240);
    }
    const keys = frames.filter((f) => f.keyFrame).length;
    assert.ok(keys >= 1 && keys <= 6, `${keys} key frames in 1 s (every 250 ms in the first 2 s, then every second)`);
    assert.ok(new Set(frames.map((f) => Buffer.from(f.data).toString('base64'))).size > 1, 'frames differ');
    const steps = frames.slice(1).map((f, i) => (f.rtpTimestamp! - frames[i]!.rtpTimestamp!) >>> 0);
    const mean = steps.reduce((x, y) => x + y, 0) / steps.length;
    assert.ok(Math.abs(mean - 3600) < 600, `mean RTP timestamp step ${mean} (3600 at 25 fps)`);
    assert.equal(remote.get('video')!.track.muted, false, 'the remote track unmuted');
  });

  it("video: the sender's scaleResolutionDownBy and maxFramerate shape the frames (W3C webrtc §5.2)", async () => {
    const sender = a.getSenders().find((x) => x.track === local.video)!;
    const video = receiverFrames(remote.get('video')!.receiver);
    await collect(video, 200);
    const p = sender.getParameters();
    p.encodings[0]!.scaleResolutionDownBy = 2;
    p.encodings[0]!.maxFramerate = 10;
    await sender.setParameters(p);
    await collect(video, 300);
    const frames = await collect(video, 1_000);
    assert.ok(frames.length >= 6 && frames.length <= 13, `${frames.length} frames in 1 s at maxFramerate 10`);
    const keys = frames.filter((f) => f.keyFrame);
    assert.ok(keys.length >= 1 && keys.every((f) => f.width === 160 && f.height === 120), `key frames ${keys.map((f) => `${f.width}x${f.height}`).join(' ')}`);
  });

  it('audio: Opus packets of the tone, 50 a second, 960 samples apart', async () => {
    const packets = await collect(receiverFrames(remote.get('audio')!.receiver), 1_000);
    assert.ok(packets.length >= 35 && packets.length <= 60, `${packets.length} packets in 1 s`);
    for (const p of packets) {
      assert.equal(p.codec, 'audio/opus');
      assert.ok(TONE_PACKETS.some((t) => Buffer.from(t).equals(p.data)), 'a packet of the tone');
    }
    // RFC 6464: each packet carries the tone's level, -21 dBov.
    const sources = (remote.get('audio')!.receiver as { getSynchronizationSources(): Array<{ audioLevel?: number }> }).getSynchronizationSources();
    assert.equal(sources.length, 1);
    assert.ok(Math.abs(sources[0]!.audioLevel! - Math.pow(10, -21 / 20)) < 1e-9, `audioLevel ${sources[0]!.audioLevel}`);
    // Timestamps step by 960 samples; a generator that fell more than 100 ms behind (a
    // loaded machine) skips whole packets, so a step may be a larger multiple of 960.
    const steps = packets.slice(1).map((p, i) => (p.rtpTimestamp! - packets[i]!.rtpTimestamp!) >>> 0);
    steps.forEach((step, i) => assert.ok(step > 0 && step % 960 === 0, `step ${step} after packet ${i}`));
    assert.ok(steps.filter((s) => s === 960).length >= 0.9 * steps.length, `steps: ${steps.join(' ')}`);
  });

  it('applyConstraints resizes the next key frame; a disabled track sends black frames and silence; stop() ends them', async () => {
    const video = receiverFrames(remote.get('video')!.receiver);
    const audio = receiverFrames(remote.get('audio')!.receiver);
    await collect(video, 100);
    await local.video.applyConstraints({ width: 160, height: 120 });
    const resized = await collect(video, 300);
    assert.ok(resized.some((f) => f.keyFrame && f.width === 160 && f.height === 120), `a key frame at 160x120 after applyConstraints: ${resized.map((f) => `${f.width}x${f.height}`).join(' ')}`);
    local.video.enabled = false;
    local.audio.enabled = false;
    await new Promise((r) => setTimeout(r, 200));
    const small = new TestPatternVideo(160, 120);
    const dark = await collect(video, 300);
    const isBlack = (f: EncodedMediaFrame): boolean => Buffer.from(f.data).equals(small.black(false)) || Buffer.from(f.data).equals(small.black());
    assert.ok(dark.length > 0 && isBlack(dark.at(-1)!), 'disabled camera: black frames (key or inter)');
    // Past the start's frequent key frames, then a request.
    await new Promise((r) => setTimeout(r, 2_000));
    await collect(video, 50);
    // The receiver asks over the wire (PLI), as a viewer's decoder would.
    assert.equal(requestKeyFrame(remote.get('video')!.receiver as never), true);
    const asked = await collect(video, 400);
    assert.ok(asked.some((f) => f.keyFrame && Buffer.from(f.data).equals(small.black())), `a key frame when one is asked for: ${asked.map((f) => `${f.keyFrame}:${f.data.length}`).join(" ")}`);
    await collect(audio, 100);
    const quiet = await collect(audio, 200);
    assert.ok(quiet.length > 0 && quiet.every((p) => Buffer.from(p.data).equals(SILENCE_PACKET)), 'disabled microphone: silence packets');
    local.video.stop();
    await new Promise((r) => setTimeout(r, 200));
    await collect(video, 50, 50);
    const after = await collect(video, 300, 300);
    assert.equal(after.length, 0, 'no frames after stop()');
  });
});
