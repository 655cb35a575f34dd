// Open time: `new RTCPeerConnection()` to `open` on the offerer's data channel, trickle ICE,
// in one of two set-ups:
// - two processes, as two real peers are (on the veth link of lib/net.ts), signalling over IPC: the bench child
//   (offerer) forks a peer child that makes the answering connection when the first
//   signalling message of a run arrives, as an answering app does;
// - both peers in one process (signalling by an asynchronous hand-off), where a stack
//   that runs on the event loop does both peers' work on one thread.
// Each run closes both ends before the next.
import type { ChildProcess } from 'node:child_process';
import { forkPeer, trySend, waitExit } from '../lib/ipc.js';
import { closePair, openPair } from '../lib/pair.js';
import { Signaller, type SignalMessage } from '../lib/signaling.js';
import { quantile } from '../lib/stats.js';
import type { PeerConnectionLike, Stack } from '../stacks/types.js';

/** Parameters of the open-time case. */
export interface OpenTimeParams {
  /** 2: offerer and answerer in separate processes; 1: both in the bench child. */
  processes: 1 | 2;
  runs: number;
  /** Runs done first and not counted (module init, JIT tier-up in both processes). */
  warmupRuns: number;
  /** Limit per run. */
  runTimeoutMs: number;
  /** Limit for the whole case (runs after it are not started). */
  caseTimeoutMs: number;
}

/** What the case measured. */
export interface OpenTimeResult {
  runsMs: number[];
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** The first run of the process (cold: module code not yet optimised), not in the figures above. */
  firstMs: number;
  failures: string[];
}

/** Messages between the offerer (bench child) and the answerer (peer child), per run. */
type PeerMessage =
  | { t: 'sig'; run: number; m: SignalMessage }
  /** The answerer's channel is open. */
  | { t: 'open'; run: number }
  /** Close the run's connection / it is closed. */
  | { t: 'close'; run: number }
  | { t: 'closed'; run: number }
  | { t: 'bye' };

/** Runs the open-time case on `stack` (in the bench child; with two processes, forks the answering peer). */
export async function runOpenTime(stack: Stack, p: OpenTimeParams): Promise<OpenTimeResult> {
  if (p.processes === 1) return runInProcess(stack, p);
  const child = forkPeer('open-time-peer', stack.id, {}, process.execArgv);
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  try {
    return await runAll(child, stack, p);
  } finally {
    trySend(child, { t: 'bye' } satisfies PeerMessage);
    if (!(await waitExit(child, 3000))) child.kill('SIGKILL');
  }
}

async function runAll(child: ChildProcess, stack: Stack, p: OpenTimeParams): Promise<OpenTimeResult> {
  const runsMs: number[] = [];
  const failures: string[] = [];
  let firstMs = NaN;
  // What the current run waits for from the peer child.
  let onPeer: (m: PeerMessage) => void = () => undefined;
  child.on('message', (raw) => onPeer(raw as PeerMessage));
  let exited = false;
  child.once('exit', () => {
    exited = true;
    onPeer({ t: 'bye' });
  });

  const deadline = performance.now() + p.caseTimeoutMs;
  for (let run = 0; run < p.warmupRuns + p.runs && performance.now() < deadline && !exited; run++) {
    let pc: PeerConnectionLike | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const openMs = await new Promise<number>((resolve, reject) => {
        let openAt = -1;
        let remoteOpen = false;
        const t0 = performance.now();
        pc = stack.createPeerConnection();
        const signaller = new Signaller(pc, (m) => trySend(child, { t: 'sig', run, m } satisfies PeerMessage));
        const channel = pc.createDataChannel('bench', { ordered: true });
        const check = (): void => {
          if (openAt >= 0 && remoteOpen) resolve(openAt);
        };
        channel.onopen = () => {
          openAt = performance.now() - t0;
          check();
        };
        onPeer = (m) => {
          if (m.t === 'bye') reject(new Error('the answering process exited'));
          else if (m.t === 'sig' && m.run === run) void signaller.handle(m.m);
          else if (m.t === 'open' && m.run === run) {
            remoteOpen = true;
            check();
          }
        };
        timer = setTimeout(() => {
          reject(new Error(`run ${run}: no open channel after ${p.runTimeoutMs} ms${signaller.errors.length ? ': ' + signaller.errors.join('; ') : ''}`));
        }, p.runTimeoutMs);
        signaller.offer().catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
      });
      if (run === 0) firstMs = openMs;
      if (run >= p.warmupRuns) runsMs.push(openMs);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
      if (pc) await stack.closePeerConnection(pc).catch(() => undefined);
      // Both ends are closed before the next run starts.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        onPeer = (m) => {
          if (m.t === 'bye' || (m.t === 'closed' && m.run === run)) {
            clearTimeout(t);
            resolve();
          }
        };
        trySend(child, { t: 'close', run } satisfies PeerMessage);
      });
    }
    if (failures.length >= 3) break;
  }
  return summary(p, runsMs, firstMs, failures);
}

function summary(p: OpenTimeParams, runsMs: number[], firstMs: number, failures: string[]): OpenTimeResult {
  if (runsMs.length < p.runs && failures.length === 0) failures.push(`only ${runsMs.length} of ${p.runs} runs within ${p.caseTimeoutMs} ms`);
  return {
    runsMs,
    medianMs: quantile(runsMs, 0.5),
    p90Ms: quantile(runsMs, 0.9),
    minMs: runsMs.length ? Math.min(...runsMs) : NaN,
    maxMs: runsMs.length ? Math.max(...runsMs) : NaN,
    firstMs,
    failures,
  };
}

/** Both peers in this process. */
async function runInProcess(stack: Stack, p: OpenTimeParams): Promise<OpenTimeResult> {
  const runsMs: number[] = [];
  const failures: string[] = [];
  let firstMs = NaN;
  const deadline = performance.now() + p.caseTimeoutMs;
  for (let run = 0; run < p.warmupRuns + p.runs && performance.now() < deadline; run++) {
    try {
      const pair = await openPair(stack, p.runTimeoutMs);
      if (run === 0) firstMs = pair.openMs;
      if (run >= p.warmupRuns) runsMs.push(pair.openMs);
      await closePair(stack, pair);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
      if (failures.length >= 3) break;
    }
  }
  return summary(p, runsMs, firstMs, failures);
}

/** The answering side: runs in the child `runOpenTime` forked, one connection per run. */
export async function runOpenTimePeer(stack: Stack): Promise<void> {
  const send = (m: PeerMessage): void => trySend(process, m);
  let current: { run: number; pc: PeerConnectionLike; signaller: Signaller } | undefined;
  let closing: Promise<void> = Promise.resolve();
  const connection = (run: number): { signaller: Signaller } | undefined => {
    if (current?.run === run) return current;
    if (current && current.run > run) return undefined;
    const pc = stack.createPeerConnection();
    pc.ondatachannel = (e) => {
      const ch = e.channel;
      if (ch.readyState === 'open') send({ t: 'open', run });
      else ch.onopen = () => send({ t: 'open', run });
    };
    current = { run, pc, signaller: new Signaller(pc, (m) => send({ t: 'sig', run, m })) };
    return current;
  };
  await new Promise<void>((resolve) => {
    process.on('message', (raw) => {
      const m = raw as PeerMessage;
      if (m.t === 'sig') void connection(m.run)?.signaller.handle(m.m);
      else if (m.t === 'close') {
        const c = current?.run === m.run ? current : undefined;
        if (c) current = undefined;
        closing = closing
          .then(() => (c ? stack.closePeerConnection(c.pc) : undefined))
          .catch(() => undefined)
          .then(() => send({ t: 'closed', run: m.run }));
      } else if (m.t === 'bye') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await closing;
  if (current) await stack.closePeerConnection(current.pc).catch(() => undefined);
}
