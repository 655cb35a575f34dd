// `npm run bench`: throughput, open time, setup rate and memory for purertc and its peers
// (node-datachannel, @roamhq/wrtc, werift), side by side in one run, printed as tables
// with purertc/peer ratios and written to bench/out/latest.json.
//
// Every (case, stack) runs in its own child process with a hard time limit, so a stack
// that fails, hangs or crashes is reported as such and the run goes on.
//
// Options (after `npm run bench --`):
//   --stacks=purertc,wrtc          subset of stacks (default: all four)
//   --cases=throughput,open-time,setup-rate,browser-throughput,srtp,rtp-relay
//   --cases=open-tier-up [--tier-procs=6 --tier-runs=100]   open time by run index, no warm-up (not in the default run)
//   --quick                        smaller amounts, for a smoke run
//   --mib=32 --legs=3 --runs=20 --open-warmup=60 --open-processes=1,2 --pairs=200 --concurrency=10 --transfer-timeout=20
//   --hwm-kib=2048 --lwm-kib=512  sender's high-water mark and bufferedAmountLowThreshold
//   --profile [--profile-kib=16]   also CPU-profile purertc's throughput run (transfer only)
//   --browser-kib=16,64 --browser-mib=16 --browser-warmup-mib=4 --browser-transfer-timeout=12 --chromium-pair=tabs|page
//   --browser-stacks=purertc       Node stacks measured against Chromium (default: purertc)
//   --srtp-packets=4096 --srtp-ms=1500   packets per round, timed ms per profile and direction
//   --relay-steps=1,2,4,8,... --relay-window=3 --relay-cpu=50   stream counts tried, CPU window (s), limit (% of a core)
//   --netns=off                    run the children on the host instead of a loopback-only network namespace
//   --path=veth|loopback           two-process cases over a veth pair with a 1500-byte MTU (default) or loopback
//   --peer-extensions              keep purertc's peer-only SDP lines in every case (default: only in the
//                                  labelled `peer-extensions` case)
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserThroughputParams, BrowserThroughputResult } from './cases/browser-throughput.js';
import type { OpenTimeParams, OpenTimeResult } from './cases/open-time.js';
import type { RtpRelayParams, RtpRelayResult } from './cases/rtp-relay.js';
import { RELAY_STACKS } from './cases/rtp-relay-media.js';
import { SRTP_STACKS, type SrtpParams, type SrtpResult } from './cases/srtp.js';
import type { SetupRateParams, SetupRateResult } from './cases/setup-rate.js';
import type { ThroughputParams, ThroughputResult } from './cases/throughput.js';
import { browserThroughputReport } from './lib/browser-report.js';
import { childExecArgv, forkWorker, waitExit } from './lib/ipc.js';
import { relayReport, srtpReport } from './lib/media-report.js';
import { describeNet, type BenchNet } from './lib/net.js';
import { loopbackNamespacePrefix } from './lib/netns.js';
import { OUT_DIR } from './lib/paths.js';
import { topSelfTime } from './lib/profile.js';
import { quantile } from './lib/stats.js';
import { fmt, ratio, renderTable } from './lib/table.js';
import { STACK_IDS, stackById, type StackId } from './stacks/index.js';
import type { WorkerMessage } from './worker.js';

const KiB = 1024;
const MiB = 1024 * 1024;
const CASES = ['throughput', 'open-time', 'setup-rate', 'peer-extensions', 'browser-throughput', 'srtp', 'rtp-relay'] as const;
/** Cases run only when named in --cases. */
const EXTRA_CASES = ['open-tier-up'] as const;
type CaseId = (typeof CASES)[number] | (typeof EXTRA_CASES)[number];

/** How one child job ended. */
interface JobOutcome<R> {
  status: 'ok' | 'failed' | 'timeout';
  result?: R;
  error?: string;
  /** How the child process ended after reporting. */
  exit: string;
  /** Handles still keeping the child's event loop alive after teardown. */
  activeHandles?: string[];
  wallMs: number;
}

function parseArgs(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (match) m.set(match[1]!, match[2] ?? 'true');
  }
  return m;
}

const args = parseArgs(process.argv.slice(2));
const quick = args.has('quick');
const num = (name: string, dflt: number): number => (args.has(name) ? Number(args.get(name)) : dflt);
const stacks = (args.get('stacks')?.split(',') ?? [...STACK_IDS]).filter((s): s is StackId => (STACK_IDS as readonly string[]).includes(s));
const cases = (args.get('cases')?.split(',') ?? [...CASES]).filter((c): c is CaseId => ([...CASES, ...EXTRA_CASES] as readonly string[]).includes(c));

const MESSAGE_SIZES = [1 * KiB, 16 * KiB, 64 * KiB];
const throughputParams = (messageBytes: number): ThroughputParams => ({
  messageBytes,
  totalBytes: num('mib', quick ? 8 : 32) * MiB,
  highWaterBytes: num('hwm-kib', 2048) * KiB,
  lowWaterBytes: num('lwm-kib', 512) * KiB,
  legs: num('legs', quick ? 1 : 3),
  connectTimeoutMs: 10_000,
  transferTimeoutMs: num('transfer-timeout', 20) * 1000,
});
const browserParams: BrowserThroughputParams = {
  messageSizes: (args.get('browser-kib')?.split(',') ?? ['16', '64']).map((k) => Number(k) * KiB).filter((n) => n > 0),
  totalBytes: num('browser-mib', quick ? 8 : 16) * MiB,
  warmupBytes: num('browser-warmup-mib', 4) * MiB,
  highWaterBytes: num('hwm-kib', 2048) * KiB,
  lowWaterBytes: num('lwm-kib', 512) * KiB,
  legs: num('legs', quick ? 1 : 3),
  connectTimeoutMs: 10_000,
  transferTimeoutMs: num('browser-transfer-timeout', 12) * 1000,
  chromiumPair: args.get('chromium-pair') === 'page' ? 'page' : 'tabs',
};
/** Node stacks measured against Chromium: --browser-stacks, else purertc when selected. */
const browserStacks = (args.get('browser-stacks')?.split(',') ?? (stacks.includes('purertc') ? ['purertc'] : [])).filter((s): s is StackId => (STACK_IDS as readonly string[]).includes(s));
/** --open-processes=1,2: which open-time set-ups to run. */
const openProcesses = (args.get('open-processes') ?? '1,2').split(',').map(Number).filter((n): n is 1 | 2 => n === 1 || n === 2);
const openTimeParams: Omit<OpenTimeParams, 'processes'> = {
  runs: num('runs', quick ? 5 : 20),
  // JIT tier-up of a once-per-connection path takes tens of connections (bench/README.md).
  warmupRuns: num('open-warmup', quick ? 10 : 60),
  runTimeoutMs: 10_000,
  caseTimeoutMs: 90_000,
};
const setupParams: SetupRateParams = {
  pairs: num('pairs', quick ? 50 : 200),
  concurrency: num('concurrency', 10),
  pairTimeoutMs: 15_000,
  openTimeoutMs: 60_000,
};

const srtpParams: SrtpParams = { packets: num('srtp-packets', quick ? 1024 : 4096), packetBytes: 1200, minMs: num('srtp-ms', quick ? 300 : 1500) };
const relayParams: RtpRelayParams = {
  steps: (args.get('relay-steps') ?? (quick ? '1,4,8' : '1,2,4,8,16,24,32,48,64,96,128')).split(',').map(Number).filter((n) => n > 0),
  bitsPerSecond: 1e6,
  frameRate: 30,
  keyEvery: 60,
  cpuLimitPercent: num('relay-cpu', 50),
  settleMs: quick ? 1500 : 2000,
  settleMaxMs: 10_000,
  windowMs: num('relay-window', quick ? 1.5 : 3) * 1000,
  connectTimeoutMs: 20_000,
  caseTimeoutMs: quick ? 40_000 : 110_000,
  minDelivered: 0.85,
};

/**
 * Every child runs in a private network namespace holding only `lo` (lib/netns.ts): stacks
 * that gather on every interface (libwebrtc, Chromium) then have nothing but loopback.
 */
const netns = args.get('netns') === 'off' ? undefined : loopbackNamespacePrefix();

/**
 * The network of the two-process cases: the veth link (lib/net.ts) inside the namespace,
 * every stack at its defaults and purertc's peer-only SDP lines removed.
 */
const twoProcessNet: BenchNet = { path: netns && args.get('path') !== 'loopback' ? 'veth' : 'loopback', peerExtensions: args.has('peer-extensions') };
/** The network of the cases that hold both peers in one process: loopback. */
const oneProcessNet: BenchNet = { path: 'loopback', peerExtensions: args.has('peer-extensions') };
/** The labelled case: purertc <-> purertc with its peer-only lines, on loopback. */
const extensionsNet: BenchNet = { path: 'loopback', peerExtensions: true };

/** Runs one job in a child and collects what it reports, within `limitMs`. */
async function runJob<R>(role: string, stack: StackId, params: unknown, limitMs: number, prefix: readonly string[] | undefined = netns): Promise<JobOutcome<R>> {
  const t0 = performance.now();
  const child = forkWorker(role, stack, params, childExecArgv(), prefix);
  const stderr: string[] = [];
  child.stdout?.on('data', (d: Buffer) => process.stdout.write(`    [${stack}] ${d.toString()}`));
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  let result: R | undefined;
  let error: string | undefined;
  let activeHandles: string[] | undefined;
  const reported = new Promise<void>((resolve) => {
    child.on('message', (raw) => {
      const m = raw as WorkerMessage;
      if (m.type === 'result') result = m.result as R;
      else if (m.type === 'error') error = m.message;
      else if (m.type === 'handles') {
        activeHandles = m.active;
        resolve();
      }
    });
    child.once('disconnect', () => resolve());
    child.once('exit', () => resolve());
  });
  const inTime = await Promise.race([reported.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), limitMs).unref())]);
  let exit: string;
  if (!inTime) {
    child.kill('SIGKILL');
    await waitExit(child, 2000);
    exit = 'killed (time limit)';
  } else if (await waitExit(child, 5000)) {
    exit = child.signalCode ? `signal ${child.signalCode}` : child.exitCode === 0 ? 'clean' : `code ${child.exitCode}`;
  } else {
    child.kill('SIGKILL');
    await waitExit(child, 2000);
    exit = 'did not exit within 5 s (killed)';
  }
  const wallMs = performance.now() - t0;
  const tail = stderr.join('').trim().split('\n').slice(-3).join(' | ');
  if (result === undefined && error === undefined) error = inTime ? `no result (${exit})${tail ? ': ' + tail : ''}` : `time limit ${limitMs} ms`;
  const status = result !== undefined ? 'ok' : inTime ? 'failed' : 'timeout';
  return { status, ...(result !== undefined ? { result } : {}), ...(error !== undefined ? { error } : {}), exit, ...(activeHandles ? { activeHandles } : {}), wallMs };
}

function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    stacks: Object.fromEntries(stacks.map((id) => [id, `${stackById(id).packageName} ${stackById(id).version()}`])),
  };
}

function log(s = ''): void {
  process.stdout.write(s + '\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const machine = machineInfo();
  log(`purertc bench  ${started.toISOString()}`);
  log(`machine: ${machine.cpuModel as string} x${machine.cpuCount as number}, ${machine.totalMemGiB as number} GiB, ${machine.os as string}, Node ${machine.node as string}`);
  for (const [id, v] of Object.entries(machine.stacks as Record<string, string>)) log(`  ${id.padEnd(17)} ${v}  (${stackById(id as StackId).description})`);
  log(netns ? 'network: each child in a network namespace of its own' : 'network: WARNING: children on the host network (--netns=off or no user namespaces); stacks may use non-loopback host addresses');
  log(`  two processes: ${describeNet(twoProcessNet, 2)}`);
  log(`  one process:   ${describeNet(oneProcessNet, 1)}`);
  log();

  const out: Record<string, unknown> = { startedAt: started.toISOString(), machine, loopbackNamespace: netns !== undefined, net: { twoProcesses: twoProcessNet, oneProcess: oneProcessNet }, params: { throughput: throughputParams(0), openTime: openTimeParams, setupRate: setupParams, browserThroughput: browserParams, srtp: srtpParams, rtpRelay: relayParams } };
  const has = (id: StackId): boolean => stacks.includes(id);

  // 1. Throughput.
  if (cases.includes('throughput')) {
    const p0 = throughputParams(0);
    log(`== Throughput: two processes, one reliable ordered channel, ${p0.legs} x ${p0.totalBytes / MiB} MiB per size (median leg), high/low water ${p0.highWaterBytes / KiB}/${p0.lowWaterBytes / KiB} KiB, ${p0.transferTimeoutMs / 1000} s max`);
    const res: Record<string, Record<string, JobOutcome<ThroughputResult>>> = {};
    for (const id of stacks) {
      res[id] = {};
      for (const size of MESSAGE_SIZES) {
        const p = throughputParams(size);
        const o = await runJob<ThroughputResult>('throughput', id, { ...p, net: twoProcessNet }, p.connectTimeoutMs + p.transferTimeoutMs + 15_000);
        res[id]![String(size)] = o;
        const r = o.result;
        log(`  ${id.padEnd(17)} ${String(size / KiB).padStart(2)} KiB  ${r ? `${fmt(r.mbPerSec)} MB/s (legs: ${r.legsMbPerSec.map((x) => fmt(x)).join(' / ')})${r.status === 'timeout' ? ` TIMEOUT, ${fmt(r.receivedBytes / MiB)} MiB received in ${p.transferTimeoutMs / 1000} s` : r.legsCompleted < p.legs ? ` ${r.legsCompleted}/${p.legs} legs in the time limit` : ''}${r.missedLowEvents ? `, ${r.missedLowEvents} missed bufferedamountlow` : ''}` : `${o.status.toUpperCase()}: ${o.error ?? ''}`}  [exit: ${o.exit}]`);
      }
    }
    const mbps = (id: StackId, size: number): number | undefined => {
      const r = res[id]?.[String(size)]?.result;
      return r && r.status === 'ok' ? r.mbPerSec : undefined;
    };
    const cell = (id: StackId, size: number): string => {
      const o = res[id]?.[String(size)];
      if (!o?.result) return o ? o.status : '-';
      return o.result.status === 'ok' ? fmt(o.result.mbPerSec) : `timeout(${fmt(o.result.mbPerSec)})`;
    };
    const rows: string[][] = [['stack', ...MESSAGE_SIZES.flatMap((s) => [`${s / KiB} KiB MB/s`, 'purertc/peer'])]];
    for (const id of stacks) rows.push([id, ...MESSAGE_SIZES.flatMap((s) => [cell(id, s), ratio(has('purertc') ? mbps('purertc', s) : undefined, mbps(id, s), id === 'purertc')])]);
    log();
    log(renderTable(rows));
    log('  MB/s = 10^6 bytes/s received. purertc/peer > 1 means purertc is faster.');
    log();
    out.throughput = res;
  }

  // 2. Open time, both peers in one process and in two processes.
  if (cases.includes('open-time')) {
    out.openTime = {};
    for (const processes of openProcesses) {
      const p: OpenTimeParams = { ...openTimeParams, processes };
      const where = processes === 1 ? 'both peers in one process, signalling by an asynchronous hand-off, loopback' : `two processes, signalling over IPC, ${twoProcessNet.path === 'veth' ? 'veth link' : 'loopback'}`;
      log(`== Open time (${where}): trickle ICE, new RTCPeerConnection() -> offerer channel 'open', ${p.runs} runs after ${p.warmupRuns} warm-up; first = the process's first run (cold)`);
      const res: Record<string, JobOutcome<OpenTimeResult>> = {};
      for (const id of stacks) {
        const o = await runJob<OpenTimeResult>('open-time', id, { ...p, net: processes === 1 ? oneProcessNet : twoProcessNet }, p.caseTimeoutMs + 15_000);
        res[id] = o;
        const r = o.result;
        log(`  ${id.padEnd(17)} ${r ? `median ${fmt(r.medianMs)} ms, p90 ${fmt(r.p90Ms)} ms (${r.runsMs.length} runs)${r.failures.length ? `, failures: ${r.failures.join('; ')}` : ''}` : `${o.status.toUpperCase()}: ${o.error ?? ''}`}  [exit: ${o.exit}]`);
      }
      const get = (id: StackId, k: 'medianMs' | 'p90Ms'): number | undefined => {
        const r = res[id]?.result;
        return r && r.runsMs.length ? r[k] : undefined;
      };
      const rows: string[][] = [['stack', 'median ms', 'p90 ms', 'min ms', 'max ms', 'first ms', 'runs', 'purertc/peer median', 'purertc/peer p90']];
      for (const id of stacks) {
        const r = res[id]?.result;
        rows.push([
          id,
          fmt(r?.medianMs),
          fmt(r?.p90Ms),
          fmt(r?.minMs),
          fmt(r?.maxMs),
          fmt(r?.firstMs),
          r ? `${r.runsMs.length}/${p.runs}` : res[id]!.status,
          ratio(get('purertc', 'medianMs'), get(id, 'medianMs'), id === 'purertc'),
          ratio(get('purertc', 'p90Ms'), get(id, 'p90Ms'), id === 'purertc'),
        ]);
      }
      log();
      log(renderTable(rows));
      log('  purertc/peer < 1 means purertc opens faster.');
      log();
      (out.openTime as Record<string, unknown>)[processes === 1 ? 'oneProcess' : 'twoProcesses'] = res;
    }
  }

  // Open time by run index from a cold process: how many warm-up runs the open-time case needs.
  if (cases.includes('open-tier-up')) {
    const procs = num('tier-procs', 6);
    const runs = num('tier-runs', 100);
    const bucket = 10;
    const tier: Record<string, Record<string, number[][]>> = {};
    for (const processes of openProcesses) {
      const where = processes === 1 ? 'one process' : 'two processes';
      log(`== Open time by run index (${where}): ${procs} processes x ${runs} runs from cold, no warm-up; median per ${bucket} runs, ms`);
      const rows: string[][] = [['stack', ...Array.from({ length: Math.ceil(runs / bucket) }, (_, i) => `${i * bucket}-${i * bucket + bucket - 1}`)]];
      for (const id of stacks) {
        const series: number[][] = [];
        for (let k = 0; k < procs; k++) {
          const p: OpenTimeParams = { ...openTimeParams, processes, warmupRuns: 0, runs, caseTimeoutMs: 120_000 };
          const o = await runJob<OpenTimeResult>('open-time', id, { ...p, net: processes === 1 ? oneProcessNet : twoProcessNet }, p.caseTimeoutMs + 15_000);
          if (o.result) series.push(o.result.runsMs);
          else log(`  ${id}: ${o.status.toUpperCase()}: ${o.error ?? ''}`);
        }
        (tier[where] ??= {})[id] = series;
        rows.push([id, ...rows[0]!.slice(1).map((_, i) => fmt(quantile(series.flatMap((r) => r.slice(i * bucket, i * bucket + bucket)), 0.5)))]);
      }
      log();
      log(renderTable(rows));
      log();
    }
    out.openTierUp = tier;
  }

  // 3. Setup rate and memory.
  if (cases.includes('setup-rate')) {
    log(`== Setup rate and memory: ${setupParams.pairs} pairs in one process (${setupParams.concurrency} negotiating at once), all kept open, then closed`);
    const res: Record<string, JobOutcome<SetupRateResult>> = {};
    for (const id of stacks) {
      const o = await runJob<SetupRateResult>('setup-rate', id, { ...setupParams, net: oneProcessNet }, setupParams.openTimeoutMs + 60_000);
      res[id] = o;
      const r = o.result;
      log(
        `  ${id.padEnd(17)} ${r ? `${r.pairsOpened}/${r.pairsRequested} pairs in ${fmt(r.openWallMs / 1000, 2)} s${r.failures.length ? `, failures: ${r.failures.slice(0, 2).join('; ')}` : ''}` : `${o.status.toUpperCase()}: ${o.error ?? ''}`}  [exit: ${o.exit}${o.activeHandles?.length ? `; alive after close: ${o.activeHandles.join(',')}` : ''}]`,
      );
    }
    const get = (id: StackId, k: 'pairsPerSec' | 'rssPerPair' | 'heapPerPair'): number | undefined => {
      const r = res[id]?.result;
      return r && r.pairsOpened > 0 ? r[k] : undefined;
    };
    const rows: string[][] = [['stack', 'pairs', 'pairs/s', 'RSS KiB/pair', 'heap KiB/pair', 'close ms', 'exit', 'purertc/peer pairs/s', 'purertc/peer RSS', 'purertc/peer heap']];
    for (const id of stacks) {
      const o = res[id]!;
      const r = o.result;
      rows.push([
        id,
        r ? `${r.pairsOpened}/${r.pairsRequested}` : o.status,
        fmt(r?.pairsPerSec),
        fmt(r ? r.rssPerPair / KiB : undefined),
        fmt(r ? r.heapPerPair / KiB : undefined),
        fmt(r?.closeMs, 0),
        o.exit === 'clean' ? 'clean' : o.exit,
        ratio(get('purertc', 'pairsPerSec'), get(id, 'pairsPerSec'), id === 'purertc'),
        ratio(get('purertc', 'rssPerPair'), get(id, 'rssPerPair'), id === 'purertc'),
        ratio(get('purertc', 'heapPerPair'), get(id, 'heapPerPair'), id === 'purertc'),
      ]);
    }
    log();
    log(renderTable(rows));
    log('  A pair is two RTCPeerConnections with an open channel. pairs/s: purertc/peer > 1 means purertc is faster;');
    log('  memory: purertc/peer < 1 means purertc uses less. Heap is the JS heap only: native stacks keep most state outside it.');
    log();
    out.setupRate = res;
  }

  // purertc <-> purertc with its peer-only SDP lines, reported apart from the headline figures.
  if (cases.includes('peer-extensions') && has('purertc')) {
    log(`== purertc <-> purertc only, not a headline figure: ${describeNet(extensionsNet, 2)}; two processes`);
    const res: { throughput: Record<string, JobOutcome<ThroughputResult>>; openTime?: JobOutcome<OpenTimeResult> } = { throughput: {} };
    const rows: string[][] = [['measure', 'with peer extensions, loopback', 'headline (this run)', 'ratio']];
    const headline = out as { throughput?: Record<string, Record<string, JobOutcome<ThroughputResult>>>; openTime?: { twoProcesses?: Record<string, JobOutcome<OpenTimeResult>> } };
    for (const size of MESSAGE_SIZES) {
      const p = throughputParams(size);
      const o = await runJob<ThroughputResult>('throughput', 'purertc', { ...p, net: extensionsNet }, p.connectTimeoutMs + p.transferTimeoutMs + 15_000);
      res.throughput[String(size)] = o;
      const r = o.result;
      const base = headline.throughput?.purertc?.[String(size)]?.result;
      const v = r?.status === 'ok' ? r.mbPerSec : undefined;
      const b = base?.status === 'ok' ? base.mbPerSec : undefined;
      rows.push([`throughput ${size / KiB} KiB, MB/s`, r ? fmt(r.mbPerSec) : o.status, fmt(b), ratio(v, b, false)]);
    }
    if (openProcesses.includes(2)) {
      const p: OpenTimeParams = { ...openTimeParams, processes: 2 };
      const o = await runJob<OpenTimeResult>('open-time', 'purertc', { ...p, net: extensionsNet }, p.caseTimeoutMs + 15_000);
      res.openTime = o;
      const base = headline.openTime?.twoProcesses?.purertc?.result;
      const v = o.result?.runsMs.length ? o.result.medianMs : undefined;
      const b = base?.runsMs.length ? base.medianMs : undefined;
      rows.push(['open time, two processes, median ms', o.result ? fmt(v) : o.status, fmt(b), ratio(v, b, false)]);
    }
    log(renderTable(rows));
    log('  SNAP (a=sctp-init), large SCTP packets on loopback and no Max.Burst toward a purertc peer (a=x-purertc-max-datagram).');
    log('  ratio = with extensions / headline. Other stacks ignore these lines, so they never apply toward them.');
    log();
    out.peerExtensions = res;
  }

  // 4. Node <-> Chromium next to Chromium <-> Chromium.
  if (cases.includes('browser-throughput')) {
    const p = browserParams;
    const pairText = p.chromiumPair === 'tabs' ? 'two tabs' : 'two peers in one tab';
    log(`== Browser throughput: Node <-> Chromium next to Chromium <-> Chromium (${pairText}), one reliable ordered channel per pair, ${p.warmupBytes / MiB} MiB warm-up then ${p.legs} x ${p.totalBytes / MiB} MiB per size and direction (median leg), high/low water ${p.highWaterBytes / KiB}/${p.lowWaterBytes / KiB} KiB, ${p.transferTimeoutMs / 1000} s max each`);
    const res: Record<string, JobOutcome<BrowserThroughputResult>> = {};
    if (!netns && browserStacks.length > 0) {
      const why = args.get('netns') === 'off' ? '--netns=off' : 'unshare --user --net is not available here';
      log(`  WARNING: not in a loopback-only network namespace (${why}); Chromium may also use its non-loopback host addresses (see bench/README.md)`);
    }
    if (browserStacks.length === 0) log('  skipped: no Node stack selected (purertc is not among --stacks; see --browser-stacks)');
    for (const id of browserStacks) {
      // Launch, two connections, three warm-ups and three directions per size, each bounded; plus margin.
      const limitMs = 30_000 + 2 * p.connectTimeoutMs + (1 + p.messageSizes.length) * 3 * (p.transferTimeoutMs + 5_000) + 30_000;
      const o = await runJob<BrowserThroughputResult>('browser-throughput', id, p, limitMs);
      res[id] = o;
      const r = o.result;
      if (!r) {
        log(`  ${id.padEnd(17)} ${o.status.toUpperCase()}: ${o.error ?? ''}  [exit: ${o.exit}]`);
        continue;
      }
      if (r.status === 'skipped') {
        log(`  ${id.padEnd(17)} skipped: ${r.reason ?? ''}  [exit: ${o.exit}]`);
        continue;
      }
      for (const l of browserThroughputReport(r, o.exit)) log(l);
    }
    log();
    out.browserThroughput = res;
  }

  // 5. SRTP protect and unprotect rate, purertc and werift.
  if (cases.includes('srtp')) {
    log(`== SRTP: protect and unprotect of ${srtpParams.packetBytes}-byte RTP packets, ${srtpParams.packets} per round with fresh contexts, >= ${srtpParams.minMs} ms per profile and direction, one process`);
    const res: Record<string, JobOutcome<SrtpResult>> = {};
    const ids = stacks.filter((id) => SRTP_STACKS.includes(id));
    for (const id of ids) {
      const o = await runJob<SrtpResult>('srtp', id, srtpParams, 60_000);
      res[id] = o;
      log(`  ${id.padEnd(17)} ${o.result ? o.result.source : `${o.status.toUpperCase()}: ${o.error ?? ''}`}  [exit: ${o.exit}]`);
    }
    log();
    for (const l of srtpReport(res, ids)) log(l);
    log();
    out.srtp = res;
  }

  // 6. RTP relay capacity, purertc and werift.
  if (cases.includes('rtp-relay')) {
    const p = relayParams;
    log(`== RTP relay: N publishers at ${p.bitsPerSecond / 1e6} Mbit/s (VP8-like, ${p.frameRate} fps) -> a relay process -> N subscribers, loopback; largest N with the relay under ${p.cpuLimitPercent}% of a core over ${p.windowMs / 1000} s`);
    const res: Record<string, JobOutcome<RtpRelayResult>> = {};
    const ids = stacks.filter((id) => RELAY_STACKS.includes(id));
    for (const id of ids) {
      const o = await runJob<RtpRelayResult>('rtp-relay', id, { ...p, net: oneProcessNet }, p.caseTimeoutMs + 30_000);
      res[id] = o;
      log(`  ${id.padEnd(17)} ${o.result ? `${o.result.maxStreams} streams (stopped by ${o.result.stoppedBy})` : `${o.status.toUpperCase()}: ${o.error ?? ''}`}  [exit: ${o.exit}]`);
    }
    log();
    for (const l of relayReport(res, ids, p)) log(l);
    log();
    out.rtpRelay = res;
  }

  // Optional: where purertc's throughput time goes.
  if (args.has('profile') && has('purertc')) {
    const dir = path.join(OUT_DIR, 'profiles');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const p = throughputParams(num('profile-kib', 16) * KiB);
    log(`== CPU profile: purertc throughput, ${p.messageBytes / KiB} KiB messages (transfer phase only; profiles in ${path.relative(process.cwd(), dir)})`);
    const o = await runJob<ThroughputResult>('throughput', 'purertc', { ...p, profileDir: dir, net: twoProcessNet }, p.connectTimeoutMs + p.transferTimeoutMs + 30_000);
    log(`  ${o.result ? `${fmt(o.result.mbPerSec)} MB/s under the profiler` : `${o.status}: ${o.error ?? ''}`}`);
    const profiles: Record<string, ReturnType<typeof topSelfTime>> = {};
    for (const role of ['sender', 'receiver']) {
      const file = path.join(dir, `${role}.cpuprofile`);
      if (!existsSync(file)) continue;
      const top = topSelfTime(file, 20);
      profiles[role] = top;
      log();
      log(`  ${role}: on CPU ${fmt(top.busyMs, 0)} ms of ${fmt(top.wallMs, 0)} ms (${fmt((100 * top.busyMs) / top.wallMs, 0)}%), top self time:`);
      log(renderTable([['function', 'self ms', 'self %', 'where'], ...top.functions.map((h) => [h.name, fmt(h.selfMs, 0), fmt(h.selfPercent), h.where])]).replace(/^/gm, '    '));
    }
    log();
    out.profile = profiles;
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, 'latest.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  log(`results: ${path.relative(process.cwd(), file)}  (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
