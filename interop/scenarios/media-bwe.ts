// Bandwidth estimates from purertc's congestion feedback, and of purertc from the browser's.
// The browser sends its fake camera to purertc with transport-wide-cc negotiated: the page's
// selected candidate-pair `availableOutgoingBitrate` (webrtc-stats §7.13, the browser's
// send-side estimate) must reach twice its start within RAMP_WITHIN_MS. Only transport-wide
// feedback does that: without it Chromium's loss-based estimate grows about 8% a second
// (300 to 352 kbit/s in 3 s with every transport-cc line removed from purertc's answer),
// while with purertc's feedback its first probe lifts it to over 1 Mbit/s within 300 ms.
// The other way, purertc sends a VP8 clip and its own candidate-pair must report
// availableOutgoingBitrate from the browser's REMB or transport-wide feedback, near the rate
// it sends.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EncodedTrackSource, type RTCPeerConnection } from '../../src/index.js';
import type { BrowserKind, Scenario } from '../harness/index.js';
import { makeVp8Clip, pushPaced } from '../harness/media-clips.js';
import type { PageStats } from '../harness/media-page.js';
import { openMediaSession, scratchDir } from '../harness/media-session.js';

const TIMEOUT_MS = 15_000;
/** How long the browser sends while its estimate is read. */
const SEND_MS = 8_000;
/** How often the page's estimate is read. */
const POLL_MS = 250;
/** The estimate must reach this multiple of its first reading ... */
const RAMP_FACTOR = 2;
/** ... within this long of it (a loss-based ramp takes about 9 s to double). */
const RAMP_WITHIN_MS = 3_000;
/** Seconds of the clip purertc sends. */
const CLIP_SECONDS = 4;

/** The selected candidate-pair of a report (the transport's selectedCandidatePairId, else the nominated succeeded one). */
function selectedPair(stats: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  const transport = stats.find((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string');
  const byId = transport === undefined ? undefined : stats.find((s) => s.id === transport.selectedCandidatePairId);
  return byId ?? stats.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
}

/** purertc's report as plain objects. */
async function nodeReport(pc: RTCPeerConnection): Promise<Record<string, unknown>[]> {
  return [...((await pc.getStats()) as Map<string, Record<string, unknown>>).values()];
}

/** kbit/s, for the log. */
const kbps = (bps: number | undefined): string => (bps === undefined ? '-' : (bps / 1000).toFixed(0));

/** The page's selected-pair estimate, read every POLL_MS for `forMs`. */
async function pageEstimates(read: () => Promise<PageStats[]>, forMs: number): Promise<{ atMs: number; bps: number | undefined }[]> {
  const readings: { atMs: number; bps: number | undefined }[] = [];
  const started = Date.now();
  while (Date.now() - started < forMs) {
    const pair = selectedPair(await read());
    readings.push({ atMs: Date.now() - started, bps: pair?.availableOutgoingBitrate === undefined ? undefined : Number(pair.availableOutgoingBitrate) });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return readings;
}

function browserSends(browser: BrowserKind, offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/bwe/${browser}: ${offerer === 'node' ? 'purertc offers' : 'browser offers'}: ${browser}'s availableOutgoingBitrate doubles within ${RAMP_WITHIN_MS / 1000} s on purertc's transport-wide feedback while it sends its camera`,
    browsers: [browser],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(browser);
      // This process stamps the arrivals it reports: a held-up event loop shows the sender queueing that is not there.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      context.defer(() => loopDelay.disable());
      const session = await openMediaSession(context, page, {
        offerer,
        pageSetup: { send: { video: true }, codec: 'video/VP8' },
        nodeSetup: (pc) => {
          if (offerer === 'node') pc.addTransceiver('video', { direction: 'recvonly' });
        },
      });
      // draft-holmer-rmcat-transport-wide-cc-extensions-01 §4: both the header extension and the feedback.
      assert.match(session.answer.sdp, /a=rtcp-fb:\d+ transport-cc/, 'the answer negotiates transport-cc feedback');
      assert.match(session.answer.sdp, /a=extmap:\d+ http:\/\/www\.ietf\.org\/id\/draft-holmer-rmcat-transport-wide-cc-extensions-01/, 'the answer negotiates the transport-wide sequence number');
      const readings = await pageEstimates(async () => (await session.pageStats()).stats, SEND_MS);
      context.log(`${browser} availableOutgoingBitrate (kbit/s): ${readings.map((r) => `${(r.atMs / 1000).toFixed(1)}s ${kbps(r.bps)}`).join(', ')}`);
      const inbound = (await nodeReport(session.pc)).find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
      context.log(`purertc inbound-rtp: ${JSON.stringify(inbound)}`);
      // The histogram is in nanoseconds; its resolution is added to every sample.
      const stall = (q: number): number => Math.max(0, loopDelay.percentile(q) / 1e6 - 10);
      context.log(`event loop held up: p50 ${stall(50).toFixed(0)} ms, p99 ${stall(99).toFixed(0)} ms, max ${Math.max(0, loopDelay.max / 1e6 - 10).toFixed(0)} ms`);
      const known = readings.filter((r) => r.bps !== undefined);
      assert.ok(known.length > 0, `${browser} reports no availableOutgoingBitrate`);
      const first = known[0]!;
      const early = Math.max(...known.filter((r) => r.atMs - first.atMs <= RAMP_WITHIN_MS).map((r) => r.bps!));
      assert.ok(early >= RAMP_FACTOR * first.bps!, `${browser}'s estimate went from ${kbps(first.bps)} to at most ${kbps(early)} kbit/s in ${RAMP_WITHIN_MS} ms`);
      // It stays up while the camera sends: no collapse from misread feedback (all lost, say).
      const last = known.at(-1)!.bps!;
      assert.ok(last >= RAMP_FACTOR * first.bps!, `${browser}'s estimate fell back to ${kbps(last)} kbit/s`);
    },
  };
}

function nodeSends(browser: BrowserKind, offerer: 'node' | 'browser'): Scenario {
  return {
    name: `media/bwe/${browser}: ${offerer === 'node' ? 'purertc offers' : 'browser offers'}: purertc's availableOutgoingBitrate, from ${browser}'s feedback, is near the rate it sends`,
    browsers: [browser],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const clip = await makeVp8Clip(await scratchDir(context), CLIP_SECONDS);
      const page = await context.page(browser);
      const source = new EncodedTrackSource({ kind: 'video' });
      context.defer(() => source.track.stop());
      const session = await openMediaSession(context, page, {
        offerer,
        pageSetup: offerer === 'browser' ? { receive: ['video'], codec: 'video/VP8' } : {},
        nodeSetup: (pc) => void pc.addTrack(source.track),
      });
      const sdp = `${session.offer.sdp}\n${session.answer.sdp}`;
      const negotiated = ['transport-cc', 'goog-remb'].filter((fb) => new RegExp(`a=rtcp-fb:\\d+ ${fb}`).test(session.answer.sdp));
      context.log(`feedback negotiated in the answer: ${negotiated.join(', ') || 'none'}; transport-wide extension ${/transport-wide-cc/.test(sdp)}`);
      const pushing = pushPaced(source, clip, context.signal);
      const samples: { atMs: number; bps: number | undefined; bytesSent: number }[] = [];
      const started = Date.now();
      let done = false;
      void pushing.then(() => (done = true));
      while (!done) {
        const pair = selectedPair(await nodeReport(session.pc));
        samples.push({ atMs: Date.now() - started, bps: pair?.availableOutgoingBitrate as number | undefined, bytesSent: Number(pair?.bytesSent ?? 0) });
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      await pushing;
      context.log(`purertc availableOutgoingBitrate (kbit/s): ${samples.map((r) => `${(r.atMs / 1000).toFixed(1)}s ${kbps(r.bps)}`).join(', ')}`);
      const known = samples.filter((r) => r.bps !== undefined);
      assert.ok(known.length > 0, `purertc reports no availableOutgoingBitrate (${browser} sent no REMB or transport-wide feedback it read)`);
      // The rate sent over the second half of the clip, from the pair's bytesSent.
      const half = samples.filter((r) => r.atMs >= samples.at(-1)!.atMs / 2);
      const sentBps = ((half.at(-1)!.bytesSent - half[0]!.bytesSent) * 8 * 1000) / Math.max(1, half.at(-1)!.atMs - half[0]!.atMs);
      const estimate = known.at(-1)!.bps!;
      context.log(`purertc sent ${kbps(sentBps)} kbit/s over the second half; its last estimate ${kbps(estimate)} kbit/s`);
      assert.ok(sentBps > 0, 'purertc sent nothing');
      // Acknowledged bytes over their arrival span track the send rate; a REMB says at least that much.
      assert.ok(estimate >= 0.5 * sentBps, `purertc's estimate ${kbps(estimate)} kbit/s is under half its send rate ${kbps(sentBps)} kbit/s`);
    },
  };
}

// Firefox ESR reports no availableOutgoingBitrate (its candidate-pair has none), so only
// Chromium's estimate is read; purertc's own is read with each browser. The DTLS roles
// differ with the offerer, so Chromium's ramp runs with both.
export const scenarios: Scenario[] = [
  browserSends('chromium', 'browser'),
  browserSends('chromium', 'node'),
  nodeSends('chromium', 'browser'),
  nodeSends('firefox', 'node'),
];
