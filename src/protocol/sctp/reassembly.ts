// Fragment reassembly and ordered/unordered delivery (RFC 9260 §6.5, §6.6, §6.9) with
// FORWARD TSN skipping (RFC 3758 §3.6) and SSN reset (RFC 6525 §5.2.2).
import type { DataChunk } from './chunk-data.js';
import type { SkippedStream } from './chunk-forward-tsn.js';
import { ssnAdd, ssnLt, ssnLte, tsnAdd, tsnLte } from './serial.js';

/** A reassembled user message. */
export interface ReceivedMessage {
  streamId: number;
  ppid: number;
  data: Uint8Array;
  unordered: boolean;
}

interface Fragment {
  /** TSN of the message's first fragment, once that fragment and every one between are held. */
  start?: number;
  tsn: number;
  streamId: number;
  ssn: number;
  ppid: number;
  unordered: boolean;
  beginning: boolean;
  ending: boolean;
  data: Uint8Array;
}

interface InboundStream {
  expectedSsn: number;
  /** Complete ordered messages that wait for an earlier SSN. */
  waiting: Map<number, ReceivedMessage>;
}

/**
 * Reassembles fragments and releases messages in the order their streams require. A
 * message growing past `maxMessageBytes` (our a=max-message-size, RFC 8841 §6) is refused
 * as its fragments arrive, never held whole: its fragments are dropped, later ones too, and
 * its stream is listed in `oversized` for the association to report.
 */
export class Reassembly {
  /** Bytes held: fragments plus complete messages waiting for their turn. */
  bufferedBytes = 0;
  /** Messages ready for the application, oldest first. */
  readonly delivered: ReceivedMessage[] = [];
  /** Streams of messages refused as too large since the owner last emptied this list. */
  readonly oversized: number[] = [];
  /** Fragments dropped as parts of refused messages. */
  refusedFragments = 0;
  private readonly frags = new Map<number, Fragment>();
  private readonly streams = new Map<number, InboundStream>();
  /** Bytes of each partly received message from its first fragment on, by that fragment's TSN. */
  private readonly runBytes = new Map<number, number>();
  /** TSN of the last fragment dropped of each refused message still arriving, by its stream and kind. */
  private readonly refusedTail = new Map<number, Fragment>();

  /** `maxMessageBytes`: largest message accepted; 0 or Infinity for no limit (RFC 8841 §6: 0 means any size). */
  constructor(private readonly maxMessageBytes = Infinity) {
    if (this.maxMessageBytes === 0) this.maxMessageBytes = Infinity;
  }

  /** Takes a new (non-duplicate) DATA chunk; copies its payload. */
  add(c: DataChunk): void {
    if (this.continuesRefused(c)) return;
    if (c.beginning && c.ending) {
      if (c.userData.length > this.maxMessageBytes) {
        this.refusedFragments++;
        this.oversized.push(c.streamId);
        return;
      }
      this.complete({ streamId: c.streamId, ppid: c.ppid, data: c.userData.slice(), unordered: c.unordered }, c.ssn);
      return;
    }
    const data = c.userData.slice();
    const f: Fragment = {
      tsn: c.tsn,
      streamId: c.streamId,
      ssn: c.ssn,
      ppid: c.ppid,
      unordered: c.unordered,
      beginning: c.beginning,
      ending: c.ending,
      data,
    };
    this.frags.set(c.tsn, f);
    this.bufferedBytes += data.length;
    if (this.measure(f)) this.tryAssemble(f);
  }

  /**
   * Gives `f`, and the held fragments after it that its arrival links to their first
   * fragment, the TSN of that first fragment, adding their bytes to its run. Each fragment
   * gets its start once, so the work is linear in fragments. False when the message went
   * over the limit and was refused.
   */
  private measure(f: Fragment): boolean {
    let start: number | undefined;
    if (f.beginning) start = f.tsn;
    else {
      const p = this.frags.get(tsnAdd(f.tsn, -1));
      if (p !== undefined && !p.ending && this.sameMessage(p, f)) start = p.start;
    }
    if (start === undefined) return true;
    let bytes = this.runBytes.get(start) ?? 0;
    let last: Fragment = f;
    for (let n: Fragment | undefined = f; n !== undefined; ) {
      n.start = start;
      bytes += n.data.length;
      last = n;
      if (n.ending) break;
      const next = this.frags.get(tsnAdd(n.tsn, 1));
      n = next !== undefined && !next.beginning && next.start === undefined && this.sameMessage(next, f) ? next : undefined;
    }
    if (bytes <= this.maxMessageBytes) {
      this.runBytes.set(start, bytes);
      return true;
    }
    // Too large: drop what is held of it, from its first fragment, and every later one.
    this.runBytes.delete(start);
    for (let t = start; ; t = tsnAdd(t, 1)) {
      const g = this.frags.get(t);
      if (g === undefined || g.start !== start) break;
      this.frags.delete(t);
      this.bufferedBytes -= g.data.length;
      this.refusedFragments++;
      if (g === last) break;
    }
    this.oversized.push(f.streamId);
    if (!last.ending) this.refusedTail.set(this.tailKey(f), last);
    return false;
  }

  private tailKey(f: { streamId: number; unordered: boolean }): number {
    return f.streamId * 2 + (f.unordered ? 1 : 0);
  }

  /** A fragment that follows the last one dropped of a refused message is dropped too. */
  private continuesRefused(c: DataChunk): boolean {
    if (this.refusedTail.size === 0 || c.beginning) return false;
    const key = this.tailKey(c);
    const tail = this.refusedTail.get(key);
    if (tail === undefined || c.tsn !== tsnAdd(tail.tsn, 1) || (!c.unordered && c.ssn !== tail.ssn)) return false;
    this.refusedFragments++;
    if (c.ending) this.refusedTail.delete(key);
    else this.refusedTail.set(key, { ...tail, tsn: c.tsn });
    // Later fragments that arrived before this one are parts of it too.
    for (let t = tsnAdd(c.tsn, 1); ; t = tsnAdd(t, 1)) {
      const g = this.frags.get(t);
      if (g === undefined || g.beginning || !this.sameMessage(g, tail)) break;
      this.frags.delete(t);
      this.bufferedBytes -= g.data.length;
      this.refusedFragments++;
      if (g.ending) {
        this.refusedTail.delete(key);
        break;
      }
      this.refusedTail.set(key, g);
    }
    return true;
  }

  /** RFC 3758 §3.6: drop fragments up to `newCum` and skip the listed ordered messages. */
  forward(newCum: number, skipped: readonly SkippedStream[]): void {
    for (const [tsn, f] of this.frags) {
      if (tsnLte(tsn, newCum)) {
        this.frags.delete(tsn);
        this.bufferedBytes -= f.data.length;
      }
    }
    for (const start of this.runBytes.keys()) if (tsnLte(start, newCum)) this.runBytes.delete(start);
    for (const [key, tail] of this.refusedTail) if (tsnLte(tail.tsn, newCum)) this.refusedTail.delete(key);
    for (const s of skipped) {
      const st = this.stream(s.streamId);
      // Deliver what waited below the skipped SSN, then move past it.
      while (ssnLte(st.expectedSsn, s.ssn)) {
        const m = st.waiting.get(st.expectedSsn);
        if (m !== undefined) this.release(st, m);
        st.expectedSsn = ssnAdd(st.expectedSsn, 1);
      }
      this.drain(st);
    }
  }

  /** RFC 6525 §5.2.2: incoming SSNs of these streams restart at 0. */
  resetStreams(streamIds: readonly number[]): void {
    for (const id of streamIds) {
      const st = this.streams.get(id);
      if (st === undefined) continue;
      for (const m of st.waiting.values()) this.bufferedBytes -= m.data.length;
      st.waiting.clear();
      st.expectedSsn = 0;
    }
  }

  /** RFC 6525 §4.1: an empty list resets every stream. */
  resetAllStreams(): void {
    this.resetStreams([...this.streams.keys()]);
  }

  private stream(id: number): InboundStream {
    let st = this.streams.get(id);
    if (st === undefined) {
      st = { expectedSsn: 0, waiting: new Map() };
      this.streams.set(id, st);
    }
    return st;
  }

  private sameMessage(a: Fragment, b: Fragment): boolean {
    return a.streamId === b.streamId && a.unordered === b.unordered && (a.unordered || a.ssn === b.ssn);
  }

  /** Looks for B..E around `f` over consecutive TSNs (RFC 9260 §6.9). */
  private tryAssemble(f: Fragment): void {
    let last = f;
    while (!last.ending) {
      const n = this.frags.get(tsnAdd(last.tsn, 1));
      if (n === undefined || n.beginning || !this.sameMessage(n, f)) return;
      last = n;
    }
    let first = f;
    while (!first.beginning) {
      const p = this.frags.get(tsnAdd(first.tsn, -1));
      if (p === undefined || p.ending || !this.sameMessage(p, f)) return;
      first = p;
    }
    let size = 0;
    for (let t = first.tsn; ; t = tsnAdd(t, 1)) {
      size += this.frags.get(t)!.data.length;
      if (t === last.tsn) break;
    }
    const data = new Uint8Array(size);
    let o = 0;
    for (let t = first.tsn; ; t = tsnAdd(t, 1)) {
      const p = this.frags.get(t)!;
      data.set(p.data, o);
      o += p.data.length;
      this.frags.delete(t);
      if (t === last.tsn) break;
    }
    this.bufferedBytes -= size;
    this.runBytes.delete(first.tsn);
    this.complete({ streamId: f.streamId, ppid: first.ppid, data, unordered: f.unordered }, f.ssn);
  }

  private complete(m: ReceivedMessage, ssn: number): void {
    if (m.unordered) {
      this.delivered.push(m);
      return;
    }
    const st = this.stream(m.streamId);
    if (ssn === st.expectedSsn) {
      this.delivered.push(m);
      st.expectedSsn = ssnAdd(ssn, 1);
      this.drain(st);
    } else if (ssnLt(st.expectedSsn, ssn) && !st.waiting.has(ssn)) {
      st.waiting.set(ssn, m);
      this.bufferedBytes += m.data.length;
    }
    // Otherwise the SSN is behind the stream: a message skipped by FORWARD TSN; drop it.
  }

  private drain(st: InboundStream): void {
    for (;;) {
      const m = st.waiting.get(st.expectedSsn);
      if (m === undefined) return;
      this.release(st, m);
      st.expectedSsn = ssnAdd(st.expectedSsn, 1);
    }
  }

  private release(st: InboundStream, m: ReceivedMessage): void {
    st.waiting.delete(st.expectedSsn);
    this.bufferedBytes -= m.data.length;
    this.delivered.push(m);
  }
}
