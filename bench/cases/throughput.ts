// Throughput: one reliable ordered channel between two processes (on the veth link of lib/net.ts). The parent
// (offerer) sends `totalBytes` in `messageBytes` messages, keeping bufferedAmount under a
// high-water mark and resuming on `bufferedamountlow`, as real apps do; the child
// (answerer) counts bytes and reports over IPC when it has them all.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { forkPeer, trySend, waitExit } from '../lib/ipc.js';
import { startProfiler } from '../lib/profiler.js';
import { Signaller, type SignalMessage } from '../lib/signaling.js';
import { quantile } from '../lib/stats.js';
import type { DataChannelLike, PeerConnectionLike, Stack } from '../stacks/types.js';

/** Parameters of one throughput run. */
export interface ThroughputParams {
  messageBytes: number;
  totalBytes: number;
  /** Stop sending above this bufferedAmount. */
  highWaterBytes: number;
  /** bufferedAmountLowThreshold: sending resumes when the buffer drains to it. */
  lowWaterBytes: number;
  /** Limit for ICE+DTLS+SCTP+DCEP until the channel is open. */
  connectTimeoutMs: number;
  /** Back-to-back transfers of totalBytes on the same channel; the median is reported. */
  legs: number;
  /** Limit for all legs of the transfer together. */
  transferTimeoutMs: number;
  /** If set, both processes CPU-profile the transfer into sender/receiver.cpuprofile here. */
  profileDir?: string;
}

/** What one run measured. */
export interface ThroughputResult {
  /** 'ok' when at least one leg completed within the time limit. */
  status: 'ok' | 'timeout';
  messageBytes: number;
  /** Bytes per leg. */
  totalBytes: number;
  /** Each leg's rate in MB/s (10^6 bytes/s), first send() to the receiver having it all. */
  legsMbPerSec: number[];
  legsCompleted: number;
  /** Median over completed legs; if none completed, the first leg's partial rate. */
  mbPerSec: number;
  /** Bytes received in the first counted leg (all of them unless timed out). */
  receivedBytes: number;
  /** ms from creating the offer to the sender's channel open (two processes). */
  connectMs: number;
  /** Times the sender sat at or below the low-water mark for 100 ms without `bufferedamountlow`. */
  missedLowEvents: number;
}

/** Messages the receiver child and the sender exchange over IPC besides signalling. */
type PeerMessage =
  | { t: 'sig'; m: SignalMessage }
  | { t: 'done'; bytes: number; messages: number }
  | { t: 'progress'; bytes: number; messages: number }
  | { t: 'report' }
  | { t: 'bye' }
  | { t: 'error'; message: string };

/** Size in bytes of a received message, whatever type the stack hands out. */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  const d = data as { byteLength?: number; size?: number; length?: number };
  return d.byteLength ?? d.size ?? d.length ?? 0;
}

/** Sender side: runs in the bench child for this (stack, size); forks the receiver. */
export async function runThroughput(stack: Stack, p: ThroughputParams): Promise<ThroughputResult> {
  const totalBytes = Math.ceil(p.totalBytes / p.messageBytes) * p.messageBytes;
  const child = forkPeer('throughput-peer', stack.id, { totalBytes, legs: p.legs, profileDir: p.profileDir } satisfies PeerParams, process.execArgv);
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  const pc = stack.createPeerConnection();
  try {
    return await sendAll(child, pc, pc.createDataChannel('bench', { ordered: true }), { ...p, totalBytes });
  } finally {
    await stack.closePeerConnection(pc).catch(() => undefined);
    trySend(child, { t: 'bye' } satisfies PeerMessage);
    if (!(await waitExit(child, 3000))) child.kill('SIGKILL');
  }
}

async function sendAll(child: ChildProcess, pc: PeerConnectionLike, channel: DataChannelLike, p: ThroughputParams): Promise<ThroughputResult> {
  const t0 = performance.now();
  const signaller = new Signaller(pc, (m) => trySend(child, { t: 'sig', m } satisfies PeerMessage));
  let onPeer: (m: PeerMessage) => void = () => undefined;
  child.on('message', (raw) => {
    const m = raw as PeerMessage;
    if (m.t === 'sig') void signaller.handle(m.m);
    else onPeer(m);
  });
  const childGone = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`receiver exited (${signal ?? code})`)));
  });
  void childGone.catch(() => undefined);

  // Connect.
  await Promise.race([
    childGone,
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`channel not open after ${p.connectTimeoutMs} ms${signaller.errors.length ? ': ' + signaller.errors.join('; ') : ''}`));
      }, p.connectTimeoutMs);
      channel.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      signaller.offer().catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
    }),
  ]);
  const connectMs = performance.now() - t0;

  // Transfer: `legs` back-to-back legs of totalBytes on the same channel.
  const payload = Buffer.alloc(p.messageBytes, 0x5a);
  let sent = 0;
  let legTotal = 0;
  let missedLowEvents = 0;
  let belowSince = -1;
  let failure: Error | undefined;
  const pump = (): void => {
    belowSince = -1;
    try {
      while (sent < legTotal && channel.bufferedAmount < p.highWaterBytes) {
        channel.send(payload);
        sent += p.messageBytes;
      }
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
  };
  channel.bufferedAmountLowThreshold = p.lowWaterBytes;
  channel.addEventListener('bufferedamountlow', pump);
  const watchdog = setInterval(() => {
    // A stack that drains to the threshold without firing `bufferedamountlow` would stall
    // a real app; like a careful app, resume after 100 ms below the mark, and count it.
    if (sent >= legTotal || channel.bufferedAmount > p.lowWaterBytes) {
      belowSince = -1;
      return;
    }
    const now = performance.now();
    if (belowSince < 0) belowSince = now;
    else if (now - belowSince >= 100) {
      missedLowEvents++;
      pump();
    }
  }, 50);

  const stopProfiler = p.profileDir ? await startProfiler(path.join(p.profileDir, 'sender.cpuprofile')) : undefined;
  const deadline = performance.now() + p.transferTimeoutMs;
  const legs: { mbPerSec: number; transferMs: number; receivedBytes: number; complete: boolean }[] = [];
  try {
    for (let leg = 0; leg < p.legs && performance.now() < deadline; leg++) {
      sent = 0;
      legTotal = p.totalBytes;
      const start = performance.now();
      const outcome = await Promise.race([
        childGone,
        new Promise<{ bytes: number; timedOut: boolean }>((resolve, reject) => {
          const timer = setTimeout(() => {
            onPeer = (m) => {
              if (m.t === 'progress' || m.t === 'done') resolve({ bytes: m.bytes, timedOut: m.t === 'progress' });
            };
            trySend(child, { t: 'report' } satisfies PeerMessage);
            setTimeout(() => resolve({ bytes: -1, timedOut: true }), 2000).unref();
          }, deadline - start);
          onPeer = (m) => {
            if (m.t === 'done') {
              clearTimeout(timer);
              resolve({ bytes: m.bytes, timedOut: false });
            } else if (m.t === 'error') {
              clearTimeout(timer);
              reject(new Error(`receiver: ${m.message}`));
            }
          };
          pump();
          if (failure) {
            clearTimeout(timer);
            reject(failure);
          }
        }),
      ]);
      const transferMs = performance.now() - start;
      if (failure) throw failure;
      const receivedBytes = Math.max(0, outcome.bytes);
      legs.push({ mbPerSec: receivedBytes / (transferMs * 1000), transferMs, receivedBytes, complete: !outcome.timedOut });
      if (outcome.timedOut) break;
    }
  } finally {
    clearInterval(watchdog);
    await stopProfiler?.();
  }
  const complete = legs.filter((l) => l.complete);
  const counted = complete.length ? complete : legs.slice(0, 1);
  return {
    status: complete.length ? 'ok' : 'timeout',
    messageBytes: p.messageBytes,
    totalBytes: p.totalBytes,
    legsMbPerSec: legs.map((l) => l.mbPerSec),
    legsCompleted: complete.length,
    mbPerSec: quantile(
      counted.map((l) => l.mbPerSec),
      0.5,
    ),
    receivedBytes: counted[0]?.receivedBytes ?? 0,
    connectMs,
    missedLowEvents,
  };
}

/** What the sender tells the receiver child. */
interface PeerParams {
  totalBytes: number;
  legs: number;
  profileDir?: string | undefined;
}

/** Receiver side: runs in the child the sender forked; answers, counts, reports. */
export async function runThroughputPeer(stack: Stack, params: PeerParams): Promise<void> {
  const send = (m: PeerMessage): void => trySend(process, m);
  const pc = stack.createPeerConnection();
  const signaller = new Signaller(pc, (m) => send({ t: 'sig', m }));
  let bytes = 0;
  let messages = 0;
  let legsDone = 0;
  let done = false;
  let stopProfiler: Promise<() => Promise<void>> | undefined;
  pc.ondatachannel = (e) => {
    const ch = e.channel;
    if (params.profileDir) stopProfiler = startProfiler(path.join(params.profileDir, 'receiver.cpuprofile'));
    if ('binaryType' in ch) ch.binaryType = 'arraybuffer';
    ch.onmessage = (ev) => {
      bytes += sizeOf(ev.data);
      messages++;
      if (bytes >= params.totalBytes) {
        send({ t: 'done', bytes, messages });
        bytes = 0;
        messages = 0;
        if (++legsDone === params.legs) {
          done = true;
          void stopProfiler?.then((stop) => stop());
        }
      }
    };
  };
  await new Promise<void>((resolve) => {
    process.on('message', (raw) => {
      const m = raw as PeerMessage;
      if (m.t === 'sig') void signaller.handle(m.m);
      else if (m.t === 'report') send({ t: done ? 'done' : 'progress', bytes, messages });
      else if (m.t === 'bye') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await stack.closePeerConnection(pc).catch(() => undefined);
}
