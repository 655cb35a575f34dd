// One connected pair for data-channel scenarios: a browser page peer (page-kit.ts) and a
// purertc peer (node-dc.ts), negotiated with either side offering, with candidates either
// trickled one by one or carried in the descriptions after gathering completes. Every
// browser candidate passes the network filter before purertc sees it.
import type { Page } from './browser.js';
import type { PeerReport } from './dc-types.js';
import { installKit, type RemoteDcKit } from './dc-page.js';
import { candidateAddress, filterSdpCandidates, type InteropNetwork } from './network.js';
import { NodeDcPeer } from './node-dc.js';
import { gatheredDescription, makeAnswer, makeOffer, applyRemote } from './page-peer.js';
import type { IceCandidateInit, SessionDescription } from './page-types.js';
import { plainDescription } from './purertc.js';
import type { ScenarioContext } from './scenario.js';

/** Which side does something. */
export type Side = 'browser' | 'node';

/** A channel to create: `createDataChannel(label, init)`. */
export interface ChannelSpec {
  label: string;
  init?: { ordered?: boolean; maxRetransmits?: number; maxPacketLifeTime?: number; protocol?: string; negotiated?: boolean; id?: number };
}

/** How the pair is negotiated. */
export interface SessionOptions {
  offerer: Side;
  trickle: boolean;
  /** Channels the offerer creates before its offer (at least one, for the m=application section). */
  offererChannels: readonly ChannelSpec[];
  /** Bound for gathering and for reaching `connected` (default 10 s). */
  timeoutMs?: number;
  /** Rewrites each browser description on its way to purertc (before the candidate filter). */
  editBrowserDescription?: (description: SessionDescription) => SessionDescription;
  /** Rewrites each purertc description on its way to the browser. */
  editNodeDescription?: (description: SessionDescription) => SessionDescription;
  /**
   * Rewrites each purertc description between createOffer/createAnswer and its
   * setLocalDescription: purertc applies the edited text, and the browser gets it.
   */
  editNodeLocalDescription?: (description: SessionDescription) => SessionDescription;
  /** More RTCConfiguration members for the purertc peer (nonstandard `iceProtocols`, say). */
  nodeConfiguration?: Record<string, unknown>;
}

/** A connected pair. */
export interface DcSession {
  /** The page kit; its peer is {@link PAGE_PEER}. */
  readonly browser: RemoteDcKit;
  readonly node: NodeDcPeer;
  /** The DTLS client picks even SCTP stream ids, the server odd ones (RFC 8832 §6). */
  readonly dtlsClient: Side;
  /** Browser candidates handed to purertc (in the SDP or trickled), and those withheld. */
  readonly handed: readonly string[];
  readonly withheld: readonly string[];
  /** The offer and the answer, each as the other side was handed it. */
  readonly offer: SessionDescription;
  readonly answer: SessionDescription;
  /** Each side's report when both had reached `connected`. */
  readonly connected: { readonly browser: PeerReport; readonly node: PeerReport };
  /** Throws the first error met handing over a trickled candidate (such as a rejected addIceCandidate), if any. */
  checkHandover(): void;
}

/** The page kit's id for the browser peer. */
export const PAGE_PEER = 'peer';

const POLL_MS = 40;

/** Negotiates and connects a browser peer in `page` with a purertc peer bound as `network` says. */
export async function openSession(context: ScenarioContext, page: Page, network: InteropNetwork, options: SessionOptions): Promise<DcSession> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const browser = await installKit(page);
  await browser.createPeer({ id: PAGE_PEER });
  const node = await NodeDcPeer.create(network.bindAddress, options.nodeConfiguration);
  context.defer(() => node.close());
  for (const { label, init } of options.offererChannels) {
    if (options.offerer === 'node') node.createChannel(label, init);
    else await browser.createChannel({ id: PAGE_PEER, label, init });
  }

  const handed: string[] = [];
  const withheld: string[] = [];
  let stopped = false;
  // A failed candidate hand-over fails the connection wait below with its own error.
  // It is also kept for checkHandover: candidates keep coming after `connected`.
  let pumpError: unknown;
  let pumpFailed: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (pumpFailed = reject));
  failed.catch(() => undefined);
  const pump = (work: () => Promise<void>): void =>
    void work().catch((error: unknown) => {
      pumpError ??= error;
      pumpFailed(error);
    });
  context.defer(() => void (stopped = true));

  /** The browser's description as purertc may see it: only allowed candidates. */
  const filtered = (original: SessionDescription, what: string): SessionDescription => {
    const description = options.editBrowserDescription ? options.editBrowserDescription(original) : original;
    const { sdp, dropped, kept } = filterSdpCandidates(description.sdp, network);
    handed.push(...kept);
    withheld.push(...dropped);
    context.log(`${what} (as handed to purertc; ${dropped.length} candidate(s) withheld):\n${sdp}`);
    return { type: description.type, sdp };
  };
  /** purertc's description: the createOffer/createAnswer result, or the gathered one. */
  const nodeDescription = async (created: SessionDescription, what: string): Promise<SessionDescription> => {
    const made = options.trickle ? plainDescription(created, what) : plainDescription((await node.waitGathered(timeoutMs)).localDescription, what);
    const description = options.editNodeDescription ? options.editNodeDescription(made) : made;
    const hasOwnCandidate = description.sdp.split(/\r?\n/).some((line) => line.startsWith('a=candidate:') && candidateAddress(line) === network.bindAddress);
    if (!options.trickle && !hasOwnCandidate) {
      throw new Error(`purertc's ${what} after gathering completed has no candidate on ${network.bindAddress}:\n${description.sdp}`);
    }
    context.log(`purertc ${what}${options.editNodeDescription ? ' (as handed to the browser)' : ''}:\n${description.sdp}`);
    return description;
  };
  /** purertc's description as createOffer/createAnswer made it, or as the scenario edits it for setLocalDescription. */
  const localEdit = (made: SessionDescription): SessionDescription => {
    if (!options.editNodeLocalDescription) return made;
    const edited = options.editNodeLocalDescription(plainDescription(made, 'created description'));
    context.log(`purertc ${edited.type} as edited for its setLocalDescription:\n${edited.sdp}`);
    return edited;
  };
  const browserDescription = async (created: SessionDescription): Promise<SessionDescription> =>
    options.trickle ? created : page.evaluate(gatheredDescription, { id: PAGE_PEER, timeoutMs });

  const browserCandidatesToNode = async (): Promise<void> => {
    while (!stopped) {
      for (const candidate of await browser.takeCandidates(PAGE_PEER)) {
        if (stopped) return;
        if (candidate === null) {
          await node.pc.addIceCandidate();
          return;
        }
        const address = candidateAddress(candidate.candidate);
        if (address !== undefined && !network.allows(address)) {
          withheld.push(candidate.candidate);
          continue;
        }
        if (address !== undefined) handed.push(candidate.candidate);
        await node.pc.addIceCandidate(candidate);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const nodeCandidatesToBrowser = async (): Promise<void> => {
    while (!stopped) {
      let wake: () => void = () => undefined;
      const more = new Promise<void>((resolve) => (wake = resolve));
      const batch: (IceCandidateInit | null)[] = node.takeCandidates(() => wake());
      for (const candidate of batch) {
        await browser.addCandidate({ id: PAGE_PEER, candidate });
        if (candidate === null) return;
      }
      if (batch.length === 0) await Promise.race([more, new Promise((resolve) => setTimeout(resolve, POLL_MS * 5))]);
    }
  };

  let offer: SessionDescription;
  let answer: SessionDescription;
  if (options.offerer === 'browser') {
    offer = filtered(await browserDescription(await page.evaluate(makeOffer, PAGE_PEER)), 'browser offer');
    await node.pc.setRemoteDescription(offer);
    if (options.trickle) pump(browserCandidatesToNode);
    const created = localEdit(await node.pc.createAnswer());
    await node.pc.setLocalDescription(created);
    answer = await nodeDescription(created, 'answer');
    await page.evaluate(applyRemote, { id: PAGE_PEER, description: answer });
    if (options.trickle) pump(nodeCandidatesToBrowser);
  } else {
    const created = localEdit(await node.pc.createOffer());
    await node.pc.setLocalDescription(created);
    offer = await nodeDescription(created, 'offer');
    const browserAnswer = await page.evaluate(makeAnswer, { id: PAGE_PEER, offer });
    if (options.trickle) pump(nodeCandidatesToBrowser);
    answer = filtered(await browserDescription(browserAnswer), 'browser answer');
    await node.pc.setRemoteDescription(answer);
    if (options.trickle) pump(browserCandidatesToNode);
  }
  const answerer: Side = options.offerer === 'browser' ? 'node' : 'browser';
  const setup = /^a=setup:(\w+)/m.exec(answer.sdp)?.[1];
  if (setup !== 'active' && setup !== 'passive') throw new Error(`the answer has a=setup:${setup}; it must be active or passive`);
  const dtlsClient: Side = setup === 'active' ? answerer : options.offerer;

  const [browserReport, nodeReport] = await Promise.race([
    Promise.all([browser.waitConnectionState({ id: PAGE_PEER, state: 'connected', timeoutMs }), node.waitConnectionState('connected', timeoutMs)]),
    failed,
  ]);
  context.log(`browser candidates handed to purertc by the time both were connected: ${handed.length}, withheld: ${withheld.length}\n${withheld.join('\n')}`);
  return {
    browser,
    node,
    dtlsClient,
    handed,
    withheld,
    offer,
    answer,
    connected: { browser: browserReport, node: nodeReport },
    checkHandover() {
      if (pumpError !== undefined) throw pumpError;
    },
  };
}
