// One UDP port for many connections (nonstandard UdpMux): how the mux routes and drops
// datagrams on a real socket, a connection's place released when it closes, and 500 pairs
// whose one side all share the mux's port, each echoing over a data channel
// (conformance/mux/child.ts), with open time and RSS per connection reported.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection, UdpMux } from '../../src/index.js';
import * as stun from '../../src/protocol/stun/index.js';
import type { Address } from '../../src/protocol/types.js';
import { runJsonChild, type ChildRun } from '../helpers/child.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Pairs in the big run (MUX_PAIRS to change; 500 take about 6 s on 2 cores). */
const PAIRS = Number(process.env.MUX_PAIRS ?? 500);
/** Bound for the whole child run. */
const RUN_TIMEOUT_MS = 60_000;
/** The child must exit this soon after printing its result. */
const EXIT_WITHIN_MS = 5_000;

function bindingRequest(username: string): Uint8Array {
  return stun.serializeMessage({ class: 'request', method: stun.StunMethod.Binding, transactionId: randomBytes(12), attributes: [stun.usernameAttr(username)] }, { fingerprint: true });
}

/** Waits, bounded, until `cond` holds. */
async function until(cond: () => boolean, what: string, ms = 2_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('UdpMux routing on 127.0.0.1', function () {
  this.timeout(10_000);
  let mux: UdpMux;
  let peer: dgram.Socket;
  const send = (data: Uint8Array): void => void peer.send(data, mux.port, '127.0.0.1');

  beforeEach(async () => {
    mux = await UdpMux.bind({ address: '127.0.0.1' });
    peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
  });
  afterEach(() => {
    mux.close();
    peer.close();
  });

  it('binds one port and gives it as the only base', () => {
    assert.ok(mux.port > 0);
    assert.deepEqual(mux.addresses, [{ address: '127.0.0.1', port: mux.port, family: 4 }]);
  });

  it('drops and counts a check for an unknown ufrag and anything else from an unknown address', async () => {
    send(bindingRequest('nobody:peer'));
    send(Uint8Array.of(0x16, 0xfe, 0xfd, 0, 0, 0, 0));
    await until(() => mux.stats().unknownUfrag === 1 && mux.stats().unknownSource === 1, 'both drops');
  });

  it('routes by ufrag first, by address after, and forgets both when the connection leaves', async () => {
    const got: Array<{ data: Uint8Array; from: Address }> = [];
    const other: Uint8Array[] = [];
    const endpoint = mux.attach('ufragA', (data, from) => got.push({ data, from }));
    mux.attach('ufragB', (data) => other.push(data));
    // Not yet known: DTLS from the peer is dropped.
    send(Uint8Array.of(0x16, 1));
    await until(() => mux.stats().unknownSource === 1, 'the first drop');
    send(bindingRequest('ufragA:peer'));
    await until(() => got.length === 1, 'the check');
    assert.equal(got[0]!.from.port, peer.address().port);
    send(Uint8Array.of(0x16, 2));
    await until(() => got.length === 2, 'the datagram routed by address');
    assert.deepEqual([...got[1]!.data], [0x16, 2]);
    // A check naming the other connection goes there, whatever the address.
    send(bindingRequest('ufragB:peer'));
    await until(() => other.length === 1, 'the check for B');
    assert.equal(got.length, 2);
    endpoint.close();
    send(Uint8Array.of(0x16, 3));
    send(bindingRequest('ufragA:peer'));
    await until(() => mux.stats().unknownUfrag === 1 && mux.stats().unknownSource === 2, 'the drops after close');
    assert.equal(got.length, 2);
    assert.equal(mux.stats().connections, 1);
  });

  it('hands a STUN response to the connection whose request it answers, and claims what it sends to', async () => {
    const a: Uint8Array[] = [];
    const b: Uint8Array[] = [];
    const ea = mux.attach('a', (d) => a.push(d));
    const eb = mux.attach('b', (d) => b.push(d));
    const to: Address = { address: '127.0.0.1', port: peer.address().port, family: 4 };
    const requests: Buffer[] = [];
    peer.on('message', (m) => requests.push(m));
    const reqA = bindingRequest('x:a');
    const reqB = bindingRequest('x:b');
    ea.send(reqA, to);
    eb.send(reqB, to);
    await until(() => requests.length === 2, 'both requests');
    // The peer answers B's request first; both come from the one address A sent to first.
    for (const req of [reqB, reqA]) {
      send(stun.serializeMessage({ class: 'success', method: stun.StunMethod.Binding, transactionId: req.subarray(8, 20), attributes: [] }));
    }
    await until(() => a.length === 1 && b.length === 1, 'each response at its asker');
    assert.equal(mux.stats().routedByTransaction, 2);
    // Anything else from that address goes to A, which sent there first.
    send(Uint8Array.of(0x16, 9));
    await until(() => a.length === 2, 'the datagram for A');
    assert.equal(b.length, 1);
  });

  it('refuses a second connection with the same ufrag, and any on a closed mux', () => {
    mux.attach('same', () => undefined);
    assert.throws(() => mux.attach('same', () => undefined), { name: 'OperationError' });
    mux.close();
    assert.equal(mux.closed, true);
    assert.throws(() => mux.attach('later', () => undefined), { name: 'InvalidStateError' });
  });

  it('gives an RTCPeerConnection its host candidate on the mux port, and takes it back at close()', async () => {
    const pc = new RTCPeerConnection({ udpMux: mux } as never);
    assert.equal((pc.getConfiguration() as { udpMux?: unknown }).udpMux, mux);
    pc.createDataChannel('x');
    const candidates: string[] = [];
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (e) => (e.candidate ? e.candidate.candidate && candidates.push(e.candidate.candidate) : resolve());
    });
    await pc.setLocalDescription();
    await done;
    assert.deepEqual(candidates.map((c) => c.split(' ').slice(4, 6).join(' ')), [`127.0.0.1 ${mux.port}`]);
    assert.equal(mux.stats().connections, 1);
    pc.close();
    assert.equal(mux.stats().connections, 0);
    assert.throws(() => new RTCPeerConnection({ udpMux: {} } as never), TypeError);
  });
});

interface MuxResult {
  pairs: number;
  muxPort: number;
  muxedLocalPorts: number[];
  openMs: number;
  roundMs: number;
  rssBeforeMiB: number;
  rssOpenMiB: number;
  heapBeforeMiB: number;
  heapOpenMiB: number;
  stats: Record<string, number>;
  afterClose: Record<string, number>;
}

function runChild(): Promise<ChildRun<MuxResult>> {
  return runJsonChild<MuxResult>('mux', CHILD, { timeoutMs: RUN_TIMEOUT_MS, env: { ...process.env, MUX_PAIRS: String(PAIRS) }, exitZero: true });
}

describe(`UdpMux: ${PAIRS} connections on one port`, function () {
  this.timeout(RUN_TIMEOUT_MS + 5_000);

  it('each echoes over a data channel; everything is released at close and the process exits', async () => {
    const { result, exitAfterMs } = await runChild();
    const perConnKiB = ((result.rssOpenMiB - result.rssBeforeMiB) * 1024) / (2 * result.pairs);
    const heapPerConnKiB = ((result.heapOpenMiB - result.heapBeforeMiB) * 1024) / (2 * result.pairs);
    console.log(
      `      ${result.pairs} pairs open in ${result.openMs} ms, one echo round of all in ${result.roundMs} ms; ` +
        `RSS ${result.rssBeforeMiB} -> ${result.rssOpenMiB} MiB: ${perConnKiB.toFixed(0)} KiB per connection (heap ${heapPerConnKiB.toFixed(0)} KiB), ` +
        `either side of a pair in this process; mux ${JSON.stringify(result.stats)}`,
    );
    assert.equal(result.pairs, PAIRS);
    // Every muxed connection's candidates sat on the mux's one port.
    assert.deepEqual(result.muxedLocalPorts, [result.muxPort]);
    assert.equal(result.stats.connections, PAIRS + 1);
    assert.equal(result.stats.unknownUfrag, 0);
    assert.ok(result.stats.routedByUfrag >= PAIRS, 'every connection was found by its ufrag');
    assert.deepEqual([result.afterClose.connections, result.afterClose.addresses], [0, 0]);
    assert.ok(exitAfterMs < EXIT_WITHIN_MS, `the child took ${exitAfterMs} ms to exit after closing everything`);
  });
});
