// The whole bundle transport connects on an impaired network: ICE, DTLS and SCTP come up on
// both sides, and data channels open by DCEP (RFC 8832) from either side and by negotiation.
import assert from 'node:assert/strict';
import { fingerprint } from '../../../src/crypto/index.js';
import type { WorkAhead } from '../../../src/protocol/stack/ahead.js';
import { BASE_SEED, IMPAIRMENTS, StackPair, messagesOn, testCertificate, type SimPeer } from './sim.js';

const LABEL_A = 'chat ✓ 日本語 🚀';
const PROTOCOL_A = 'proto/ü-v1';
const LABEL_B = 'Ünïcödé — κανάλι';
const PROTOCOL_B = 'json+😀';

function stateOrder(p: SimPeer, layer: 'ice-state' | 'dtls-state' | 'sctp-state'): string[] {
  return p.events.flatMap(({ event: e }) => (e.type === layer ? [e.state] : []));
}

describe('TransportStack: connecting on a simulated network', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    describe(name, () => {
      it('brings up ICE, DTLS and SCTP on both sides', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + i } });
        pair.connect();
        for (const p of [pair.a, pair.b]) {
          const ice = stateOrder(p, 'ice-state');
          assert.ok(ice.includes('checking'), `${p.name} ice: ${ice.join(',')}`);
          assert.ok(ice.some((s) => s === 'connected' || s === 'completed'), `${p.name} ice: ${ice.join(',')}`);
          assert.ok(!ice.includes('failed'), `${p.name} ice: ${ice.join(',')}`);
          const dtls = stateOrder(p, 'dtls-state');
          assert.deepEqual(dtls, ['connecting', 'connected'], `${p.name} dtls`);
          assert.deepEqual(stateOrder(p, 'sctp-state'), ['connected'], `${p.name} sctp`);
          assert.equal(pair.eventsOf(p, 'selected-pair').length >= 1, true, `${p.name} selected a pair`);
          // The layers come up bottom to top. DTLS starts on the first valid pair, as browsers
          // do, so under loss the controlling side may finish DTLS before its nomination
          // completes and ICE reports connected; a valid pair always comes first.
          const at = (pred: (e: (typeof p.events)[number]['event']) => boolean): number => p.events.findIndex((x) => pred(x.event));
          const iceUp = at((e) => e.type === 'ice-state' && (e.state === 'connected' || e.state === 'completed'));
          const dtlsUp = at((e) => e.type === 'dtls-state' && e.state === 'connected');
          const sctpUp = at((e) => e.type === 'sctp-state');
          const dtlsStart = at((e) => e.type === 'dtls-state' && e.state === 'connecting');
          assert.ok(dtlsUp < sctpUp && dtlsStart < dtlsUp && iceUp >= 0, `${p.name}: ice ${iceUp}, dtls ${dtlsStart}..${dtlsUp}, sctp ${sctpUp}`);
          if (name.startsWith('0%')) assert.ok(iceUp < dtlsUp, `${p.name}: ice ${iceUp}, dtls ${dtlsUp}`);
          const sctp = pair.eventsOf(p, 'sctp-state')[0]!;
          assert.ok((sctp.maxChannels ?? 0) >= 1024, `${p.name} maxChannels ${sctp.maxChannels}`);
        }
        // Each side saw the other's certificate, the one its fingerprint names.
        const [certA, certB] = await Promise.all([testCertificate(0), testCertificate(1)]);
        const remoteOf = (p: SimPeer): Uint8Array | undefined =>
          pair.eventsOf(p, 'dtls-state').find((e) => e.state === 'connected')?.remoteCertificate;
        assert.equal(fingerprint(remoteOf(pair.a)!, 'sha-256'), fingerprint(certB.der, 'sha-256'));
        assert.equal(fingerprint(remoteOf(pair.b)!, 'sha-256'), fingerprint(certA.der, 'sha-256'));
        // Bounded: at 20% loss backed-off handshake timers make a slow tail (p99 ~35 s).
        const boundMs = link.lossRate === 0 ? 1000 : link.lossRate <= 0.05 ? 30_000 : 300_000;
        assert.ok(pair.nowMs < boundMs, `connected at t=${pair.nowMs}`);
      });

      it('opens DCEP channels from each side and a negotiated one, with non-ASCII labels', async () => {
        const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 10 + i } });
        const { a, b } = pair;
        // Queued before SCTP is up: the stack opens them once it connects.
        a.stack.openChannel({ id: 0, label: LABEL_A, protocol: PROTOCOL_A, ordered: true, negotiated: false }, pair.nowMs);
        a.stack.openChannel({ id: 8, label: 'both', protocol: '', ordered: true, negotiated: true }, pair.nowMs);
        pair.connect();
        // Opened once connected, from the DTLS server (odd ids, RFC 8832 §6).
        b.stack.openChannel({ id: 1, label: LABEL_B, protocol: PROTOCOL_B, ordered: false, maxRetransmits: 3, negotiated: false }, pair.nowMs);
        b.stack.openChannel({ id: 8, label: 'both', protocol: '', ordered: true, negotiated: true }, pair.nowMs);
        a.stack.openChannel({ id: 2, label: '', protocol: '', ordered: true, maxPacketLifeTime: 250, negotiated: false }, pair.nowMs);
        const opened = (p: SimPeer, id: number): boolean => pair.has(p, (e) => e.type === 'channel-opened' && e.id === id);
        const open = (p: SimPeer, id: number): boolean => pair.has(p, (e) => e.type === 'channel-open' && e.id === id);
        pair.run(() => opened(b, 0) && opened(a, 1) && opened(b, 2) && open(a, 0) && open(b, 1) && open(a, 8) && open(b, 8));

        const optionsAt = (p: SimPeer, id: number) => pair.eventsOf(p, 'channel-opened').find((e) => e.id === id)!.options;
        assert.deepEqual(
          { ...optionsAt(b, 0) },
          { label: LABEL_A, protocol: PROTOCOL_A, ordered: true, maxRetransmits: undefined, maxPacketLifeTime: undefined, priority: 256, negotiated: false },
        );
        assert.deepEqual(
          { ...optionsAt(a, 1) },
          { label: LABEL_B, protocol: PROTOCOL_B, ordered: false, maxRetransmits: 3, maxPacketLifeTime: undefined, priority: 256, negotiated: false },
        );
        assert.deepEqual(
          { ...optionsAt(b, 2) },
          { label: '', protocol: '', ordered: true, maxRetransmits: undefined, maxPacketLifeTime: 250, priority: 256, negotiated: false },
        );
        // A negotiated channel is never announced, and nobody learns of a channel it opened itself.
        for (const p of [a, b]) {
          const ids = pair.eventsOf(p, 'channel-opened').map((e) => e.id);
          assert.ok(!ids.includes(8), `${p.name} announced the negotiated channel`);
          assert.equal(new Set(ids).size, ids.length, `${p.name} announced a channel twice: ${ids.join(',')}`);
        }
        assert.deepEqual(pair.eventsOf(a, 'channel-opened').map((e) => e.id), [1]);
        assert.deepEqual(pair.eventsOf(b, 'channel-opened').map((e) => e.id).sort(), [0, 2]);

        // Every channel carries data both ways; 1 and 2 are partially reliable, so under loss
        // their message may be abandoned, but never delivered twice or altered.
        for (const id of [0, 1, 2, 8]) {
          a.stack.send(id, `a→b on ${id} ✓`, pair.nowMs);
          b.stack.send(id, `b→a on ${id} ✓`, pair.nowMs);
        }
        const got = (p: SimPeer, id: number): string[] => messagesOn(p, id).map((m) => String(m.data));
        pair.run(() => [0, 8].every((id) => got(a, id).length >= 1 && got(b, id).length >= 1));
        pair.advanceTo(pair.nowMs + 3000);
        for (const id of [0, 1, 2, 8]) {
          const reliable = id === 0 || id === 8;
          for (const [p, text] of [[b, `a→b on ${id} ✓`], [a, `b→a on ${id} ✓`]] as const) {
            const msgs = got(p, id);
            if (reliable || link.lossRate === 0) assert.deepEqual(msgs, [text], `${p.name} on ${id}`);
            else assert.ok(msgs.length <= 1 && msgs.every((m) => m === text), `${p.name} on ${id}: ${JSON.stringify(msgs)}`);
          }
        }
      });
    });
  });

  it('sends no HelloVerifyRequest to a client whose address already passed an ICE check', async () => {
    // The client starts DTLS once its own check is answered, so its check reached the
    // server first: the server knows the address belongs to the peer (it knew our ICE
    // password) and a cookie exchange would only cost a round trip. The server's own
    // early checks are lost here, as when its remote description comes late, so only the
    // client's check vouches for the client.
    const handshakeTypes: number[] = [];
    const pair = await StackPair.create({
      aDtlsRole: 'server',
      link: { delayMs: 5, jitterMs: 0, seed: BASE_SEED },
      onTransmit: (from, data, nowMs) => {
        const fromServer = from.name === 'a';
        if (fromServer && data[0] === 22 && data.length > 13) handshakeTypes.push(data[13]!);
        const bindingRequest = data[0] === 0x00 && data[1] === 0x01;
        return !(fromServer && bindingRequest && nowMs < 12);
      },
    });
    pair.connect();
    assert.ok(handshakeTypes.includes(2), 'the server sent its ServerHello');
    assert.ok(!handshakeTypes.includes(3), `server handshake messages: ${handshakeTypes.join(',')}`);
  });

  for (const purertcPeers of [false, true]) {
    it(`SACKs ${purertcPeers ? 'once per burst toward a purertc peer' : 'every second packet toward other stacks (RFC 9260 §6.2)'}`, async () => {
      const pair = await StackPair.create({ purertcPeers, link: { delayMs: 5, jitterMs: 0, seed: BASE_SEED } });
      pair.connect();
      pair.a.stack.openChannel({ id: 0, label: 'bulk', ordered: true, negotiated: true }, pair.nowMs);
      pair.b.stack.openChannel({ id: 0, label: 'bulk', ordered: true, negotiated: true }, pair.nowMs);
      pair.drain();
      // Hold back what a sends, then hand it all to b in one batch, as the I/O layer does
      // with the datagrams of one event-loop turn, and count what b has to send after it.
      const held: Uint8Array[] = [];
      pair.onTransmit = (from, data) => {
        if (from !== pair.a) return true;
        held.push(data);
        return false;
      };
      pair.a.stack.send(0, new Uint8Array(24 * 1024), pair.nowMs);
      pair.drain();
      assert.ok(held.length >= 3, `a sent ${held.length} packets`);
      for (const data of held) pair.b.stack.handleDatagram(data, pair.a.base, pair.b.base, pair.nowMs);
      // Toward purertc the SACK waits for pollTransmit (the end of the I/O turn); toward
      // others the every-second-packet SACKs are ready at once.
      if (purertcPeers) assert.equal(pair.b.stack.pollQueuedTransmit(), undefined);
      // Count records, not datagrams: small records to one address may share a datagram.
      let answers = 0;
      for (let tx = pair.b.stack.pollTransmit(); tx; tx = pair.b.stack.pollTransmit()) answers += dtlsRecordCount(tx.data);
      if (purertcPeers) assert.equal(answers, 1, `one SACK for ${held.length} packets`);
      else assert.equal(answers, Math.floor(held.length / 2), `SACKs for ${held.length} packets`);
    });
  }

  it('connects with what prepare() made ahead; a DTLS client makes its ECDHE key and association only once its ClientHello is out; prepare() after the handshake makes nothing', async () => {
    const pair = await StackPair.create({ link: { delayMs: 2, jitterMs: 0, seed: BASE_SEED } });
    // What prepare() made (the stack's WorkAhead) and the connection the stack uses.
    type Internals = { spareEcdhe: unknown; preparedSctp: unknown; preparedDtls: { dtls: unknown } | undefined; dtls: unknown };
    const inside = (p: SimPeer): Internals => {
      const stack = p.stack as unknown as { dtls: unknown; ahead: { ecdhe: unknown; association: unknown; dtls: { dtls: unknown } | undefined } };
      return { spareEcdhe: stack.ahead.ecdhe, preparedSctp: stack.ahead.association, preparedDtls: stack.ahead.dtls, dtls: stack.dtls };
    };
    const [client, server] = [pair.a, pair.b];
    for (const p of [client, server]) {
      p.stack.prepare();
      assert.notEqual(inside(p).preparedDtls, undefined, p.name);
    }
    assert.notEqual(inside(server).spareEcdhe, undefined);
    assert.notEqual(inside(server).preparedSctp, undefined);
    assert.equal(server.stack.preparationPending, false, 'the server has made everything');
    // Before its hello the client makes nothing else: a check's answer must not wait on it.
    assert.equal(inside(client).spareEcdhe, undefined);
    assert.equal(inside(client).preparedSctp, undefined);
    assert.equal(client.stack.preparationPending, false, 'the client waits for its hello');
    const dtlsAhead = [client, server].map((p) => inside(p).preparedDtls!.dtls);
    let helloOut = false;
    pair.onTransmit = (from, data) => {
      if (from !== client || helloOut || data[0] !== 22) return true;
      helloOut = true;
      assert.equal(client.stack.preparationPending, true, 'the hello is out: the rest is due');
      client.stack.prepare();
      assert.notEqual(inside(client).spareEcdhe, undefined);
      assert.notEqual(inside(client).preparedSctp, undefined);
      assert.equal(client.stack.preparationPending, false);
      return true;
    };
    pair.connect();
    assert.ok(helloOut);
    pair.a.stack.openChannel({ id: 0, label: 'after prepare', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(pair.b, (e) => e.type === 'channel-opened'));
    for (const p of [client, server]) {
      assert.deepEqual(stateOrder(p, 'dtls-state'), ['connecting', 'connected'], p.name);
      assert.deepEqual(stateOrder(p, 'sctp-state'), ['connected'], p.name);
      assert.equal(inside(p).dtls, dtlsAhead[p === client ? 0 : 1], `${p.name}: the DTLS connection built ahead is the one used`);
      const ahead = (): unknown[] => [inside(p).spareEcdhe, inside(p).preparedSctp, inside(p).preparedDtls];
      assert.deepEqual(ahead(), [undefined, undefined, undefined], `${p.name}: what was made ahead was used`);
      assert.equal(p.stack.preparationPending, false, p.name);
      p.stack.prepare();
      assert.deepEqual(ahead(), [undefined, undefined, undefined], `${p.name}: nothing made after the handshake`);
    }
  });

  it('prepare() builds the DTLS connection and the association again when the role they were built for changes, and says so in preparationPending', async () => {
    const pair = await StackPair.create({ link: { delayMs: 2, jitterMs: 0, seed: BASE_SEED } });
    type Ahead = { dtls: { dtls: unknown; role: string } | undefined; association: { role: string } | undefined };
    const ahead = (p: SimPeer): Ahead => (p.stack as unknown as { ahead: Ahead }).ahead;
    const b = pair.b;
    b.stack.prepare();
    const first = ahead(b).dtls!;
    const firstAssociation = ahead(b).association!;
    assert.equal(first.role, 'server');
    assert.equal(firstAssociation.role, 'server');
    assert.equal(b.stack.preparationPending, false);
    b.stack.setRoles('client', true, pair.nowMs);
    assert.equal(b.stack.preparationPending, true);
    b.stack.prepare();
    assert.equal(ahead(b).dtls!.role, 'client');
    assert.notEqual(ahead(b).dtls!.dtls, first.dtls);
    // A client makes its association only once its hello is out; the one made for the
    // server role is not what it takes.
    assert.equal(ahead(b).association, firstAssociation);
    const taken = (b.stack as unknown as { ahead: WorkAhead }).ahead.takeAssociation('client', false);
    assert.equal(taken.role, 'client');
    assert.notEqual(taken, firstAssociation);
  });

  it('connects with the controlling side as DTLS server too', async () => {
    const pair = await StackPair.create({ aDtlsRole: 'server', link: { ...IMPAIRMENTS[1]!.link, seed: BASE_SEED * 100 + 50 } });
    pair.connect();
    pair.b.stack.openChannel({ id: 0, label: 'from client b', ordered: true, negotiated: false }, pair.nowMs);
    pair.run(() => pair.has(pair.a, (e) => e.type === 'channel-opened' && e.id === 0 && e.options.label === 'from client b'));
  });

  for (const purertcPeers of [true, false]) {
    it(`opens the association with the DTLS Finished (False Start): a channel from the DTLS server opens 5 one-way delays after the ClientHello${purertcPeers ? ', and a Finished shares its datagram with the SCTP packet after it' : ', one record per datagram toward other stacks'}`, async () => {
      const delayMs = 10;
      const firstDtls = new Map<string, number>();
      const withData: Array<{ from: string; types: number[] }> = [];
      let maxRecords = 0;
      let serverCheckPending: boolean | undefined;
      const pair = await StackPair.create({
        aDtlsRole: 'server',
        purertcPeers,
        link: { delayMs, jitterMs: 0, seed: BASE_SEED },
        onTransmit: (from, data, nowMs) => {
          if (data[0]! < 20 || data[0]! > 63) return;
          if (!firstDtls.has(from.name)) firstDtls.set(from.name, nowMs);
          const types = dtlsRecordTypes(data);
          if (types.includes(23)) maxRecords = Math.max(maxRecords, types.length);
          if (types.includes(23) && !withData.some((d) => d.from === from.name)) {
            withData.push({ from: from.name, types });
            if (from.name === 'a') serverCheckPending = (from.stack as unknown as { dtls: { hasPendingChecks: boolean } }).dtls.hasPendingChecks;
          }
        },
      });
      pair.a.stack.openChannel({ id: 1, label: 'from the server', ordered: true, negotiated: false }, pair.nowMs);
      pair.run(() => pair.has(pair.a, (e) => e.type === 'channel-open') && pair.has(pair.b, (e) => e.type === 'channel-opened'));
      const hello = firstDtls.get('b')!;
      const openAt = pair.a.events.find((x) => x.event.type === 'channel-open')!.atMs;
      // ClientHello -> flight 4 -> flight 5 + INIT -> flight 6 + INIT ACK -> COOKIE ECHO: open.
      assert.equal(openAt - hello, 5 * delayMs);
      // Toward purertc the server answered flight 5 (INIT ACK included) before checking the
      // client's CertificateVerify; other stacks send the INIT in a datagram of its own, and
      // reading it runs the check first. Either way DTLS is connected in that instant.
      assert.equal(serverCheckPending, purertcPeers);
      const answeredAt = hello + 3 * delayMs;
      assert.equal(pair.a.events.find((x) => x.event.type === 'dtls-state' && x.event.state === 'connected')?.atMs, answeredAt);
      const client = withData.find((d) => d.from === 'b')!;
      const server = withData.find((d) => d.from === 'a')!;
      if (purertcPeers) {
        assert.deepEqual(client.types.slice(-3), [20, 22, 23], `client datagram: ${client.types.join(',')}`);
        assert.deepEqual(server.types.slice(-3), [20, 22, 23], `server datagram: ${server.types.join(',')}`);
      } else {
        assert.deepEqual([client.types, server.types], [[23], [23]]);
        assert.equal(maxRecords, 1);
      }
    });
  }
});

/** Content types of the DTLS records in a datagram (RFC 6347 §4.1: 13-byte headers, length at 11). */
function dtlsRecordTypes(datagram: Uint8Array): number[] {
  const types: number[] = [];
  for (let o = 0; o + 13 <= datagram.length; o += 13 + ((datagram[o + 11]! << 8) | datagram[o + 12]!)) types.push(datagram[o]!);
  return types;
}

function dtlsRecordCount(datagram: Uint8Array): number {
  return dtlsRecordTypes(datagram).length;
}
