// getUserMedia's fake devices to a live Chromium and Firefox, either side offering: purertc's
// getUserMedia({ audio: true, video: { width: 640, height: 480 } }) tracks are added to the
// connection; the page attaches the remote tracks to <audio>/<video> elements (so the browser
// decodes and plays them) and its inbound-rtp must show, over a 3 s window once media
// flows, framesDecoded rising at about the 30 fps sent at 640x480, and the audio's
// totalSamplesReceived rising at about 48 kHz with concealedSamples under 2% of it, at
// the tone's level (audioLevel), not silence.
import assert from 'node:assert/strict';
import { mediaDevices, type MediaStreamTrack } from '../../src/index.js';
import type { Scenario } from '../harness/index.js';
import { openMediaSession, statsOf } from '../harness/media-session.js';

const TIMEOUT_MS = 40_000;
const WIDTH = 640;
const HEIGHT = 480;
const FPS = 30;
/** Bound for the first decoded frame and audio sample in the page. */
const START_BOUND_MS = 10_000;
/** The window the rates are measured over. */
const WINDOW_MS = 3_000;

/** The numbers the scenario reads from the page's inbound-rtp objects. */
interface Reading {
  atMs: number;
  framesDecoded: number;
  frameWidth: unknown;
  frameHeight: unknown;
  totalSamplesReceived: number;
  concealedSamples: number;
}

function scenario(browser: 'chromium' | 'firefox', offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/getusermedia/${browser}: ${offerer === 'node' ? 'purertc offers' : 'browser offers'}: purertc's fake camera and microphone decode in the page at ${WIDTH}x${HEIGHT}, ~${FPS} fps, audio concealment under 2%`,
    browsers: [browser],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const stream = await mediaDevices.getUserMedia({ audio: true, video: { width: WIDTH, height: HEIGHT } });
      const tracks = stream.getTracks() as MediaStreamTrack[];
      context.defer(() => tracks.forEach((t) => t.stop()));
      const page = await context.page(browser);
      const session = await openMediaSession(context, page, {
        offerer,
        pageSetup: offerer === 'browser' ? { receive: ['audio', 'video'] } : {},
        nodeSetup: (pc) => tracks.forEach((t) => pc.addTrack(t, stream)),
      });
      const read = async (): Promise<Reading & { video?: Record<string, unknown>; audio?: Record<string, unknown>; tracks: string[] }> => {
        const report = await session.pageStats();
        const video = statsOf(report.stats, 'inbound-rtp', 'video');
        const audio = statsOf(report.stats, 'inbound-rtp', 'audio');
        return {
          atMs: Date.now(),
          framesDecoded: Number(video?.framesDecoded ?? 0),
          frameWidth: video?.frameWidth,
          frameHeight: video?.frameHeight,
          totalSamplesReceived: Number(audio?.totalSamplesReceived ?? 0),
          concealedSamples: Number(audio?.concealedSamples ?? 0),
          video,
          audio,
          tracks: report.tracks,
        };
      };
      // Unmuted elements (Chromium itself runs with --mute-audio): the browser then measures
      // the level of what it plays, which tells a tone from silence.
      await page.evaluate(() => {
        for (const element of (globalThis as any).document.querySelectorAll('audio')) element.muted = false;
      });
      let first = await read();
      const startDeadline = Date.now() + START_BOUND_MS;
      while ((first.framesDecoded === 0 || first.totalSamplesReceived === 0) && Date.now() < startDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        first = await read();
      }
      context.log(`first reading: ${JSON.stringify({ ...first, video: undefined, audio: undefined })}`);
      assert.ok(first.framesDecoded > 0, `the browser decoded no frame within ${START_BOUND_MS} ms (remote tracks ${first.tracks.join(', ')})`);
      assert.ok(first.totalSamplesReceived > 0, `the browser received no audio sample within ${START_BOUND_MS} ms`);
      // Past the start (jitter buffers filling), then the window.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const from = await read();
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      const to = await read();
      const seconds = (to.atMs - from.atMs) / 1000;
      const fps = (to.framesDecoded - from.framesDecoded) / seconds;
      const sampleRate = (to.totalSamplesReceived - from.totalSamplesReceived) / seconds;
      const concealed = to.concealedSamples - from.concealedSamples;
      const received = to.totalSamplesReceived - from.totalSamplesReceived;
      context.log(`over ${seconds.toFixed(2)} s: ${fps.toFixed(1)} frames decoded/s, ${sampleRate.toFixed(0)} samples/s, ${concealed} of ${received} samples concealed`);
      context.log(`${browser} video inbound-rtp: ${JSON.stringify(to.video)}\n${browser} audio inbound-rtp: ${JSON.stringify(to.audio)}`);
      assert.equal(to.frameWidth, WIDTH, 'frameWidth');
      assert.equal(to.frameHeight, HEIGHT, 'frameHeight');
      assert.ok(fps >= 0.75 * FPS && fps <= 1.25 * FPS, `framesDecoded rose ${fps.toFixed(1)}/s, not about ${FPS}`);
      assert.ok(sampleRate >= 0.75 * 48_000 && sampleRate <= 1.25 * 48_000, `totalSamplesReceived rose ${sampleRate.toFixed(0)}/s, not about 48000`);
      assert.ok(received > 0 && concealed / received < 0.02, `${concealed} of ${received} samples concealed (2% allowed)`);
      // The tone's peak is about 0.126 of full scale; silence would read 0.
      assert.ok(Number(to.audio?.audioLevel ?? 0) > 0.05, `audioLevel ${to.audio?.audioLevel}: the browser plays silence, not the tone`);
      const total = to.concealedSamples / to.totalSamplesReceived;
      context.log(`since the first packet: ${to.concealedSamples} of ${to.totalSamplesReceived} samples concealed (${(100 * total).toFixed(2)}%)`);
    },
  };
}

/** purertc's getUserMedia media to Chromium and Firefox, with either side offering. */
export const scenarios: Scenario[] = [scenario('chromium', 'node'), scenario('chromium', 'browser'), scenario('firefox', 'node'), scenario('firefox', 'browser')];
