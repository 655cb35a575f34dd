// Child processes for cases: every (case, stack) runs in its own Node process so a crash,
// a hang or a leak in one stack cannot spoil another's figures.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { benchNet } from './net.js';
import { answererNamespacePrefix, createVethLink, moveAnswererEnd } from './netns.js';
import { BENCH_DIR, ROOT_DIR } from './paths.js';

/** The entry every bench child runs. */
export const WORKER_PATH = path.join(BENCH_DIR, 'worker.ts');

/** Node flags for a child: tsx, `gc()`, plus any extra (e.g. --cpu-prof). */
export function childExecArgv(extra: readonly string[] = []): string[] {
  return ['--import', 'tsx', '--expose-gc', ...extra];
}

/**
 * Forks `bench/worker.ts <role> <stack> <params-json>` with an IPC channel; with `prefix`
 * (e.g. {@link loopbackNamespacePrefix}) the child runs under that command instead.
 */
export function forkWorker(role: string, stackId: string, params: unknown, execArgv: readonly string[], prefix?: readonly string[]): ChildProcess {
  const args = [role, stackId, JSON.stringify(params)];
  const options = { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as ('ignore' | 'pipe' | 'ipc')[], env: { ...process.env } };
  if (!prefix?.length) return fork(WORKER_PATH, args, { ...options, execArgv: [...execArgv] });
  // The IPC channel's descriptor (NODE_CHANNEL_FD) survives the exec chain to node.
  return spawn(prefix[0]!, [...prefix.slice(1), process.execPath, ...execArgv, WORKER_PATH, ...args], options);
}

/**
 * Forks the answering peer of a two-process case with this process's network settings: on
 * the veth path it runs in a namespace of its own, at the other end of the link.
 */
export function forkPeer(role: string, stackId: string, params: object, execArgv: readonly string[]): ChildProcess {
  const net = benchNet();
  const withNet = { ...params, net };
  if (net.path !== 'veth') return forkWorker(role, stackId, withNet, execArgv);
  createVethLink();
  const child = forkWorker(role, stackId, withNet, execArgv, answererNamespacePrefix());
  if (child.pid === undefined) throw new Error('could not start the answering peer');
  moveAnswererEnd(child.pid);
  return child;
}

/** Resolves when `child` has exited, or with false after `ms`. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Sends over IPC if the channel is still up. */
export function trySend(target: ChildProcess | NodeJS.Process, m: unknown): void {
  if (target.connected && target.send) target.send(m as never);
}
