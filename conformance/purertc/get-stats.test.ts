// getStats between two purertc peers over real UDP sockets on 127.0.0.1 (W3C webrtc-pc
// §8.2, W3C webrtc-stats): what a wrapper library polls for (the transport, its selected
// pair and that pair's candidates), every member typed, every id resolving, round trips
// measured, counters that move, ids that stay, exact data channel counts, and the report
// of a closed connection.
import assert from 'node:assert/strict';
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { once } from '../helpers/events.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';
import { checkMembers, checkReferences } from '../../test/api/stats-members.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';

type Pc = InstanceType<typeof RTCPeerConnection>;
type Stats = Record<string, unknown>;

async function report(pc: Pc): Promise<Map<string, Stats>> {
  return (await pc.getStats()) as unknown as Map<string, Stats>;
}

function ofType(r: Map<string, Stats>, type: string): Stats[] {
  return [...r.values()].filter((s) => s.type === type);
}

/** What simple-peer and its kind look for: the transport, its selected pair, that pair's candidates. */
function selection(r: Map<string, Stats>): { transport: Stats; pair: Stats; local: Stats; remote: Stats } {
  const [transport] = ofType(r, 'transport');
  assert.ok(transport, 'a transport object');
  const pair = r.get(transport.selectedCandidatePairId as string);
  assert.ok(pair, 'the selected pair');
  return { transport, pair, local: r.get(pair.localCandidateId as string)!, remote: r.get(pair.remoteCandidateId as string)! };
}

/** Receives `count` messages on `channel`. */
function collect(channel: RTCDataChannel, count: number): Promise<void> {
  let n = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${n} of ${count} messages`)), 10_000);
    channel.onmessage = () => {
      if (++n < count) return;
      clearTimeout(timer);
      resolve();
    };
  });
}

describe('getStats between two purertc peers over loopback', function () {
  this.timeout(20_000);
  const open: Pc[] = [];
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });

  async function connected(): Promise<{ a: Pc; b: Pc; ca: RTCDataChannel; cb: RTCDataChannel }> {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    trickleBetween(a, b);
    const ca = a.createDataChannel('stats ✓', { protocol: 'proto-1' });
    const gotChannel = once<{ channel: RTCDataChannel }>(b, 'datachannel');
    await offerAnswer(a, b);
    const cb = (await gotChannel).channel;
    if (ca.readyState !== 'open') await once(ca, 'open');
    return { a, b, ca, cb };
  }

  it('reports the transport after setLocalDescription, before anything is connected', async () => {
    const pc = new RTCPeerConnection();
    open.push(pc);
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    const r = await report(pc);
    for (const s of r.values()) checkMembers(s);
    checkReferences(r);
    const [transport] = ofType(r, 'transport');
    const ufrag = /^a=ice-ufrag:(\S+)/m.exec(pc.localDescription!.sdp)![1];
    assert.deepEqual(
      [transport!.dtlsState, transport!.dtlsRole, transport!.iceRole, transport!.iceState, transport!.iceLocalUsernameFragment, transport!.selectedCandidatePairChanges],
      ['new', 'unknown', 'controlling', 'new', ufrag, 0],
    );
    assert.ok(!('selectedCandidatePairId' in transport!) && !('remoteCertificateId' in transport!));
  });

  it('gives the selected pair, its candidates and every other object, typed and resolving, with round trips measured', async () => {
    const { a, b } = await connected();
    const t0 = performance.timeOrigin + performance.now();
    const [ra, rb] = await Promise.all([report(a), report(b)]);
    const t1 = performance.timeOrigin + performance.now();
    for (const [name, r] of [['a', ra], ['b', rb]] as const) {
      for (const s of r.values()) {
        checkMembers(s);
        assert.ok((s.timestamp as number) >= t0 && (s.timestamp as number) <= t1, `${name} ${String(s.id)}: timestamp on the Performance time origin`);
      }
      checkReferences(r);
      assert.deepEqual(
        [...new Set([...r.values()].map((s) => s.type))].sort(),
        ['candidate-pair', 'certificate', 'data-channel', 'local-candidate', 'peer-connection', 'remote-candidate', 'transport'],
        name,
      );
      const { transport, pair, local, remote } = selection(r);
      assert.deepEqual([transport.dtlsState, transport.iceState, transport.tlsVersion, transport.selectedCandidatePairChanges], ['connected', 'connected', 'FEFD', 1], name);
      assert.match(transport.dtlsCipher as string, /^TLS_ECDHE_ECDSA_WITH_AES_(128|256)_GCM_SHA(256|384)$/);
      assert.deepEqual([pair.state, pair.nominated, local.address, remote.address, local.protocol], ['succeeded', true, '127.0.0.1', '127.0.0.1', 'udp'], name);
      assert.ok((pair.currentRoundTripTime as number) > 0 && (pair.totalRoundTripTime as number) >= (pair.currentRoundTripTime as number), `${name}: round trips ${String(pair.totalRoundTripTime)}, ${String(pair.currentRoundTripTime)}`);
      assert.ok((pair.responsesReceived as number) >= 1 && (pair.requestsSent as number) >= 1 && (pair.requestsReceived as number) >= 1);
      assert.ok((pair.bytesSent as number) > 0 && (pair.packetsReceived as number) > 0);
      assert.equal(r.get(transport.localCertificateId as string)!.type, 'certificate');
    }
    // Each side's pair is the other's, seen from the other end; so are the certificates.
    const [sa, sb] = [selection(ra), selection(rb)];
    assert.deepEqual([sa.local.port, sa.remote.port], [sb.remote.port, sb.local.port]);
    assert.deepEqual([sa.transport.iceRole, sb.transport.iceRole], ['controlling', 'controlled']);
    assert.deepEqual([sa.transport.dtlsRole, sb.transport.dtlsRole].sort(), ['client', 'server']);
    assert.equal(ra.get(sa.transport.localCertificateId as string)!.fingerprint, rb.get(sb.transport.remoteCertificateId as string)!.fingerprint);
    assert.equal(ra.get(sa.transport.remoteCertificateId as string)!.fingerprint, rb.get(sb.transport.localCertificateId as string)!.fingerprint);
  });

  it('counts a known exchange exactly on the channels, and more traffic on the transport and pair, under the same ids', async () => {
    const { a, b, ca, cb } = await connected();
    const before = await report(a);
    const text = 'héllo ✓'; // 10 bytes of UTF-8
    const binary = new Uint8Array(1500);
    const arrived = collect(cb, 4);
    ca.send(text);
    ca.send(binary);
    ca.send('');
    ca.send(new Uint8Array(0));
    await arrived;
    const back = collect(ca, 1);
    cb.send('ok');
    await back;
    const [after, bAfter] = await Promise.all([report(a), report(b)]);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'the same objects under the same ids');
    const channelOf = (r: Map<string, Stats>): Stats => ofType(r, 'data-channel')[0]!;
    assert.deepEqual(
      { ...channelOf(after), timestamp: 0 },
      { id: 'D0', type: 'data-channel', timestamp: 0, label: 'stats ✓', protocol: 'proto-1', dataChannelIdentifier: ca.id, state: 'open', messagesSent: 4, bytesSent: 1510, messagesReceived: 1, bytesReceived: 2 },
    );
    assert.deepEqual(
      [channelOf(bAfter).messagesSent, channelOf(bAfter).bytesSent, channelOf(bAfter).messagesReceived, channelOf(bAfter).bytesReceived],
      [1, 2, 4, 1510],
    );
    const [p0, p1] = [selection(before).pair, selection(after).pair];
    assert.equal(p1.id, p0.id);
    assert.ok((p1.bytesSent as number) >= (p0.bytesSent as number) + 1510, `pair bytesSent ${String(p0.bytesSent)} -> ${String(p1.bytesSent)}`);
    assert.ok((p1.packetsSent as number) > (p0.packetsSent as number) && (p1.packetsReceived as number) > (p0.packetsReceived as number));
    assert.ok((p1.lastPacketSentTimestamp as number) > (p0.lastPacketSentTimestamp as number));
    const [t0, t1] = [selection(before).transport, selection(after).transport];
    assert.ok((t1.bytesSent as number) >= (t0.bytesSent as number) + 1510 && (t1.bytesReceived as number) > (t0.bytesReceived as number));
    assert.ok((after.get('P')!.timestamp as number) > (before.get('P')!.timestamp as number));
  });

  it('after close() reports the closed connection: closed channel and transport, the last counters, the same ids', async () => {
    const { a, ca } = await connected();
    ca.send('last');
    const live = await report(a);
    a.close();
    const closed = await report(a);
    for (const s of closed.values()) checkMembers(s);
    checkReferences(closed);
    assert.deepEqual([...closed.keys()].sort(), [...live.keys()].sort());
    const { transport, pair } = selection(closed);
    assert.deepEqual([transport.dtlsState, transport.iceState], ['closed', 'closed']);
    assert.ok((pair.bytesSent as number) >= (selection(live).pair.bytesSent as number));
    const channel = ofType(closed, 'data-channel')[0]!;
    assert.deepEqual([channel.state, channel.messagesSent], ['closed', 1]);
    assert.deepEqual([closed.get('P')!.dataChannelsOpened, closed.get('P')!.dataChannelsClosed], [1, 1]);
    // Nothing moves any more.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = await report(a);
    assert.deepEqual({ ...later.get('T01'), timestamp: 0 }, { ...closed.get('T01'), timestamp: 0 });
  });

  it('a track selector and a sender report no RTP streams, so nothing (W3C webrtc-pc §8.5)', async () => {
    const { a } = await connected();
    const { sender } = a.addTransceiver('audio');
    assert.equal(((await sender.getStats()) as Map<string, unknown>).size, 0);
    assert.equal(((await a.getReceivers()[0]!.getStats()) as Map<string, unknown>).size, 0);
    assert.equal(((await a.getStats(a.getReceivers()[0]!.track)) as Map<string, unknown>).size, 0);
    assert.ok((await report(a)).size > 0, 'the whole report is still there');
  });
});
