// The entry of every bench child process: `worker.ts <role> <stack> <params-json>`.
// Runs one case on one stack, sends the result to the parent over IPC, tears the stack
// down, reports what still keeps the event loop alive, and lets the process exit by
// itself (the parent records whether it does).
import { runOpenTime, runOpenTimePeer } from './cases/open-time.js';
import { runSetupRate } from './cases/setup-rate.js';
import { runThroughput, runThroughputPeer } from './cases/throughput.js';
import { trySend } from './lib/ipc.js';
import { setBenchNet, type BenchNet } from './lib/net.js';
import { sleep } from './lib/stats.js';
import { loadStack, STACK_IDS, type StackId } from './stacks/index.js';

/** What a worker sends its parent. */
export type WorkerMessage =
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string }
  | { type: 'handles'; active: string[] };

async function main(): Promise<void> {
  const [role, stackId, paramsJson] = process.argv.slice(2);
  if (!role || !stackId || !(STACK_IDS as readonly string[]).includes(stackId)) throw new Error(`usage: worker.ts <role> <${STACK_IDS.join('|')}> <params>`);
  const params = JSON.parse(paramsJson ?? '{}') as never;
  // The network settings come with the params; a `-peer` role is the answering end.
  setBenchNet((params as { net?: BenchNet }).net, role.endsWith('-peer') ? 'answerer' : 'offerer');
  const stack = await loadStack(stackId as StackId);

  if (role === 'throughput-peer' || role === 'open-time-peer' || role === 'rtp-relay-peer') {
    if (role === 'throughput-peer') await runThroughputPeer(stack, params);
    else if (role === 'rtp-relay-peer') await (await import('./cases/rtp-relay.js')).runRtpRelayPeer(stack);
    else await runOpenTimePeer(stack);
    await stack.shutdown();
    if (process.connected) process.disconnect();
    return;
  }

  try {
    let result: unknown;
    if (role === 'throughput') result = await runThroughput(stack, params);
    else if (role === 'open-time') result = await runOpenTime(stack, params);
    else if (role === 'setup-rate') result = await runSetupRate(stack, params);
    // Loaded on demand, so that other cases' children never load the browser drivers.
    else if (role === 'srtp') result = await (await import('./cases/srtp.js')).runSrtp(stack.id, params);
    else if (role === 'rtp-relay') result = await (await import('./cases/rtp-relay.js')).runRtpRelay(stack, params);
    else if (role === 'browser-throughput') result = await (await import('./cases/browser-throughput.js')).runBrowserThroughput(stack, params);
    else throw new Error(`unknown role ${role}`);
    trySend(process, { type: 'result', result } satisfies WorkerMessage);
  } catch (e) {
    trySend(process, { type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  }
  await stack.shutdown();
  await sleep(1000);
  const active = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
  trySend(process, { type: 'handles', active } satisfies WorkerMessage);
  if (process.connected) process.disconnect();
}

main().catch((e: unknown) => {
  trySend(process, { type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  if (process.connected) process.disconnect();
  process.exitCode = 1;
});
