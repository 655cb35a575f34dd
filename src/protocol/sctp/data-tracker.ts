// Which TSNs the receiver holds: the cumulative TSN, gap ranges above it and duplicates,
// from which SACKs are built (RFC 9260 §6.2, §3.3.4).
import { ChunkType } from './constants.js';
import type { GapBlock, SackChunk } from './chunk-sack.js';
import { tsnAdd, tsnDiff, tsnLt, tsnLte } from './serial.js';

/** Most gap ranges tracked; a peer creating more has chunks dropped until gaps fill. */
const MAX_RANGES = 256;
/** How far above the cumulative TSN a chunk may be (bounds gap offsets to 16 bits). */
const MAX_TSN_AHEAD = 0xffff;
/** Duplicates reported in one SACK at most. */
const MAX_DUPS = 32;

/** Outcome of offering a TSN to the tracker. */
export type TsnVerdict = 'new' | 'duplicate' | 'out-of-window';

/** Receiver TSN bookkeeping. */
export class DataTracker {
  /** Highest TSN received with no gap below it. */
  cumTsn: number;
  /** Received TSN ranges above cumTsn + 1, sorted, not adjacent to each other or cumTsn. */
  private readonly ranges: { start: number; end: number }[] = [];
  private dups: number[] = [];

  /** RFC 9260 §6.1: the peer's first TSN is its Initial TSN; nothing received yet. */
  constructor(peerInitialTsn: number) {
    this.cumTsn = tsnAdd(peerInitialTsn, -1);
  }

  /** Whether any gap exists (some TSN above cumTsn is held). */
  get hasGaps(): boolean {
    return this.ranges.length > 0;
  }

  /** Classifies a TSN without recording it. */
  check(tsn: number): TsnVerdict {
    if (tsnLte(tsn, this.cumTsn)) return 'duplicate';
    const ahead = tsnDiff(this.cumTsn, tsn);
    if (ahead > MAX_TSN_AHEAD) return 'out-of-window';
    for (const r of this.ranges) {
      if (tsnLt(tsn, r.start)) break;
      if (tsnLte(tsn, r.end)) return 'duplicate';
    }
    if (ahead > 1 && this.ranges.length >= MAX_RANGES && !this.touchesRange(tsn)) return 'out-of-window';
    return 'new';
  }

  /** Records a TSN `check` called new. */
  add(tsn: number): void {
    if (tsn === tsnAdd(this.cumTsn, 1)) {
      this.cumTsn = tsn;
      this.absorb();
      return;
    }
    const rs = this.ranges;
    let i = 0;
    while (i < rs.length && tsnLt(rs[i]!.end, tsn)) i++;
    const prev = i > 0 ? rs[i - 1] : undefined;
    const next = rs[i];
    const joinsPrev = prev !== undefined && tsnAdd(prev.end, 1) === tsn;
    const joinsNext = next !== undefined && tsnAdd(tsn, 1) === next.start;
    if (joinsPrev && joinsNext) {
      prev.end = next.end;
      rs.splice(i, 1);
    } else if (joinsPrev) {
      prev.end = tsn;
    } else if (joinsNext) {
      next.start = tsn;
    } else {
      rs.splice(i, 0, { start: tsn, end: tsn });
    }
  }

  /** Notes a duplicate for the next SACK (RFC 9260 §6.2). */
  addDuplicate(tsn: number): void {
    if (this.dups.length < MAX_DUPS) this.dups.push(tsn);
  }

  /** Whether duplicates wait to be reported. */
  get hasDuplicates(): boolean {
    return this.dups.length > 0;
  }

  /** Whether a FORWARD TSN to `newCum` stays inside the window DATA may use. */
  canForwardTo(newCum: number): boolean {
    return tsnDiff(this.cumTsn, newCum) <= MAX_TSN_AHEAD;
  }

  /** RFC 3758 §3.6: treat every TSN up to `newCum` as received. */
  forward(newCum: number): void {
    if (!tsnLt(this.cumTsn, newCum)) return;
    this.cumTsn = newCum;
    while (this.ranges.length > 0 && tsnLte(this.ranges[0]!.end, newCum)) this.ranges.shift();
    if (this.ranges.length > 0 && tsnLte(this.ranges[0]!.start, newCum)) this.ranges[0]!.start = tsnAdd(newCum, 1);
    this.absorb();
  }

  /** Builds a SACK with at most `maxBlocks` gap blocks, and forgets reported duplicates. */
  buildSack(aRwnd: number, maxBlocks: number): SackChunk {
    const n = Math.min(this.ranges.length, maxBlocks);
    const gapBlocks: GapBlock[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.ranges[i]!;
      gapBlocks[i] = { start: tsnDiff(this.cumTsn, r.start), end: tsnDiff(this.cumTsn, r.end) };
    }
    const duplicateTsns = this.dups;
    this.dups = [];
    return { type: ChunkType.SACK, cumTsnAck: this.cumTsn, aRwnd: aRwnd >>> 0, gapBlocks, duplicateTsns };
  }

  /** Number of gap ranges held. */
  get rangeCount(): number {
    return this.ranges.length;
  }

  private touchesRange(tsn: number): boolean {
    for (const r of this.ranges) {
      if (tsnAdd(r.end, 1) === tsn || tsnAdd(tsn, 1) === r.start) return true;
    }
    return false;
  }

  private absorb(): void {
    const first = this.ranges[0];
    if (first !== undefined && first.start === tsnAdd(this.cumTsn, 1)) {
      this.cumTsn = first.end;
      this.ranges.shift();
    }
  }
}
