// A private network namespace for the scenarios that cannot run on loopback alone.
// Firefox ESR never gathers loopback candidates and gathers nothing with only `lo`, so
// Firefox scenarios (and any marked `isolated`) run in a child process inside a network
// namespace of our own: `lo` plus a veth pair, 10.231.0.1 (where the browser's host
// candidates appear) and 10.231.0.2 (where purertc binds), with a default route so that
// Firefox sees a usable network. Nothing inside can reach any other network.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NAMESPACE_BROWSER_ADDRESS, NAMESPACE_NODE_ADDRESS } from './network.js';
import type { Scenario } from './scenario.js';

/** The flag that tells interop/run.ts it is the child inside the namespace. */
export const NETNS_CHILD_FLAG = '--netns-child';

/** Shell commands run inside the new namespace before the child starts. */
const SETUP = [
  'ip link set lo up',
  'ip link add prtcA type veth peer name prtcB',
  `ip addr add ${NAMESPACE_BROWSER_ADDRESS}/24 dev prtcA`,
  `ip addr add ${NAMESPACE_NODE_ADDRESS}/24 dev prtcB`,
  'ip link set prtcA up',
  'ip link set prtcB up',
  `ip route add default via ${NAMESPACE_NODE_ADDRESS} dev prtcA`,
].join(' && ');

/** Bound for creating a namespace just to see whether it can be done. */
const PROBE_TIMEOUT_MS = 10_000;

/** Whether a scenario must run inside the namespace. */
export function needsNamespace(scenario: Scenario): boolean {
  return scenario.isolated === true || scenario.browsers.includes('firefox');
}

/** The command that runs `argv` inside a fresh namespace. */
function namespaced(argv: readonly string[]): [string, string[]] {
  return ['unshare', ['--net', 'sh', '-c', `${SETUP} && exec "$@"`, 'interop-netns', ...argv]];
}

/** Creates a namespace once and throws it away: undefined if that works, else why not. */
export function probeNamespace(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const [command, args] = namespaced(['true']);
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(`cannot run unshare: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(undefined);
      else resolve(`unshare --net + ip failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-2).join(' ') || 'no message'}`);
    });
  });
}

/** Pass/fail/skip counts, as a child reports them on its last line. */
export interface Counts {
  pass: number;
  fail: number;
  skip: number;
}

/** The summary line interop/run.ts ends with: `interop: N passed, M failed[, K skipped]`. */
const SUMMARY = /^interop: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

/** Formats counts as the summary line {@link SUMMARY} reads back. */
export function summaryLine(counts: Counts): string {
  return `interop: ${counts.pass} passed, ${counts.fail} failed${counts.skip > 0 ? `, ${counts.skip} skipped` : ''}`;
}

/** The child running, so the parent can stop it should the parent give up. */
let running: ReturnType<typeof spawn> | undefined;

/** Stops the namespaced child, if one is running. */
export function stopNamespaceChild(): void {
  running?.kill('SIGTERM');
}

/**
 * Runs `node <execArgv> <script> --netns-child <args>` inside a fresh namespace. Its
 * output lines are passed to `onLine` as they come (its stderr goes straight through),
 * except the summary line, whose counts are returned. A child that ends without one
 * counts as one failure.
 */
export function runNamespaceChild(script: string, args: readonly string[], onLine: (line: string) => void): Promise<Counts> {
  const [command, commandArgs] = namespaced([process.execPath, ...process.execArgv, script, NETNS_CHILD_FLAG, ...args]);
  return new Promise((resolve) => {
    let counts: Counts | undefined;
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    running = child;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const summary = SUMMARY.exec(line);
      if (summary) counts = { pass: Number(summary[1]), fail: Number(summary[2]), skip: Number(summary[3] ?? 0) };
      else onLine(line);
    });
    child.on('error', (error) => onLine(`FAIL  (network namespace) could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      running = undefined;
      if (counts) return resolve(counts);
      onLine(`FAIL  (network namespace) the child ended (${signal ?? `exit ${code}`}) without a summary`);
      resolve({ pass: 0, fail: 1, skip: 0 });
    });
  });
}
