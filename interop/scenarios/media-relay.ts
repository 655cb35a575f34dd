// The media-relay example's relay (examples/media-relay/relay.ts) between two tabs: tab A
// publishes its fake camera (VP8, 320x240) and microphone (Opus); purertc forwards the
// encoded frames, undecoded, to tab B, which must decode video at A's size, its decoded
// frame count still rising, and receive audio samples. Chromium to Chromium, Firefox ESR to
// Chromium and Firefox to Firefox (two tabs of one Firefox; with Firefox it runs in the
// suite's network namespace).
import assert from 'node:assert/strict';
import { MediaRelay } from '../../examples/media-relay/relay.js';
import type { BrowserKind, Page } from '../harness/browser.js';
import { closeMediaPeer, createMediaPeer, mediaApply, mediaConnected, mediaOffer, mediaStats, type MediaPeerSetup } from '../harness/media-page.js';
import { statsOf } from '../harness/media-session.js';
import { filterSdpCandidates } from '../harness/network.js';
import type { Scenario, ScenarioContext } from '../harness/scenario.js';

const TIMEOUT_MS = 20_000;
const CONNECT_TIMEOUT_MS = 8_000;
/** Bound for B to decode enough frames, from both tabs being connected. */
const DECODE_BOUND_MS = 8_000;
/** Frames B must decode, and how many more it must decode after that (still flowing). */
const FRAMES_WANTED = 30;
const MORE_FRAMES = 15;

/** Offers from a tab peer, hands the offer to `answer`, applies what comes back, waits for connected. */
async function negotiate(context: ScenarioContext, page: Page, setup: MediaPeerSetup, answer: (offer: { type: 'offer'; sdp: string }) => Promise<{ type: string; sdp: string }>): Promise<void> {
  await page.evaluate(createMediaPeer, setup);
  context.defer(() => page.evaluate(closeMediaPeer, setup.id));
  const offer = await page.evaluate(mediaOffer, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS });
  const { sdp } = filterSdpCandidates(offer.sdp, context.network);
  const reply = await answer({ type: 'offer', sdp });
  await page.evaluate(mediaApply, { id: setup.id, description: reply as never });
  await page.evaluate(mediaConnected, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS });
}

const NAME: Record<BrowserKind, string> = { chromium: 'Chromium', firefox: 'Firefox' };

/** The relay from a tab of `from` to a tab of `to`. */
const relayScenario = (from: BrowserKind, to: BrowserKind): Scenario => ({
  name: `media/relay: ${NAME[from]} A -> purertc -> ${NAME[to]} B without decoding: B decodes A's VP8 at 320x240 and plays its Opus`,
  browsers: [...new Set([from, to])],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const relay = new MediaRelay({ bindAddress: context.network.bindAddress, log: (line) => context.log(`relay: ${line}`) });
    context.defer(() => relay.close());
    const a = await context.page(from);
    const b = await context.page(to);
    await negotiate(context, a, { id: 'publisher', send: { audio: true, video: true }, codec: 'video/VP8' }, (offer) => relay.publish(offer));
    await negotiate(context, b, { id: 'viewer', receive: ['audio', 'video'], codec: 'video/VP8' }, (offer) => relay.view(offer));
    const started = Date.now();
    let video: Record<string, unknown> | undefined;
    let audio: Record<string, unknown> | undefined;
    const poll = async (): Promise<void> => {
      const { stats } = await b.evaluate(mediaStats, 'viewer');
      video = statsOf(stats, 'inbound-rtp', 'video');
      audio = statsOf(stats, 'inbound-rtp', 'audio');
    };
    while (Date.now() - started < DECODE_BOUND_MS) {
      await poll();
      if (Number(video?.framesDecoded ?? 0) >= FRAMES_WANTED && Number(audio?.totalSamplesReceived ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const decodedAt = Date.now() - started;
    const firstDecoded = Number(video?.framesDecoded ?? 0);
    context.log(`after ${decodedAt} ms: B video inbound-rtp ${JSON.stringify(video)}\nB audio inbound-rtp ${JSON.stringify(audio)}\nrelay ${JSON.stringify(relay.counts)}`);
    const { stats: aStats } = await a.evaluate(mediaStats, 'publisher');
    const outbound = statsOf(aStats, 'outbound-rtp', 'video');
    context.log(`A video outbound-rtp ${JSON.stringify(outbound)}`);
    assert.ok(video, 'B has no video inbound-rtp');
    assert.ok(firstDecoded >= FRAMES_WANTED, `B decoded ${firstDecoded} frames in ${DECODE_BOUND_MS} ms`);
    assert.equal(video.frameWidth, outbound?.frameWidth ?? 320, 'B decodes at A\'s width');
    assert.equal(video.frameHeight, outbound?.frameHeight ?? 240, 'B decodes at A\'s height');
    assert.equal(video.frameWidth, 320);
    assert.equal(video.frameHeight, 240);
    assert.ok(audio, 'B has no audio inbound-rtp');
    assert.ok(Number(audio.totalSamplesReceived ?? 0) > 0, `B received no audio samples (${JSON.stringify(audio)})`);
    // Still flowing: the decoded count keeps rising.
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline && Number(video?.framesDecoded ?? 0) < firstDecoded + MORE_FRAMES) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await poll();
    }
    assert.ok(Number(video?.framesDecoded ?? 0) >= firstDecoded + MORE_FRAMES, `B's framesDecoded went from ${firstDecoded} to ${video?.framesDecoded} in 3 s`);
    assert.ok(relay.counts.framesIn.audio > 0 && relay.counts.framesIn.video > 0, 'the relay took frames of both kinds');
  },
});

export const scenarios: Scenario[] = [relayScenario('chromium', 'chromium'), relayScenario('firefox', 'chromium'), relayScenario('firefox', 'firefox')];
