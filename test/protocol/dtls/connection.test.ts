// Client and server DtlsConnections against each other on a simulated network in
// simulated time: lossy, reordering and duplicating links, small MTUs, both key types.
import assert from 'node:assert/strict';
import { AlertDescription, DtlsConnection, DtlsStateError, type DtlsEvent } from '../../../src/protocol/dtls/index.js';
import { parseDatagram, serializeRecord } from '../../../src/protocol/dtls/record.js';
import { generateEcdheKey, type EcdheKey } from '../../../src/protocol/dtls/ecdhe.js';
import { NamedGroup } from '../../../src/protocol/dtls/constants.js';
import { fingerprintsOf, makePair, seededRandom, SimulatedPair, testCertificate } from './helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const dataOf = (events: DtlsEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'data' ? [new TextDecoder().decode(e.data)] : []));
const failed = (p: SimulatedPair): boolean => p.ends.some((c) => c.state === 'failed');

async function connect(opts: Parameters<typeof makePair>[0] = {}, net = {}, seed = 1): Promise<SimulatedPair> {
  const ends = await makePair({ seed, ...opts });
  const pair = new SimulatedPair(ends, net, seed);
  ends[0].start(0);
  pair.run(() => pair.bothConnected() || failed(pair));
  return pair;
}

function assertConnected(pair: SimulatedPair): void {
  const [c, s] = pair.ends;
  assert.equal(c.state, 'connected', `client: ${JSON.stringify(pair.events[0])}`);
  assert.equal(s.state, 'connected', `server: ${JSON.stringify(pair.events[1])}`);
  assert.deepEqual(c.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60), s.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60));
}

describe('dtls/connection', () => {
  for (const [clientCert, serverCert] of [
    ['ecdsa-p256', 'ecdsa-p256'],
    ['rsa', 'rsa'],
    ['ecdsa-p256', 'rsa'],
    ['rsa', 'ecdsa-p256'],
  ] as const) {
    it(`handshakes with a ${clientCert} client and a ${serverCert} server`, async () => {
      const pair = await connect({ clientCert, serverCert });
      assertConnected(pair);
      const ev = pair.events[0].find((e) => e.type === 'connected');
      assert.ok(ev && ev.type === 'connected');
      assert.equal(ev.srtpProfile, 7, "server's preference among the client's offer");
      assert.deepEqual(ev.remoteCertificate, (await testCertificate(serverCert, 'server')).der);
    });
  }

  it('reports its role, and from connected on the suite, the version and the peer certificate (getStats)', async () => {
    for (const [clientCert, serverCert, suite] of [
      ['ecdsa-p256', 'ecdsa-p256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
      ['ecdsa-p256', 'rsa', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    ] as const) {
      const ends = await makePair({ clientCert, serverCert });
      assert.deepEqual(ends.map((c) => c.dtlsRole), ['client', 'server']);
      assert.deepEqual(ends.map((c) => c.agreed), [undefined, undefined], 'nothing agreed before the handshake');
      const pair = new SimulatedPair(ends, {}, 1);
      ends[0].start(0);
      pair.run(() => pair.bothConnected() || failed(pair));
      assertConnected(pair);
      const [client, server] = ends.map((c) => c.agreed!);
      assert.deepEqual(
        [client.cipherSuite, client.version, server.cipherSuite, server.version],
        [suite, 'FEFD', suite, 'FEFD'],
      );
      assert.deepEqual(client.peerCertificates, [(await testCertificate(serverCert, 'server')).der]);
      assert.deepEqual(server.peerCertificates, [(await testCertificate(clientCert, 'client')).der]);
      ends[0].close();
      pair.run(() => ends[1].state === 'closed');
      assert.equal(ends[0].agreed?.cipherSuite, suite, 'still known after close');
    }
  });

  it('exchanges application data both ways and closes with close_notify', async () => {
    const pair = await connect();
    const [c, s] = pair.ends;
    c.send(text('ping'));
    s.send(text('pong'));
    s.send(new Uint8Array(0));
    pair.run(() => dataOf(pair.events[1]).length === 1 && dataOf(pair.events[0]).length === 2);
    assert.deepEqual(dataOf(pair.events[1]), ['ping']);
    assert.deepEqual(dataOf(pair.events[0]), ['pong', '']);
    c.close();
    pair.run(() => s.state === 'closed');
    assert.equal(c.state, 'closed');
    assert.ok(pair.events[1].some((e) => e.type === 'closed'));
    assert.throws(() => c.send(text('late')), DtlsStateError);
  });

  it('splits large application data into 2^14-byte records', async () => {
    const pair = await connect();
    const big = new Uint8Array(40000).map((_, i) => i & 0xff);
    pair.ends[0].send(big);
    pair.run(() => pair.events[1].filter((e) => e.type === 'data').length === 3);
    const got = pair.events[1].flatMap((e) => (e.type === 'data' ? [...e.data] : []));
    assert.deepEqual(Uint8Array.from(got), big);
  });

  for (const loss of [0, 0.05, 0.2]) {
    for (const seed of [1, 2, 3]) {
      it(`completes with ${loss * 100}% loss, reordering and duplication (seed ${seed})`, async () => {
        const pair = await connect({}, { loss, duplicate: 0.1, jitterMs: 30, delayMs: 5 }, seed);
        assertConnected(pair);
      });
    }
  }

  it('fragments handshake messages under a tiny MTU, also with loss', async () => {
    for (const seed of [4, 5]) {
      const pair = await connect({ clientCert: 'rsa', serverCert: 'rsa', client: { mtu: 120 }, server: { mtu: 120 } }, { loss: 0.1, jitterMs: 20 }, seed);
      assertConnected(pair);
    }
  });

  it('retransmits with back-off and gives up after maxRetransmissions', async () => {
    const [c] = await makePair({ client: { initialRtoMs: 100, maxRetransmissions: 3 } });
    c.start(0);
    assert.ok(c.pollTransmit());
    const times: number[] = [];
    for (let t = c.pollTimeout(); t !== undefined; t = c.pollTimeout()) {
      times.push(t);
      c.handleTimeout(t);
      if (c.state === 'failed') break;
      assert.ok(c.pollTransmit(), 'the ClientHello is sent again');
    }
    assert.deepEqual(times, [100, 300, 700, 1500], 'RFC 6347 §4.2.4.1: the timer doubles');
    assert.equal(c.stats.retransmissions, 3);
    assert.equal(c.state, 'failed');
    assert.ok(c.pollEvent()?.type === 'error');
  });

  for (const side of ['client', 'server'] as const) {
    it(`fails with bad_certificate when the ${side} sees the wrong fingerprint`, async () => {
      const other = await testCertificate('ecdsa-p256', 'stranger');
      const wrong = { remoteFingerprints: fingerprintsOf(other) };
      const pair = await connect(side === 'client' ? { client: wrong } : { server: wrong });
      const i = side === 'client' ? 0 : 1;
      const err = pair.events[i].find((e) => e.type === 'error');
      assert.ok(err && err.type === 'error');
      assert.equal(err.alert, AlertDescription.badCertificate);
      assert.equal(pair.ends[i].state, 'failed');
      pair.run(() => pair.ends[1 - i]!.state === 'failed');
      const peerErr = pair.events[1 - i]!.find((e) => e.type === 'error');
      assert.ok(peerErr && peerErr.type === 'error' && peerErr.alert === AlertDescription.badCertificate);
    });
  }

  it('False Start: the client sends data with its final flight, the server reads it once connected (RFC 7918)', async () => {
    for (const seed of [1, 2, 3]) {
      // Application records are not retransmitted: on the lossy links the early one may be lost.
      const lossy = seed !== 1;
      const ends = await makePair({ seed });
      const [c] = ends;
      const pair = new SimulatedPair(ends, lossy ? { loss: 0.2, duplicate: 0.1, jitterMs: 3 } : {}, seed);
      c.start(0);
      let sentEarly = false;
      pair.run(() => {
        if (!sentEarly && pair.events[0].some((e) => e.type === 'false-start')) {
          // Before the server's Finished: writable, not connected.
          assert.equal(c.state, 'handshaking');
          assert.ok(c.writable);
          c.send(text('early'));
          sentEarly = true;
        }
        return pair.bothConnected() && (lossy || dataOf(pair.events[1]).length === 1);
      });
      if (lossy) pair.run(() => false, pair.nowMs + 2000);
      assert.ok(sentEarly, `seed ${seed}: no false-start event`);
      assertConnected(pair);
      const got = dataOf(pair.events[1]);
      assert.deepEqual(got, lossy && got.length === 0 ? [] : ['early']);
      const st = pair.events[1].map((e) => e.type);
      if (got.length > 0) assert.ok(st.indexOf('connected') < st.indexOf('data'), `server events: ${st.join(',')}`);
      // Only the client false-starts, and before it is connected.
      assert.ok(!st.includes('false-start'));
      const ct = pair.events[0].map((e) => e.type);
      assert.ok(ct.indexOf('false-start') < ct.indexOf('connected'), `client events: ${ct.join(',')}`);
    }
  });

  it('uses an ECDHE key made ahead, once, on either side; ignores one of another group', async () => {
    for (const side of ['client', 'server'] as const) {
      const calls: number[] = [];
      let shared = 0;
      const made = generateEcdheKey(NamedGroup.x25519, seededRandom(99));
      const counted: EcdheKey = { ...made, sharedSecret: (peer) => (shared++, made.sharedSecret(peer)) };
      const ahead = { ecdheKey: (group: number) => (calls.push(group), calls.length === 1 ? counted : undefined) };
      const pair = await connect(side === 'client' ? { client: ahead } : { server: ahead });
      assertConnected(pair);
      assert.deepEqual(calls, [NamedGroup.x25519], side);
      assert.equal(shared, 1, `${side}: the key made ahead computed the secret`);
    }
    const p256 = generateEcdheKey(NamedGroup.secp256r1, seededRandom(5));
    const wrong = await connect({ client: { ecdheKey: () => p256 }, server: { ecdheKey: () => p256 } });
    assertConnected(wrong);
  });

  it('no False Start when it is turned off or the fingerprints are not known yet', async () => {
    for (const client of [{ falseStart: false }, { remoteFingerprints: null }]) {
      const ends = await makePair({ client });
      const pair = new SimulatedPair(ends, {}, 1);
      ends[0].start(0);
      pair.run(() => pair.events[1].some((e) => e.type === 'connected'));
      // The server is connected; the client has sent its final flight and waits.
      assert.ok(!pair.events[0].some((e) => e.type === 'false-start'));
      assert.notEqual(ends[0].state, 'connected');
      assert.equal(ends[0].writable, false);
      assert.throws(() => ends[0].send(text('too early')), DtlsStateError);
    }
  });

  for (const explicit of [true, false]) {
    it(`a client checks the ServerKeyExchange signature after sending flight 5 and fails on a bad one (${explicit ? 'runPendingChecks' : 'the driver\'s timer'})`, async () => {
      const shown = await testCertificate('ecdsa-p256', 'server');
      const other = await testCertificate('ecdsa-p256', 'stranger');
      // The server presents one certificate and signs with another key: the fingerprint
      // matches, the ServerKeyExchange signature does not.
      const ends = await makePair({ server: { certificate: { der: shown.der, privateKey: other.privateKey } } });
      const [c] = ends;
      const pair = new SimulatedPair(ends, {}, 1);
      c.start(0);
      let flight5 = false;
      pair.run(() => {
        flight5 ||= pair.events[0].some((e) => e.type === 'false-start');
        if (flight5 && explicit && c.hasPendingChecks) c.runPendingChecks();
        return c.state === 'failed';
      });
      pair.pump();
      assert.ok(flight5, 'flight 5 went out first');
      const err = pair.events[0].find((e) => e.type === 'error');
      assert.ok(err && err.type === 'error' && err.alert === AlertDescription.decryptError, JSON.stringify(err));
      assert.ok(!pair.events[0].some((e) => e.type === 'connected' || e.type === 'data'));
      assert.equal(c.writable, false);
      pair.run(() => ends[1].state === 'failed');
      assert.ok(pair.events[1].some((e) => e.type === 'error' && e.alert === AlertDescription.decryptError));
    });
  }

  /** Client and server driven by hand up to the server's reading of flight 5 (+ 'init', sent with it). */
  async function upToFlight5(server: Parameters<typeof makePair>[0]) {
    const ends = await makePair(server);
    const [c, s] = ends;
    const deliver = (from: DtlsConnection, to: DtlsConnection): void => {
      for (let d = from.pollTransmit(); d; d = from.pollTransmit()) to.handleInput(d, 0, true);
    };
    const events = (x: DtlsConnection): DtlsEvent[] => {
      const out: DtlsEvent[] = [];
      for (let e = x.pollEvent(); e; e = x.pollEvent()) out.push(e);
      return out;
    };
    c.start(0);
    deliver(c, s); // ClientHello (from an ICE-verified address: no cookie exchange)
    deliver(s, c); // flight 4
    assert.ok(events(c).some((e) => e.type === 'false-start'));
    c.send(text('init'));
    c.runPendingChecks();
    // Flight 5 and 'init' in one datagram, as TransportStack sends them to a purertc peer
    // (a later datagram would run the check first).
    const parts: Uint8Array[] = [];
    for (let d = c.pollTransmit(); d; d = c.pollTransmit()) parts.push(d);
    s.handleInput(Buffer.concat(parts), 0, true);
    return { c, s, deliver, events };
  }

  it('an early-answering server sends flight 6 and reads and answers what came with flight 5 before checking CertificateVerify', async () => {
    const { c, s, deliver, events } = await upToFlight5({ server: { earlyAnswer: true } });
    assert.ok(s.hasPendingChecks);
    assert.equal(s.state, 'handshaking');
    assert.equal(s.pollTimeout(), 0, 'the check is due at once for a driver that only runs timers');
    const early = events(s);
    assert.deepEqual(early.map((e) => e.type), ['false-start', 'data']);
    assert.deepEqual(dataOf(early), ['init']);
    assert.equal(s.writable, true);
    s.send(text('init-ack'));
    assert.throws(() => s.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60), DtlsStateError);
    deliver(s, c); // flight 6 and 'init-ack'
    const ce = events(c);
    assert.deepEqual(ce.map((e) => e.type), ['connected', 'data']);
    assert.deepEqual(dataOf(ce), ['init-ack']);
    s.runPendingChecks();
    assert.equal(s.state, 'connected');
    assert.deepEqual(events(s).map((e) => e.type), ['connected']);
    c.send(text('after'));
    deliver(c, s);
    assert.deepEqual(dataOf(events(s)), ['after']);
  });

  it('without earlyAnswer (the default) the server checks CertificateVerify before flight 6', async () => {
    const { s, events } = await upToFlight5({});
    assert.equal(s.hasPendingChecks, false);
    assert.equal(s.state, 'connected');
    assert.deepEqual(events(s).map((e) => e.type), ['connected', 'data']);
  });

  for (const how of ['runPendingChecks', 'the next input', 'the timer'] as const) {
    it(`an early-answering server fails on a bad CertificateVerify, never connected (check run by ${how})`, async () => {
      const shown = await testCertificate('ecdsa-p256', 'client');
      const other = await testCertificate('ecdsa-p256', 'stranger');
      // The client presents one certificate and signs with another key.
      const { c, s, events } = await upToFlight5({ server: { earlyAnswer: true }, client: { certificate: { der: shown.der, privateKey: other.privateKey } } });
      assert.equal(s.writable, true, 'flight 6 went out first');
      assert.ok(s.pollTransmit(), 'flight 6 is queued');
      if (how === 'runPendingChecks') s.runPendingChecks();
      else if (how === 'the timer') s.handleTimeout(s.pollTimeout()!);
      else {
        c.send(text('more'));
        s.handleInput(c.pollTransmit()!, 0, true);
      }
      assert.equal(s.state, 'failed');
      const se = events(s);
      assert.deepEqual(se.map((e) => e.type), ['false-start', 'data', 'error'], 'only what came with flight 5 was read');
      const err = se.find((e) => e.type === 'error');
      assert.ok(err && err.type === 'error' && err.alert === AlertDescription.decryptError, JSON.stringify(err));
      assert.equal(s.writable, false);
      assert.throws(() => s.send(text('x')), DtlsStateError);
    });
  }

  it('early answer under loss, reordering and duplication: both connect, the server after its check', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const pair = await connect({ server: { earlyAnswer: true }, client: { falseStart: true } }, { loss: 0.2, duplicate: 0.1, jitterMs: 3 }, seed);
      assertConnected(pair);
      const [, s] = pair.ends;
      assert.equal(s.hasPendingChecks, false, `seed ${seed}`);
      assert.equal(pair.events[1].filter((e) => e.type === 'connected').length, 1, `seed ${seed}: connected once`);
    }
  });

  for (const early of [false, true]) {
  it(`holds the handshake until fingerprints arrive, then connects or fails${early ? ' (earlyAnswer set)' : ''}`, async () => {
    for (const good of [true, false]) {
      const clientCert = await testCertificate('ecdsa-p256', 'client');
      const other = await testCertificate('ecdsa-p256', 'stranger');
      const pair = await connect({ server: { remoteFingerprints: null, earlyAnswer: early } });
      const s = pair.ends[1];
      assert.equal(s.state, 'awaiting-fingerprint');
      assert.equal(pair.events[1].length, 0);
      pair.ends[0].send(text('early'));
      pair.run(() => s.stats.applicationRecordsReceived === 1);
      s.setRemoteFingerprints(fingerprintsOf(good ? clientCert : other));
      pair.pump();
      if (good) {
        assert.deepEqual(pair.events[1].map((e) => e.type), ['connected', 'data']);
        assert.deepEqual(dataOf(pair.events[1]), ['early']);
      } else {
        assert.equal(s.state, 'failed');
        assert.ok(pair.events[1].some((e) => e.type === 'error' && e.alert === AlertDescription.badCertificate));
      }
    }
  });
  }

  it('drops and counts records with a bad MAC, replays and garbage, without throwing', async () => {
    const pair = await connect();
    const [c, s] = pair.ends;
    c.send(text('x'));
    const wire = c.pollTransmit()!;
    const tampered = Uint8Array.from(wire);
    tampered[tampered.length - 1]! ^= 0x55;
    s.handleInput(tampered, pair.nowMs);
    assert.equal(s.stats.badMacRecords, 1);
    s.handleInput(wire, pair.nowMs);
    s.handleInput(wire, pair.nowMs);
    assert.equal(s.stats.replayedRecords, 1);
    s.handleInput(Uint8Array.of(1, 2, 3), pair.nowMs);
    s.handleInput(new Uint8Array(0), pair.nowMs);
    const [rec] = parseDatagram(wire);
    s.handleInput(serializeRecord({ ...rec!, epoch: 7 }), pair.nowMs);
    assert.ok(s.stats.malformedRecords >= 1);
    assert.ok(s.stats.droppedRecords >= 1);
    pair.pump();
    assert.deepEqual(dataOf(pair.events[1]), ['x']);
    assert.equal(s.state, 'connected');
  });

  it('refuses a client without extended_master_secret (RFC 7627 §5.3)', async () => {
    const sc = await testCertificate('ecdsa-p256', 'server');
    const server = new DtlsConnection({ role: 'server', certificate: sc, remoteFingerprints: [], random: seededRandom(9) });
    // A ClientHello with a valid shape but no extensions at all.
    const body = Uint8Array.of(0xfe, 0xfd, ...new Uint8Array(32), 0, 0, 0, 2, 0xc0, 0x2b, 1, 0);
    const hs = Uint8Array.of(1, 0, 0, body.length, 0, 0, 0, 0, 0, 0, 0, body.length, ...body);
    server.handleInput(serializeRecord({ contentType: 22, version: 0xfefd, epoch: 0, sequenceNumber: 0, payload: hs }), 0);
    const hvr = parseDatagram(server.pollTransmit()!)[0]!;
    assert.equal(hvr.payload[0], 3, 'HelloVerifyRequest first');
    const cookie = hvr.payload.subarray(12 + 3);
    const body2 = Uint8Array.of(0xfe, 0xfd, ...new Uint8Array(32), 0, cookie.length, ...cookie, 0, 2, 0xc0, 0x2b, 1, 0);
    const hs2 = Uint8Array.of(1, 0, 0, body2.length, 0, 1, 0, 0, 0, 0, 0, body2.length, ...body2);
    server.handleInput(serializeRecord({ contentType: 22, version: 0xfefd, epoch: 0, sequenceNumber: 1, payload: hs2 }), 0);
    const err = server.pollEvent();
    assert.ok(err?.type === 'error' && err.alert === AlertDescription.handshakeFailure, JSON.stringify(err));
  });
});
