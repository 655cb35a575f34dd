// Two TransportStacks (ICE -> DTLS -> SCTP -> data channels) on a simulated UDP network in
// simulated time (STYLE.md habit 5): seeded loss, duplication, delay and jitter (which
// reorders), trickled candidates over a reliable signalling channel, and a virtual clock
// that jumps to the earliest of the next delivery and both stacks' timers. No sockets, no
// sleeping, bounded in steps and in simulated time.
import { fingerprint, generateSelfSignedCertificate, type GeneratedCertificate } from '../../../src/crypto/index.js';
import { newSnapInit } from '../../../src/protocol/sctp/index.js';
import { TransportStack, type StackEvent, type StackOptions } from '../../../src/protocol/stack/index.js';
import { sameAddress, type Address } from '../../../src/protocol/types.js';
import { mulberry32, seededRandom } from '../../helpers/seeded-random.js';
export { mulberry32, seededRandom } from '../../helpers/seeded-random.js';



/** An IPv4 transport address. */
export const v4 = (address: string, port: number): Address => ({ address, port, family: 4 });

const certificates: Promise<GeneratedCertificate>[] = [];

/** One of two cached ECDSA P-256 certificates (index 0 or 1), made once per process. */
export function testCertificate(index: 0 | 1): Promise<GeneratedCertificate> {
  certificates[index] ??= generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
  return certificates[index]!;
}

/** What the link does to datagrams, independently in each direction. */
export interface LinkOptions {
  /** Probability a datagram is lost. */
  lossRate?: number;
  /** Probability a datagram is delivered twice. */
  duplicateRate?: number;
  /** Smallest one-way delay in ms. */
  delayMs?: number;
  /** Extra uniform delay in [0, jitterMs) per copy: reorders datagrams. */
  jitterMs?: number;
  /** Seed of the link's PRNG (loss, duplication, jitter) and of the stacks' Random. */
  seed?: number;
}

/** One end: a stack, the host base it owns, and what it reported. */
export interface SimPeer {
  readonly name: 'a' | 'b';
  readonly stack: TransportStack;
  readonly base: Address;
  /** ICE credentials, as the SDP would carry them. */
  readonly ufrag: string;
  readonly pwd: string;
  /** The a=sctp-init its SDP would carry (PairOptions.snap). */
  readonly sctpInit: Uint8Array | undefined;
  /** Every non-candidate event with the simulated time it was polled. */
  readonly events: Array<{ atMs: number; event: StackEvent }>;
  /** Called for each event as it is drained; a test may react (send, close) from here. */
  onEvent: ((event: StackEvent, nowMs: number) => void) | undefined;
  /** While true, every datagram to or from this peer is dropped. */
  silent: boolean;
  /** Datagrams this peer handed to the network. */
  sent: number;
  /** Datagrams the network delivered to this peer. */
  received: number;
}

interface InFlight {
  atMs: number;
  order: number;
  from: Address;
  to: Address;
  data: Uint8Array;
}

/** Options of `StackPair.create`. */
export interface PairOptions {
  link?: LinkOptions;
  /** DTLS role of `a` (b takes the other); default client. */
  aDtlsRole?: 'client' | 'server';
  /** Extra stack options for both ends. */
  stack?: Partial<Omit<StackOptions, 'certificate' | 'localUfrag' | 'localPwd' | 'random'>>;
  /** The wire tap, in place before the first datagram leaves (see `StackPair.onTransmit`). */
  onTransmit?: StackPair['onTransmit'];
  /** Each side signals a=x-purertc-max-datagram, as two purertc peers do. */
  purertcPeers?: boolean;
  /** Each side writes an a=sctp-init and reads the other's (SNAP, draft-hancke-tsvwg-snap). */
  snap?: boolean;
  /** Both peers on 127.0.0.1 (ports 5000 and 5001), a loopback path. */
  loopback?: boolean;
  /**
   * With `snap`: what signalling delivers of a peer's a=sctp-init to the other (`receiver`,
   * which wrote `receiverInit`). Default: the bytes unchanged; null: the line is lost.
   */
  signalSctpInit?: (init: Uint8Array, receiverInit: Uint8Array, receiver: 'a' | 'b') => Uint8Array | null;
  /** Each side's SCTP port (its a=sctp-port); default 5000. */
  sctpPorts?: { a: number; b: number };
  /** The a=sctp-port signalling delivers of each side to the other; default `sctpPorts`. */
  signalledSctpPorts?: { a: number; b: number };
  /** A path model that replaces `link` (loss, duplication, delay) for every datagram. */
  path?: StackPair['path'];
}

/** Bounds of `run`. */
export interface RunLimits {
  /** Simulated time budget from now, ms; default 120 000. */
  maxTimeMs?: number;
  /** Steps budget; default 500 000. */
  maxSteps?: number;
}

/** Two stacks joined by an impaired link, stepped in simulated time. */
export class StackPair {
  nowMs = 0;
  steps = 0;
  readonly a: SimPeer;
  readonly b: SimPeer;
  /** The link; tests may change it mid-run (e.g. heal the network). */
  link: Required<LinkOptions>;
  /** Datagrams the link dropped. */
  lost = 0;
  /** A wire tap: every datagram a peer hands to the network, before loss; `false` drops it. */
  onTransmit: ((from: SimPeer, data: Uint8Array, nowMs: number) => boolean | void) | undefined;
  /**
   * A path model in place of `link`: what becomes of one datagram from `from`, as the copies
   * to deliver and their delays (none: lost). See impairment.ts.
   */
  path: { carry(dir: string, data: Uint8Array, nowMs: number): Array<{ delayMs: number; data: Uint8Array }> } | undefined;
  private readonly rng: () => number;
  private readonly queue: InFlight[] = [];
  private order = 0;
  /** Consecutive steps that did not advance the clock (a spinning timer would pile these up). */
  private stuckSteps = 0;

  private constructor(a: SimPeer, b: SimPeer, link: Required<LinkOptions>) {
    this.a = a;
    this.b = b;
    this.link = link;
    this.rng = mulberry32(link.seed * 7919 + 13);
  }

  /**
   * Builds both stacks (a controls ICE), gathers, exchanges ICE parameters and DTLS
   * fingerprints as an offer/answer would, and sets the DTLS roles. Nothing is stepped yet.
   */
  static async create(options: PairOptions = {}): Promise<StackPair> {
    const link: Required<LinkOptions> = {
      lossRate: 0,
      duplicateRate: 0,
      delayMs: 5,
      jitterMs: 15,
      seed: 1,
      ...options.link,
    };
    const [certA, certB] = await Promise.all([testCertificate(0), testCertificate(1)]);
    const peer = (name: 'a' | 'b', cert: GeneratedCertificate, base: Address, seed: number): SimPeer => {
      const sctpInit = options.snap ? newSnapInit(seededRandom(seed + 7777).uint32) : undefined;
      return {
        name,
        base,
        ufrag: `uf${name}${seed}`,
        pwd: `password-of-${name}-${seed}-0123456789`,
        sctpInit,
        stack: new TransportStack({
          ...options.stack,
          certificate: { der: cert.der, privateKey: cert.privateKey },
          localUfrag: `uf${name}${seed}`,
          localPwd: `password-of-${name}-${seed}-0123456789`,
          random: seededRandom(seed),
          ...(sctpInit ? { sctpInit } : {}),
          ...(options.sctpPorts ? { sctpPort: options.sctpPorts[name] } : {}),
        }),
        events: [],
        onEvent: undefined,
        silent: false,
        sent: 0,
        received: 0,
      };
    };
    const a = peer('a', certA, options.loopback ? v4('127.0.0.1', 5000) : v4('10.0.0.1', 5000), link.seed * 2 + 1);
    const b = peer('b', certB, options.loopback ? v4('127.0.0.1', 5001) : v4('10.0.0.2', 5000), link.seed * 2 + 2);
    const pair = new StackPair(a, b, link);
    pair.onTransmit = options.onTransmit;
    pair.path = options.path;
    const t = pair.nowMs;
    a.stack.start(true);
    b.stack.start(false);
    for (const [p, cert, other] of [[a, certA, b], [b, certB, a]] as const) {
      p.stack.addLocalBase(p.base, t);
      p.stack.endOfLocalCandidates(t);
      other.stack.setRemote(
        {
          ufrag: p.ufrag,
          pwd: p.pwd,
          fingerprints: [{ algorithm: 'sha-256', value: fingerprint(cert.der, 'sha-256') }],
          candidates: [],
          endOfCandidates: false,
          ...(options.purertcPeers ? { maxDatagram: 65535 } : {}),
          ...(options.signalledSctpPorts ?? options.sctpPorts ? { sctpPort: (options.signalledSctpPorts ?? options.sctpPorts)![p.name] } : {}),
          ...(p.sctpInit ? { sctpInit: options.signalSctpInit ? options.signalSctpInit(p.sctpInit, other.sctpInit!, other.name) : p.sctpInit } : {}),
          // Each side's own description carries its a=sctp-init.
          ...(other.sctpInit ? { sctpInitSent: true } : {}),
        },
        t,
      );
    }
    const aRole = options.aDtlsRole ?? 'client';
    a.stack.setRoles(aRole, true, t);
    b.stack.setRoles(aRole === 'client' ? 'server' : 'client', true, t);
    pair.drain();
    return pair;
  }

  /** The other end. */
  other(p: SimPeer): SimPeer {
    return p === this.a ? this.b : this.a;
  }

  /** Moves every queued transmit onto the link and every event into the logs (and hooks). */
  drain(): void {
    for (let again = true; again; ) {
      again = false;
      for (const p of [this.a, this.b]) {
        for (let tx = p.stack.pollTransmit(); tx !== undefined; tx = p.stack.pollTransmit()) {
          again = true;
          p.sent++;
          if (this.onTransmit?.(p, tx.data, this.nowMs) === false) continue;
          this.transmit(p, tx.from ?? p.base, tx.to, tx.data);
        }
        for (let e = p.stack.pollEvent(); e !== undefined; e = p.stack.pollEvent()) {
          again = true;
          if (e.type === 'local-candidate') {
            // Trickle over a reliable, instant signalling channel ('' = end of candidates).
            this.other(p).stack.addRemoteCandidate(e.candidate ?? '', this.nowMs);
            continue;
          }
          p.events.push({ atMs: this.nowMs, event: e });
          p.onEvent?.(e, this.nowMs);
        }
      }
    }
  }

  /** Delivers due datagrams and fires due timers at the next instant anything happens; false when idle. */
  step(): boolean {
    this.steps++;
    this.drain();
    let next = this.queue[0]?.atMs;
    for (const p of [this.a, this.b]) {
      const t = p.stack.pollTimeout();
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    if (next === undefined) return false;
    if (next > this.nowMs) {
      this.nowMs = next;
      this.stuckSteps = 0;
    } else if (++this.stuckSteps > 10_000) {
      throw new Error(`simulated clock stuck at t=${this.nowMs} (a timer that never advances?)`);
    }
    while (this.queue.length > 0 && this.queue[0]!.atMs <= this.nowMs) {
      const d = this.queue.shift()!;
      const p = this.peerAt(d.to);
      if (p === undefined || p.silent) continue;
      p.received++;
      p.stack.handleDatagram(d.data, d.from, d.to, this.nowMs);
      this.drain();
    }
    for (const p of [this.a, this.b]) {
      const t = p.stack.pollTimeout();
      if (t !== undefined && t <= this.nowMs) p.stack.handleTimeout(this.nowMs);
    }
    this.drain();
    return true;
  }

  /** Steps until `done()` holds; throws when the network idles or a bound is exceeded. */
  run(done: () => boolean, limits: RunLimits = {}): void {
    const deadline = this.nowMs + (limits.maxTimeMs ?? 120_000);
    const maxSteps = this.steps + (limits.maxSteps ?? 500_000);
    this.drain();
    while (!done()) {
      if (this.steps > maxSteps) throw new Error(`not done after ${limits.maxSteps ?? 500_000} steps (t=${this.nowMs} ms)`);
      if (this.nowMs > deadline) throw new Error(`not done after ${limits.maxTimeMs ?? 120_000} ms simulated (t=${this.nowMs} ms)`);
      if (!this.step()) {
        if (done()) return;
        throw new Error(`network idle and not done at t=${this.nowMs} ms`);
      }
    }
  }

  /** Steps until simulated time reaches `untilMs` (or the network idles). */
  advanceTo(untilMs: number, maxSteps = 500_000): void {
    const limit = this.steps + maxSteps;
    for (;;) {
      if (this.steps > limit) throw new Error(`advanceTo(${untilMs}) exceeded ${maxSteps} steps (t=${this.nowMs} ms)`);
      this.drain();
      const next = this.nextInstant();
      if (next === undefined || next > untilMs) break;
      this.step();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
  }

  /**
   * Runs until ICE, DTLS and SCTP report connected on both sides. Under heavy loss the DTLS
   * and SCTP handshake timers back off exponentially (RFC 6347 §4.2.4.1, RFC 9260 §6.3.3),
   * so a few unlucky losses in a row cost tens of seconds: the default bound is generous.
   */
  connect(limits: RunLimits = {}): void {
    this.run(() => [this.a, this.b].every((p) => isUp(p)), { maxTimeMs: 300_000, ...limits });
  }

  /** Hands a datagram to `to` as if it came from the other peer's base, right now. */
  inject(to: SimPeer, data: Uint8Array): void {
    to.received++;
    to.stack.handleDatagram(data, this.other(to).base, to.base, this.nowMs);
    this.drain();
  }

  /** Events of one type that a peer reported. */
  eventsOf<T extends StackEvent['type']>(p: SimPeer, type: T): Array<Extract<StackEvent, { type: T }>> {
    return p.events.map((e) => e.event).filter((e): e is Extract<StackEvent, { type: T }> => e.type === type);
  }

  /** Whether a peer reported an event matching `pred`. */
  has(p: SimPeer, pred: (e: StackEvent) => boolean): boolean {
    return p.events.some((e) => pred(e.event));
  }

  private nextInstant(): number | undefined {
    let next = this.queue[0]?.atMs;
    for (const p of [this.a, this.b]) {
      const t = p.stack.pollTimeout();
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  private peerAt(addr: Address): SimPeer | undefined {
    if (sameAddress(addr, this.a.base)) return this.a;
    if (sameAddress(addr, this.b.base)) return this.b;
    return undefined;
  }

  private transmit(sender: SimPeer, from: Address, to: Address, data: Uint8Array): void {
    if (this.path !== undefined) {
      const copies = sender.silent ? [] : this.path.carry(sender.name, data, this.nowMs);
      if (copies.length === 0) this.lost++;
      for (const c of copies) this.insert({ atMs: this.nowMs + c.delayMs, order: this.order++, from, to, data: c.data });
      return;
    }
    // Draw every random number whether or not the datagram survives, so one datagram's fate
    // does not shift the draws of the next (the pattern is keyed on the datagram count).
    const lost = this.rng() < this.link.lossRate;
    const copies = this.rng() < this.link.duplicateRate ? 2 : 1;
    const delays = [this.rng(), this.rng()].map((r) => this.link.delayMs + r * this.link.jitterMs);
    if (sender.silent || lost) {
      this.lost++;
      return;
    }
    // The stack may reuse its buffer after pollTransmit; the wire holds a copy.
    const bytes = Uint8Array.from(data);
    for (let i = 0; i < copies; i++) this.insert({ atMs: this.nowMs + delays[i]!, order: this.order++, from, to, data: bytes });
  }

  private insert(d: InFlight): void {
    const q = this.queue;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q[mid]!.atMs <= d.atMs) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, d);
  }
}

/** Whether a peer's ICE, DTLS and SCTP all reported connected. */
export function isUp(p: SimPeer): boolean {
  const ev = p.events.map((e) => e.event);
  return (
    ev.some((e) => e.type === 'ice-state' && (e.state === 'connected' || e.state === 'completed')) &&
    ev.some((e) => e.type === 'dtls-state' && e.state === 'connected') &&
    ev.some((e) => e.type === 'sctp-state' && e.state === 'connected')
  );
}

/** The loss levels every scenario runs at, each with some reordering and duplication. */
export const IMPAIRMENTS: ReadonlyArray<{ name: string; link: LinkOptions & { lossRate: number } }> = [
  { name: '0% loss', link: { lossRate: 0, duplicateRate: 0.02, delayMs: 5, jitterMs: 15 } },
  { name: '5% loss', link: { lossRate: 0.05, duplicateRate: 0.03, delayMs: 5, jitterMs: 15 } },
  { name: '20% loss', link: { lossRate: 0.2, duplicateRate: 0.05, delayMs: 5, jitterMs: 15 } },
];

/** Base seed of the suite; `STACK_SEED=n` replays it with other loss patterns. */
export const BASE_SEED = Number(process.env.STACK_SEED ?? 1);

/** The messages a peer received on a stream, with the simulated time of each. */
export function messagesOn(p: SimPeer, id: number): Array<{ atMs: number; data: string | Uint8Array }> {
  const out: Array<{ atMs: number; data: string | Uint8Array }> = [];
  for (const { atMs, event } of p.events) if (event.type === 'channel-message' && event.id === id) out.push({ atMs, data: event.data });
  return out;
}
