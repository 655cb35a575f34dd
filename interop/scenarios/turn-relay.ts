// Data channels between purertc and a live Chromium over TURN relays only: both peers use
// iceTransportPolicy "relay" with the same coturn on 127.0.0.1 (started here), purertc over
// UDP, TCP or TLS to it and Chromium over UDP. A channel opens and echoes 0 B to 256 KiB;
// both sides' selected pairs are relay candidates, and purertc's stats name the relay
// protocol and URL. Without coturn (Debian's `turnserver`) the scenarios are skipped.
import assert from 'node:assert/strict';
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { TURN_PASSWORD, TURN_USER, TurnServer, hasTurnserver } from '../../conformance/turn/turnserver.js';
import { ScenarioSkip, type Scenario, type ScenarioContext } from '../harness/index.js';
import type { SessionDescription } from '../harness/index.js';

const TIMEOUT_MS = 40_000;
const SIZES = [0, 1, 1200, 16 * 1024, 65536, 256 * 1024];

interface PageTurn {
  pc: {
    setRemoteDescription(d: SessionDescription): Promise<void>;
    setLocalDescription(): Promise<void>;
    createDataChannel(label: string): unknown;
    localDescription: SessionDescription | null;
    iceGatheringState: string;
    connectionState: string;
    getStats(): Promise<Map<string, Record<string, unknown>>>;
    addEventListener(type: string, fn: (e: { channel?: PageChannel }) => void): void;
    close(): void;
  };
}
interface PageChannel {
  binaryType: string;
  onmessage: ((m: { data: ArrayBuffer }) => void) | null;
  send(data: ArrayBuffer): void;
}

/** Page: a relay-only peer whose remote channels echo every message. */
function pageCreate(arg: { url: string; username: string; credential: string }): void {
  const g = globalThis as unknown as { turnPeer?: PageTurn; RTCPeerConnection: new (c: unknown) => PageTurn['pc'] };
  const pc = new g.RTCPeerConnection({ iceServers: [{ urls: arg.url, username: arg.username, credential: arg.credential }], iceTransportPolicy: 'relay' });
  pc.addEventListener('datachannel', (e) => {
    const channel = e.channel!;
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (m) => channel.send(m.data);
  });
  g.turnPeer = { pc };
}

/** Page: applies purertc's offer, answers, and returns the answer once gathering completed. */
async function pageAnswer(arg: { offer: SessionDescription; timeoutMs: number }): Promise<SessionDescription> {
  const pc = (globalThis as unknown as { turnPeer: PageTurn }).turnPeer.pc;
  await pc.setRemoteDescription(arg.offer);
  await pc.setLocalDescription();
  const deadline = Date.now() + arg.timeoutMs;
  while (pc.iceGatheringState !== 'complete' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const d = pc.localDescription!;
  return { type: d.type, sdp: d.sdp };
}

/** Page: the candidate type of the selected pair's local candidate and the connection state. */
async function pageSelected(): Promise<{ localType: string | undefined; connectionState: string }> {
  const pc = (globalThis as unknown as { turnPeer: PageTurn }).turnPeer.pc;
  const stats = [...(await pc.getStats()).values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
  const local = stats.find((s) => s.id === pair?.localCandidateId);
  return { localType: local?.candidateType as string | undefined, connectionState: pc.connectionState };
}

/** Page: closes the peer. */
function pageClose(): void {
  (globalThis as unknown as { turnPeer?: PageTurn }).turnPeer?.pc.close();
}

function waitGathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`purertc still gathering after ${timeoutMs} ms`)), timeoutMs);
    const check = (): void => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', check);
    check();
  });
}

async function echo(channel: RTCDataChannel): Promise<void> {
  channel.binaryType = 'arraybuffer';
  for (const size of SIZES) {
    const sent = new Uint8Array(size).map((_, i) => (i * 13 + size) & 0xff);
    const got = new Promise<ArrayBuffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo of ${size} bytes within 10 s`)), 10_000);
      channel.onmessage = (m: MessageEvent) => {
        clearTimeout(timer);
        resolve(m.data as ArrayBuffer);
      };
    });
    channel.send(sent);
    assert.deepEqual(new Uint8Array(await got), sent, `${size} bytes echoed through the relays`);
  }
}

function relayScenario(transport: 'udp' | 'tcp' | 'tls'): Scenario {
  return {
    name: `turn-relay/chromium: relay only through coturn (purertc over ${transport.toUpperCase()}, Chromium over UDP), purertc offers: a channel echoes 0 B to 256 KiB`,
    browsers: ['chromium'],
    timeoutMs: TIMEOUT_MS,
    async run(context: ScenarioContext) {
      if (!hasTurnserver()) throw new ScenarioSkip('coturn (turnserver) is not installed');
      const turn = await TurnServer.start();
      context.defer(() => turn.stop());
      const page = await context.page('chromium');
      await page.evaluate(pageCreate, { url: turn.url('udp'), username: TURN_USER, credential: TURN_PASSWORD });
      context.defer(() => page.evaluate(pageClose).then(() => undefined, () => undefined));
      const pc = new RTCPeerConnection({
        iceServers: [{ urls: turn.url(transport), username: TURN_USER, credential: TURN_PASSWORD }],
        iceTransportPolicy: 'relay',
        turnTrustedCertificates: [turn.certificatePem],
      } as never);
      context.defer(() => pc.close());
      const channel = pc.createDataChannel('relay');
      const opened = new Promise<void>((resolve) => (channel.onopen = () => resolve()));
      await pc.setLocalDescription();
      await waitGathered(pc, 10_000);
      const offer: SessionDescription = { type: 'offer', sdp: pc.localDescription!.sdp };
      context.log(`purertc offer:\n${offer.sdp}`);
      assert.match(offer.sdp, / typ relay /, 'purertc gathered a relay candidate');
      assert.doesNotMatch(offer.sdp, / typ host /, 'policy "relay": no host candidate');
      const answer = await page.evaluate(pageAnswer, { offer, timeoutMs: 10_000 });
      context.log(`Chromium answer:\n${answer.sdp}`);
      assert.match(answer.sdp, / typ relay /, 'Chromium gathered a relay candidate');
      await pc.setRemoteDescription(answer as never);
      await Promise.race([opened, new Promise((_, reject) => setTimeout(() => reject(new Error('channel not open within 15 s')), 15_000))]);
      await echo(channel);
      const browser = await page.evaluate(pageSelected);
      assert.equal(browser.localType, 'relay', "Chromium's selected pair is on its relay candidate");
      const stats = [...((await pc.getStats()) as unknown as Map<string, Record<string, unknown>>).values()];
      const t = stats.find((s) => s.type === 'transport');
      const pair = stats.find((s) => s.id === t?.selectedCandidatePairId);
      const local = stats.find((s) => s.id === pair?.localCandidateId);
      assert.equal(local?.candidateType, 'relay');
      assert.equal(local?.relayProtocol, transport);
      assert.equal(local?.url, turn.url(transport));
      // Chromium allocates once per network it sees (two relay candidates here), and the
      // selected pair may move between them: the transport counts everything.
      assert.ok((t?.bytesReceived as number) > 256 * 1024, `transport bytesReceived ${String(t?.bytesReceived)}`);
      // The pair selected last may be new (Chromium's switch between its relays); the pairs over
      // our relay that carried the data count bytes and round trips like any other.
      const relayPairs = stats.filter((s) => s.type === 'candidate-pair' && stats.find((c) => c.id === s.localCandidateId)?.candidateType === 'relay');
      assert.ok(relayPairs.some((p) => (p.bytesReceived as number) > 0 && (p.responsesReceived as number) > 0), `a pair over the relay carried data and measured round trips: ${JSON.stringify(relayPairs.map((p) => [p.bytesReceived, p.responsesReceived]))}`);
      assert.ok(pair !== undefined, 'a selected pair');
    },
  };
}

/** Relay-only data channels with Chromium through coturn, purertc over each transport. */
export const scenarios: Scenario[] = (['udp', 'tcp', 'tls'] as const).map(relayScenario);
