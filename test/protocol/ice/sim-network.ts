// A simulated UDP network in simulated time for ICE tests: delivers Transmits between agents
// with a fixed delay and seeded loss, runs simulated STUN servers, and advances a virtual
// clock to the earliest pending delivery or agent timeout. No sockets, no sleeping.
import {
  StunMethod,
  isStun,
  parseMessage,
  serializeMessage,
  xorMappedAddressAttr,
} from '../../../src/protocol/stun/index.js';
import { addressKey, type Address, type Transmit } from '../../../src/protocol/types.js';
import type { IceAgent, IceEvent } from '../../../src/protocol/ice/index.js';
import { mulberry32 } from '../../helpers/seeded-random.js';

export { seededRandom } from '../../helpers/seeded-random.js';

/** An IPv4 address. */
export const v4 = (address: string, port: number): Address => ({ address, port, family: 4 });
/** An IPv6 address. */
export const v6 = (address: string, port: number): Address => ({ address, port, family: 6 });

interface Flight {
  atMs: number;
  seq: number;
  from: Address;
  to: Address;
  data: Uint8Array;
}

/** A node on the network: an agent and the addresses it owns. */
export interface SimNode {
  name: string;
  agent: IceAgent;
  addresses: Address[];
  /** Every event the agent reported, with the time. */
  events: Array<{ atMs: number; event: IceEvent }>;
  /** Application datagrams (non-STUN) that reached the node. */
  received: Uint8Array[];
  /** Called for each event as it is drained (signalling hooks). */
  onEvent?: (event: IceEvent) => void;
  /** While true, everything to or from this node is dropped. */
  silent: boolean;
}

/** What the network does to datagrams. */
export interface SimOptions {
  seed?: number;
  delayMs?: number;
  lossRate?: number;
}

/** The network. */
export class SimNetwork {
  nowMs = 0;
  /** Datagrams dropped by the loss model. */
  lost = 0;
  private readonly nodes: SimNode[] = [];
  private readonly servers = new Map<string, (from: Address) => Address>();
  private flights: Flight[] = [];
  private seq = 0;
  private readonly rng: () => number;
  private readonly delayMs: number;
  lossRate: number;
  /**
   * The wire tap: sees each datagram a node sends and returns it (possibly changed), or
   * undefined to drop it. Unset, everything goes through.
   */
  tap: ((from: SimNode, t: Transmit) => Uint8Array | undefined) | undefined;
  private readonly timers: Array<{ atMs: number; fn: () => void }> = [];

  constructor(options: SimOptions = {}) {
    this.rng = mulberry32(options.seed ?? 1);
    this.delayMs = options.delayMs ?? 10;
    this.lossRate = options.lossRate ?? 0;
  }

  /** Attaches an agent owning these addresses and registers them as host candidates. */
  add(name: string, agent: IceAgent, addresses: Address[]): SimNode {
    const node: SimNode = { name, agent, addresses, events: [], received: [], silent: false };
    this.nodes.push(node);
    for (const a of addresses) agent.addLocalHostCandidate(a);
    return node;
  }

  /** A STUN server at `address` answering Binding requests with `map(source)`. */
  addStunServer(address: Address, map: (from: Address) => Address = (a) => a): void {
    this.servers.set(addressKey(address), map);
  }

  /** Runs `fn` at a simulated time. */
  at(atMs: number, fn: () => void): void {
    this.timers.push({ atMs, fn });
  }

  /** Sends application data from a node over its agent's selected pair. */
  sendData(node: SimNode, data: Uint8Array): boolean {
    const t = node.agent.send(data);
    if (!t) return false;
    this.transmit(node, t);
    return true;
  }

  private transmit(node: SimNode, t: Transmit): void {
    if (node.silent) return;
    if (this.tap) {
      const data = this.tap(node, t);
      if (data === undefined) return;
      t = { ...t, data };
    }
    if (this.rng() < this.lossRate) {
      this.lost++;
      return;
    }
    this.flights.push({ atMs: this.nowMs + this.delayMs, seq: this.seq++, from: t.from!, to: t.to, data: t.data });
  }

  private drain(): void {
    for (const node of this.nodes) {
      for (let t = node.agent.pollTransmit(); t; t = node.agent.pollTransmit()) this.transmit(node, t);
      for (let e = node.agent.pollEvent(); e; e = node.agent.pollEvent()) {
        node.events.push({ atMs: this.nowMs, event: e });
        node.onEvent?.(e);
      }
    }
  }

  private deliver(f: Flight): void {
    const server = this.servers.get(addressKey(f.to));
    if (server) {
      if (!isStun(f.data)) return;
      const req = parseMessage(f.data);
      if (req.class !== 'request' || req.method !== StunMethod.Binding) return;
      const data = serializeMessage(
        {
          class: 'success',
          method: StunMethod.Binding,
          transactionId: req.transactionId,
          attributes: [xorMappedAddressAttr(server(f.from), req.transactionId)],
        },
        { fingerprint: true },
      );
      this.flights.push({ atMs: this.nowMs + this.delayMs, seq: this.seq++, from: f.to, to: f.from, data });
      return;
    }
    const key = addressKey(f.to);
    const node = this.nodes.find((n) => n.addresses.some((a) => addressKey(a) === key));
    if (!node || node.silent) return;
    if (!node.agent.handleInput(f.data, f.from, f.to, this.nowMs)) node.received.push(f.data);
  }

  /** Advances simulated time until `untilMs` or until `done()` holds. */
  run(untilMs: number, done: () => boolean = () => false): void {
    let spins = 0;
    this.drain();
    while (this.nowMs <= untilMs && !done()) {
      let next = Infinity;
      for (const n of this.nodes) next = Math.min(next, n.agent.pollTimeout() ?? Infinity);
      for (const f of this.flights) next = Math.min(next, f.atMs);
      for (const t of this.timers) next = Math.min(next, t.atMs);
      if (next === Infinity || next > untilMs) {
        this.nowMs = untilMs;
        break;
      }
      if (next <= this.nowMs) {
        next = this.nowMs;
        if (++spins > 10000) throw new Error(`simulation stuck at ${this.nowMs} ms`);
      } else {
        spins = 0;
      }
      this.nowMs = next;
      for (const t of this.timers.filter((x) => x.atMs <= this.nowMs)) {
        this.timers.splice(this.timers.indexOf(t), 1);
        t.fn();
      }
      const due = this.flights.filter((f) => f.atMs <= this.nowMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      this.flights = this.flights.filter((f) => f.atMs > this.nowMs);
      for (const f of due) {
        this.deliver(f);
        this.drain();
      }
      for (const n of this.nodes) {
        const t = n.agent.pollTimeout();
        if (t !== undefined && t <= this.nowMs) n.agent.handleTimeout(this.nowMs);
      }
      this.drain();
    }
  }
}

/** The state events a node has seen, in order. */
export function states(node: SimNode): string[] {
  return node.events.flatMap((e) => (e.event.type === 'state' ? [e.event.state] : []));
}

/** The time of the first event matching `pred`, or undefined. */
export function firstEventAt(node: SimNode, pred: (e: IceEvent) => boolean): number | undefined {
  return node.events.find((e) => pred(e.event))?.atMs;
}
