// TURN relays (RFC 8656) against Debian's coturn on 127.0.0.1: two purertc peers with
// iceTransportPolicy "relay" connect through coturn over UDP, TCP and TLS and echo data
// channel messages of 0 B to 256 KiB; a wrong password gives icecandidateerror 401 and no
// relay candidate while host candidates still connect; an unreachable server gives 701.
import assert from 'node:assert/strict';
import { RTCPeerConnection, type RTCDataChannel, type RTCPeerConnectionIceErrorEvent, type RTCPeerConnectionIceEvent } from '../../src/index.js';
import { installLoopbackGuard } from '../helpers/loopback.js';
import { withTimeout } from '../helpers/probe.js';
import { TURN_PASSWORD, TURN_USER, TurnServer, hasTurnserver, TURNSERVER } from './turnserver.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';
installLoopbackGuard();

type Pc = RTCPeerConnection;
const SIZES = [0, 1, 1200, 16 * 1024, 65536, 256 * 1024];

/** Two peers that trickle candidates to each other; resolves when both are connected. */
async function connect(a: Pc, b: Pc): Promise<RTCDataChannel> {
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  const channel = a.createDataChannel('relay');
  b.ondatachannel = (e) => {
    const echo = e.channel;
    echo.binaryType = 'arraybuffer';
    echo.onmessage = (m) => echo.send(m.data as ArrayBuffer);
  };
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await withTimeout(new Promise<void>((resolve) => (channel.onopen = () => resolve())), 15000, 'the channel to open');
  return channel;
}

/** Sends each size and checks the echo byte for byte. */
async function echo(channel: RTCDataChannel): Promise<void> {
  channel.binaryType = 'arraybuffer';
  for (const size of SIZES) {
    const sent = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
    const got = withTimeout(new Promise<ArrayBuffer>((resolve) => (channel.onmessage = (m: MessageEvent) => resolve(m.data as ArrayBuffer))), 15000, `the ${size}-byte echo`);
    channel.send(sent);
    assert.deepEqual(new Uint8Array(await got), sent, `${size} bytes echoed`);
  }
}

/** The selected pair's stats entries. */
async function selected(pc: Pc): Promise<{ pair: Record<string, unknown>; local: Record<string, unknown> }> {
  const report = (await pc.getStats()) as unknown as Map<string, Record<string, unknown>>;
  const entries = [...report.values()];
  const transport = entries.find((s) => s.type === 'transport')!;
  const pair = entries.find((s) => s.id === transport.selectedCandidatePairId)!;
  const local = entries.find((s) => s.id === pair.localCandidateId)!;
  return { pair, local };
}

describe('conformance: TURN relays through coturn', function () {
  this.timeout(60000);
  let turn: TurnServer | undefined;
  const peers: Pc[] = [];

  before(async function () {
    if (!hasTurnserver()) {
      if (process.env.CI === 'true') throw new Error(`coturn (${TURNSERVER}) is required for the TURN conformance tests when CI=true`);
      console.warn(`\n  !!! SKIPPING TURN conformance: ${TURNSERVER} is not installed (apt-get install coturn) !!!\n`);
      this.skip();
    }
    turn = await TurnServer.start();
  });

  afterEach(() => {
    for (const pc of peers.splice(0)) pc.close();
  });

  after(() => turn?.stop());

  function peer(config: Record<string, unknown>): Pc {
    const pc = new RTCPeerConnection({ turnTrustedCertificates: [turn!.certificatePem], ...config } as never);
    peers.push(pc);
    return pc;
  }

  for (const transport of ['udp', 'tcp', 'tls'] as const) {
    it(`relay only over ${transport.toUpperCase()}: connects, echoes 0 B to 256 KiB, and reports the relay in stats`, async () => {
      const iceServers = [{ urls: turn!.url(transport), username: TURN_USER, credential: TURN_PASSWORD }];
      const a = peer({ iceServers, iceTransportPolicy: 'relay' });
      const b = peer({ iceServers, iceTransportPolicy: 'relay' });
      const types: string[] = [];
      a.addEventListener('icecandidate', (e) => {
        const c = (e as RTCPeerConnectionIceEvent).candidate;
        if (c?.candidate) types.push(c.type!);
      });
      const relayEvents: Array<{ url: string | null; relayProtocol: string | null; eventUrl: string | null }> = [];
      a.addEventListener('icecandidate', (e) => {
        const ev = e as RTCPeerConnectionIceEvent;
        if (ev.candidate?.candidate) relayEvents.push({ url: ev.candidate.url, relayProtocol: ev.candidate.relayProtocol, eventUrl: ev.url });
      });
      const channel = await connect(a, b);
      await echo(channel);
      assert.deepEqual(types, ['relay'], 'policy "relay" gathers only the relay candidate');
      // W3C webrtc §4.8.1: a relay candidate names its server and the transport to it.
      assert.deepEqual(relayEvents, [{ url: turn!.url(transport), relayProtocol: transport, eventUrl: turn!.url(transport) }]);
      for (const pc of [a, b]) {
        const { pair, local } = await selected(pc);
        assert.equal(local.candidateType, 'relay');
        // W3C webrtc-stats: relayProtocol and url on local relay candidates.
        assert.equal(local.relayProtocol, transport);
        assert.equal(local.url, turn!.url(transport));
        assert.equal(local.address, '127.0.0.1');
        assert.ok((pair.bytesSent as number) > 256 * 1024, `bytesSent ${String(pair.bytesSent)}`);
        assert.ok((pair.bytesReceived as number) > 256 * 1024, `bytesReceived ${String(pair.bytesReceived)}`);
        assert.ok((pair.responsesReceived as number) >= 1 && (pair.totalRoundTripTime as number) >= 0, 'round trips measured');
      }
    });
  }

  it('setConfiguration then restartIce: the restart gathers through the newly configured server, relay only, and moves the data there', async () => {
    const a = peer({});
    const b = peer({});
    const channel = await connect(a, b);
    assert.equal((await selected(a)).local.candidateType, 'host');
    const iceServers = [{ urls: turn!.url('udp'), username: TURN_USER, credential: TURN_PASSWORD }];
    // W3C webrtc §4.4.1.6: new servers and policy apply from the next gathering.
    a.setConfiguration({ iceServers, iceTransportPolicy: 'relay', turnTrustedCertificates: [turn!.certificatePem] } as never);
    const types: string[] = [];
    a.addEventListener('icecandidate', (e) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      if (c?.candidate) types.push(c.type!);
    });
    a.restartIce();
    // Polled every 50 ms, at most 300 times (the 15 s bound below).
    const moved = new Promise<void>((resolve) => {
      let left = 300;
      const check = (): void =>
        void selected(a).then(({ local }) => (local.candidateType === 'relay' ? resolve() : --left > 0 && setTimeout(check, 50)));
      check();
    });
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await withTimeout(moved, 15000, 'the selected pair to move to the relay');
    assert.deepEqual(types, ['relay'], 'only the relay candidate is gathered');
    await echo(channel);
  });

  it('a wrong password: icecandidateerror 401, no relay candidate, and host candidates still connect', async () => {
    const iceServers = [{ urls: turn!.url('udp'), username: TURN_USER, credential: 'not-the-password' }];
    const a = peer({ iceServers });
    const b = peer({});
    const errors: RTCPeerConnectionIceErrorEvent[] = [];
    const types: string[] = [];
    a.onicecandidateerror = (e) => errors.push(e);
    a.addEventListener('icecandidate', (e) => {
        const c = (e as RTCPeerConnectionIceEvent).candidate;
        if (c?.candidate) types.push(c.type!);
      });
    const gathered = new Promise<void>((resolve) => a.addEventListener('icegatheringstatechange', () => a.iceGatheringState === 'complete' && resolve()));
    const channel = await connect(a, b);
    await withTimeout(gathered, 10000, 'gathering to complete');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.errorCode, 401);
    assert.equal(errors[0]!.url, turn!.url('udp'));
    // W3C webrtc §4.8.4: the local address used to reach the server (a host candidate's here).
    assert.equal(errors[0]!.address, '127.0.0.1');
    assert.ok(errors[0]!.port! > 0);
    assert.ok(errors[0]!.errorText.length > 0);
    assert.ok(!types.includes('relay') && types.includes('host'), `candidates: ${types.join(',')}`);
    channel.binaryType = 'arraybuffer';
    await echo(channel);
  });

  it('an unreachable server gives icecandidateerror 701 and gathering still completes', async () => {
    const url = `turn:127.0.0.1:${turn!.tlsPort + 1}?transport=tcp`;
    const a = peer({ iceServers: [{ urls: url, username: TURN_USER, credential: TURN_PASSWORD }], iceTransportPolicy: 'relay' });
    const error = new Promise<RTCPeerConnectionIceErrorEvent>((resolve) => (a.onicecandidateerror = resolve));
    const complete = new Promise<void>((resolve) => a.addEventListener('icegatheringstatechange', () => a.iceGatheringState === 'complete' && resolve()));
    a.createDataChannel('x');
    await a.setLocalDescription();
    const e = await withTimeout(error, 10000, 'icecandidateerror');
    assert.equal(e.errorCode, 701);
    assert.equal(e.url, url);
    // Policy "relay" exposes no host address: none in the error either.
    assert.equal(e.address, null);
    assert.equal(e.port, 0);
    await withTimeout(complete, 10000, 'gathering to complete');
  });
});
