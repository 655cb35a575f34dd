// The Node side of media scenarios: a purertc peer and a page peer (media-page.ts)
// negotiated without trickle, either side offering, every browser candidate filtered by
// the network; ffmpeg/ffprobe as test tools that make and check media files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RTCPeerConnection } from '../../src/index.js';
import type { Page } from './browser.js';
import { createMediaPeer, closeMediaPeer, mediaAnswer, mediaApply, mediaConnected, mediaOffer, mediaStats, type MediaPeerSetup, type PageStats } from './media-page.js';
import { filterSdpCandidates } from './network.js';
import type { SessionDescription } from './page-types.js';
import type { ScenarioContext } from './scenario.js';

const run = promisify(execFile);

/** The page peer's id in media scenarios. */
export const MEDIA_PEER = 'media';

/** Bound for gathering and for reaching `connected`. */
const CONNECT_TIMEOUT_MS = 10_000;

/** A connected purertc/page pair. */
export interface MediaSession {
  readonly pc: RTCPeerConnection;
  readonly offer: SessionDescription;
  readonly answer: SessionDescription;
  /** The page peer's stats and the remote tracks it saw. */
  pageStats(): Promise<{ stats: PageStats[]; tracks: string[] }>;
}

/** Waits (polling, bounded) for `ready()` to be true; throws `what` after `timeoutMs`. */
export async function until(ready: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** purertc's local description once gathering is complete (no trickle). */
async function gatheredLocal(pc: RTCPeerConnection): Promise<SessionDescription> {
  await until(() => pc.iceGatheringState === 'complete', CONNECT_TIMEOUT_MS, () => `purertc ICE gathering still ${pc.iceGatheringState}`);
  const { type, sdp } = pc.localDescription!;
  return { type, sdp } as SessionDescription;
}

/**
 * Negotiates a purertc peer (set up by `nodeSetup` before its offer, or before the browser's
 * offer is applied) with a page peer set up as `pageSetup` says.
 */
export async function openMediaSession(
  context: ScenarioContext,
  page: Page,
  options: {
    offerer: 'node' | 'browser';
    pageSetup: Omit<MediaPeerSetup, 'id'>;
    nodeSetup: (pc: RTCPeerConnection) => void;
    /** More (nonstandard) RTCConfiguration members for purertc, e.g. srtpProfiles. */
    nodeConfig?: Record<string, unknown>;
  },
): Promise<MediaSession> {
  const pc = new RTCPeerConnection({ ...options.nodeConfig, bindAddress: context.network.bindAddress } as never);
  context.defer(() => pc.close());
  await page.evaluate(createMediaPeer, { id: MEDIA_PEER, ...options.pageSetup });
  context.defer(() => page.evaluate(closeMediaPeer, MEDIA_PEER));
  const toNode = (description: SessionDescription, what: string): SessionDescription => {
    const { sdp, dropped } = filterSdpCandidates(description.sdp, context.network);
    context.log(`browser ${what} (${dropped.length} candidate(s) withheld):\n${sdp}`);
    return { type: description.type, sdp };
  };
  let offer: SessionDescription;
  let answer: SessionDescription;
  if (options.offerer === 'node') {
    options.nodeSetup(pc);
    await pc.setLocalDescription();
    offer = await gatheredLocal(pc);
    context.log(`purertc offer:\n${offer.sdp}`);
    answer = toNode(await page.evaluate(mediaAnswer, { id: MEDIA_PEER, offer, timeoutMs: CONNECT_TIMEOUT_MS }), 'answer');
    await pc.setRemoteDescription(answer);
  } else {
    offer = toNode(await page.evaluate(mediaOffer, { id: MEDIA_PEER, timeoutMs: CONNECT_TIMEOUT_MS }), 'offer');
    // Before the offer: track events fire during setRemoteDescription, and a track added
    // now takes the offer's m-section (JSEP §5.10).
    options.nodeSetup(pc);
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    answer = await gatheredLocal(pc);
    context.log(`purertc answer:\n${answer.sdp}`);
    await page.evaluate(mediaApply, { id: MEDIA_PEER, description: answer });
  }
  await Promise.all([
    page.evaluate(mediaConnected, { id: MEDIA_PEER, timeoutMs: CONNECT_TIMEOUT_MS }),
    until(() => pc.connectionState === 'connected', CONNECT_TIMEOUT_MS, () => `purertc connectionState still ${pc.connectionState}`),
  ]);
  return { pc, offer, answer, pageStats: () => page.evaluate(mediaStats, MEDIA_PEER) };
}

/** Whether an executable answers `-version` (ffmpeg, ffprobe). */
export async function hasTool(name: string): Promise<boolean> {
  try {
    await run(name, ['-hide_banner', '-version'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Runs a test tool, bounded, and returns its stdout. */
export async function tool(name: string, args: readonly string[], timeoutMs = 20_000): Promise<string> {
  const { stdout } = await run(name, [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** A temporary directory removed when the scenario ends. */
export async function scratchDir(context: ScenarioContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'purertc-media-'));
  context.defer(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The first stats object of `type` and `kind` in a report, if any. */
export function statsOf(stats: readonly PageStats[], type: string, kind: string): PageStats | undefined {
  return stats.find((s) => s.type === type && s.kind === kind);
}
