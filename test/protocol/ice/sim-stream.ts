// A simulated network with TCP streams for ICE-TCP tests (RFC 6544), in simulated time: an
// agent's transmit from an active base opens a connection to a passive base on another node
// (or reuses it), one from a passive base goes over the accepted connection whose far end is
// the transmit's destination. Each packet is framed (RFC 4571) and the stream delivered in
// chunks of seeded sizes, so frames split and merge as a real stream's reads do. UDP
// transmits are delivered as datagrams unless `udpBlocked`. No sockets, no sleeping.
import { FrameReader, frame, type IceAgent, type IceEvent } from '../../../src/protocol/ice/index.js';
import { addressKey, type Address, type Transmit } from '../../../src/protocol/types.js';
import { mulberry32 } from '../../helpers/seeded-random.js';

/** A node: an agent, its UDP and TCP bases, what reached it. */
export interface StreamNode {
  name: string;
  agent: IceAgent;
  /** Passive bases (listening addresses), by addressKey. */
  listening: Set<string>;
  /** UDP bases, by addressKey. */
  udp: Set<string>;
  events: Array<{ atMs: number; event: IceEvent }>;
  /** Application packets (non-STUN) that reached the node. */
  received: Uint8Array[];
  onEvent?: (e: IceEvent) => void;
}

/** One end of a connection: who reads there, and how its frames are reported. */
interface End {
  node: StreamNode;
  reader: FrameReader;
  /** `from` and `to` of what arrives at this end, as the agent knows them. */
  from: Address;
  to: Address;
}

/** A connection: two ends, each the other's peer. */
interface Connection {
  ends: [End, End];
}

interface Delivery {
  atMs: number;
  seq: number;
  run: () => void;
}

/** The network. */
export class StreamNetwork {
  nowMs = 0;
  udpBlocked = false;
  /** Connection attempts refused (nothing listening there). */
  refused = 0;
  readonly connections: Connection[] = [];
  private readonly nodes: StreamNode[] = [];
  private deliveries: Delivery[] = [];
  private seq = 0;
  private nextPort = 40000;
  private readonly rng: () => number;

  constructor(
    private readonly delayMs = 5,
    seed = 7,
  ) {
    this.rng = mulberry32(seed);
  }

  /** Attaches an agent; its candidates are added by the caller (addNode* helpers). */
  add(name: string, agent: IceAgent): StreamNode {
    const node: StreamNode = { name, agent, listening: new Set(), udp: new Set(), events: [], received: [] };
    this.nodes.push(node);
    return node;
  }

  /** A passive TCP candidate listening on `base`. */
  listen(node: StreamNode, base: Address): void {
    node.listening.add(addressKey({ ...base, transport: 'tcp' }));
    node.agent.addLocalTcpCandidate(base, 'passive');
  }

  /** A UDP host candidate on `base`. */
  bindUdp(node: StreamNode, base: Address): void {
    node.udp.add(addressKey(base));
    node.agent.addLocalHostCandidate(base);
  }

  /** Sends application data over the node's selected pair. */
  sendData(node: StreamNode, data: Uint8Array): boolean {
    const t = node.agent.send(data);
    if (!t) return false;
    // As a driver does for each non-STUN packet it hands to a socket.
    node.agent.noteSent(t.to, t.from, t.data.length, this.nowMs);
    this.transmit(node, t);
    return true;
  }

  private later(run: () => void): void {
    this.deliveries.push({ atMs: this.nowMs + this.delayMs, seq: this.seq++, run });
  }

  private transmit(node: StreamNode, t: Transmit): void {
    const from = t.from!;
    if (from.transport !== 'tcp') {
      if (this.udpBlocked) return;
      const to = this.nodes.find((n) => n.udp.has(addressKey(t.to)));
      if (to) this.later(() => this.input(to, t.data, from, t.to));
      return;
    }
    let end = this.connections.flatMap((c) => c.ends).find((e) => e.node === node && addressKey(e.to) === addressKey(from) && addressKey(e.from) === addressKey(t.to));
    if (end === undefined) {
      // Only an active base opens connections; a passive one answers on those it accepted.
      if (from.port !== 9) return;
      const target = this.nodes.find((n) => n.listening.has(addressKey(t.to)));
      if (target === undefined) {
        this.refused++;
        return;
      }
      const ephemeral: Address = { address: from.address, port: this.nextPort++, family: from.family, transport: 'tcp' };
      const mine: End = { node, reader: new FrameReader(), from: t.to, to: from };
      const theirs: End = { node: target, reader: new FrameReader(), from: ephemeral, to: t.to };
      this.connections.push({ ends: [mine, theirs] });
      end = mine;
    }
    const conn = this.connections.find((c) => c.ends.includes(end!))!;
    const peer = conn.ends[0] === end ? conn.ends[1] : conn.ends[0];
    const bytes = frame(t.data);
    // The stream's bytes arrive in order, cut at seeded places.
    let o = 0;
    while (o < bytes.length) {
      const n = Math.min(bytes.length - o, 1 + Math.floor(this.rng() * 64));
      const chunk = bytes.slice(o, o + n);
      o += n;
      this.later(() => {
        peer.reader.push(chunk);
        for (let f = peer.reader.poll(); f; f = peer.reader.poll()) this.input(peer.node, f, peer.from, peer.to);
      });
    }
  }

  private input(node: StreamNode, data: Uint8Array, from: Address, to: Address): void {
    if (!node.agent.handleInput(data, from, to, this.nowMs)) node.received.push(data);
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

  /** Advances simulated time until `untilMs` or until `done()` holds. */
  run(untilMs: number, done: () => boolean = () => false): void {
    this.drain();
    for (let steps = 0; this.nowMs <= untilMs && !done(); steps++) {
      if (steps > 200_000) throw new Error(`simulation stuck at ${this.nowMs} ms`);
      let next = Infinity;
      for (const n of this.nodes) next = Math.min(next, n.agent.pollTimeout() ?? Infinity);
      for (const d of this.deliveries) next = Math.min(next, d.atMs);
      if (next === Infinity || next > untilMs) {
        this.nowMs = untilMs;
        break;
      }
      this.nowMs = Math.max(this.nowMs, next);
      const due = this.deliveries.filter((d) => d.atMs <= this.nowMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      this.deliveries = this.deliveries.filter((d) => d.atMs > this.nowMs);
      for (const d of due) {
        d.run();
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

/** Wires each node's candidate events to the other, and end-of-candidates. */
export function signalBoth(a: StreamNode, b: StreamNode): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.onEvent = (e) => {
      if (e.type === 'candidate') to.agent.addRemoteCandidate(e.candidate);
      else if (e.type === 'gathering-complete') to.agent.setRemoteEndOfCandidates();
    };
  }
}
