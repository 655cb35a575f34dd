// A purertc/page session whose every datagram crosses a LossyPath (lossy-path.ts), either
// side offering: each side is handed the other's description with its candidates replaced
// by the path's socket on that side, and the path learns where each end really is from the
// candidate it replaced (and, for the browser, from what it sends). Works on loopback and in
// the suite's network namespace alike: the path binds where purertc does.
import { RTCPeerConnection } from '../../src/index.js';
import type { Page } from './browser.js';
import { LossyPath, candidatesVia } from './lossy-path.js';
import { closeMediaPeer, createMediaPeer, mediaAnswer, mediaApply, mediaConnected, mediaOffer, mediaStats, type MediaPeerSetup, type PageStats } from './media-page.js';
import { until } from './media-session.js';
import type { ScenarioContext } from './scenario.js';

/** Bound for gathering and for reaching `connected`. */
const CONNECT_TIMEOUT_MS = 8_000;

/** A connected session through a lossy path. */
export interface LossySession {
  readonly pc: RTCPeerConnection;
  readonly path: LossyPath;
  /** The browser's description and purertc's as each was written (before the path's candidates went in). */
  readonly browserSdp: string;
  readonly nodeSdp: string;
  /** The page peer's getStats as plain objects. */
  pageStats(): Promise<PageStats[]>;
}

/** Options of openLossySession. */
export interface LossySessionOptions {
  offerer: 'node' | 'browser';
  /** The page peer; `receive` is used only when the browser offers (answering, it takes purertc's m-sections). */
  pageSetup: MediaPeerSetup;
  /** Sets purertc up before its offer, or before the browser's offer is applied. */
  nodeSetup: (pc: RTCPeerConnection) => void;
  lossRate: number;
  seed: number;
}

/** Negotiates purertc with a page peer through a new LossyPath (closed with the scenario). */
export async function openLossySession(context: ScenarioContext, page: Page, options: LossySessionOptions): Promise<LossySession> {
  const path = await LossyPath.open(context.network.bindAddress, { lossRate: options.lossRate, seed: options.seed });
  context.defer(() => path.close());
  const { receive, ...answering } = options.pageSetup;
  const setup = options.offerer === 'browser' ? options.pageSetup : answering;
  await page.evaluate(createMediaPeer, setup);
  context.defer(() => page.evaluate(closeMediaPeer, setup.id));
  const pc = new RTCPeerConnection({ bindAddress: context.network.bindAddress } as never);
  context.defer(() => pc.close());
  const gathered = async (): Promise<string> => {
    await until(() => pc.iceGatheringState === 'complete', CONNECT_TIMEOUT_MS, () => 'purertc gathering did not complete');
    return pc.localDescription!.sdp;
  };
  let browserSdp: string;
  let nodeSdp: string;
  if (options.offerer === 'browser') {
    browserSdp = (await page.evaluate(mediaOffer, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS })).sdp;
    const toNode = candidatesVia(browserSdp, path.nodeSide);
    path.browser = toNode.own;
    options.nodeSetup(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: toNode.sdp });
    await pc.setLocalDescription();
    nodeSdp = await gathered();
    const toBrowser = candidatesVia(nodeSdp, path.browserSide);
    path.node = toBrowser.own;
    await page.evaluate(mediaApply, { id: setup.id, description: { type: 'answer', sdp: toBrowser.sdp } });
  } else {
    options.nodeSetup(pc);
    await pc.setLocalDescription();
    nodeSdp = await gathered();
    const toBrowser = candidatesVia(nodeSdp, path.browserSide);
    path.node = toBrowser.own;
    browserSdp = (await page.evaluate(mediaAnswer, { id: setup.id, offer: { type: 'offer', sdp: toBrowser.sdp }, timeoutMs: CONNECT_TIMEOUT_MS })).sdp;
    const toNode = candidatesVia(browserSdp, path.nodeSide);
    path.browser = toNode.own;
    await pc.setRemoteDescription({ type: 'answer', sdp: toNode.sdp });
  }
  context.log(`path (${options.offerer === 'node' ? 'purertc' : 'browser'} offers): browser ${JSON.stringify(path.browser)} <-> ${JSON.stringify(path.browserSide)} | ${JSON.stringify(path.nodeSide)} <-> purertc ${JSON.stringify(path.node)}`);
  await Promise.all([
    page.evaluate(mediaConnected, { id: setup.id, timeoutMs: CONNECT_TIMEOUT_MS }),
    until(() => pc.connectionState === 'connected', CONNECT_TIMEOUT_MS, () => `purertc connectionState still ${pc.connectionState}`),
  ]);
  return { pc, path, browserSdp, nodeSdp, pageStats: async () => (await page.evaluate(mediaStats, setup.id)).stats };
}
