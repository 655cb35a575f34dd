// A minimal driver for purertc's sans-IO IceAgent over one real UDP socket on 127.0.0.1:
// it sends what the agent wants sent, feeds it every datagram and its timeouts, and keeps a
// log of the wire and of the agent's events with their times.
import dgram from 'node:dgram';
import { IceAgent, type IceEvent } from '../../src/protocol/ice/index.js';
import { nodeRandom } from '../../src/io/environment.js';
import type { Address } from '../../src/protocol/types.js';
import { isLoopbackAddress } from './loopback.js';

/** A datagram on the wire, seen from the agent's socket. */
export interface WireRecord {
  direction: 'out' | 'in';
  peer: Address;
  data: Uint8Array;
  atMs: number;
}

/** Drives one IceAgent on one socket. */
export class UdpIceDriver {
  readonly wire: WireRecord[] = [];
  readonly events: Array<{ event: IceEvent; atMs: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly agent: IceAgent,
    readonly socket: dgram.Socket,
    readonly base: Address,
  ) {
    socket.on('message', (msg, rinfo) => {
      const data = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
      const from: Address = { address: rinfo.address, port: rinfo.port, family: 4 };
      this.wire.push({ direction: 'in', peer: from, data: data.slice(), atMs: performance.now() });
      agent.handleInput(data, from, this.base, performance.now());
      this.drive();
    });
  }

  /** Binds a socket on 127.0.0.1 and creates a controlling agent with it as its only host base. */
  static async open(): Promise<UdpIceDriver> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', resolve);
    });
    socket.on('error', () => undefined);
    const random = nodeRandom();
    const agent = new IceAgent({
      controlling: true,
      tieBreaker: (BigInt(random.uint32()) << 32n) | BigInt(random.uint32()),
      localUfrag: 'cfrm',
      localPwd: 'conformanceconformance',
      random,
    });
    return new UdpIceDriver(agent, socket, { address: '127.0.0.1', port: socket.address().port, family: 4 });
  }

  /** Sends everything pending, collects events, re-arms the timer. */
  drive(): void {
    if (this.closed) return;
    const now = performance.now();
    for (let tx = this.agent.pollTransmit(); tx; tx = this.agent.pollTransmit()) {
      // Only loopback, whatever the agent asks for.
      if (!isLoopbackAddress(tx.to.address)) continue;
      this.wire.push({ direction: 'out', peer: tx.to, data: tx.data.slice(), atMs: now });
      this.socket.send(tx.data, tx.to.port, tx.to.address);
    }
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) this.events.push({ event: e, atMs: now });
    for (const w of this.waiters.splice(0)) w();
    const next = this.agent.pollTimeout();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next !== undefined && Number.isFinite(next)) {
      this.timer = setTimeout(() => {
        this.agent.handleTimeout(performance.now());
        this.drive();
      }, Math.max(0, Math.ceil(next - performance.now())));
    }
  }

  /** Waits until an event matches, or fails after `timeoutMs`. */
  until(match: (e: IceEvent) => boolean, timeoutMs: number, what: string): Promise<{ event: IceEvent; atMs: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events: ${this.events.map((e) => e.event.type).join(', ')}`)), timeoutMs);
      const check = (): void => {
        const found = this.events.find((e) => match(e.event));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** Stops the timer and closes the socket. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.agent.close();
    this.socket.close();
  }
}
