// RTP relay capacity: N publishers each send a 1 Mbit/s VP8-like stream to a relay, which
// forwards every stream to its own subscriber without decoding. The publishers and
// subscribers run in the bench child; the relay runs in a child of its own, so its CPU
// (process.cpuUsage over a window) is its alone. N grows step by step (connections are added,
// never torn down) until the relay's CPU reaches the limit (50% of a core), what arrives
// falls short of what was sent, the load generator cannot keep the rate, or time runs out.
// The figure is the largest N that stayed under the limit with everything delivered.
import { forkWorker, trySend, waitExit } from '../lib/ipc.js';
import { Signaller, type SignalMessage } from '../lib/signaling.js';
import { sleep } from '../lib/stats.js';
import type { PeerConnectionLike, Stack } from '../stacks/types.js';
import { relayMedia, syntheticFrame, type ForwardSink } from './rtp-relay-media.js';

/** Parameters of the rtp-relay case. */
export interface RtpRelayParams {
  /** Stream counts tried, in order. */
  steps: number[];
  /** Each publisher's rate in bit/s (media bytes). */
  bitsPerSecond: number;
  frameRate: number;
  /** A key frame every this many frames. */
  keyEvery: number;
  /** The relay's CPU limit, in percent of one core. */
  cpuLimitPercent: number;
  /** Settling time after a step's connections deliver, then the measuring window. */
  settleMs: number;
  /** Most settling time, waiting for what arrives to match what is sent. */
  settleMaxMs: number;
  windowMs: number;
  /** Time for one step's new connections to deliver their first bytes. */
  connectTimeoutMs: number;
  /** The whole case; a step that would not fit is not started. */
  caseTimeoutMs: number;
  /** Fraction of the sent bytes that must arrive within the window (and of the target rate that must be sent). */
  minDelivered: number;
}

/** One step's figures. */
export interface RtpRelayStep {
  streams: number;
  /** The relay process's CPU over the window, percent of one core. */
  relayCpuPercent: number;
  /** Mbit/s per stream the publishers sent in the window. */
  sentMbpsPerStream: number;
  /** Received bytes / sent bytes over the window, all subscribers. */
  delivered: number;
  /** RTP packets the relay forwarded in the window. */
  forwarded: number;
  /** The load generator's (publishers' and subscribers') CPU, percent of one core. */
  generatorCpuPercent: number;
}

/** What the case measured on one stack. */
export interface RtpRelayResult {
  /** Largest stream count under the CPU limit with everything delivered (0 if none). */
  maxStreams: number;
  /** Why the search stopped. */
  stoppedBy: 'cpu-limit' | 'delivery' | 'generator' | 'last-step' | 'time' | 'connect';
  steps: RtpRelayStep[];
  /** What the relay forwards per unit. */
  unit: string;
}

/** Between the bench child and the relay child. */
type RelayMessage =
  | { t: 'add'; id: number }
  | { t: 'sig'; id: number; dir: 'in' | 'out'; m: SignalMessage }
  | { t: 'measure'; ms: number }
  | { t: 'cpu'; percent: number; forwarded: number }
  | { t: 'bye' };

/** CPU percent of one core since `from` (process.cpuUsage) over `wallMs`. */
function cpuPercent(from: NodeJS.CpuUsage, wallMs: number): number {
  const d = process.cpuUsage(from);
  return ((d.user + d.system) / 1000 / wallMs) * 100;
}

/** Publishers and subscribers: runs in the bench child; forks the relay. */
export async function runRtpRelay(stack: Stack, p: RtpRelayParams): Promise<RtpRelayResult> {
  const t0 = performance.now();
  const media = await relayMedia(stack.id);
  const relay = forkWorker('rtp-relay-peer', stack.id, { net: { path: 'loopback', peerExtensions: false } }, process.execArgv);
  relay.stdout?.pipe(process.stdout);
  relay.stderr?.pipe(process.stderr);
  const pcs: PeerConnectionLike[] = [];
  const senders: ((i: number) => void)[] = [];
  const signallers = new Map<string, Signaller>();
  const received: number[] = [];
  let sentBytes = 0;
  let onCpu: ((m: { percent: number; forwarded: number }) => void) | undefined;
  relay.on('message', (raw) => {
    const m = raw as RelayMessage;
    // The relay's 'in' side talks to our publisher, its 'out' side to our subscriber.
    if (m.t === 'sig') void signallers.get(`${m.dir === 'in' ? 'pub' : 'sub'}${m.id}`)?.handle(m.m);
    else if (m.t === 'cpu') onCpu?.(m);
  });
  const frameBytes = Math.round(p.bitsPerSecond / 8 / p.frameRate);
  // One timer paces every publisher: late frames are caught up, up to a second's worth (a
  // generator further behind than that skips ahead, and its rate shows it).
  let frameIndex = 0;
  const pumpStart = performance.now();
  const pump = setInterval(() => {
    const due = Math.floor(((performance.now() - pumpStart) * p.frameRate) / 1000);
    frameIndex = Math.max(frameIndex, due - p.frameRate);
    for (; frameIndex < due; frameIndex++) {
      for (const send of senders) send(frameIndex);
      sentBytes += frameBytes * senders.length;
    }
  }, 1000 / p.frameRate / 2);

  const addStream = async (id: number): Promise<void> => {
    const pub = stack.createPeerConnection();
    const sub = stack.createPeerConnection();
    pcs.push(pub, sub);
    const frame = media.publish(pub);
    received[id] = 0;
    const firstBytes = new Promise<void>((resolve) =>
      media.subscribe(sub, (bytes) => {
        received[id]! += bytes;
        resolve();
      }),
    );
    signallers.set(`pub${id}`, new Signaller(pub, (m) => trySend(relay, { t: 'sig', id, dir: 'in', m } satisfies RelayMessage)));
    signallers.set(`sub${id}`, new Signaller(sub, (m) => trySend(relay, { t: 'sig', id, dir: 'out', m } satisfies RelayMessage)));
    trySend(relay, { t: 'add', id } satisfies RelayMessage);
    await signallers.get(`pub${id}`)!.offer();
    senders.push((i) => frame(syntheticFrame(i, frameBytes, p.keyEvery)));
    await firstBytes;
  };

  const steps: RtpRelayStep[] = [];
  let maxStreams = 0;
  let stoppedBy: RtpRelayResult['stoppedBy'] = 'last-step';
  try {
    for (const target of p.steps) {
      // A step needs its connections, the settling time and the window, plus a margin.
      if (performance.now() - t0 + p.connectTimeoutMs / 2 + p.settleMs + p.windowMs + 2000 > p.caseTimeoutMs) {
        stoppedBy = 'time';
        break;
      }
      const adds: Promise<void>[] = [];
      for (let id = senders.length + adds.length; id < target; id++) adds.push(addStream(id));
      let timer: NodeJS.Timeout | undefined;
      const connected = await Promise.race([Promise.all(adds).then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), p.connectTimeoutMs)))]);
      clearTimeout(timer);
      if (!connected) {
        stoppedBy = 'connect';
        break;
      }
      // Settle: at least settleMs, then until what arrives over half a second matches what
      // was sent (a new stream's sender may ramp up its rate first), within settleMaxMs.
      const settleStart = performance.now();
      await sleep(p.settleMs);
      for (let k = 0; k < 100 && performance.now() - settleStart < p.settleMaxMs; k++) {
        const s0 = sentBytes;
        const r0 = received.reduce((a, b) => a + b, 0);
        await sleep(500);
        const ratio = (received.reduce((a, b) => a + b, 0) - r0) / Math.max(1, sentBytes - s0);
        if (ratio >= 0.95 && ratio <= 1.05) break;
      }
      const sent0 = sentBytes;
      const recv0 = received.reduce((a, b) => a + b, 0);
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      const cpu = await new Promise<{ percent: number; forwarded: number }>((resolve, reject) => {
        onCpu = resolve;
        relay.once('exit', () => reject(new Error('the relay process exited')));
        trySend(relay, { t: 'measure', ms: p.windowMs } satisfies RelayMessage);
      });
      const wallMs = performance.now() - w0;
      const sent = sentBytes - sent0;
      const delivered = sent > 0 ? (received.reduce((a, b) => a + b, 0) - recv0) / sent : 0;
      const step: RtpRelayStep = {
        streams: target,
        relayCpuPercent: cpu.percent,
        sentMbpsPerStream: (sent * 8) / target / (wallMs / 1000) / 1e6,
        delivered,
        forwarded: cpu.forwarded,
        generatorCpuPercent: cpuPercent(cpu0, wallMs),
      };
      steps.push(step);
      process.stdout.write(
        `${target} streams: relay CPU ${step.relayCpuPercent.toFixed(1)}%, sent ${step.sentMbpsPerStream.toFixed(2)} Mbit/s per stream, delivered ${(delivered * 100).toFixed(1)}%, load generator CPU ${step.generatorCpuPercent.toFixed(0)}%\n`,
      );
      if (step.sentMbpsPerStream < (p.bitsPerSecond / 1e6) * p.minDelivered) {
        stoppedBy = 'generator';
        break;
      }
      if (delivered < p.minDelivered) {
        stoppedBy = 'delivery';
        break;
      }
      if (step.relayCpuPercent >= p.cpuLimitPercent) {
        stoppedBy = 'cpu-limit';
        break;
      }
      maxStreams = target;
    }
  } finally {
    clearInterval(pump);
    await Promise.allSettled(pcs.map((pc) => stack.closePeerConnection(pc)));
    trySend(relay, { t: 'bye' } satisfies RelayMessage);
    if (!(await waitExit(relay, 5000))) relay.kill('SIGKILL');
  }
  return { maxStreams, stoppedBy, steps, unit: 'RTP packet' };
}

/** The relay: runs in the child the bench child forked; forwards every stream, measures its CPU on request. */
export async function runRtpRelayPeer(stack: Stack): Promise<void> {
  const media = await relayMedia(stack.id);
  const send = (m: RelayMessage): void => trySend(process, m);
  const pcs: PeerConnectionLike[] = [];
  const signallers = new Map<string, Signaller>();
  let forwarded = 0;
  const count = (): void => void forwarded++;
  const add = (id: number): void => {
    const from = stack.createPeerConnection();
    const to = stack.createPeerConnection();
    pcs.push(from, to);
    const sink: ForwardSink = media.outbound(to);
    media.forward(from, sink, count);
    signallers.set(`in${id}`, new Signaller(from, (m) => send({ t: 'sig', id, dir: 'in', m })));
    const out = new Signaller(to, (m) => send({ t: 'sig', id, dir: 'out', m }));
    signallers.set(`out${id}`, out);
    void out.offer().catch((e: unknown) => process.stderr.write(`relay offer ${id}: ${String(e)}\n`));
  };
  await new Promise<void>((resolve) => {
    process.on('message', (raw) => {
      const m = raw as RelayMessage;
      if (m.t === 'add') add(m.id);
      else if (m.t === 'sig') void signallers.get(`${m.dir}${m.id}`)?.handle(m.m);
      else if (m.t === 'measure') {
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        const f0 = forwarded;
        setTimeout(() => send({ t: 'cpu', percent: cpuPercent(c0, performance.now() - w0), forwarded: forwarded - f0 }), m.ms);
      } else if (m.t === 'bye') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await Promise.allSettled(pcs.map((pc) => stack.closePeerConnection(pc)));
}
