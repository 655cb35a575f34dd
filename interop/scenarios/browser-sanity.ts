// Browser-only checks that prove the harness before any purertc code is involved:
// offer/answer between two peers in one tab, a loopback data channel in Chromium, and
// offer/answer relayed through Node between Chromium and Firefox.
import assert from 'node:assert/strict';
import {
  BROWSER_KINDS,
  applyRemote,
  closePeer,
  createPeer,
  makeAnswer,
  makeOffer,
  mediaSections,
  peerState,
  type BrowserKind,
  type IceCandidateInit,
  type PageDataChannel,
  type PageGlobals,
  type Scenario,
} from '../harness/index.js';

const TIMEOUT_MS = 20_000;

/** Offer (data channel, audio, video) and answer between two peers in the same tab. */
function sameTab(kind: BrowserKind): Scenario {
  return {
    name: `browser-sanity/${kind}: offer/answer between two peers in one tab`,
    browsers: [kind],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const page = await context.page(kind);
      await page.evaluate(createPeer, { id: 'a', dataChannel: 'dc', audio: true, video: true });
      await page.evaluate(createPeer, { id: 'b' });
      context.defer(() => page.evaluate(closePeer, 'a'));
      context.defer(() => page.evaluate(closePeer, 'b'));
      const offer = await page.evaluate(makeOffer, 'a');
      const answer = await page.evaluate(makeAnswer, { id: 'b', offer });
      await page.evaluate(applyRemote, { id: 'a', description: answer });
      const [a, b] = [await page.evaluate(peerState, 'a'), await page.evaluate(peerState, 'b')];
      assert.equal(a.signalingState, 'stable');
      assert.equal(b.signalingState, 'stable');
      assert.deepEqual(a.transceivers.map(({ mid, kind }) => ({ mid, kind })), b.transceivers.map(({ mid, kind }) => ({ mid, kind })));
      assert.deepEqual(mediaSections(answer.sdp).map(({ kind }) => kind).sort(), ['application', 'audio', 'video']);
    },
  };
}

/**
 * In the page: two peers that trickle only loopback candidates to each other open a
 * data channel and echo one message. Returns what came back.
 */
async function loopbackEcho(timeoutMs: number): Promise<string> {
  const page = globalThis as unknown as PageGlobals;
  const a = new page.RTCPeerConnection();
  const b = new page.RTCPeerConnection();
  const loopback = / (?:127\.0\.0\.1|::1) \d+ typ /;
  try {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      from.addEventListener('icecandidate', (event) => {
        const candidate = (event as unknown as { candidate: IceCandidateInit | null }).candidate;
        if (candidate && loopback.test(candidate.candidate)) void to.addIceCandidate(candidate);
      });
    }
    b.addEventListener('datachannel', (event) => {
      const channel = (event as unknown as { channel: PageDataChannel }).channel;
      channel.addEventListener('message', (message) => channel.send(`echo ${(message as unknown as { data: string }).data}`));
    });
    const channel = a.createDataChannel('echo');
    const echoed = new Promise<string>((resolve, reject) => {
      setTimeout(() => reject(new Error(`no echo within ${timeoutMs} ms (ICE ${a.iceConnectionState}, channel ${channel.readyState})`)), timeoutMs);
      channel.addEventListener('open', () => channel.send('ping'));
      channel.addEventListener('message', (message) => resolve((message as unknown as { data: string }).data));
    });
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    return await echoed;
  } finally {
    a.close();
    b.close();
  }
}

/**
 * Chromium only: Firefox ESR does not gather loopback candidates here even with
 * media.peerconnection.ice.loopback set, and only loopback addresses may be targeted.
 */
const chromiumLoopback: Scenario = {
  name: 'browser-sanity/chromium: data channel over loopback between two peers in one tab',
  browsers: ['chromium'],
  timeoutMs: TIMEOUT_MS,
  async run(context) {
    const page = await context.page('chromium');
    assert.equal(await page.evaluate(loopbackEcho, 10_000), 'echo ping');
  },
};

/** Chromium offers, Firefox answers, the SDP relayed through Node, and the reverse. */
function crossBrowser(offerer: BrowserKind, answerer: BrowserKind): Scenario {
  return {
    name: `browser-sanity/${offerer} offers, ${answerer} answers (relayed through Node)`,
    browsers: [offerer, answerer],
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      const [offering, answering] = [await context.page(offerer), await context.page(answerer)];
      await offering.evaluate(createPeer, { id: 'offerer', dataChannel: 'dc', audio: true, video: true });
      context.defer(() => offering.evaluate(closePeer, 'offerer'));
      await answering.evaluate(createPeer, { id: 'answerer' });
      context.defer(() => answering.evaluate(closePeer, 'answerer'));
      const offer = await offering.evaluate(makeOffer, 'offerer');
      const answer = await answering.evaluate(makeAnswer, { id: 'answerer', offer });
      await offering.evaluate(applyRemote, { id: 'offerer', description: answer });
      const [a, b] = [await offering.evaluate(peerState, 'offerer'), await answering.evaluate(peerState, 'answerer')];
      assert.equal(a.signalingState, 'stable');
      assert.equal(b.signalingState, 'stable');
      assert.deepEqual(a.transceivers.map(({ mid, kind }) => ({ mid, kind })), b.transceivers.map(({ mid, kind }) => ({ mid, kind })));
    },
  };
}

/** The harness's own checks. */
export const scenarios: Scenario[] = [
  ...BROWSER_KINDS.map(sameTab),
  chromiumLoopback,
  crossBrowser('chromium', 'firefox'),
  crossBrowser('firefox', 'chromium'),
];
