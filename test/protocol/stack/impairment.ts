// A bursty, corrupting path for the stack soak: a Gilbert-Elliott model per direction (a
// good and a bad state, each datagram moving between them with fixed probabilities, so
// impairments come in bursts), where an impaired datagram is dropped, duplicated, delayed
// past its successors, truncated or has bits flipped; then, at `healAtMs`, the path heals
// and forwards every datagram cleanly. Datagrams over the path MTU are dropped (and counted
// apart, so a test can say none was). Deterministic from its seed.
import { mulberry32 } from '../../helpers/seeded-random.js';

/** What the path does; rates are per datagram. */
export interface BurstyPathOptions {
  seed: number;
  /** Long-run share of datagrams impaired while the path is bad (0..1), e.g. 0.3. */
  impairedShare: number;
  /** Mean length of a bad burst, in datagrams. */
  meanBurst: number;
  /** Share of datagrams impaired in the good state. */
  goodImpaired?: number;
  /** Share of datagrams impaired in the bad state. */
  badImpaired?: number;
  /** Whether impaired datagrams may be mutated (truncated, bits flipped) rather than only dropped, duplicated, reordered. */
  mutate: boolean;
  /** One-way delay and uniform jitter (ms); jitter alone reorders a little. */
  delayMs: number;
  jitterMs: number;
  /** Largest UDP payload the path carries (path MTU minus IP and UDP headers). */
  maxDatagramBytes: number;
  /** Simulated time from which every datagram is forwarded cleanly (ms). */
  healAtMs: number;
}

/** What the path did, in total. */
export interface PathCounters {
  datagrams: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  truncated: number;
  flipped: number;
  tooBig: number;
}

/** One copy of a datagram to deliver, `delayMs` from now. */
export interface Delivery {
  delayMs: number;
  data: Uint8Array;
}

/** A Gilbert-Elliott path; one state machine per direction. */
export class BurstyPath {
  readonly counters: PathCounters = { datagrams: 0, dropped: 0, duplicated: 0, reordered: 0, truncated: 0, flipped: 0, tooBig: 0 };
  private readonly rng: () => number;
  private readonly bad = new Map<string, boolean>();
  private readonly pGoodToBad: number;
  private readonly pBadToGood: number;
  private readonly goodImpaired: number;
  private readonly badImpaired: number;

  /** The transition probabilities follow from the share impaired and the burst length. */
  constructor(readonly options: BurstyPathOptions) {
    this.rng = mulberry32(options.seed * 2654435761 + 17);
    this.goodImpaired = options.goodImpaired ?? 0.01;
    this.badImpaired = options.badImpaired ?? 0.8;
    // Stationary share of the bad state b satisfies b*bad + (1-b)*good = share.
    const share = Math.min(Math.max(options.impairedShare, this.goodImpaired), this.badImpaired);
    const b = (share - this.goodImpaired) / (this.badImpaired - this.goodImpaired);
    this.pBadToGood = 1 / Math.max(1, options.meanBurst);
    // b = pGB / (pGB + pBG)  =>  pGB = b * pBG / (1 - b)
    this.pGoodToBad = b >= 1 ? 1 : (b * this.pBadToGood) / (1 - b);
  }

  /** What happens to one datagram sent on direction `dir` at `nowMs`: zero, one or two copies. */
  carry(dir: string, data: Uint8Array, nowMs: number): Delivery[] {
    const o = this.options;
    const c = this.counters;
    c.datagrams++;
    // Draw the same numbers for every datagram, whatever its fate, so that one fate does
    // not shift the pattern of the next.
    const rTransition = this.rng();
    const rImpair = this.rng();
    const rKind = this.rng();
    const rA = this.rng();
    const rB = this.rng();
    const jitter = [this.rng() * o.jitterMs, this.rng() * o.jitterMs];
    if (data.length > o.maxDatagramBytes) {
      c.tooBig++;
      return [];
    }
    const copy = (): Uint8Array => Uint8Array.from(data);
    if (nowMs >= o.healAtMs) return [{ delayMs: o.delayMs, data: copy() }];
    let bad = this.bad.get(dir) ?? false;
    bad = bad ? rTransition >= this.pBadToGood : rTransition < this.pGoodToBad;
    this.bad.set(dir, bad);
    const normal = (k: number): Delivery => ({ delayMs: o.delayMs + jitter[k]!, data: copy() });
    if (rImpair >= (bad ? this.badImpaired : this.goodImpaired)) return [normal(0)];
    // An impaired datagram: mostly lost; else duplicated, held back, truncated or flipped.
    const kinds = o.mutate ? [0.5, 0.62, 0.74, 0.87] : [0.6, 0.8, 1, 1];
    if (rKind < kinds[0]!) {
      c.dropped++;
      return [];
    }
    if (rKind < kinds[1]!) {
      c.duplicated++;
      return [normal(0), { delayMs: o.delayMs + o.jitterMs + rA * 40, data: copy() }];
    }
    if (rKind < kinds[2]!) {
      c.reordered++;
      return [{ delayMs: o.delayMs + o.jitterMs + 5 + rA * 60, data: copy() }];
    }
    if (rKind < kinds[3]!) {
      c.truncated++;
      return [{ delayMs: o.delayMs + jitter[0]!, data: data.slice(0, Math.floor(rA * data.length)) }];
    }
    c.flipped++;
    const out = copy();
    // One to four bits anywhere in the datagram (headers included).
    const flips = 1 + Math.floor(rB * 4);
    let x = Math.floor(rA * 0xffffffff) >>> 0;
    for (let k = 0; k < flips && out.length > 0; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const bit = x % (out.length * 8);
      out[bit >>> 3]! ^= 1 << (bit & 7);
    }
    return [{ delayMs: o.delayMs + jitter[0]!, data: out }];
  }
}
