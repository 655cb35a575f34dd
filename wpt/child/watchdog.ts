// A backstop so a child never outlives the run even if the runner itself is killed
// (SIGKILL leaves no chance to clean up) or the page spins forever: a worker thread,
// which keeps running while the main thread is stuck, kills the process when the
// parent goes away or a deadline passes.
import { Worker } from 'node:worker_threads';

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const deadline = Date.now() + workerData.deadlineMs;
const check = () => {
  if (process.ppid !== workerData.parentPid || Date.now() > deadline) process.kill(process.pid, 'SIGKILL');
};
check();
setInterval(check, 250);
`;

/**
 * Starts the watchdog: the process dies `deadlineMs` from now, or as soon as its parent
 * is no longer `parentPid` (the runner died and the child was re-parented).
 */
export function startWatchdog(deadlineMs: number, parentPid: number): void {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { deadlineMs, parentPid }, execArgv: [] });
  worker.unref();
}
