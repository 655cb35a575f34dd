// Audio and video both ways in one session, as a call has them: purertc sends VP8 and Opus
// clips while the browser sends its fake camera and microphone, over one bundle. The page
// must decode and play what purertc sends (media-flows.ts checks); in Node both remote
// tracks must unmute and yield frames, which receiver.getStats() counts, and the browser
// must see purertc's receiver reports for both of its streams.
import assert from 'node:assert/strict';
import { EncodedTrackSource, receiverFrames, type EncodedMediaFrame, type MediaStreamTrack } from '../../src/index.js';
import type { BrowserKind } from './browser.js';
import { OPUS_FRAME_SAMPLES, makeOpusClip, makeVp8Clip, pushPaced, record } from './media-clips.js';
import { AUDIO_JITTER_TARGET_MS, checkRemoteInbound, expectAudioPlayed, expectVideoDecoded, receiverInbound } from './media-flows.js';
import { openMediaSession, scratchDir, until } from './media-session.js';
import type { ScenarioContext } from './scenario.js';

/** How long purertc reads each remote track. */
const RECORD_MS = 2_500;

/** One remote track in Node and the frames read from its track event on. */
interface Remote {
  receiver: object;
  track: MediaStreamTrack;
  frames: AsyncIterableIterator<EncodedMediaFrame>;
}

/** Runs the exchange with `offerer` offering and checks both directions. */
export async function audioVideoBothWays(context: ScenarioContext, kind: BrowserKind, offerer: 'node' | 'browser'): Promise<void> {
  const dir = await scratchDir(context);
  const [video, audio] = [await makeVp8Clip(dir, 3), await makeOpusClip(dir, 3)];
  const page = await context.page(kind);
  const sources = { video: new EncodedTrackSource({ kind: 'video' }), audio: new EncodedTrackSource({ kind: 'audio' }) };
  context.defer(() => (sources.video.track.stop(), sources.audio.track.stop()));
  const remotes = new Map<string, Remote>();
  const session = await openMediaSession(context, page, {
    offerer,
    pageSetup: { send: { audio: true, video: true }, codec: 'video/VP8', jitterBufferTargetMs: AUDIO_JITTER_TARGET_MS },
    nodeSetup: (pc) => {
      pc.ontrack = (event) => {
        const track = event.track as MediaStreamTrack;
        if (remotes.has(track.kind)) return;
        const frames = receiverFrames(event.receiver);
        context.defer(() => frames.return?.());
        remotes.set(track.kind, { receiver: event.receiver, track, frames });
      };
      // JSEP §5.10: answering, tracks added before the offer is applied take its m-sections (sendrecv).
      pc.addTrack(sources.audio.track);
      pc.addTrack(sources.video.track);
    },
  });
  await until(() => remotes.size === 2, 5_000, () => `purertc had track events for ${[...remotes.keys()].join(', ') || 'nothing'}`);
  const remoteVideo = remotes.get('video')!;
  const remoteAudio = remotes.get('audio')!;
  const started = Date.now();
  const recording = Promise.all([record(remoteVideo.frames, RECORD_MS, 5_000), record(remoteAudio.frames, RECORD_MS, 5_000)]);
  const pushingVideo = pushPaced(sources.video, video, context.signal);
  await expectAudioPlayed(context, session, kind, audio.length, started, pushPaced(sources.audio, audio, context.signal));
  await pushingVideo;
  await expectVideoDecoded(context, session, kind, video.length, started);

  const [videoFrames, audioFrames] = await recording;
  context.log(`purertc received ${videoFrames.length} video frames (key frames at ${videoFrames.flatMap((f, i) => (f.keyFrame ? [i] : [])).join(', ')}) and ${audioFrames.length} Opus packets; tracks muted: video ${remoteVideo.track.muted}, audio ${remoteAudio.track.muted}`);
  assert.deepEqual([remoteVideo.track.muted, remoteAudio.track.muted], [false, false], 'both remote tracks unmuted');
  assert.ok(videoFrames.length >= (RECORD_MS / 1000) * 10, `only ${videoFrames.length} video frames in ${RECORD_MS} ms`);
  assert.ok(videoFrames[0]?.keyFrame, 'the first video frame is a key frame');
  assert.ok(videoFrames.every((f) => f.codec === 'video/VP8'), 'every video frame is VP8');
  assert.ok(audioFrames.length >= (0.8 * RECORD_MS) / 20, `only ${audioFrames.length} Opus packets in ${RECORD_MS} ms`);
  assert.ok(audioFrames.every((f) => f.codec === 'audio/opus'), 'every audio frame is Opus');
  const steps = audioFrames.slice(1).filter((f, i) => ((f.rtpTimestamp! - audioFrames[i]!.rtpTimestamp!) >>> 0) !== OPUS_FRAME_SAMPLES);
  assert.equal(steps.length, 0, 'every Opus packet 20 ms after the one before');
  for (const [what, remote, frames] of [['video', remoteVideo, videoFrames], ['audio', remoteAudio, audioFrames]] as const) {
    const inbound = await receiverInbound(remote.receiver);
    context.log(`purertc ${what} inbound-rtp: ${JSON.stringify(inbound)}`);
    assert.ok(inbound, `purertc has no ${what} inbound-rtp`);
    assert.ok(Number(inbound.packetsReceived) >= frames.length, `${what} inbound-rtp counts ${inbound.packetsReceived} packets for ${frames.length} frames`);
    if (what === 'video') assert.ok(Number(inbound.framesReceived) >= frames.length, `video inbound-rtp counts ${inbound.framesReceived} frames for ${frames.length}`);
    await checkRemoteInbound(context, session, kind, what);
  }
}
