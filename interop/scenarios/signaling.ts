// Offer/answer between a purertc peer in Node and a live browser, both directions:
// each side must accept the other's SDP, both end `stable`, and the transceivers agree
// on mids and kinds with mirrored negotiated directions.
import assert from 'node:assert/strict';
import {
  BROWSER_KINDS,
  applyRemote,
  closePeer,
  createPeer,
  loadRTCPeerConnection,
  makeAnswer,
  makeOffer,
  mediaSections,
  peerState,
  plainDescription,
  type BrowserKind,
  type NodePeerConnection,
  type PeerState,
  type Scenario,
  type ScenarioContext,
  type SessionDescription,
} from '../harness/index.js';

const TIMEOUT_MS = 20_000;

/** The direction the other side of a negotiated transceiver must report. */
const MIRROR: Record<string, string> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** A purertc peer bound where the scenario's network allows (nonstandard bindAddress). */
async function nodePeer(context: ScenarioContext): Promise<NodePeerConnection> {
  const RTCPeerConnection = await loadRTCPeerConnection();
  const pc = new RTCPeerConnection({ bindAddress: context.network.bindAddress });
  context.defer(() => pc.close());
  return pc;
}

/** Offer and answer carry the same m-sections, in order, with the same mids, none rejected. */
function checkSections(offer: SessionDescription, answer: SessionDescription): void {
  const offered = mediaSections(offer.sdp);
  const answered = mediaSections(answer.sdp);
  assert.deepEqual(
    offered.map(({ kind }) => kind).sort(),
    ['application', 'audio', 'video'],
    'the offer has one audio, one video and one application m-section',
  );
  assert.deepEqual(
    answered.map(({ kind, mid }) => ({ kind, mid })),
    offered.map(({ kind, mid }) => ({ kind, mid })),
    'the answer mirrors the offer m-sections and mids',
  );
  for (const section of answered) assert.notEqual(section.port, 0, `the answer rejected the ${section.kind} m-section`);
}

/** Both peers are stable and their transceivers pair up by mid, kind and mirrored direction. */
function checkPeers(node: NodePeerConnection, browser: PeerState, sdp: string): void {
  assert.equal(node.signalingState, 'stable', 'purertc signalingState');
  assert.equal(browser.signalingState, 'stable', 'browser signalingState');
  const ours = node.getTransceivers().map((t) => ({ mid: t.mid, kind: t.receiver.track.kind, currentDirection: t.currentDirection }));
  const theirs = browser.transceivers.map((t) => ({ mid: t.mid, kind: t.kind, currentDirection: t.currentDirection && MIRROR[t.currentDirection] }));
  assert.deepEqual(ours, theirs, 'transceivers: purertc (mid, kind, currentDirection) vs the browser mirrored');
  const mediaMids = mediaSections(sdp).filter(({ kind }) => kind !== 'application').map(({ mid }) => mid);
  assert.deepEqual(ours.map(({ mid }) => mid), mediaMids, 'transceiver mids are the audio/video m-section mids');
}

function nodeOffers(kind: BrowserKind): Scenario {
  return {
    name: `signaling/${kind}: purertc offers, browser answers`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      const pc = await nodePeer(context);
      pc.createDataChannel('dc');
      pc.addTransceiver('audio');
      pc.addTransceiver('video');
      await pc.setLocalDescription(await pc.createOffer());
      const offer = plainDescription(pc.localDescription, 'purertc localDescription after setLocalDescription(offer)');
      context.log(`purertc offer:\n${offer.sdp}`);

      await page.evaluate(createPeer, { id: 'answerer' });
      context.defer(() => page.evaluate(closePeer, 'answerer'));
      const answer = await page.evaluate(makeAnswer, { id: 'answerer', offer });
      context.log(`${kind} answer:\n${answer.sdp}`);
      await pc.setRemoteDescription(answer);

      checkSections(offer, answer);
      checkPeers(pc, await page.evaluate(peerState, 'answerer'), offer.sdp);
    },
  };
}

function browserOffers(kind: BrowserKind): Scenario {
  return {
    name: `signaling/${kind}: browser offers, purertc answers`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      await page.evaluate(createPeer, { id: 'offerer', dataChannel: 'dc', audio: true, video: true });
      context.defer(() => page.evaluate(closePeer, 'offerer'));
      const offer = await page.evaluate(makeOffer, 'offerer');
      context.log(`${kind} offer:\n${offer.sdp}`);

      const pc = await nodePeer(context);
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      const answer = plainDescription(pc.localDescription, 'purertc localDescription after setLocalDescription(answer)');
      context.log(`purertc answer:\n${answer.sdp}`);
      await page.evaluate(applyRemote, { id: 'offerer', description: answer });

      checkSections(offer, answer);
      checkPeers(pc, await page.evaluate(peerState, 'offerer'), offer.sdp);
    },
  };
}

/** Both directions, for each browser. */
export const scenarios: Scenario[] = BROWSER_KINDS.flatMap((kind) => [nodeOffers(kind), browserOffers(kind)]);
