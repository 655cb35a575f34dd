// Loss repair against Chromium and Firefox ESR, both directions, either side offering,
// through a UDP path (harness/lossy-path.ts; on loopback, or in the network namespace for
// Firefox) that drops 5% of the SRTP/SRTCP datagrams each way: NACK and RTX must repair it
// (nackCount and retransmittedPacketsSent on both sides, no freeze while only that loss
// runs, except one per retransmission lost on the way to a receive-only browser, which
// repeats its NACK only after its default round trip). Then the path drops one whole video
// frame, its retransmissions too, so that only a key frame can repair it: the receiver must
// ask with PLI and the sender answer. Firefox ESR 153 reports every counter Chromium does
// here; how the two differ is in docs/media.md.
// purertc sends with the media-send example's FilePlayer; it receives with the
// media-record example's TrackRecorder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FilePlayer, readMediaFiles } from '../../examples/media-send/player.js';
import { makeSampleFiles } from '../../examples/media-send/samples.js';
import { TrackRecorder } from '../../examples/media-record/recorder.js';
import { RTCPeerConnection, RTCRtpReceiver, type EncodedMediaFrame } from '../../src/index.js';
import type { BrowserKind } from '../harness/browser.js';
import { payloadTypesOf, type Direction, type LossyPath } from '../harness/lossy-path.js';
import { openLossySession } from '../harness/lossy-session.js';
import { hasTool, scratchDir, statsOf, until } from '../harness/media-session.js';
import { ScenarioSkip, type Scenario, type ScenarioContext } from '../harness/scenario.js';
import { withTimeout } from '../harness/timeout.js';

const TIMEOUT_MS = 20_000;
const LOSS_RATE = 0.05;
/** How long only the random loss runs before a frame is dropped on purpose. */
const LOSSY_MS = 3_000;
/** The lossy phase goes on (up to LOSSY_EXTRA_MS more) until this many video packets were dropped at random. */
const MIN_VIDEO_DROPS = 3;
const LOSSY_EXTRA_MS = 3_000;
/** The start of the stream, left out of the freeze count. */
const WARM_UP_MS = 1_000;
/**
 * purertc receiving: from a frame lost for good to its PLI. It waits for the frame's repair
 * 8 RTT + 60 ms (at least 120 ms) before it gives the frame up and asks for a key frame, and
 * a request made less than 300 ms earlier (for a random loss) may hold this one back.
 */
const DROP_TO_PLI_MS = 450;
/** From a key-frame request to the key frame sent (purertc sending) or received (purertc receiving). */
const PLI_TO_KEY_FRAME_MS = 200;

/** purertc's getStats objects of `type` and `kind`. */
async function nodeStats(pc: RTCPeerConnection, type: string, kind: string): Promise<Record<string, unknown> | undefined> {
  const report = (await pc.getStats()) as Map<string, Record<string, unknown>>;
  return [...report.values()].find((s) => s.type === type && s.kind === kind);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * LOSSY_MS of random loss, longer (bounded) until MIN_VIDEO_DROPS video packets went `direction`
 * and `repairAsked` holds: at 20 frames a second the video is a third of the datagrams, and
 * 3 s may drop none of it; and Chromium's bandwidth probes resend recent packets over RTX
 * unasked, which can repair a loss before a NACK is due.
 */
async function lossyPhase(path: LossyPath, direction: Direction, video: ReadonlySet<number>, repairAsked: () => Promise<boolean>): Promise<void> {
  await sleep(LOSSY_MS);
  const deadline = performance.now() + LOSSY_EXTRA_MS;
  while ((path.randomDrops(direction, video) < MIN_VIDEO_DROPS || !(await repairAsked())) && performance.now() < deadline) await sleep(100);
}

/**
 * Freezes by webrtc-stats' rule (an inter-frame gap above max(3 × mean, mean + 150 ms)) in
 * arrival times; a gap is first shortened by `stallMs`, the longest this process's event
 * loop was held up (on a loaded machine frames then arrive late without any network cause).
 */
function freezes(arrivalsMs: readonly number[], stallMs: number): { count: number; longestGapMs: number } {
  const gaps = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]!);
  if (gaps.length === 0) return { count: 0, longestGapMs: 0 };
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  return { count: gaps.filter((g) => g - stallMs > Math.max(3 * mean, mean + 150)).length, longestGapMs: Math.max(...gaps) };
}

/** `purertc offers` or `browser offers`, for scenario names. */
const offering = (offerer: 'node' | 'browser'): string => (offerer === 'node' ? 'purertc offers' : 'browser offers');

/** A browser's name in messages. */
const NAME: Record<BrowserKind, string> = { chromium: 'Chromium', firefox: 'Firefox' };

const purertcSends = (browser: BrowserKind, offerer: 'node' | 'browser'): Scenario => ({
  name: `media/loss/${browser}: ${offering(offerer)}: purertc sends VP8: its first key frame dropped brings a PLI and a key frame; at 5% loss each way NACK/RTX repair without a freeze`,
  browsers: [browser],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const them = NAME[browser];
    const begunMs = performance.now();
    if (!(await hasTool('ffmpeg'))) throw new ScenarioSkip('ffmpeg is not installed (apt-get install -y ffmpeg): no sample files to send');
    const files = await readMediaFiles(await makeSampleFiles(await scratchDir(context), 2));
    const player = new FilePlayer(files);
    context.defer(() => player.close());
    const requestsAtMs: number[] = [];
    player.video!.addEventListener('keyframerequest', () => requestsAtMs.push(performance.now()));
    const session = await openLossySession(context, await context.page(browser), {
      offerer,
      pageSetup: { id: 'loss-recv', receive: ['audio', 'video'], codec: 'video/VP8' },
      nodeSetup: (pc) => {
        pc.addTrack(player.video!.track);
        pc.addTrack(player.audio!.track);
      },
      lossRate: LOSS_RATE,
      seed: 0x5eed,
    });
    const stats = async (): Promise<Record<string, unknown> | undefined> => statsOf(await session.pageStats(), 'inbound-rtp', 'video');

    // The stream's first key frame is dropped whole, RTX included: the browser asks for a key
    // frame once it assembles a frame that is not one (Chromium repeats it every 200 ms until it has one).
    session.path.lossRate = 0;
    const drop = session.path.dropNextFrame('toBrowser', payloadTypesOf(session.browserSdp, 'video'));
    player.start();
    context.log(`playing from ${(performance.now() - begunMs).toFixed(0)} ms`);
    const { droppedAtMs } = await withTimeout(drop, 2_000, 'no video frame to drop');
    await until(() => player.counts.requestToKeyFrameMs.length > 0, 3_000, () => `no PLI from ${them} within 3 s of the dropped key frame (${player.counts.keyFrameRequests} requests)`);
    const requestAtMs = requestsAtMs[0]!;
    const answerMs = player.counts.requestToKeyFrameMs[0]!;
    let recovered: Record<string, unknown> | undefined;
    for (let n = 0; n < 20 && Number(recovered?.framesDecoded ?? 0) === 0; n++) {
      recovered = await stats();
      await sleep(100);
    }
    context.log(`first key frame dropped (${session.path.counts.toBrowser.frameDropped} packets); ${them}'s PLI reached purertc ${(requestAtMs - droppedAtMs).toFixed(0)} ms later; the key frame went ${answerMs.toFixed(0)} ms after the PLI; ${them}: ${JSON.stringify(recovered)}`);
    assert.ok(answerMs <= PLI_TO_KEY_FRAME_MS, `key frame ${answerMs.toFixed(0)} ms after the PLI`);
    assert.ok(Number(recovered?.framesDecoded) > 0, `${them} decodes from the key frame on`);
    assert.ok(Number(recovered?.pliCount) >= 1, `${them} counts its PLI`);
    assert.ok(Number(recovered?.keyFramesDecoded) >= 1, `${them} counts the key frame decoded`);

    // Then 5% of the media datagrams each way are lost.
    session.path.lossRate = LOSS_RATE;
    const before = await stats();
    const oursBefore = await nodeStats(session.pc, 'outbound-rtp', 'video');
    const sentBefore = player.counts.videoFrames;
    const lossyFromMs = performance.now();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    await lossyPhase(session.path, 'toBrowser', payloadTypesOf(session.browserSdp, 'video').all, async () => Number((await stats())?.nackCount) > Number(before?.nackCount));
    loopDelay.disable();
    const stallMs = Math.max(0, loopDelay.max / 1e6 - 10);
    const lossy = await stats();
    const ours = await nodeStats(session.pc, 'outbound-rtp', 'video');
    const decoded = Number(lossy?.framesDecoded) - Number(before?.framesDecoded);
    const sent = player.counts.videoFrames - sentBefore;
    context.log(`${LOSSY_MS} ms at ${LOSS_RATE * 100}% loss: path ${JSON.stringify(session.path.counts)} (${session.path.randomDrops('toBrowser', payloadTypesOf(session.browserSdp, 'video').all)} video packets at random); ${decoded} of ${sent} frames decoded\n${them} inbound-rtp ${JSON.stringify(lossy)}\npurertc outbound-rtp ${JSON.stringify(ours)}`);
    assert.ok(lossy, `${them} has no video inbound-rtp`);
    assert.ok(session.path.randomDrops('toBrowser', payloadTypesOf(session.browserSdp, 'video').all) > 0, 'the path dropped video packets');
    assert.ok(Number(lossy.nackCount) > Number(before?.nackCount), `${them} counted no NACK sent (nackCount ${lossy.nackCount})`);
    assert.ok(Number(ours?.nackCount) > Number(oursBefore?.nackCount), `purertc counted no NACK (nackCount ${ours?.nackCount})`);
    assert.ok(Number(ours?.retransmittedPacketsSent) > Number(oursBefore?.retransmittedPacketsSent), `purertc retransmitted nothing (${ours?.retransmittedPacketsSent})`);
    // The player paces frames on this event loop: held up past a freeze's 150 ms, it stalls the
    // video itself, and a freeze the browser counts then says nothing about loss repair.
    // A frame's gap is such a stall plus a frame interval (33 ms) and more from the jitter
    // buffer, and a freeze is a gap above about 183 ms at 30 fps: stalls past 100 ms spoil the count.
    // A receive-only browser learns no round trip from RTCP (RFC 3550 §6.4.1 gives it to
    // senders), so it repeats a NACK whose retransmission was lost only after its default RTT
    // (Chromium: 100 ms), which with the frame interval and jitter buffer can pass a freeze's
    // threshold: each retransmission the path dropped may cost one freeze, on the browser's clock.
    const froze = Number(lossy.freezeCount) - Number(before?.freezeCount);
    const video = payloadTypesOf(session.browserSdp, 'video');
    const rtxDropped = session.path.randomDrops('toBrowser', new Set([...video.all].filter((pt) => !video.media.has(pt))), lossyFromMs);
    context.log(`event loop held up to ${stallMs.toFixed(0)} ms; ${them} counted ${froze} freeze(s); the path dropped ${rtxDropped} retransmission(s)`);
    if (stallMs < 100) assert.ok(froze <= rtxDropped, `${them} counted ${froze} freeze(s) (${lossy.totalFreezesDuration} s in all), ${rtxDropped} retransmission(s) dropped`);
    assert.ok(decoded >= 0.9 * sent, `${them} decoded ${decoded} of ${sent} frames`);
  },
});

const browserSends = (browser: BrowserKind, offerer: 'node' | 'browser'): Scenario => ({
  name: `media/loss/${browser}: ${offering(offerer)}: the browser sends VP8 to purertc at 5% loss each way: NACK/RTX repair without a freeze; a dropped frame brings purertc's PLI and a key frame`,
  browsers: [browser],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const them = NAME[browser];
    const begunMs = performance.now();
    if (!(await hasTool('ffmpeg'))) throw new ScenarioSkip('ffmpeg is not installed (apt-get install -y ffmpeg): no sample audio to send');
    const dir = await scratchDir(context);
    // purertc sends audio back, as in a call: the receiver reports on it give purertc the
    // round-trip time its NACK retries are spaced by (receive-only, it assumes 100 ms).
    const { audio } = await readMediaFiles(await makeSampleFiles(dir, 2, 'audio'));
    const player = new FilePlayer({ audio });
    context.defer(() => player.close());
    let recorder: TrackRecorder | undefined;
    const arrivals: { atMs: number; keyFrame: boolean }[] = [];
    const session = await openLossySession(context, await context.page(browser), {
      offerer,
      pageSetup: { id: 'loss-send', send: { audio: true, video: true }, codec: 'video/VP8' },
      nodeSetup: (pc) => {
        pc.addTrack(player.audio!.track);
        // Offering, purertc asks for the browser's camera; answering, the offer's m-section carries it.
        if (offerer === 'node') pc.addTransceiver('video', { direction: 'recvonly' });
        pc.ontrack = ({ receiver, track }) => {
          if (track.kind !== 'video' || recorder) return;
          recorder = new TrackRecorder(receiver as RTCRtpReceiver, join(dir, 'camera.ivf'), {
            onFrame: (frame: EncodedMediaFrame) => arrivals.push({ atMs: performance.now(), keyFrame: frame.keyFrame }),
          });
        };
      },
      lossRate: LOSS_RATE,
      seed: 0x5eed,
    });
    context.defer(() => recorder?.stop());
    player.start();
    await until(() => arrivals.length > 0, 5_000, () => 'purertc received no video frame');
    context.log(`first frame ${(performance.now() - begunMs).toFixed(0)} ms after the start`);
    context.log(`lossy phase from ${(performance.now() - begunMs).toFixed(0)} ms`);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    await lossyPhase(session.path, 'toNode', payloadTypesOf(session.nodeSdp, 'video').all, async () => Number((await nodeStats(session.pc, 'inbound-rtp', 'video'))?.nackCount) > 0);
    loopDelay.disable();
    // The histogram is in nanoseconds; its resolution is added to every sample.
    const stallMs = Math.max(0, loopDelay.max / 1e6 - 10);
    const ours = await nodeStats(session.pc, 'inbound-rtp', 'video');
    const theirs = statsOf(await session.pageStats(), 'outbound-rtp', 'video');
    const rtt = await nodeStats(session.pc, 'remote-inbound-rtp', 'audio');
    context.log(`purertc's round trip from ${them}'s receiver reports: ${rtt?.roundTripTime} s`);
    const lossyFreezes = freezes(arrivals.filter((a) => a.atMs >= arrivals[0]!.atMs + WARM_UP_MS).map((a) => a.atMs), stallMs);
    context.log(`after ${LOSSY_MS} ms at ${LOSS_RATE * 100}% loss: path ${JSON.stringify(session.path.counts)} (${session.path.randomDrops('toNode', payloadTypesOf(session.nodeSdp, 'video').all)} video packets at random); ${arrivals.length} frames, freezes ${JSON.stringify(lossyFreezes)}, event loop held up to ${stallMs.toFixed(0)} ms\npurertc inbound-rtp ${JSON.stringify(ours)}\n${them} outbound-rtp ${JSON.stringify(theirs)}`);
    assert.ok(session.path.randomDrops('toNode', payloadTypesOf(session.nodeSdp, 'video').all) > 0, 'the path dropped video packets');
    assert.ok(Number(ours?.nackCount) > 0, `purertc sent no NACK (nackCount ${ours?.nackCount})`);
    assert.ok(Number(ours?.retransmittedPacketsReceived) > 0, `purertc received no retransmission (${ours?.retransmittedPacketsReceived})`);
    assert.ok(Number(theirs?.nackCount) > 0, `${them} counted no NACK (nackCount ${theirs?.nackCount})`);
    assert.ok(Number(theirs?.retransmittedPacketsSent) > 0, `${them} retransmitted nothing (${theirs?.retransmittedPacketsSent})`);
    if (lossyFreezes.count > 0) {
      const times = arrivals.map((a) => a.atMs);
      const worst = times.findIndex((t, i) => i > 0 && t - times[i - 1]! === lossyFreezes.longestGapMs);
      const from = times[worst - 1]!;
      context.log(`longest gap from ${(from - times[0]!).toFixed(0)} ms; drops around it: ${JSON.stringify(session.path.dropLog.filter((d) => d.atMs > from - 300 && d.atMs < from + 300).map((d) => ({ ...d, atMs: Math.round(d.atMs - from) })))}`);
    }
    assert.equal(lossyFreezes.count, 0, `frames froze at purertc: longest gap ${lossyFreezes.longestGapMs.toFixed(0)} ms`);

    // One frame dropped whole, RTX included: only a key frame lets a decoder go on.
    const pliBefore = Number(ours?.pliCount ?? 0);
    const { droppedAtMs } = await withTimeout(session.path.dropNextFrame('toNode', payloadTypesOf(session.nodeSdp, 'video')), 2_000, `no video frame from ${them} to drop`);
    // Each PLI purertc sends, as a 20 ms poll of getStats sees it: sent after the poll before
    // (`afterMs`) and by the poll that counts it (`seenMs`). A PLI may be lost on the 5% path:
    // purertc repeats it every 300 ms until a key frame comes, and the browser answers within
    // a frame, often before the next poll.
    const plis: { afterMs: number; seenMs: number }[] = [];
    let pliCount = pliBefore;
    let polledAtMs = droppedAtMs;
    const poll = async (): Promise<void> => {
      const count = Number((await nodeStats(session.pc, 'inbound-rtp', 'video'))?.pliCount ?? 0);
      const now = performance.now();
      if (count > pliCount) plis.push({ afterMs: polledAtMs, seenMs: now });
      pliCount = count;
      polledAtMs = now;
    };
    const deadline = performance.now() + 3_000;
    while (performance.now() < deadline && (plis.length === 0 || !arrivals.some((a) => a.keyFrame && a.atMs > plis[0]!.afterMs))) {
      await poll();
      await sleep(20);
    }
    // A repeated PLI the browser answered between the last poll and the key frame.
    await poll();
    const pliAtMs = plis[0]?.seenMs;
    const keyAtMs = arrivals.find((a) => a.keyFrame && a.atMs > droppedAtMs)?.atMs;
    context.log(`frame dropped; purertc's PLIs seen in getStats ${plis.length === 0 ? 'never' : plis.map((p) => `${(p.afterMs - droppedAtMs).toFixed(0)}-${(p.seenMs - droppedAtMs).toFixed(0)} ms`).join(', ')} later; key frame in ${keyAtMs === undefined ? 'never' : `${(keyAtMs - droppedAtMs).toFixed(0)} ms after the drop`}; RTCP the path dropped to ${them} meanwhile: ${session.path.dropLog.filter((d) => d.direction === 'toBrowser' && d.rtcp && d.atMs > droppedAtMs).length}`);
    assert.ok(pliAtMs !== undefined, 'purertc sent no PLI within 3 s of the dropped frame');
    assert.ok(keyAtMs !== undefined, 'no key frame reached purertc after its PLI');
    assert.ok(pliAtMs - droppedAtMs <= DROP_TO_PLI_MS, `purertc's PLI ${(pliAtMs - droppedAtMs).toFixed(0)} ms after the drop`);
    // The key frame answers the last PLI sent before it (an earlier one may have been lost);
    // measured from the earliest that PLI can have been sent.
    const answered = plis.filter((p) => p.afterMs < keyAtMs).at(-1) ?? plis[0]!;
    assert.ok(keyAtMs - answered.afterMs <= PLI_TO_KEY_FRAME_MS, `key frame ${(keyAtMs - answered.afterMs).toFixed(0)} ms after purertc's PLI`);
    const count = arrivals.length;
    await until(() => arrivals.length >= count + 10, 2_000, () => 'frames stopped after the key frame');
    await recorder!.stop();
    context.log(`done ${(performance.now() - begunMs).toFixed(0)} ms after the start; recorder ${JSON.stringify(recorder!.counts)}`);
    assert.equal(recorder!.counts.width, 320);
    assert.ok(recorder!.counts.written > 0, 'the recording holds frames');
  },
});

export const scenarios: Scenario[] = (['chromium', 'firefox'] as const).flatMap((browser) =>
  (['browser', 'node'] as const).flatMap((offerer) => [purertcSends(browser, offerer), browserSends(browser, offerer)]),
);
