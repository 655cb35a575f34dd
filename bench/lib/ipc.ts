// Child processes for cases: every (case, stack) runs in its own Node process so a crash,
// a hang or a leak in one stack cannot spoil another's figures.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT_DIR } from './paths.js';

/** The entry every bench child runs. */
export const WORKER_PATH = path.join(BENCH_DIR, 'worker.ts');

/** Node flags for a child: tsx, `gc()`, plus any extra (e.g. --cpu-prof). */
export function childExecArgv(extra: readonly string[] = []): string[] {
  return ['--import', 'tsx', '--expose-gc', ...extra];
}

/** Forks `bench/worker.ts <role> <stack> <params-json>` with an IPC channel. */
export function forkWorker(role: string, stackId: string, params: unknown, execArgv: readonly string[]): ChildProcess {
  return fork(WORKER_PATH, [role, stackId, JSON.stringify(params)], {
    cwd: ROOT_DIR,
    execArgv: [...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env },
  });
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
