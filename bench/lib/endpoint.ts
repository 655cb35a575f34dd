// One end of a browser-throughput connection, driven the same way whether it is a peer
// connection in this Node process or one in a browser tab: negotiate, wait for the
// channel, count received bytes, send a paced leg. Times are epoch ms on Node's clock
// (`performance.timeOrigin + performance.now()`); a page's times are shifted by its
// measured clock offset.
import type { Page } from '../../interop/harness/index.js';
import type { DataChannelLike, PeerConnectionLike, Stack } from '../stacks/types.js';
import {
  pageAddCandidates,
  pageAnswer,
  pageApplyAnswer,
  pageArmReceiver,
  pageAwaitReceived,
  pageCandidates,
  pageClosePeer,
  pageCreatePeer,
  pageNow,
  pageOffer,
  pageStartSend,
  pageStopSend,
  pageWaitOpen,
  type CandidateInit,
  type Description,
  type ReceiveReport,
  type SendEnd,
  type SendParams,
  type SendStart,
} from './browser-page.js';
import { sleep } from './stats.js';

/** Epoch ms on this process's monotonic clock. */
export function nodeNow(): number {
  return performance.timeOrigin + performance.now();
}

/** What the measurement needs from either kind of peer. */
export interface Endpoint {
  /** For reports: `chromium`, `purertc`, ... */
  readonly name: string;
  create(offerer: boolean): Promise<void>;
  offer(): Promise<Description>;
  answer(offer: Description): Promise<Description>;
  applyAnswer(answer: Description): Promise<void>;
  /** Every candidate gathered, unfiltered, once gathering is over. */
  candidates(timeoutMs: number): Promise<CandidateInit[]>;
  /** Adds already-filtered remote candidates, then end-of-candidates. */
  addCandidates(candidates: CandidateInit[]): Promise<void>;
  waitOpen(timeoutMs: number): Promise<void>;
  armReceiver(totalBytes: number): Promise<void>;
  awaitReceived(timeoutMs: number): Promise<ReceiveReport>;
  startSend(p: Omit<SendParams, 'id'>): Promise<SendStart>;
  stopSend(): Promise<SendEnd>;
  close(): Promise<void>;
}

/** Size in bytes of a received message, whatever type the stack hands out. */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  const d = data as { byteLength?: number; size?: number; length?: number };
  return d.byteLength ?? d.size ?? d.length ?? 0;
}

/** A peer connection of a Node stack in this process. */
export class NodeEndpoint implements Endpoint {
  readonly name: string;
  #pc: PeerConnectionLike | undefined;
  #channel: DataChannelLike | undefined;
  #candidates: CandidateInit[] = [];
  #gathered = false;
  #rx = { total: 0, bytes: 0, atMs: 0, done: false, wake: undefined as (() => void) | undefined };
  #tx = { pump: undefined as (() => void) | undefined, missedLowEvents: 0, error: null as string | null, timer: undefined as NodeJS.Timeout | undefined };

  constructor(private readonly stack: Stack) {
    this.name = stack.id;
  }

  get #peer(): PeerConnectionLike {
    if (!this.#pc) throw new Error('peer not created');
    return this.#pc;
  }

  async create(offerer: boolean): Promise<void> {
    const pc = this.stack.createPeerConnection();
    this.#pc = pc;
    pc.onicecandidate = (e) => {
      const c = e.candidate;
      if (c && c.candidate) this.#candidates.push({ candidate: c.candidate.replace(/^a=/, ''), sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
      else this.#gathered = true;
    };
    pc.ondatachannel = (e) => this.#adopt(e.channel);
    if (offerer) this.#adopt(pc.createDataChannel('bench', { ordered: true }));
  }

  #adopt(ch: DataChannelLike): void {
    this.#channel = ch;
    if ('binaryType' in ch) ch.binaryType = 'arraybuffer';
    ch.onmessage = (ev) => {
      const rx = this.#rx;
      rx.bytes += sizeOf(ev.data);
      if (!rx.done && rx.total > 0 && rx.bytes >= rx.total) {
        rx.atMs = nodeNow();
        rx.done = true;
        rx.wake?.();
      }
    };
    ch.addEventListener('bufferedamountlow', () => this.#tx.pump?.());
  }

  async offer(): Promise<Description> {
    const offer = await this.#peer.createOffer();
    await this.#peer.setLocalDescription(offer);
    return { type: 'offer', sdp: offer.sdp ?? '' };
  }

  async answer(offer: Description): Promise<Description> {
    await this.#peer.setRemoteDescription(offer);
    const answer = await this.#peer.createAnswer();
    await this.#peer.setLocalDescription(answer);
    return { type: 'answer', sdp: answer.sdp ?? '' };
  }

  async applyAnswer(answer: Description): Promise<void> {
    await this.#peer.setRemoteDescription(answer);
  }

  async candidates(timeoutMs: number): Promise<CandidateInit[]> {
    const until = performance.now() + timeoutMs;
    // A null candidate ends gathering in the spec; some stacks only change iceGatheringState.
    while (!this.#gathered && (this.#peer as { iceGatheringState?: string }).iceGatheringState !== 'complete') {
      if (performance.now() > until) throw new Error(`${this.name}: ICE gathering not over after ${timeoutMs} ms`);
      await sleep(5);
    }
    return this.#candidates;
  }

  async addCandidates(candidates: CandidateInit[]): Promise<void> {
    for (const c of candidates) await this.#peer.addIceCandidate(c);
    const last = candidates[candidates.length - 1];
    await this.#peer.addIceCandidate({ candidate: '', sdpMid: last?.sdpMid ?? '0', sdpMLineIndex: last?.sdpMLineIndex ?? 0 });
  }

  async waitOpen(timeoutMs: number): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.#channel?.readyState !== 'open') {
      if (performance.now() > until) throw new Error(`${this.name}: channel ${this.#channel ? this.#channel.readyState : 'not announced'} after ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  async armReceiver(totalBytes: number): Promise<void> {
    this.#rx = { total: totalBytes, bytes: 0, atMs: 0, done: false, wake: undefined };
  }

  async awaitReceived(timeoutMs: number): Promise<ReceiveReport> {
    const rx = this.#rx;
    if (!rx.done) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, timeoutMs));
        rx.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return { complete: rx.done, bytes: rx.bytes, atMs: rx.done ? rx.atMs : nodeNow() };
  }

  async startSend(p: Omit<SendParams, 'id'>): Promise<SendStart> {
    const ch = this.#channel;
    if (!ch) throw new Error(`${this.name}: no channel`);
    const payload = Buffer.alloc(p.messageBytes, 0x5a);
    let sent = 0;
    let belowSince = -1;
    const tx = (this.#tx = { pump: undefined as (() => void) | undefined, missedLowEvents: 0, error: null as string | null, timer: undefined as NodeJS.Timeout | undefined });
    const pump = (): void => {
      belowSince = -1;
      try {
        while (sent < p.totalBytes && ch.bufferedAmount < p.highWaterBytes) {
          ch.send(payload);
          sent += p.messageBytes;
        }
      } catch (e) {
        tx.error = e instanceof Error ? e.message : String(e);
        tx.pump = undefined;
      }
    };
    ch.bufferedAmountLowThreshold = p.lowWaterBytes;
    // Like a careful app: resume after 100 ms at or below the mark without the event.
    tx.timer = setInterval(() => {
      if (sent >= p.totalBytes || ch.bufferedAmount > p.lowWaterBytes) {
        belowSince = -1;
        return;
      }
      const now = performance.now();
      if (belowSince < 0) belowSince = now;
      else if (now - belowSince >= 100) {
        tx.missedLowEvents++;
        pump();
      }
    }, 50);
    tx.pump = pump;
    const startedAtMs = nodeNow();
    pump();
    return { startedAtMs };
  }

  async stopSend(): Promise<SendEnd> {
    const tx = this.#tx;
    tx.pump = undefined;
    clearInterval(tx.timer);
    return { missedLowEvents: tx.missedLowEvents, error: tx.error };
  }

  async close(): Promise<void> {
    clearInterval(this.#tx.timer);
    if (this.#pc) await this.stack.closePeerConnection(this.#pc).catch(() => undefined);
    this.#pc = undefined;
  }
}

/**
 * The page clock's offset from Node's (page minus Node, ms), from the evaluate round trip
 * with the smallest delay among `samples`; its error is at most half that delay.
 */
export async function measureClockOffset(page: Page, samples = 7): Promise<{ offsetMs: number; roundTripMs: number }> {
  let best = { offsetMs: 0, roundTripMs: Infinity };
  for (let i = 0; i < samples; i++) {
    const before = nodeNow();
    const at = await page.evaluate(pageNow);
    const after = nodeNow();
    if (after - before < best.roundTripMs) best = { offsetMs: at - (before + after) / 2, roundTripMs: after - before };
  }
  return best;
}

/** A peer connection in a browser tab, under `id`. */
export class PageEndpoint implements Endpoint {
  constructor(
    readonly name: string,
    private readonly page: Page,
    private readonly id: string,
    /** Page clock minus Node clock, ms (from {@link measureClockOffset}). */
    private readonly clockOffsetMs: number,
  ) {}

  create(offerer: boolean): Promise<void> {
    return this.page.evaluate(pageCreatePeer, { id: this.id, offerer });
  }
  offer(): Promise<Description> {
    return this.page.evaluate(pageOffer, this.id);
  }
  answer(offer: Description): Promise<Description> {
    return this.page.evaluate(pageAnswer, { id: this.id, offer });
  }
  applyAnswer(answer: Description): Promise<void> {
    return this.page.evaluate(pageApplyAnswer, { id: this.id, answer });
  }
  candidates(timeoutMs: number): Promise<CandidateInit[]> {
    return this.page.evaluate(pageCandidates, { id: this.id, timeoutMs });
  }
  addCandidates(candidates: CandidateInit[]): Promise<void> {
    return this.page.evaluate(pageAddCandidates, { id: this.id, candidates });
  }
  waitOpen(timeoutMs: number): Promise<void> {
    return this.page.evaluate(pageWaitOpen, { id: this.id, timeoutMs });
  }
  armReceiver(totalBytes: number): Promise<void> {
    return this.page.evaluate(pageArmReceiver, { id: this.id, totalBytes });
  }
  async awaitReceived(timeoutMs: number): Promise<ReceiveReport> {
    const r = await this.page.evaluate(pageAwaitReceived, { id: this.id, timeoutMs });
    return { ...r, atMs: r.atMs - this.clockOffsetMs };
  }
  async startSend(p: Omit<SendParams, 'id'>): Promise<SendStart> {
    const r = await this.page.evaluate(pageStartSend, { ...p, id: this.id });
    return { startedAtMs: r.startedAtMs - this.clockOffsetMs };
  }
  stopSend(): Promise<SendEnd> {
    return this.page.evaluate(pageStopSend, this.id);
  }
  close(): Promise<void> {
    return this.page.evaluate(pageClosePeer, this.id);
  }
}
