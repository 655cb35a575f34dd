// ICE-TCP (RFC 6544) between two purertc peers on 127.0.0.1 with no UDP candidates: the
// offerer's active candidate connects to the answerer's passive one (or the reverse), a
// data channel echoes messages of 0 B to 256 KiB over the RFC 4571-framed stream, and
// getStats shows the TCP candidates of the selected pair and the bytes it carried.
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';
import { bytesOf } from '../helpers/payloads.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

type Pc = InstanceType<typeof RTCPeerConnection>;
type Channel = ReturnType<Pc['createDataChannel']>;
type Stat = Record<string, unknown> & { type: string; id: string };

const SIZES = [0, 1, 1024, 16 * 1024, 64 * 1024, 256 * 1024];

/** Connects a (offerer) and b with trickle; returns what a gathered once a channel is open. */
async function connect(a: Pc, b: Pc): Promise<{ gathered: string[]; channel: Channel }> {
  const gathered = trickleBetween(a, b);
  b.ondatachannel = ({ channel }) => {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (m) => channel.send(m.data as ArrayBuffer);
  };
  const channel = a.createDataChannel('tcp');
  channel.binaryType = 'arraybuffer';
  const open = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('channel not open within 10 s')), 10_000);
    channel.onopen = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  await offerAnswer(a, b);
  await open;
  return { gathered, channel };
}

/** Sends each size and waits for the same bytes back. */
async function echo(channel: Channel): Promise<void> {
  for (const size of SIZES) {
    const sent = bytesOf(size, size + 1);
    const back = await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo of ${size} B within 10 s`)), 10_000);
      channel.onmessage = (m) => {
        clearTimeout(timer);
        resolve(new Uint8Array(m.data as ArrayBuffer));
      };
      channel.send(sent);
    });
    assert.equal(back.length, size);
    assert.ok(Buffer.from(back).equals(Buffer.from(sent)), `${size} B came back changed`);
  }
}

/** The selected pair of a peer's stats with its local and remote candidates. */
async function selected(pc: Pc): Promise<{ pair: Stat; local: Stat; remote: Stat }> {
  const stats = [...((await pc.getStats()) as unknown as Map<string, Stat>).values()];
  const byId = new Map(stats.map((s) => [s.id, s]));
  const transport = stats.find((s) => s.type === 'transport')!;
  const pair = byId.get(transport.selectedCandidatePairId as string)!;
  return { pair, local: byId.get(pair.localCandidateId as string)!, remote: byId.get(pair.remoteCandidateId as string)! };
}

describe('ICE-TCP between two purertc peers (UDP not gathered)', function () {
  this.timeout(60_000);
  const open: Pc[] = [];
  let savedProtocols: string | undefined;
  beforeEach(() => {
    savedProtocols = process.env.PURERTC_ICE_PROTOCOLS;
  });
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
    if (savedProtocols === undefined) delete process.env.PURERTC_ICE_PROTOCOLS;
    else process.env.PURERTC_ICE_PROTOCOLS = savedProtocols;
  });

  it('connects with iceProtocols: [\'tcp\'] and echoes 0 B to 256 KiB; stats name the TCP pair and count its bytes', async () => {
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1', iceProtocols: ['tcp'] } as never);
    const b = new RTCPeerConnection({ bindAddress: '127.0.0.1', iceProtocols: ['tcp'] } as never);
    open.push(a, b);
    const { gathered, channel } = await connect(a, b);
    assert.ok(gathered.length >= 2, `gathered ${gathered.join(' | ')}`);
    for (const c of gathered) assert.match(c, / tcp \d+ 127\.0\.0\.1 \d+ typ host tcptype (active|passive)/);
    assert.ok(gathered.some((c) => / 9 typ host tcptype active/.test(c)), 'the active candidate is written with port 9');
    await echo(channel);
    const total = SIZES.reduce((n, s) => n + s, 0);
    for (const pc of [a, b]) {
      const { pair, local, remote } = await selected(pc);
      assert.equal(local.protocol, 'tcp');
      assert.equal(remote.protocol, 'tcp');
      assert.ok(local.tcpType === 'active' || local.tcpType === 'passive');
      assert.ok((pair.bytesSent as number) > total && (pair.bytesReceived as number) > total, `pair bytes ${String(pair.bytesSent)} / ${String(pair.bytesReceived)}`);
      assert.ok((pair.responsesReceived as number) >= 1 && typeof pair.currentRoundTripTime === 'number');
    }
    // The offerer controls and its active candidate is the one that connected.
    assert.equal((await selected(a)).local.tcpType, 'active');
    assert.equal((await selected(b)).local.tcpType, 'passive');
  });

  it('connects the other way with PURERTC_ICE_PROTOCOLS=tcp, UDP never gathered', async () => {
    process.env.PURERTC_ICE_PROTOCOLS = 'tcp';
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
    const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
    open.push(a, b);
    const { gathered, channel } = await connect(b, a);
    assert.ok(gathered.every((c) => c.includes(' tcp ')), gathered.join(' | '));
    await echo(channel);
    assert.equal((await selected(a)).local.protocol, 'tcp');
  });
});
