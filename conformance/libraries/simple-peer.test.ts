// Code written for browsers, through a wrapper library: simple-peer, the most used one on
// npm, over purertc on 127.0.0.1. It learns that a connection is up (its `connect` event)
// and the remote address by polling getStats for the transport's selected candidate pair
// and that pair's candidates; with a report lacking them, `connect` never fires. It also
// strips a=ice-options:trickle from its descriptions before setLocalDescription when
// trickle is off, which needs edited descriptions to be applied as browsers apply them.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { RTCIceCandidate, RTCPeerConnection, RTCSessionDescription } from '../../src/index.js';

const require = createRequire(import.meta.url);

/** The part of simple-peer's Peer this test uses. */
interface Peer {
  on(event: 'signal', fn: (data: unknown) => void): void;
  on(event: 'connect' | 'close', fn: () => void): void;
  on(event: 'data', fn: (data: Uint8Array) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  signal(data: unknown): void;
  send(data: Uint8Array | string): void;
  destroy(): void;
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
  remoteFamily?: string;
  _pc: InstanceType<typeof RTCPeerConnection>;
}
type PeerCtor = new (opts: object) => Peer;
const SimplePeer = require('simple-peer') as PeerCtor;

const wrtc = { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate };
const config = { iceServers: [], bindAddress: '127.0.0.1' };

/** Two peers wired to each other's signal events. */
function pair(trickle: boolean): [Peer, Peer] {
  const a = new SimplePeer({ initiator: true, trickle, wrtc, config });
  const b = new SimplePeer({ initiator: false, trickle, wrtc, config });
  a.on('signal', (d) => b.signal(d));
  b.on('signal', (d) => a.signal(d));
  return [a, b];
}

function connected(p: Peer, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect event within ${ms} ms (connectionState ${p._pc.connectionState})`)), ms);
    p.on('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('simple-peer over purertc', function () {
  this.timeout(20_000);
  const made: Peer[] = [];
  afterEach(() => {
    for (const p of made.splice(0)) p.destroy();
  });

  for (const trickle of [true, false]) {
    it(`connects, learns the remote address from getStats and echoes 1 MiB (${trickle ? 'trickle' : 'no trickle'})`, async () => {
      const [a, b] = pair(trickle);
      made.push(a, b);
      await Promise.all([connected(a, 10_000), connected(b, 10_000)]);
      for (const p of [a, b]) {
        assert.equal(p.remoteAddress, '127.0.0.1');
        assert.equal(p.localAddress, '127.0.0.1');
        assert.equal(p.remoteFamily, 'IPv4');
        assert.ok(Number.isInteger(p.remotePort) && p.remotePort! > 0, `remote port ${p.remotePort}`);
      }
      assert.equal(a.remotePort, b.localPort);
      if (!trickle) assert.doesNotMatch(a._pc.localDescription!.sdp, /a=ice-options:trickle/);

      b.on('data', (d) => b.send(d));
      const chunks = Array.from({ length: 64 }, () => randomBytes(16 * 1024));
      const sent = createHash('sha256');
      for (const c of chunks) sent.update(c);
      const got = createHash('sha256');
      let bytes = 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`echoed ${bytes} bytes of ${1 << 20}`)), 10_000);
        a.on('data', (d) => {
          got.update(d);
          bytes += d.byteLength;
          if (bytes < 1 << 20) return;
          clearTimeout(timer);
          resolve();
        });
        for (const c of chunks) a.send(c);
      });
      assert.equal(got.digest('hex'), sent.digest('hex'));
    });
  }

  it('reports close on the other side when one side is destroyed', async () => {
    const [a, b] = pair(true);
    made.push(a, b);
    await Promise.all([connected(a, 10_000), connected(b, 10_000)]);
    const closed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no close event')), 10_000);
      b.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // simple-peer reports a closed channel as an error on the side that did not close.
    b.on('error', () => undefined);
    a.destroy();
    await closed;
  });
});
