// Browser throughput: one reliable ordered channel between a Node stack and Chromium
// (both directions), next to the same transfer between two Chromium peers, in one run,
// so the Node<->Chromium figure can be read as a ratio of what Chromium does with itself.
// Chromium is Debian's, driven by the interop harness. Only 127.0.0.1 UDP candidates are
// signalled to either side, and the bench runs this child in a network namespace that
// has nothing but `lo` where it can (lib/netns.ts says why filtering alone is not enough).
import os from 'node:os';
import { BrowserMissingError, findExecutable, launchChromium, withTimeout, type Browser, type Page } from '../../interop/harness/index.js';
import type { CandidateInit } from '../lib/browser-page.js';
import { measureClockOffset, NodeEndpoint, nodeNow, PageEndpoint, type Endpoint } from '../lib/endpoint.js';
import { nonLoopbackAddresses } from '../lib/netns.js';
import { isLoopbackUdpCandidate, stripCandidates } from '../lib/signaling.js';
import { quantile } from '../lib/stats.js';
import type { Stack } from '../stacks/types.js';

/** Parameters of the browser throughput case. */
export interface BrowserThroughputParams {
  /** Measured in turn on the same two connections. */
  messageSizes: number[];
  /** Bytes per leg (rounded up to whole messages). */
  totalBytes: number;
  /** Bytes of the one uncounted leg each direction sends first (more than highWaterBytes). */
  warmupBytes: number;
  highWaterBytes: number;
  lowWaterBytes: number;
  /** Back-to-back legs per direction and size; the median is the figure. */
  legs: number;
  /** Limit for negotiation until both ends have the channel open. */
  connectTimeoutMs: number;
  /** Limit for all legs of one direction and size together (and for a warm-up leg). */
  transferTimeoutMs: number;
  /** Chromium<->Chromium between two tabs (two renderer processes) or two peers in one tab. */
  chromiumPair: 'tabs' | 'page';
}

/** One direction at one message size. */
export interface DirectionResult {
  /** 'ok' when at least one leg completed in time. */
  status: 'ok' | 'timeout' | 'failed';
  from: string;
  to: string;
  messageBytes: number;
  /** Rates of the legs run, the last one partial if it ran out of time. */
  legsMbPerSec: number[];
  legsCompleted: number;
  /** Legs asked for; fewer run when the time left would not hold another. */
  legsPlanned: number;
  /** Median over completed legs; with none, the first leg's partial rate. */
  mbPerSec: number;
  /** Bytes the receiver had in the first counted leg. */
  receivedBytes: number;
  missedLowEvents: number;
  error?: string;
}

/** The three directions at one message size, each on its own connection's channel. */
export interface SizeResult {
  messageBytes: number;
  chromiumToChromium: DirectionResult;
  nodeToChromium: DirectionResult;
  chromiumToNode: DirectionResult;
  /** Node->Chromium MB/s over Chromium->Chromium MB/s (both complete), else undefined. */
  ratioNodeToChromium?: number;
  /** Chromium->Node MB/s over Chromium->Chromium MB/s. */
  ratioChromiumToNode?: number;
}

/** What the case measured, or why it did not run. */
export interface BrowserThroughputResult {
  status: 'ok' | 'skipped';
  reason?: string;
  node: string;
  browser?: { version: string; userAgent: string };
  chromiumPair: 'tabs' | 'page';
  /** Each tab's clock minus Node's (ms) and the round trip it was measured over. */
  clocks: { offsetMs: number; roundTripMs: number }[];
  /** Candidates gathered in all negotiations, and how many were signalled (127.0.0.1 UDP only). */
  candidates: { gathered: number; signalled: number };
  /** ms from creating the peers to both channels open, per connection. */
  connectMs: { chromiumChromium?: number | undefined; nodeChromium?: number | undefined };
  /** Non-loopback addresses the child could see: none when it ran in a loopback-only namespace. */
  nonLoopbackAddresses: string[];
  /** 1-minute load average when the case started and ended (the machine may be shared). */
  loadAverage: { start: number; end?: number };
  /** The uncounted first leg of each direction (Chromium->Chromium, Node->Chromium, Chromium->Node). */
  warmup: DirectionResult[];
  sizes: SizeResult[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Offer/answer between two endpoints, then each side's gathered candidates, of which only
 * UDP ones on 127.0.0.1 are passed on (candidates in the SDP are stripped). Resolves when
 * both channels are open.
 */
async function connect(offerer: Endpoint, answerer: Endpoint, p: BrowserThroughputParams, tally: BrowserThroughputResult['candidates']): Promise<number> {
  const t0 = performance.now();
  let stage = 'create';
  const steps = async (): Promise<void> => {
    await offerer.create(true);
    await answerer.create(false);
    stage = 'offer/answer';
    const offer = await offerer.offer();
    const answer = await answerer.answer({ type: 'offer', sdp: stripCandidates(offer.sdp) });
    await offerer.applyAnswer({ type: 'answer', sdp: stripCandidates(answer.sdp) });
    stage = 'gathering';
    const [fromOfferer, fromAnswerer] = await Promise.all([offerer.candidates(p.connectTimeoutMs), answerer.candidates(p.connectTimeoutMs)]);
    stage = 'adding candidates';
    const loopback = (list: CandidateInit[]): CandidateInit[] => {
      const kept = list.filter((c) => isLoopbackUdpCandidate(c.candidate));
      tally.gathered += list.length;
      tally.signalled += kept.length;
      return kept;
    };
    await Promise.all([answerer.addCandidates(loopback(fromOfferer)), offerer.addCandidates(loopback(fromAnswerer))]);
    stage = 'waiting for open channels';
    await Promise.all([offerer.waitOpen(p.connectTimeoutMs), answerer.waitOpen(p.connectTimeoutMs)]);
  };
  await withTimeout(steps(), p.connectTimeoutMs, `${offerer.name}->${answerer.name} connect`).catch((e: unknown) => {
    throw new Error(`${errorText(e)} (at: ${stage})`);
  });
  return performance.now() - t0;
}

/** Sends `legs` legs of `totalBytes` from `sender` to `receiver`, each timed from the first send() to the receiver having every byte. */
async function transfer(sender: Endpoint, receiver: Endpoint, messageBytes: number, totalBytesAsked: number, legCount: number, p: BrowserThroughputParams): Promise<DirectionResult> {
  const totalBytes = Math.ceil(totalBytesAsked / messageBytes) * messageBytes;
  const deadline = nodeNow() + p.transferTimeoutMs;
  const legs: { mbPerSec: number; bytes: number; complete: boolean }[] = [];
  let missedLowEvents = 0;
  let lastLegMs = 0;
  for (let leg = 0; leg < legCount; leg++) {
    // A leg cut off by the limit would leave bytes in flight for the next measurement.
    if (deadline - nodeNow() < 1.2 * lastLegMs) break;
    const t0 = nodeNow();
    await receiver.armReceiver(totalBytes);
    const start = await sender.startSend({ messageBytes, totalBytes, highWaterBytes: p.highWaterBytes, lowWaterBytes: p.lowWaterBytes });
    const got = await receiver.awaitReceived(deadline - nodeNow());
    const end = await sender.stopSend();
    missedLowEvents += end.missedLowEvents;
    if (end.error) throw new Error(`${sender.name} send: ${end.error}`);
    const ms = Math.max(got.atMs - start.startedAtMs, 1e-3);
    legs.push({ mbPerSec: got.bytes / (ms * 1000), bytes: got.bytes, complete: got.complete });
    lastLegMs = nodeNow() - t0;
    if (!got.complete) break;
  }
  const complete = legs.filter((l) => l.complete);
  const counted = complete.length ? complete : legs.slice(0, 1);
  return {
    status: complete.length ? 'ok' : 'timeout',
    from: sender.name,
    to: receiver.name,
    messageBytes,
    legsMbPerSec: legs.map((l) => l.mbPerSec),
    legsCompleted: complete.length,
    legsPlanned: legCount,
    mbPerSec: quantile(
      counted.map((l) => l.mbPerSec),
      0.5,
    ),
    receivedBytes: counted[0]?.bytes ?? 0,
    missedLowEvents,
  };
}

function failed(from: string, to: string, messageBytes: number, e: unknown): DirectionResult {
  return { status: 'failed', from, to, messageBytes, legsMbPerSec: [], legsCompleted: 0, legsPlanned: 0, mbPerSec: NaN, receivedBytes: 0, missedLowEvents: 0, error: errorText(e) };
}

/** One way of one connection: its warm-up, then a result per message size. */
class Direction {
  /** Set once a transfer throws or times out: the rest of this direction is reported as failed with it. */
  #broken: unknown;

  constructor(
    readonly sender: Endpoint,
    readonly receiver: Endpoint,
    /** Why the connection could not be made, if it could not. */
    connectError: unknown,
  ) {
    this.#broken = connectError;
  }

  async run(messageBytes: number, totalBytes: number, legs: number, p: BrowserThroughputParams): Promise<DirectionResult> {
    if (this.#broken !== undefined) return failed(this.sender.name, this.receiver.name, messageBytes, this.#broken);
    try {
      const r = await transfer(this.sender, this.receiver, messageBytes, totalBytes, legs, p);
      // What a cut-off leg still has in flight would be counted in the next one.
      if (r.legsCompleted < r.legsMbPerSec.length) this.#broken = new Error(`an earlier ${messageBytes / 1024} KiB leg on this channel ran out of time`);
      return r;
    } catch (e) {
      this.#broken = e;
      return failed(this.sender.name, this.receiver.name, messageBytes, e);
    }
  }
}

/** Closes an endpoint, bounded; a failure to close is not the measurement's concern. */
async function closeQuietly(e: Endpoint): Promise<void> {
  await withTimeout(e.close(), 5000, `${e.name} close`).catch(() => undefined);
}

/** Runs the case with `stack` as the Node peer; reports 'skipped' when Chromium is not installed. */
export async function runBrowserThroughput(stack: Stack, p: BrowserThroughputParams): Promise<BrowserThroughputResult> {
  const result: BrowserThroughputResult = { status: 'ok', node: stack.id, chromiumPair: p.chromiumPair, clocks: [], candidates: { gathered: 0, signalled: 0 }, nonLoopbackAddresses: nonLoopbackAddresses(), loadAverage: { start: os.loadavg()[0]! }, connectMs: {}, warmup: [], sizes: [] };
  if (!findExecutable('chromium')) return { ...result, status: 'skipped', reason: new BrowserMissingError('chromium').message };
  let browser: Browser;
  try {
    // Launch and first page are bounded by the harness (LAUNCH_TIMEOUT_MS).
    browser = await launchChromium({ evaluateTimeoutMs: p.transferTimeoutMs + p.connectTimeoutMs });
  } catch (e) {
    if (e instanceof BrowserMissingError) return { ...result, status: 'skipped', reason: e.message };
    throw e;
  }
  const endpoints: Endpoint[] = [];
  try {
    result.browser = { version: browser.version, userAgent: browser.userAgent };
    const tabA: Page = browser;
    const tabB: Page = p.chromiumPair === 'tabs' ? await browser.newPage() : browser;
    const offsetA = await measureClockOffset(tabA);
    const offsetB = p.chromiumPair === 'tabs' ? await measureClockOffset(tabB) : offsetA;
    result.clocks = p.chromiumPair === 'tabs' ? [offsetA, offsetB] : [offsetA];

    // Two connections, both kept for the whole case so that sizes and pairs interleave.
    const ccA = new PageEndpoint('chromium', tabA, 'cc-a', offsetA.offsetMs);
    const ccB = new PageEndpoint('chromium', tabB, 'cc-b', offsetB.offsetMs);
    const node = new NodeEndpoint(stack);
    const page = new PageEndpoint('chromium', tabA, 'nc', offsetA.offsetMs);
    endpoints.push(ccA, ccB, node, page);
    let ccError: unknown;
    let ncError: unknown;
    result.connectMs.chromiumChromium = await connect(ccA, ccB, p, result.candidates).catch((e: unknown) => {
      ccError = e;
      return undefined;
    });
    result.connectMs.nodeChromium = await connect(node, page, p, result.candidates).catch((e: unknown) => {
      ncError = e;
      return undefined;
    });
    const cc = new Direction(ccA, ccB, ccError);
    const toPage = new Direction(node, page, ncError);
    const fromPage = new Direction(page, node, ncError);

    // The first transfer that outgrows the high-water mark on a fresh Chromium connection
    // stalls for seconds; one uncounted leg per direction keeps that out of the figures.
    for (const d of [cc, toPage, fromPage]) result.warmup.push(await d.run(p.messageSizes[0] ?? 16 * 1024, p.warmupBytes, 1, p));

    for (const size of p.messageSizes) {
      const chromiumToChromium = await cc.run(size, p.totalBytes, p.legs, p);
      const nodeToChromium = await toPage.run(size, p.totalBytes, p.legs, p);
      const chromiumToNode = await fromPage.run(size, p.totalBytes, p.legs, p);
      const base = chromiumToChromium.status === 'ok' ? chromiumToChromium.mbPerSec : undefined;
      const rel = (d: DirectionResult): number | undefined => (base && d.status === 'ok' ? d.mbPerSec / base : undefined);
      const ratioNodeToChromium = rel(nodeToChromium);
      const ratioChromiumToNode = rel(chromiumToNode);
      result.sizes.push({
        messageBytes: size,
        chromiumToChromium,
        nodeToChromium,
        chromiumToNode,
        ...(ratioNodeToChromium !== undefined ? { ratioNodeToChromium } : {}),
        ...(ratioChromiumToNode !== undefined ? { ratioChromiumToNode } : {}),
      });
    }
    result.loadAverage.end = os.loadavg()[0]!;
    return result;
  } finally {
    await Promise.all(endpoints.map(closeQuietly));
    await browser.close();
  }
}
