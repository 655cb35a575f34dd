// Loss repair against Chromium, both directions, through a UDP path on loopback
// (harness/lossy-path.ts) that drops 5% of the SRTP/SRTCP datagrams each way: NACK and RTX
// must repair it (nackCount and retransmittedPacketsSent on both sides, no freeze while only
// that loss runs). Then the path drops one whole video frame, its retransmissions too, so
// that only a key frame can repair it: the receiver must ask with PLI and the sender answer.
// purertc sends with the media-send example's FilePlayer; it receives with the
// media-record example's TrackRecorder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FilePlayer, readMediaFiles } from '../../examples/media-send/player.js';
import { makeSampleFiles } from '../../examples/media-send/samples.js';
import { TrackRecorder } from '../../examples/media-record/recorder.js';
import { RTCPeerConnection, RTCRtpReceiver, type EncodedMediaFrame } from '../../src/index.js';
import type { Page } from '../harness/browser.js';
import { LossyPath, candidatesVia, payloadTypesOf } from '../harness/lossy-path.js';
import { closeMediaPeer, createMediaPeer, mediaApply, mediaConnected, mediaOffer, mediaStats, type MediaPeerSetup, type PageStats } from '../harness/media-page.js';
import { hasTool, scratchDir, statsOf, until } from '../harness/media-session.js';
import { ScenarioSkip, type Scenario, type ScenarioContext } from '../harness/scenario.js';
import { withTimeout } from '../harness/timeout.js';

const TIMEOUT_MS = 20_000;
const CONNECT_TIMEOUT_MS = 8_000;
const LOSS_RATE = 0.05;
/** How long only the random loss runs before a frame is dropped on purpose. */
const LOSSY_MS = 3_000;
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

/** A browser-offered session whose every datagram crosses a LossyPath. */
async function lossySession(
  context: ScenarioContext,
  page: Page,
  setup: MediaPeerSetup,
  nodeSetup: (pc: RTCPeerConnection) => void,
): Promise<{ pc: RTCPeerConnection; path: LossyPath; offer: string; pageStats: () => Promise<PageStats[]> }> {
  const path = await LossyPath.open(context.network.bindAddress, { lossRate: LOSS_RATE, seed: 0x5eed });
  context.defer(() => path.close());
  await page.evaluate(createMediaPeer, setup);
  context.defer(() => page.evaluate(closeMediaPeer, setup.id));
  const offer = await page.evaluate(mediaOffer, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS });
  const toNode = candidatesVia(offer.sdp, path.nodeSide);
  path.browser = toNode.own;
  const pc = new RTCPeerConnection({ bindAddress: context.network.bindAddress } as never);
  context.defer(() => pc.close());
  nodeSetup(pc);
  await pc.setRemoteDescription({ type: 'offer', sdp: toNode.sdp });
  await pc.setLocalDescription();
  await until(() => pc.iceGatheringState === 'complete', CONNECT_TIMEOUT_MS, () => 'purertc gathering did not complete');
  const toBrowser = candidatesVia(pc.localDescription!.sdp, path.browserSide);
  path.node = toBrowser.own;
  context.log(`path: browser ${JSON.stringify(path.browser)} <-> ${JSON.stringify(path.browserSide)} | ${JSON.stringify(path.nodeSide)} <-> purertc ${JSON.stringify(path.node)}`);
  await page.evaluate(mediaApply, { id: setup.id, description: { type: 'answer', sdp: toBrowser.sdp } });
  await Promise.all([
    page.evaluate(mediaConnected, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS }),
    until(() => pc.connectionState === 'connected', CONNECT_TIMEOUT_MS, () => `purertc connectionState still ${pc.connectionState}`),
  ]);
  return { pc, path, offer: toNode.sdp, pageStats: async () => (await page.evaluate(mediaStats, setup.id)).stats };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

const purertcSends: Scenario = {
  name: 'media/loss: purertc sends VP8 to Chromium: its first key frame dropped brings a PLI and a key frame; at 5% loss each way NACK/RTX repair without a freeze',
  browsers: ['chromium'],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const begunMs = performance.now();
    if (!(await hasTool('ffmpeg'))) throw new ScenarioSkip('ffmpeg is not installed (apt-get install -y ffmpeg): no sample files to send');
    const files = await readMediaFiles(await makeSampleFiles(await scratchDir(context), 2));
    const player = new FilePlayer(files);
    context.defer(() => player.close());
    const requestsAtMs: number[] = [];
    player.video!.addEventListener('keyframerequest', () => requestsAtMs.push(performance.now()));
    const session = await lossySession(context, await context.page('chromium'), { id: 'loss-recv', receive: ['audio', 'video'], codec: 'video/VP8' }, (pc) => {
      pc.addTrack(player.video!.track);
      pc.addTrack(player.audio!.track);
    });
    const stats = async (): Promise<Record<string, unknown> | undefined> => statsOf(await session.pageStats(), 'inbound-rtp', 'video');

    // The stream's first key frame is dropped whole, RTX included: Chromium asks for a key
    // frame as soon as it assembles a frame that is not one, then every 200 ms until it has one.
    session.path.lossRate = 0;
    const drop = session.path.dropNextFrame('toBrowser', payloadTypesOf(session.offer, 'video'));
    player.start();
    context.log(`playing from ${(performance.now() - begunMs).toFixed(0)} ms`);
    const { droppedAtMs } = await withTimeout(drop, 2_000, 'no video frame to drop');
    await until(() => player.counts.requestToKeyFrameMs.length > 0, 3_000, () => `no PLI from Chromium within 3 s of the dropped key frame (${player.counts.keyFrameRequests} requests)`);
    const requestAtMs = requestsAtMs[0]!;
    const answerMs = player.counts.requestToKeyFrameMs[0]!;
    let recovered: Record<string, unknown> | undefined;
    for (let n = 0; n < 20 && Number(recovered?.framesDecoded ?? 0) === 0; n++) {
      recovered = await stats();
      await sleep(100);
    }
    context.log(`first key frame dropped (${session.path.counts.toBrowser.frameDropped} packets); Chromium's PLI reached purertc ${(requestAtMs - droppedAtMs).toFixed(0)} ms later; the key frame went ${answerMs.toFixed(0)} ms after the PLI; Chromium: ${JSON.stringify(recovered)}`);
    assert.ok(answerMs <= PLI_TO_KEY_FRAME_MS, `key frame ${answerMs.toFixed(0)} ms after the PLI`);
    assert.ok(Number(recovered?.pliCount) >= 1, 'Chromium counts its PLI');
    assert.ok(Number(recovered?.keyFramesDecoded) >= 1 && Number(recovered?.framesDecoded) > 0, 'Chromium decodes from the key frame on');

    // Then 5% of the media datagrams each way are lost.
    session.path.lossRate = LOSS_RATE;
    const before = await stats();
    const oursBefore = await nodeStats(session.pc, 'outbound-rtp', 'video');
    const sentBefore = player.counts.videoFrames;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    await sleep(LOSSY_MS);
    loopDelay.disable();
    const stallMs = Math.max(0, loopDelay.max / 1e6 - 10);
    const lossy = await stats();
    const ours = await nodeStats(session.pc, 'outbound-rtp', 'video');
    const decoded = Number(lossy?.framesDecoded) - Number(before?.framesDecoded);
    const sent = player.counts.videoFrames - sentBefore;
    context.log(`${LOSSY_MS} ms at ${LOSS_RATE * 100}% loss: path ${JSON.stringify(session.path.counts)}; ${decoded} of ${sent} frames decoded\nChromium inbound-rtp ${JSON.stringify(lossy)}\npurertc outbound-rtp ${JSON.stringify(ours)}`);
    assert.ok(lossy, 'Chromium has no video inbound-rtp');
    assert.ok(session.path.counts.toBrowser.dropped > 0, 'the path dropped media datagrams');
    assert.ok(Number(lossy.nackCount) > Number(before?.nackCount), `Chromium sent no NACK (nackCount ${lossy.nackCount})`);
    assert.ok(Number(ours?.nackCount) > Number(oursBefore?.nackCount), `purertc counted no NACK (nackCount ${ours?.nackCount})`);
    assert.ok(Number(ours?.retransmittedPacketsSent) > Number(oursBefore?.retransmittedPacketsSent), `purertc retransmitted nothing (${ours?.retransmittedPacketsSent})`);
    // The player paces frames on this event loop: held up past a freeze's 150 ms, it stalls the
    // video itself, and a freeze Chromium counts then says nothing about loss repair.
    const froze = Number(lossy.freezeCount) - Number(before?.freezeCount);
    context.log(`event loop held up to ${stallMs.toFixed(0)} ms; Chromium counted ${froze} freeze(s)`);
    if (stallMs < 150) assert.equal(froze, 0, `Chromium counted a freeze (${lossy.totalFreezesDuration} s in all)`);
    assert.ok(decoded >= 0.9 * sent, `Chromium decoded ${decoded} of ${sent} frames`);
  },
};

const chromiumSends: Scenario = {
  name: 'media/loss: Chromium sends VP8 to purertc at 5% loss each way: NACK/RTX repair without a freeze; a dropped frame brings purertc\'s PLI and a key frame',
  browsers: ['chromium'],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
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
    const session = await lossySession(context, await context.page('chromium'), { id: 'loss-send', send: { audio: true, video: true }, codec: 'video/VP8' }, (pc) => {
      pc.addTrack(player.audio!.track);
      pc.ontrack = ({ receiver, track }) => {
        if (track.kind !== 'video' || recorder) return;
        recorder = new TrackRecorder(receiver as RTCRtpReceiver, join(dir, 'camera.ivf'), {
          onFrame: (frame: EncodedMediaFrame) => arrivals.push({ atMs: performance.now(), keyFrame: frame.keyFrame }),
        });
      };
    });
    context.defer(() => recorder?.stop());
    player.start();
    await until(() => arrivals.length > 0, 5_000, () => 'purertc received no video frame');
    context.log(`first frame ${(performance.now() - begunMs).toFixed(0)} ms after the start`);
    context.log(`lossy phase from ${(performance.now() - begunMs).toFixed(0)} ms`);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    await sleep(LOSSY_MS);
    loopDelay.disable();
    // The histogram is in nanoseconds; its resolution is added to every sample.
    const stallMs = Math.max(0, loopDelay.max / 1e6 - 10);
    const ours = await nodeStats(session.pc, 'inbound-rtp', 'video');
    const theirs = statsOf(await session.pageStats(), 'outbound-rtp', 'video');
    const rtt = await nodeStats(session.pc, 'remote-inbound-rtp', 'audio');
    context.log(`purertc's round trip from Chromium's receiver reports: ${rtt?.roundTripTime} s`);
    const lossyFreezes = freezes(arrivals.filter((a) => a.atMs >= arrivals[0]!.atMs + WARM_UP_MS).map((a) => a.atMs), stallMs);
    context.log(`after ${LOSSY_MS} ms at ${LOSS_RATE * 100}% loss: path ${JSON.stringify(session.path.counts)}; ${arrivals.length} frames, freezes ${JSON.stringify(lossyFreezes)}, event loop held up to ${stallMs.toFixed(0)} ms\npurertc inbound-rtp ${JSON.stringify(ours)}\nChromium outbound-rtp ${JSON.stringify(theirs)}`);
    assert.ok(session.path.counts.toNode.dropped > 0, 'the path dropped media datagrams');
    assert.ok(Number(ours?.nackCount) > 0, `purertc sent no NACK (nackCount ${ours?.nackCount})`);
    assert.ok(Number(theirs?.nackCount) > 0, `Chromium counted no NACK (nackCount ${theirs?.nackCount})`);
    assert.ok(Number(theirs?.retransmittedPacketsSent) > 0, `Chromium retransmitted nothing (${theirs?.retransmittedPacketsSent})`);
    if (lossyFreezes.count > 0) {
      const times = arrivals.map((a) => a.atMs);
      const worst = times.findIndex((t, i) => i > 0 && t - times[i - 1]! === lossyFreezes.longestGapMs);
      const from = times[worst - 1]!;
      context.log(`longest gap from ${(from - times[0]!).toFixed(0)} ms; drops around it: ${JSON.stringify(session.path.dropLog.filter((d) => d.atMs > from - 300 && d.atMs < from + 300).map((d) => ({ ...d, atMs: Math.round(d.atMs - from) })))}`);
    }
    assert.equal(lossyFreezes.count, 0, `frames froze at purertc: longest gap ${lossyFreezes.longestGapMs.toFixed(0)} ms`);

    // One frame dropped whole, RTX included: only a key frame lets a decoder go on.
    const pliBefore = Number(ours?.pliCount ?? 0);
    const { droppedAtMs } = await withTimeout(session.path.dropNextFrame('toNode', payloadTypesOf(session.offer, 'video')), 2_000, 'no video frame from Chromium to drop');
    // Each PLI purertc sends, as a 20 ms poll of getStats sees it (so up to 20 ms late). A PLI
    // may be lost on the 5% path: purertc repeats it every 300 ms until a key frame comes.
    const pliTimes: number[] = [];
    let pliCount = pliBefore;
    const deadline = performance.now() + 3_000;
    while (performance.now() < deadline && (pliTimes.length === 0 || !arrivals.some((a) => a.keyFrame && a.atMs > pliTimes[0]!))) {
      const count = Number((await nodeStats(session.pc, 'inbound-rtp', 'video'))?.pliCount ?? 0);
      if (count > pliCount) pliTimes.push(performance.now());
      pliCount = count;
      await sleep(20);
    }
    const pliAtMs = pliTimes[0];
    const keyAtMs = arrivals.find((a) => a.keyFrame && a.atMs > droppedAtMs)?.atMs;
    context.log(`frame dropped; purertc's PLIs seen in getStats ${pliTimes.length === 0 ? 'never' : pliTimes.map((t) => `${(t - droppedAtMs).toFixed(0)} ms`).join(', ')} later; key frame in ${keyAtMs === undefined ? 'never' : `${(keyAtMs - droppedAtMs).toFixed(0)} ms after the drop`}`);
    assert.ok(pliAtMs !== undefined, 'purertc sent no PLI within 3 s of the dropped frame');
    assert.ok(keyAtMs !== undefined, 'no key frame reached purertc after its PLI');
    assert.ok(pliAtMs - droppedAtMs <= DROP_TO_PLI_MS, `purertc's PLI ${(pliAtMs - droppedAtMs).toFixed(0)} ms after the drop`);
    // The key frame answers the last PLI sent before it (an earlier one may have been lost).
    const answeredPli = pliTimes.filter((t) => t < keyAtMs).at(-1) ?? pliAtMs;
    assert.ok(keyAtMs - answeredPli <= PLI_TO_KEY_FRAME_MS, `key frame ${(keyAtMs - answeredPli).toFixed(0)} ms after purertc's PLI`);
    const count = arrivals.length;
    await until(() => arrivals.length >= count + 10, 2_000, () => 'frames stopped after the key frame');
    await recorder!.stop();
    context.log(`done ${(performance.now() - begunMs).toFixed(0)} ms after the start; recorder ${JSON.stringify(recorder!.counts)}`);
    assert.equal(recorder!.counts.width, 320);
    assert.ok(recorder!.counts.written > 0, 'the recording holds frames');
  },
};

export const scenarios: Scenario[] = [purertcSends, chromiumSends];
