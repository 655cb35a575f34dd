// The media of getUserMedia's fake devices: while a sink (an RTCRtpSender's connection)
// takes a fake track's frames, a camera track yields VP8 frames of the test pattern at its
// settings' width, height and frameRate, scaled by the sending encoding's
// scaleResolutionDownBy and capped by its maxFramerate, read at every frame (a new size starts with a key
// frame, so applyConstraints takes effect at the next frame): a key frame every second
// (every 250 ms in the first two) and whenever the peer asks (PLI/FIR), inter frames
// between. A microphone track yields an Opus packet of a 440 Hz tone every 20 ms. A
// disabled track sends black frames and silence, as browsers do (mediacapture-main,
// MediaStreamTrack.enabled: a disabled track renders black or silent). The timers are
// unref'd and end with the track or the sink; nothing here runs without a sink.
import { SILENCE_LEVEL_DBOV, SILENCE_PACKET, TONE_LEVEL_DBOV, TONE_PACKET_SAMPLES, TONE_PACKETS, TestPatternVideo } from '../media/index.js';
import type { EncodedMediaFrame, FrameGeneratorRun, GeneratorEncoding } from './encoded-media.js';
import type { MediaStreamTrack } from './media-stream-track.js';

/** A frame consumer registered on a track's source. */
type Sink = (frame: EncodedMediaFrame) => void;

/** Key frames at least this often (ms), so a receiver that lost one recovers without asking. */
const KEY_FRAME_INTERVAL_MS = 1_000;
/**
 * In a run's first seconds, key frames this often (ms): frames start with the negotiation,
 * before the transport carries them, and a receiver that cannot ask for a key frame must
 * not wait a whole interval for its first.
 */
const START_KEY_FRAME_INTERVAL_MS = 250;
const START_MS = 2_000;
/** Audio packet duration (ms): 20 ms Opus packets. */
const AUDIO_PACKET_MS = (TONE_PACKET_SAMPLES * 1000) / 48_000;
/** Behind schedule by more than this, a generator skips ahead instead of bursting. */
const MAX_LAG_MS = 100;
/** Audio packets sent at once at most when the event loop was late. */
const MAX_AUDIO_BURST = 5;

function numberSetting(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

/** Runs `tick` at its returned due time (performance.now() ms) until it returns undefined or the stop is called. */
function schedule(tick: (now: number) => number | undefined): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = (): void => {
    timer = undefined;
    if (stopped) return;
    const due = tick(performance.now());
    if (due === undefined) return;
    timer = setTimeout(run, Math.max(0, due - performance.now()));
    timer.unref?.();
  };
  timer = setTimeout(run, 0);
  timer.unref?.();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}

/** Starts the test-pattern camera for one sink of `track`. */
export function startFakeVideo(track: MediaStreamTrack, sink: Sink, encoding: () => GeneratorEncoding | undefined = () => undefined): FrameGeneratorRun {
  const origin = performance.now();
  let pattern: TestPatternVideo | undefined;
  let index = 0;
  let due = origin;
  let keyWanted = true;
  let lastKeyMs = -Infinity;
  let wasEnabled = track.enabled;
  const stop = schedule((now) => {
    if (track.readyState === 'ended') return undefined;
    const s = track.getSettings();
    // W3C webrtc §5.2 RTCRtpEncodingParameters: the sender scales the track's frames down by
    // scaleResolutionDownBy (at least 1) and sends no more than maxFramerate frames a second.
    const e = encoding();
    const scale = e?.scaleResolutionDownBy !== undefined && e.scaleResolutionDownBy >= 1 ? e.scaleResolutionDownBy : 1;
    const width = numberSetting(numberSetting(s.width, 640, 1, 16383) / scale, 1, 1, 16383);
    const height = numberSetting(numberSetting(s.height, 480, 1, 16383) / scale, 1, 1, 16383);
    const trackRate = typeof s.frameRate === 'number' && s.frameRate > 0 ? Math.min(s.frameRate, 120) : 30;
    const frameRate = e?.maxFramerate !== undefined && e.maxFramerate > 0 ? Math.min(trackRate, e.maxFramerate) : trackRate;
    if (pattern?.width !== width || pattern.height !== height) {
      pattern = new TestPatternVideo(width, height);
      keyWanted = true;
    }
    // Late frames are dropped; the frame after a gap follows an unsent one, so it is a key frame.
    if (now - due > MAX_LAG_MS) {
      due = now;
      keyWanted = true;
    }
    const enabled = track.enabled;
    const interval = due - origin < START_MS ? START_KEY_FRAME_INTERVAL_MS : KEY_FRAME_INTERVAL_MS;
    const keyFrame = keyWanted || enabled !== wasEnabled || due - lastKeyMs >= interval;
    // The capture time of the frame, from the first one (RTP timestamps follow it, RFC 3550 §5.1).
    const timestamp = Math.round((due - origin) * 1000);
    const data = enabled ? pattern.frame(index, keyFrame) : pattern.black(keyFrame);
    sink({ codec: 'video/VP8', data, timestamp, keyFrame });
    index++;
    wasEnabled = enabled;
    keyWanted = false;
    if (keyFrame) lastKeyMs = due;
    due += 1000 / frameRate;
    return due;
  });
  return { stop, requestKeyFrame: () => void (keyWanted = true) };
}

/** Starts the tone microphone for one sink of `track`. */
export function startFakeAudio(track: MediaStreamTrack, sink: Sink): FrameGeneratorRun {
  const origin = performance.now();
  let packet = 0;
  const stop = schedule((now) => {
    if (track.readyState === 'ended') return undefined;
    const behind = Math.floor((now - origin) / AUDIO_PACKET_MS) - packet;
    // Late by more than the lag bound: the packets of the gap are skipped, their time passes.
    if (behind * AUDIO_PACKET_MS > MAX_LAG_MS) packet += behind - 1;
    for (let n = 0; n < MAX_AUDIO_BURST && origin + packet * AUDIO_PACKET_MS <= now; n++, packet++) {
      const data = track.enabled ? TONE_PACKETS[packet % TONE_PACKETS.length]! : SILENCE_PACKET;
      // RFC 7587 §4.1: the timestamp counts 48 kHz samples; 960 per packet. RFC 6464: the
      // packet's level goes in the audio level extension where it is negotiated.
      const audioLevel = track.enabled ? TONE_LEVEL_DBOV : SILENCE_LEVEL_DBOV;
      sink({ codec: 'audio/opus', data, timestamp: packet * AUDIO_PACKET_MS * 1000, keyFrame: true, audioLevel });
    }
    return origin + packet * AUDIO_PACKET_MS;
  });
  // Every Opus packet decodes on its own.
  return { stop, requestKeyFrame: () => undefined };
}
