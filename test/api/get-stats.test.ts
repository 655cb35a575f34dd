// The stats objects getStats builds (W3C webrtc-stats): from a TransportStack connected on
// a simulated network, and from an RTCPeerConnection that never binds a socket. The same
// report between two connected purertc peers over loopback is in conformance/purertc.
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';
import { certificateChainStats } from '../../src/api/stats/certificates.js';
import { StatsIds } from '../../src/api/stats/ids.js';
import { transportStats, type StatsDict, type TransportView } from '../../src/api/stats/transport.js';
import { fingerprint, generateSelfSignedCertificate } from '../../src/crypto/index.js';
import type { TransportStats } from '../../src/io/index.js';
import type { IceSnapshot } from '../../src/protocol/ice/index.js';
import { StackPair } from '../protocol/stack/sim.js';
import { checkMembers, checkReferences } from './stats-members.js';

const VIEW: TransportView = {
  iceRole: 'controlling',
  iceState: 'connected',
  dtlsState: 'connected',
  localUfrag: 'ufl',
  remoteUfrag: 'ufr',
  localCertificateId: 'CFAA',
  remoteCertificateId: 'CFBB',
};

function report(engines: TransportStats | undefined, ids = new StatsIds(), view = VIEW): Map<string, StatsDict> {
  const out = new Map<string, StatsDict>();
  transportStats(out, view, engines, ids, 5000);
  // The certificates the view names, so that every reference resolves.
  for (const id of ['CFAA', 'CFBB']) out.set(id, { id, type: 'certificate', timestamp: 5000, fingerprint: id.slice(2), fingerprintAlgorithm: 'sha-256', base64Certificate: '' });
  return out;
}

function ofType(r: Map<string, StatsDict>, type: string): StatsDict[] {
  return [...r.values()].filter((s) => s.type === type);
}

async function connectedStats(): Promise<TransportStats> {
  const pair = await StackPair.create({ link: { lossRate: 0, duplicateRate: 0, delayMs: 5, jitterMs: 0, seed: 7 } });
  pair.connect();
  pair.advanceTo(pair.nowMs + 100);
  return { ...pair.a.stack.stats(), clockOriginMs: 1_000_000 };
}

describe('api/getStats objects', () => {
  it('builds transport, candidate-pair and candidate objects from a connected stack, every member typed and every id resolving', async () => {
    const engines = await connectedStats();
    const r = report(engines);
    checkReferences(r);
    for (const s of r.values()) checkMembers(s);
    const [transport] = ofType(r, 'transport');
    assert.ok(transport);
    assert.equal(transport.id, 'T01');
    const pair = r.get(transport.selectedCandidatePairId as string)!;
    assert.equal(pair.type, 'candidate-pair');
    assert.deepEqual([pair.state, pair.nominated, pair.transportId], ['succeeded', true, 'T01']);
    // 5 ms each way: 10 ms round trips, in seconds.
    assert.equal(pair.currentRoundTripTime, 0.01);
    assert.ok(Math.abs((pair.totalRoundTripTime as number) - 0.01 * (pair.responsesReceived as number)) < 1e-9);
    const counters = engines.ice!.pairs.find((p) => p.ref === engines.ice!.selectedPair)!.counters;
    assert.equal(pair.lastPacketSentTimestamp, 1_000_000 + counters.lastPacketSentMs, 'engine times on the clock origin');
    assert.deepEqual(
      [transport.packetsSent, transport.bytesSent, transport.dtlsRole, transport.tlsVersion, transport.dtlsCipher, transport.selectedCandidatePairChanges, transport.iceRole],
      [engines.ice!.traffic.packetsSent, engines.ice!.traffic.bytesSent, 'client', 'FEFD', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 1, 'controlling'],
    );
    // W3C webrtc-stats: srtpCipher names the IANA DTLS-SRTP profile in use (GCM first by default).
    assert.equal(transport.srtpCipher, 'SRTP_AEAD_AES_128_GCM');
    const local = r.get(pair.localCandidateId as string)!;
    const remote = r.get(pair.remoteCandidateId as string)!;
    assert.deepEqual([local.type, local.address, local.port, local.usernameFragment], ['local-candidate', '10.0.0.1', 5000, 'ufl']);
    assert.deepEqual([remote.type, remote.address, remote.port, remote.usernameFragment], ['remote-candidate', '10.0.0.2', 5000, 'ufr']);
    // Ids say nothing about the objects: no address, port or foundation in them.
    for (const s of r.values()) {
      if (s.type === 'certificate') continue;
      assert.doesNotMatch(s.id as string, /10\.0\.0|5000|:/, `${s.type} id ${String(s.id)}`);
    }
  });

  it('gives an object the same id in every report, and another connection other ids', async () => {
    const engines = await connectedStats();
    const ids = new StatsIds();
    const first = [...report(engines, ids).keys()];
    const second = [...report({ ...engines }, ids).keys()];
    assert.deepEqual(second, first);
    const other = [...report(engines, new StatsIds()).keys()].filter((id) => /^(CP|I)/.test(id));
    assert.equal(other.filter((id) => first.includes(id)).length, 0);
    assert.match(first.find((id) => id.startsWith('CP'))!, /^CP[A-Za-z0-9]{8}_[A-Za-z0-9]{8}$/);
  });

  it('leaves out the address of a remote candidate only learnt from a check, and url where it does not apply', () => {
    const host = {};
    const srflx = {};
    const learnt = {};
    const ice: IceSnapshot = {
      controlling: false,
      localCandidates: [
        { ref: host, type: 'host', address: '192.168.1.2', port: 4000, protocol: 'udp', priority: 2122317823, foundation: '1', learned: false },
        { ref: srflx, type: 'srflx', address: '203.0.113.9', port: 41000, protocol: 'udp', priority: 1686052607, foundation: '2', relatedAddress: '192.168.1.2', relatedPort: 4000, url: 'stun:stun.example.org', learned: false },
      ],
      remoteCandidates: [{ ref: learnt, type: 'prflx', address: '198.51.100.7', port: 5555, protocol: 'udp', priority: 1845501695, foundation: 'prflx1', learned: true }],
      pairs: [],
      selectedPair: undefined,
      selectedPairChanges: 0,
      traffic: { packetsSent: 0, bytesSent: 0, packetsReceived: 0, bytesReceived: 0 },
    };
    const r = report({ ice, dtlsRole: undefined, dtls: undefined, clockOriginMs: 0 });
    for (const s of r.values()) checkMembers(s);
    const [remote] = ofType(r, 'remote-candidate');
    assert.ok(remote && !('address' in remote), 'a peer-reflexive address nobody signalled stays out');
    assert.deepEqual([remote.port, remote.candidateType], [5555, 'prflx']);
    const locals = ofType(r, 'local-candidate');
    assert.equal(locals.find((s) => s.candidateType === 'srflx')!.url, 'stun:stun.example.org');
    assert.deepEqual([locals.find((s) => s.candidateType === 'srflx')!.relatedAddress, locals.find((s) => s.candidateType === 'srflx')!.relatedPort], ['192.168.1.2', 4000]);
    assert.ok(!('url' in locals.find((s) => s.candidateType === 'host')!));
    const [transport] = ofType(r, 'transport');
    assert.ok(transport && !('selectedCandidatePairId' in transport) && !('tlsVersion' in transport) && !('dtlsCipher' in transport) && !('srtpCipher' in transport));
    assert.deepEqual([transport.dtlsRole, transport.iceRole], ['unknown', 'controlled']);
  });

  it('reports zero counters and the W3C objects\' state before the engines exist', () => {
    const r = report(undefined, new StatsIds(), { ...VIEW, iceRole: 'unknown', iceState: 'new', dtlsState: 'new', remoteUfrag: null, remoteCertificateId: null });
    const [transport] = ofType(r, 'transport');
    assert.deepEqual(
      { ...transport, timestamp: 0 },
      {
        id: 'T01', type: 'transport', timestamp: 0, packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, iceRole: 'unknown',
        dtlsState: 'new', iceState: 'new', dtlsRole: 'unknown', selectedCandidatePairChanges: 0, iceLocalUsernameFragment: 'ufl', localCertificateId: 'CFAA',
      },
    );
  });

  it('links a certificate chain by issuerCertificateId, and a self-signed certificate to nothing', async () => {
    const [leaf, issuer] = await Promise.all([
      generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } }),
      generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } }),
    ]);
    const out = new Map<string, StatsDict>();
    const leafId = certificateChainStats(out, [{ der: leaf.der }, { der: issuer.der }], 7);
    const fpLeaf = fingerprint(leaf.der, 'sha-256');
    const fpIssuer = fingerprint(issuer.der, 'sha-256');
    assert.equal(leafId, `CF${fpLeaf}`);
    assert.deepEqual(out.get(`CF${fpLeaf}`), {
      id: `CF${fpLeaf}`,
      type: 'certificate',
      timestamp: 7,
      fingerprint: fpLeaf,
      fingerprintAlgorithm: 'sha-256',
      base64Certificate: Buffer.from(leaf.der).toString('base64'),
      issuerCertificateId: `CF${fpIssuer}`,
    });
    assert.ok(!('issuerCertificateId' in out.get(`CF${fpIssuer}`)!), 'the end of the chain names no issuer');
    const alone = new Map<string, StatsDict>();
    certificateChainStats(alone, [{ der: leaf.der }], 7);
    assert.ok(!('issuerCertificateId' in alone.get(`CF${fpLeaf}`)!));
    for (const s of out.values()) checkMembers(s);
  });

  it('lists an unnegotiated connection\'s channels and certificate, keeps them after close(), and filters by selector', async () => {
    const pc = new RTCPeerConnection();
    try {
      pc.createDataChannel('first', { protocol: 'p' });
      pc.createDataChannel('second', { negotiated: true, id: 9 });
      const { sender } = pc.addTransceiver('audio');
      const all = (await pc.getStats()) as unknown as Map<string, StatsDict>;
      for (const s of all.values()) checkMembers(s);
      checkReferences(all);
      assert.deepEqual([...all.values()].map((s) => s.type).sort(), ['certificate', 'data-channel', 'data-channel', 'peer-connection']);
      assert.deepEqual(
        { ...all.get('D0'), timestamp: 0 },
        { id: 'D0', type: 'data-channel', timestamp: 0, label: 'first', protocol: 'p', state: 'connecting', messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 },
        'no dataChannelIdentifier while the id is null',
      );
      assert.equal(all.get('D1')!.dataChannelIdentifier, 9);
      // W3C webrtc-pc §8.5: a sender's report holds its RTP streams and what they reference; there are none.
      assert.equal(((await sender.getStats()) as Map<string, unknown>).size, 0);
      assert.equal(((await pc.getReceivers()[0]!.getStats()) as Map<string, unknown>).size, 0);
      pc.close();
      const closed = (await pc.getStats()) as unknown as Map<string, StatsDict>;
      assert.deepEqual([...closed.keys()], [...all.keys()], 'the same objects after close()');
      assert.deepEqual([closed.get('D0')!.state, closed.get('D1')!.state], ['closed', 'closed']);
      assert.deepEqual([closed.get('P')!.dataChannelsOpened, closed.get('P')!.dataChannelsClosed], [0, 0], 'channels never open are not counted');
    } finally {
      pc.close();
    }
  });
});
