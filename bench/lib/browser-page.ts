// Page-side steps of the browser throughput case. Each function is sent to the browser
// as source text (Page.evaluate), so it may use nothing from this module's scope: no
// imports, no helpers, only its argument and the page's globals. Peers are kept in the
// page under an id, so one tab can hold several.

/** `RTCSessionDescriptionInit` as it travels between Node and a page. */
export interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}

/** `RTCIceCandidateInit` as it travels between Node and a page. */
export interface CandidateInit {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

/** A receiver's report: bytes counted, and when the last one arrived (page epoch ms). */
export interface ReceiveReport {
  complete: boolean;
  bytes: number;
  /** `performance.timeOrigin + performance.now()` when all bytes were in (or at the report). */
  atMs: number;
}

/** What the sender reports when a leg starts. */
export interface SendStart {
  /** Epoch ms of the first `send()`. */
  startedAtMs: number;
}

/** What the sender reports when a leg is over. */
export interface SendEnd {
  /** Times the buffer sat at or below the low-water mark for 100 ms without `bufferedamountlow`. */
  missedLowEvents: number;
  error: string | null;
}

/** How a sender paces itself. */
export interface SendParams {
  id: string;
  messageBytes: number;
  totalBytes: number;
  highWaterBytes: number;
  lowWaterBytes: number;
}

// Structural types for the page's WebRTC objects (the project compiles without the DOM lib).
interface PageChannel {
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}

interface PagePc {
  createDataChannel(label: string, init?: object): PageChannel;
  createOffer(): Promise<Description>;
  createAnswer(): Promise<Description>;
  setLocalDescription(d: Description): Promise<void>;
  setRemoteDescription(d: Description): Promise<void>;
  addIceCandidate(c: CandidateInit): Promise<void>;
  close(): void;
  readonly iceGatheringState: string;
  onicecandidate: ((e: { candidate: CandidateInit | null }) => void) | null;
  ondatachannel: ((e: { channel: PageChannel }) => void) | null;
}

/** Per-peer state kept in the page. */
interface PagePeerState {
  pc: PagePc;
  channel: PageChannel | null;
  candidates: CandidateInit[];
  gathered: boolean;
  rx: { total: number; bytes: number; atMs: number; done: boolean; wake: (() => void) | null };
  tx: { pump: (() => void) | null; missedLowEvents: number; error: string | null; timer: number | null };
}

interface BenchGlobals {
  RTCPeerConnection: new (config: object) => PagePc;
  benchPeers?: Record<string, PagePeerState>;
}

/** Epoch ms in the page, on the same footing as Node's `performance.timeOrigin + performance.now()`. */
export function pageNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Creates peer `id`; the offerer creates the reliable ordered channel, the answerer waits for it. */
export function pageCreatePeer(arg: { id: string; offerer: boolean }): void {
  const g = globalThis as unknown as BenchGlobals;
  const peers = (g.benchPeers ??= {});
  const pc = new g.RTCPeerConnection({ iceServers: [] });
  const state: PagePeerState = {
    pc,
    channel: null,
    candidates: [],
    gathered: false,
    rx: { total: 0, bytes: 0, atMs: 0, done: false, wake: null },
    tx: { pump: null, missedLowEvents: 0, error: null, timer: null },
  };
  peers[arg.id] = state;
  const adopt = (ch: PageChannel): void => {
    ch.binaryType = 'arraybuffer';
    state.channel = ch;
    ch.addEventListener('message', (e) => {
      const rx = state.rx;
      rx.bytes += (e.data as ArrayBuffer).byteLength;
      if (!rx.done && rx.total > 0 && rx.bytes >= rx.total) {
        rx.atMs = performance.timeOrigin + performance.now();
        rx.done = true;
        rx.wake?.();
      }
    });
    ch.addEventListener('bufferedamountlow', () => state.tx.pump?.());
  };
  pc.onicecandidate = (e) => {
    if (e.candidate && e.candidate.candidate) state.candidates.push({ candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex });
    else state.gathered = true;
  };
  pc.ondatachannel = (e) => adopt(e.channel);
  if (arg.offerer) adopt(pc.createDataChannel('bench', { ordered: true }));
}

/** createOffer + setLocalDescription on peer `id`; returns the offer (no candidates yet). */
export async function pageOffer(id: string): Promise<Description> {
  const pc = (globalThis as unknown as BenchGlobals).benchPeers![id]!.pc;
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  return { type: offer.type, sdp: offer.sdp };
}

/** setRemoteDescription(offer) + createAnswer + setLocalDescription; returns the answer. */
export async function pageAnswer(arg: { id: string; offer: Description }): Promise<Description> {
  const pc = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!.pc;
  await pc.setRemoteDescription(arg.offer);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return { type: answer.type, sdp: answer.sdp };
}

/** setRemoteDescription(answer) on peer `id`. */
export async function pageApplyAnswer(arg: { id: string; answer: Description }): Promise<void> {
  await (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!.pc.setRemoteDescription(arg.answer);
}

/** Waits (bounded) for peer `id` to finish gathering; returns every candidate it gathered, unfiltered. */
export async function pageCandidates(arg: { id: string; timeoutMs: number }): Promise<CandidateInit[]> {
  const state = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!;
  const until = performance.now() + arg.timeoutMs;
  while (!state.gathered && state.pc.iceGatheringState !== 'complete') {
    if (performance.now() > until) throw new Error(`ICE gathering not complete after ${arg.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return state.candidates;
}

/** Adds remote candidates (already filtered by Node) to peer `id`, then end-of-candidates. */
export async function pageAddCandidates(arg: { id: string; candidates: CandidateInit[] }): Promise<void> {
  const pc = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!.pc;
  for (const c of arg.candidates) await pc.addIceCandidate(c);
  const last = arg.candidates[arg.candidates.length - 1];
  await pc.addIceCandidate({ candidate: '', sdpMid: last?.sdpMid ?? '0', sdpMLineIndex: last?.sdpMLineIndex ?? 0 });
}

/** Waits (bounded) until peer `id` has an open channel. */
export async function pageWaitOpen(arg: { id: string; timeoutMs: number }): Promise<void> {
  const state = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!;
  const until = performance.now() + arg.timeoutMs;
  while (state.channel?.readyState !== 'open') {
    if (performance.now() > until) throw new Error(`channel ${state.channel ? state.channel.readyState : 'not announced'} after ${arg.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resets peer `id`'s byte counter for a leg of `totalBytes`. */
export function pageArmReceiver(arg: { id: string; totalBytes: number }): void {
  const state = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!;
  state.rx = { total: arg.totalBytes, bytes: 0, atMs: 0, done: false, wake: null };
}

/** Resolves when peer `id` has every byte of the leg, or after `timeoutMs` with what it has. */
export async function pageAwaitReceived(arg: { id: string; timeoutMs: number }): Promise<ReceiveReport> {
  const rx = (globalThis as unknown as BenchGlobals).benchPeers![arg.id]!.rx;
  if (!rx.done) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, arg.timeoutMs));
      rx.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  return { complete: rx.done, bytes: rx.bytes, atMs: rx.done ? rx.atMs : performance.timeOrigin + performance.now() };
}

/**
 * Starts a leg on peer `id`: sends while bufferedAmount is under the high-water mark and
 * resumes on `bufferedamountlow`. Returns once the first burst is queued; the rest goes
 * on from events.
 */
export function pageStartSend(p: SendParams): SendStart {
  const state = (globalThis as unknown as BenchGlobals).benchPeers![p.id]!;
  const ch = state.channel!;
  const payload = new Uint8Array(p.messageBytes).fill(0x5a);
  let sent = 0;
  let belowSince = -1;
  state.tx = { pump: null, missedLowEvents: 0, error: null, timer: null };
  const tx = state.tx;
  const pump = (): void => {
    belowSince = -1;
    try {
      while (sent < p.totalBytes && ch.bufferedAmount < p.highWaterBytes) {
        ch.send(payload);
        sent += p.messageBytes;
      }
    } catch (e) {
      tx.error = String(e);
      tx.pump = null;
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
  }, 50) as unknown as number;
  tx.pump = pump;
  const startedAtMs = performance.timeOrigin + performance.now();
  pump();
  return { startedAtMs };
}

/** Ends the current leg's sender on peer `id` (done or given up). */
export function pageStopSend(id: string): SendEnd {
  const tx = (globalThis as unknown as BenchGlobals).benchPeers![id]!.tx;
  tx.pump = null;
  if (tx.timer !== null) clearInterval(tx.timer);
  tx.timer = null;
  return { missedLowEvents: tx.missedLowEvents, error: tx.error };
}

/** Closes peer `id` and forgets it. */
export function pageClosePeer(id: string): void {
  const peers = (globalThis as unknown as BenchGlobals).benchPeers;
  const state = peers?.[id];
  if (!state) return;
  if (state.tx.timer !== null) clearInterval(state.tx.timer);
  state.pc.close();
  delete peers[id];
}
