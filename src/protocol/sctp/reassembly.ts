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

/** Reassembles fragments and releases messages in the order their streams require. */
export class Reassembly {
  /** Bytes held: fragments plus complete messages waiting for their turn. */
  bufferedBytes = 0;
  /** Messages ready for the application, oldest first. */
  readonly delivered: ReceivedMessage[] = [];
  private readonly frags = new Map<number, Fragment>();
  private readonly streams = new Map<number, InboundStream>();

  /** Takes a new (non-duplicate) DATA chunk; copies its payload. */
  add(c: DataChunk): void {
    const data = c.userData.slice();
    if (c.beginning && c.ending) {
      this.complete({ streamId: c.streamId, ppid: c.ppid, data, unordered: c.unordered }, c.ssn);
      return;
    }
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
    this.tryAssemble(f);
  }

  /** RFC 3758 §3.6: drop fragments up to `newCum` and skip the listed ordered messages. */
  forward(newCum: number, skipped: readonly SkippedStream[]): void {
    for (const [tsn, f] of this.frags) {
      if (tsnLte(tsn, newCum)) {
        this.frags.delete(tsn);
        this.bufferedBytes -= f.data.length;
      }
    }
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
