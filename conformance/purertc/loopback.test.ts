// Two purertc peers in one process over real UDP sockets on 127.0.0.1: the W3C data
// channel API end to end (ICE, DTLS, SCTP, DCEP underneath).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';
import { once } from '../helpers/events.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';

type Pc = InstanceType<typeof RTCPeerConnection>;

async function connect(a: Pc, b: Pc): Promise<void> {
  trickleBetween(a, b);
  await offerAnswer(a, b);
}

async function pair(label = 'dc', init?: object): Promise<{ a: Pc; b: Pc; ca: RTCDataChannel; cb: RTCDataChannel }> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const ca = a.createDataChannel(label, init);
  const gotChannel = once<{ channel: RTCDataChannel }>(b, 'datachannel');
  await connect(a, b);
  const cb = (await gotChannel).channel;
  if (ca.readyState !== 'open') await once(ca, 'open');
  return { a, b, ca, cb };
}

function collect(channel: RTCDataChannel, count: number): Promise<unknown[]> {
  const out: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${out.length} of ${count} messages`)), 10000);
    channel.onmessage = (e) => {
      out.push((e as MessageEvent).data);
      if (out.length === count) {
        clearTimeout(timer);
        resolve(out);
      }
    };
  });
}

describe('purertc <-> purertc over loopback', function () {
  this.timeout(20000);
  const open: Pc[] = [];
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
  });

  it('connects and reports connected on both sides, then closed', async () => {
    const { a, b, ca, cb } = await pair('chat', { protocol: 'proto-é' });
    open.push(a, b);
    assert.equal(cb.label, 'chat');
    assert.equal(cb.protocol, 'proto-é');
    assert.equal(a.connectionState, 'connected');
    if (b.connectionState !== 'connected') await once(b, 'connectionstatechange');
    assert.equal(b.connectionState, 'connected');
    assert.equal(a.sctp!.state, 'connected');
    assert.ok(a.sctp!.maxMessageSize >= 65536);
    assert.equal(a.sctp!.transport.getRemoteCertificates().length, 1);
    assert.equal(ca.id! % 2, cb.id! % 2);
    a.close();
    assert.equal(a.connectionState, 'closed');
    assert.equal(ca.readyState, 'closed');
  });

  it('carries strings and binary of 0 B to 256 KiB both ways, byte for byte', async () => {
    const { a, b, ca, cb } = await pair();
    open.push(a, b);
    const sizes = [0, 1, 1200, 16384, 65536, 262144];
    const payloads = sizes.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff));
    const strings = sizes.slice(0, 5).map((n) => 'é'.repeat(Math.floor(n / 2)));
    const atB = collect(cb, payloads.length + strings.length);
    for (const p of payloads) ca.send(p);
    for (const s of strings) ca.send(s);
    const got = await atB;
    payloads.forEach((p, i) => assert.deepEqual(new Uint8Array(got[i] as ArrayBuffer), p));
    strings.forEach((s, i) => assert.equal(got[payloads.length + i], s));
    const atA = collect(ca, payloads.length);
    for (const p of payloads) cb.send(p);
    const back = await atA;
    payloads.forEach((p, i) => assert.deepEqual(new Uint8Array(back[i] as ArrayBuffer), p));
  });

  it('keeps Blob sends in order and delivers Blobs when binaryType is blob', async () => {
    const { a, b, ca, cb } = await pair();
    open.push(a, b);
    cb.binaryType = 'blob';
    const got = collect(cb, 3);
    ca.send(new Blob([new Uint8Array([1, 2, 3])]));
    ca.send('after blob');
    ca.send(new Uint8Array([9]));
    const [x, y, z] = await got;
    assert.ok(x instanceof Blob);
    assert.deepEqual(new Uint8Array(await (x as Blob).arrayBuffer()), new Uint8Array([1, 2, 3]));
    assert.equal(y, 'after blob');
    assert.deepEqual(new Uint8Array(await (z as Blob).arrayBuffer()), new Uint8Array([9]));
  });

  it('drains bufferedAmount and fires bufferedamountlow', async () => {
    const { a, b, ca, cb } = await pair();
    open.push(a, b);
    ca.bufferedAmountLowThreshold = 1024;
    const got = collect(cb, 64);
    for (let i = 0; i < 64; i++) ca.send(new Uint8Array(16384));
    assert.ok(ca.bufferedAmount > 1024);
    await once(ca, 'bufferedamountlow');
    assert.ok(ca.bufferedAmount <= 1024);
    await got;
  });

  it('closes from either side with closing and close events', async () => {
    for (const closer of ['a', 'b'] as const) {
      const { a, b, ca, cb } = await pair();
      open.push(a, b);
      const [local, remote] = closer === 'a' ? [ca, cb] : [cb, ca];
      const remoteClosing = once(remote, 'closing');
      const remoteClose = once(remote, 'close');
      const localClose = once(local, 'close');
      local.close();
      assert.equal(local.readyState, 'closing');
      await remoteClosing;
      await Promise.all([remoteClose, localClose]);
      assert.equal(local.readyState, 'closed');
      assert.equal(remote.readyState, 'closed');
      assert.throws(() => local.send('x'), { name: 'InvalidStateError' });
    }
  });

  it('a channel closed after negotiation but before SCTP is up closes in a later task and never reaches the peer', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    const early = a.createDataChannel('closed early');
    const kept = a.createDataChannel('kept');
    const seen: string[] = [];
    b.ondatachannel = (e) => seen.push(e.channel.label);
    const log: string[] = [];
    early.onopen = () => log.push('open');
    early.onclose = () => log.push('close');
    await a.setLocalDescription();
    // The DTLS role is known once the answer is in; SCTP is not up yet.
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    assert.notEqual(early.id, null);
    early.close();
    assert.equal(early.readyState, 'closing');
    assert.deepEqual(log, [], 'no event from inside close()');
    a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
    for (const c of a.localDescription!.sdp.match(/^a=candidate:.*$/gm) ?? []) await b.addIceCandidate({ candidate: c.slice(2), sdpMid: '0' });
    for (const c of b.localDescription!.sdp.match(/^a=candidate:.*$/gm) ?? []) await a.addIceCandidate({ candidate: c.slice(2), sdpMid: '0' });
    await once(kept, 'open');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(log, ['close']);
    assert.equal(early.readyState, 'closed');
    assert.deepEqual(seen, ['kept']);
    const report = (await a.getStats()) as Map<string, { type: string; dataChannelsClosed?: number }>;
    const stats = [...report.values()].find((r) => r.type === 'peer-connection');
    assert.equal(stats?.dataChannelsClosed, 0, 'a channel that never opened is not counted as closed');
  });

  it('binds host candidates in portRange, skipping a port that is taken, and connects', async () => {
    const dgram = await import('node:dgram');
    const taken = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    const port = taken.address().port;
    try {
      const a = new RTCPeerConnection({ portRange: { min: port, max: port + 1 } } as never);
      const b = new RTCPeerConnection();
      open.push(a, b);
      const ca = a.createDataChannel('ranged');
      const gotChannel = once<{ channel: RTCDataChannel }>(b, 'datachannel');
      const ports: number[] = [];
      a.addEventListener('icecandidate', (e) => {
        const c = (e as unknown as { candidate: { port: number | null } | null }).candidate;
        if (c?.port) ports.push(c.port);
      });
      await connect(a, b);
      await gotChannel;
      if (ca.readyState !== 'open') await once(ca, 'open');
      assert.deepEqual([...new Set(ports)], [port + 1]);
    } finally {
      taken.close();
    }
  });

  it('opens negotiated and unreliable channels', async () => {
    const { a, b } = await pair();
    open.push(a, b);
    const na = a.createDataChannel('neg', { negotiated: true, id: 42 });
    const nb = b.createDataChannel('neg', { negotiated: true, id: 42 });
    if (na.readyState !== 'open') await once(na, 'open');
    if (nb.readyState !== 'open') await once(nb, 'open');
    const got = collect(nb, 1);
    na.send('negotiated');
    assert.deepEqual(await got, ['negotiated']);
    const ua = a.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 });
    const remote = await once<{ channel: RTCDataChannel }>(b, 'datachannel');
    assert.equal(remote.channel.ordered, false);
    assert.equal(remote.channel.maxRetransmits, 0);
    if (ua.readyState !== 'open') await once(ua, 'open');
    const got2 = collect(remote.channel, 10);
    for (let i = 0; i < 10; i++) ua.send(`m${i}`);
    assert.equal((await got2).length, 10);
  });

  it('opens channels from both sides with a=sctp-init (SNAP) in both descriptions, or lost from the offer or the answer in transit', async () => {
    for (const strip of ['none', 'offer', 'answer'] as const) {
      const a = new RTCPeerConnection();
      const b = new RTCPeerConnection();
      open.push(a, b);
      a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
      const ca = a.createDataChannel('from-a');
      const gotChannel = once<{ channel: RTCDataChannel }>(b, 'datachannel');
      await a.setLocalDescription();
      assert.ok(a.localDescription!.sdp.includes('a=sctp-init:'));
      // A signalling path that drops attributes it does not know.
      const sent = a.localDescription!.sdp;
      const drop = (sdp: string): string => sdp.replace(/a=sctp-init:[^\r\n]*\r\n/g, '');
      await b.setRemoteDescription({ type: 'offer', sdp: strip === 'offer' ? drop(sent) : sent });
      await b.setLocalDescription();
      // The answer carries one only in reply to one.
      assert.equal(b.localDescription!.sdp.includes('a=sctp-init:'), strip !== 'offer');
      // Lost from the answer: b is ESTABLISHED with a's INIT, a (the DTLS server) waits
      // for an INIT that never comes and starts the handshake itself.
      const answer = b.localDescription!.sdp;
      await a.setRemoteDescription({ type: 'answer', sdp: strip === 'answer' ? drop(answer) : answer });
      const cb = (await gotChannel).channel;
      if (ca.readyState !== 'open') await once(ca, 'open');
      const fromB = b.createDataChannel('from-b');
      const back = (await once<{ channel: RTCDataChannel }>(a, 'datachannel')).channel;
      if (fromB.readyState !== 'open') await once(fromB, 'open');
      const toB = collect(cb, 2);
      const toA = collect(back, 2);
      ca.send('a1');
      ca.send(new Uint8Array([1, 2, 3]));
      fromB.send('b1');
      fromB.send('b2');
      assert.deepEqual((await toB).map((m) => (typeof m === 'string' ? m : [...new Uint8Array(m as ArrayBuffer)])), ['a1', [1, 2, 3]]);
      assert.deepEqual(await toA, ['b1', 'b2']);
      a.close();
      b.close();
    }
  });

  it('refuses messages over maxMessageSize with TypeError', async () => {
    const { a, b, ca } = await pair();
    open.push(a, b);
    assert.throws(() => ca.send(new Uint8Array(a.sctp!.maxMessageSize + 1)), TypeError);
  });

  it('fails the connection when the certificate does not match the SDP fingerprint', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    a.createDataChannel('x');
    a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
    await a.setLocalDescription();
    // Another certificate's fingerprint: the DTLS peer will not match it.
    const other = new RTCPeerConnection();
    other.createDataChannel('y');
    await other.setLocalDescription();
    const otherFp = /a=fingerprint:.*/.exec(other.localDescription!.sdp)![0];
    other.close();
    const tampered = a.localDescription!.sdp.replace(/a=fingerprint:.*/g, otherFp);
    await b.setRemoteDescription({ type: 'offer', sdp: tampered });
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    const failed = (pc: Pc) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`connectionState ${pc.connectionState}`)), 8000);
        pc.addEventListener('connectionstatechange', () => {
          if (pc.connectionState === 'failed') {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    await failed(b);
    assert.equal(b.sctp!.transport.state, 'failed', `ice ${b.iceConnectionState}`);
  });

  it('restarts ICE with new credentials on both sides and keeps the channel working', async () => {
    const { a, b, ca, cb } = await pair();
    open.push(a, b);
    const ufrag = (pc: Pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1];
    const [a1, b1] = [ufrag(a), ufrag(b)];
    a.restartIce();
    await once(a, 'negotiationneeded');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    assert.notEqual(ufrag(a), a1);
    assert.notEqual(ufrag(b), b1);
    const got = collect(cb, 1);
    ca.send('after restart');
    assert.deepEqual(await got, ['after restart']);
    assert.equal(a.connectionState, 'connected');
  });

  it('lets the process exit after close()', () => {
    const script = `
      process.env.PURERTC_BIND_ADDRESS = '127.0.0.1';
      const { RTCPeerConnection } = await import('./src/index.ts');
      const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
      const ch = a.createDataChannel('x');
      await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
      await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
      await new Promise((r) => (ch.onopen = r));
      a.close(); b.close();
      console.log('closed');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 15000, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /closed/);
  });
});
