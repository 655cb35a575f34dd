// Server-reflexive gathering (RFC 8445 §5.1.1.2) against Debian's coturn on 127.0.0.1.
// On loopback the address coturn reflects is the host address itself, which RFC 8445
// §5.1.3 makes a redundant candidate that is dropped. So the suite checks three things:
//   - behind a port-translating relay on loopback (LoopbackNat) RTCPeerConnection gathers
//     an srflx candidate with raddr/rport naming its host candidate;
//   - straight against coturn it gathers none, and still completes gathering at once (the
//     Binding transaction was answered, not timed out);
//   - the IceAgent engine, driven over a real socket, sends an unauthenticated Binding
//     request with FINGERPRINT from its host base, reads coturn's XOR-MAPPED-ADDRESS, and
//     drops or reports the candidate as the RFC says.
import assert from 'node:assert/strict';
import { RTCPeerConnection as PureRTCPeerConnection } from '../../src/index.js';
import { StunAttr, StunMethod, checkFingerprint, getAttribute, getXorMappedAddress, parseMessage } from '../../src/protocol/stun/index.js';
import { Coturn, LoopbackNat, hasTurnserver, TURNSERVER } from '../helpers/coturn.js';
import { UdpIceDriver } from '../helpers/ice-driver.js';
import { installLoopbackGuard } from '../helpers/loopback.js';
import type { CandidateInit, EventLike, PeerLike } from '../helpers/peers.js';
import { nextEvent } from '../helpers/probe.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';
installLoopbackGuard();

/** The RTCIceCandidate attributes read here. */
interface Candidate extends CandidateInit {
  type: string | null;
  address: string | null;
  port: number | null;
  protocol: string | null;
  component: string | null;
  priority: number | null;
  foundation: string | null;
  relatedAddress: string | null;
  relatedPort: number | null;
}

/** Gathers with purertc using one STUN server; resolves with every icecandidate event's candidate. */
async function gather(stunPort: number): Promise<{ pc: PeerLike; candidates: Array<Candidate | null>; elapsedMs: number }> {
  const pc = new PureRTCPeerConnection({ iceServers: [{ urls: `stun:127.0.0.1:${stunPort}` }] } as never) as unknown as PeerLike & { iceGatheringState: string };
  const candidates: Array<Candidate | null> = [];
  pc.addEventListener('icecandidate', (e: EventLike & { candidate: Candidate | null }) => candidates.push(e.candidate));
  pc.createDataChannel('srflx');
  const started = performance.now();
  const complete = nextEvent(pc, 'icegatheringstatechange', 5000, 'gathering to start').then(async () => {
    while (pc.iceGatheringState !== 'complete') await nextEvent(pc, 'icegatheringstatechange', 5000, 'iceGatheringState "complete"');
  });
  await pc.setLocalDescription(await pc.createOffer());
  await complete;
  return { pc, candidates, elapsedMs: performance.now() - started };
}

describe('conformance: srflx gathering against coturn', function () {
  this.timeout(15000);
  let coturn: Coturn | undefined;
  const cleanup: Array<() => void> = [];

  before(async function () {
    if (!hasTurnserver()) {
      if (process.env.CI === 'true') throw new Error(`coturn (${TURNSERVER}) is required for the STUN conformance tests when CI=true`);
      console.warn(`\n  !!! SKIPPING STUN/coturn conformance: ${TURNSERVER} is not installed (apt-get install coturn) !!!\n`);
      this.skip();
    }
    coturn = await Coturn.start();
  });

  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });

  after(() => coturn?.stop());

  it('behind a loopback NAT, RTCPeerConnection gathers an srflx candidate with raddr/rport of its host candidate', async () => {
    const nat = await LoopbackNat.start(coturn!.port);
    cleanup.push(() => nat.close());
    const { pc, candidates } = await gather(nat.port);
    cleanup.push(() => pc.close());

    assert.equal(candidates.at(-1), null, 'gathering ends with a null candidate');
    const gathered = candidates.filter((c): c is Candidate => c !== null && c.candidate !== '');
    const host = gathered.find((c) => c.type === 'host');
    const srflx = gathered.find((c) => c.type === 'srflx');
    assert.ok(host, `a host candidate: ${gathered.map((c) => c.candidate).join(' | ')}`);
    assert.ok(srflx, `an srflx candidate: ${gathered.map((c) => c.candidate).join(' | ')}\ncoturn:\n${coturn!.output.slice(-2000)}`);
    assert.ok(nat.forwarded >= 1, 'the Binding request went through the relay to coturn');

    // What coturn reflected: the relay's outside port for our host socket.
    const mapped = nat.mappings.get(`${host.address}:${host.port}`);
    assert.equal(srflx.address, '127.0.0.1');
    assert.equal(srflx.port, mapped);
    // RFC 8445 §5.1.1.2 / RFC 8839 §5.1: the related address is the base (the host candidate).
    assert.equal(srflx.relatedAddress, host.address);
    assert.equal(srflx.relatedPort, host.port);
    assert.match(srflx.candidate, new RegExp(` typ srflx raddr 127\\.0\\.0\\.1 rport ${host.port}( |$)`));
    assert.equal(srflx.protocol, 'udp');
    assert.equal(srflx.component, 'rtp');
    assert.equal(srflx.sdpMid, host.sdpMid);
    // RFC 8445 §5.1.2.2: type preference 100 for srflx below 126 for host; §5.1.1.3: a
    // different type (and STUN server) gives a different foundation.
    assert.ok(srflx.priority! < host.priority!, `srflx priority ${srflx.priority} below host ${host.priority}`);
    assert.notEqual(srflx.foundation, host.foundation);
    // The candidate is in the local description once gathering is complete (JSEP §5.7).
    assert.ok(pc.localDescription!.sdp.includes(`a=${srflx.candidate}`), 'srflx candidate in localDescription');
  });

  it('straight against coturn the reflexive address is the host one: no srflx candidate, and gathering completes on the answer', async () => {
    const { pc, candidates, elapsedMs } = await gather(coturn!.port);
    cleanup.push(() => pc.close());
    const gathered = candidates.filter((c): c is Candidate => c !== null && c.candidate !== '');
    // RFC 8445 §5.1.3: a server-reflexive candidate equal to its base is redundant and removed.
    assert.deepEqual(
      gathered.map((c) => c.type),
      ['host'],
      `candidates: ${gathered.map((c) => c.candidate).join(' | ')}`,
    );
    assert.ok(!pc.localDescription!.sdp.includes('typ srflx'));
    // Unanswered, the Binding transaction would retransmit for seconds (RFC 8489 §6.2.1);
    // completing at once means coturn's success response was read.
    assert.ok(elapsedMs < 1500, `gathering took ${elapsedMs.toFixed(0)} ms`);
  });

  it('the IceAgent sends an unauthenticated Binding request with FINGERPRINT from its base and drops the redundant mapping', async () => {
    const driver = await UdpIceDriver.open();
    cleanup.push(() => driver.close());
    driver.agent.addStunServer({ address: '127.0.0.1', port: coturn!.port, family: 4 });
    driver.agent.addLocalHostCandidate(driver.base);
    driver.agent.endOfLocalCandidates();
    driver.drive();
    const done = await driver.until((e) => e.type === 'gathering-complete', 3000, 'gathering-complete');

    const out = driver.wire.filter((w) => w.direction === 'out' && w.peer.port === coturn!.port);
    assert.ok(out.length >= 1, 'a request went to coturn');
    const request = parseMessage(out[0]!.data);
    assert.equal(request.class, 'request');
    assert.equal(request.method, StunMethod.Binding);
    // RFC 8445 §5.1.1.2: no credentials towards a STUN server; FINGERPRINT as ICE always adds.
    assert.equal(getAttribute(request, StunAttr.Username), undefined);
    assert.equal(getAttribute(request, StunAttr.MessageIntegrity), undefined);
    assert.equal(checkFingerprint(request), true);

    const answers = driver.wire.filter((w) => w.direction === 'in' && w.peer.port === coturn!.port);
    assert.equal(answers.length, 1, 'one answer, so no retransmission was needed');
    const response = parseMessage(answers[0]!.data);
    assert.equal(response.class, 'success');
    assert.deepEqual(response.transactionId, request.transactionId);
    assert.deepEqual(getXorMappedAddress(response), driver.base, 'coturn reflects the host address on loopback');
    assert.ok(done.atMs >= answers[0]!.atMs, 'gathering completed on the answer');

    const types = driver.events.filter((e) => e.event.type === 'candidate').map((e) => (e.event as { candidate: { type: string } }).candidate.type);
    assert.deepEqual(types, ['host'], 'RFC 8445 §5.1.3: the srflx candidate equal to its base is not reported');
  });

  it('the IceAgent behind the loopback NAT reports the srflx candidate with its base', async () => {
    const nat = await LoopbackNat.start(coturn!.port);
    cleanup.push(() => nat.close());
    const driver = await UdpIceDriver.open();
    cleanup.push(() => driver.close());
    driver.agent.addStunServer({ address: '127.0.0.1', port: nat.port, family: 4 });
    driver.agent.addLocalHostCandidate(driver.base);
    driver.agent.endOfLocalCandidates();
    driver.drive();
    const found = await driver.until((e) => e.type === 'candidate' && e.candidate.type === 'srflx', 3000, 'an srflx candidate');
    await driver.until((e) => e.type === 'gathering-complete', 3000, 'gathering-complete');
    const c = (found.event as Extract<typeof found.event, { type: 'candidate' }>).candidate;
    assert.equal(c.address, '127.0.0.1');
    assert.equal(c.port, nat.mappings.get(`127.0.0.1:${driver.base.port}`));
    assert.deepEqual(c.base, driver.base);
    assert.equal(c.relatedAddress, driver.base.address);
    assert.equal(c.relatedPort, driver.base.port);
  });
});
