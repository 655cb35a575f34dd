// A simulated network for two sans-IO associations in simulated time (STYLE.md habit 5):
// seeded loss, duplication, delay, jitter (reordering) and an optional bottleneck link.
import { SctpAssociation, type SctpAssociationOptions, type SctpEvent } from '../../../src/protocol/sctp/index.js';
import { mulberry32, seededRandom } from '../../helpers/seeded-random.js';
export { mulberry32, seededRandom } from '../../helpers/seeded-random.js';



/** Link behaviour, applied independently in each direction. */
export interface LinkOptions {
  lossRate?: number;
  duplicateRate?: number;
  delayMs?: number;
  /** Extra uniform random delay in [0, jitterMs): reorders packets. */
  jitterMs?: number;
  /** Bottleneck rate; undefined = unlimited. */
  bytesPerMs?: number;
  /** Drop-tail queue limit of the bottleneck, in ms of queueing. */
  maxQueueMs?: number;
  seed?: number;
}

type Side = 'a' | 'b';

interface InFlight {
  at: number;
  seq: number;
  to: Side;
  data: Uint8Array;
}

/** Two associations joined by a lossy link, stepped in simulated time. */
export class SimNetwork {
  now = 0;
  readonly a: SctpAssociation;
  readonly b: SctpAssociation;
  readonly events: Record<Side, SctpEvent[]> = { a: [], b: [] };
  /** Called for each event as it is polled (tests react here, e.g. send more). */
  onEvent: ((side: Side, e: SctpEvent) => void) | undefined;
  /** Called with every packet a side sends, before loss (a wire tap). */
  onTransmit: ((from: Side, packet: Uint8Array, nowMs: number) => void) | undefined;
  /** Drops a packet when it returns true, besides the seeded loss. */
  dropIf: ((from: Side, packet: Uint8Array, nowMs: number) => boolean) | undefined;
  steps = 0;
  private readonly link: Required<Omit<LinkOptions, 'bytesPerMs'>> & { bytesPerMs: number | undefined };
  private readonly rng: () => number;
  private readonly queue: InFlight[] = [];
  private seq = 0;
  private readonly linkFreeAt: Record<Side, number> = { a: 0, b: 0 };

  /** Builds both ends; `options` override the defaults for both. */
  constructor(link: LinkOptions = {}, options: Partial<SctpAssociationOptions> = {}, optionsB?: Partial<SctpAssociationOptions>) {
    this.link = {
      lossRate: link.lossRate ?? 0,
      duplicateRate: link.duplicateRate ?? 0,
      delayMs: link.delayMs ?? 5,
      jitterMs: link.jitterMs ?? 0,
      bytesPerMs: link.bytesPerMs,
      maxQueueMs: link.maxQueueMs ?? 100,
      seed: link.seed ?? 1,
    };
    this.rng = mulberry32(this.link.seed * 7919 + 17);
    const base = { localPort: 5000, remotePort: 5000 };
    this.a = new SctpAssociation({ ...base, random: seededRandom(this.link.seed * 2 + 1), ...options });
    this.b = new SctpAssociation({ ...base, random: seededRandom(this.link.seed * 2 + 2), ...options, ...optionsB });
  }

  /** The association on a side. */
  side(s: Side): SctpAssociation {
    return s === 'a' ? this.a : this.b;
  }

  /** Drains output of both sides onto the link and events into `events`. */
  drain(): void {
    for (let again = true; again; ) {
      again = false;
      for (const s of ['a', 'b'] as const) {
        const x = this.side(s);
        for (let p = x.pollTransmit(); p !== undefined; p = x.pollTransmit()) {
          this.transmit(s, p);
          again = true;
        }
        for (let e = x.pollEvent(); e !== undefined; e = x.pollEvent()) {
          this.events[s].push(e);
          this.onEvent?.(s, e);
          again = true;
        }
      }
    }
  }

  /** Advances to the next packet arrival or timer and processes it; false when idle. */
  step(): boolean {
    this.steps++;
    this.drain();
    let next = this.queue.length > 0 ? this.queue[0]!.at : undefined;
    for (const t of [this.a.pollTimeout(), this.b.pollTimeout()]) {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    if (next === undefined) return false;
    this.now = Math.max(this.now, next);
    while (this.queue.length > 0 && this.queue[0]!.at <= this.now) {
      const p = this.queue.shift()!;
      this.side(p.to).handleInput(p.data, this.now);
    }
    for (const x of [this.a, this.b]) {
      const t = x.pollTimeout();
      if (t !== undefined && t <= this.now) x.handleTimeout(this.now);
    }
    this.drain();
    return true;
  }

  /** Steps until `done()` holds; throws after `maxSteps` or `maxTimeMs` of simulated time. */
  run(done: () => boolean, maxSteps = 2_000_000, maxTimeMs = 600_000): void {
    const start = this.steps;
    while (!done()) {
      if (this.steps - start > maxSteps) throw new Error(`not done after ${maxSteps} steps at t=${this.now}`);
      if (this.now > maxTimeMs) throw new Error(`not done after ${maxTimeMs} ms simulated`);
      if (!this.step()) {
        if (done()) return;
        throw new Error(`network idle and not done at t=${this.now}`);
      }
    }
  }

  /** Connects: `a` calls connect (and `b` too when `collide`); runs until both connected. */
  connect(collide = false): void {
    this.a.connect(this.now);
    if (collide) this.b.connect(this.now);
    this.run(() => this.has('a', 'connected') && this.has('b', 'connected'), 100_000, 120_000);
  }

  /** Whether a side reported an event of this type. */
  has(s: Side, type: SctpEvent['type']): boolean {
    return this.events[s].some((e) => e.type === type);
  }

  private transmit(from: Side, data: Uint8Array): void {
    this.onTransmit?.(from, data, this.now);
    if (this.dropIf?.(from, data, this.now) === true) return;
    const to: Side = from === 'a' ? 'b' : 'a';
    let departAt = this.now;
    const bw = this.link.bytesPerMs;
    if (bw !== undefined) {
      const start = Math.max(this.now, this.linkFreeAt[from]);
      if (start - this.now > this.link.maxQueueMs) return; // drop-tail
      departAt = start + data.length / bw;
      this.linkFreeAt[from] = departAt;
    }
    if (this.rng() < this.link.lossRate) return;
    const copies = this.rng() < this.link.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const at = departAt + this.link.delayMs + this.rng() * this.link.jitterMs;
      this.insert({ at, seq: this.seq++, to, data });
    }
  }

  private insert(p: InFlight): void {
    const q = this.queue;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q[mid]!.at <= p.at) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, p);
  }
}
