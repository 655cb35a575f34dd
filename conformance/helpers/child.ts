// Runs a conformance child script (node --expose-gc with tsx) that prints its result as one
// JSON line and must then exit by itself: how long the exit took after the result says
// whether close() left anything holding the process open.
import { spawn } from 'node:child_process';

export interface ChildRun<T> {
  result: T;
  /** From the result line to the process's exit. */
  exitAfterMs: number;
  code: number | null;
}

/**
 * Spawns `script` and resolves with the last line it printed, parsed. Rejects when it is
 * still running after `timeoutMs` (killed), when it exits without a result, or, with
 * `exitZero`, when it exits other than with 0.
 */
export function runJsonChild<T>(name: string, script: string, opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; exitZero?: boolean }): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let out = '';
    let err = '';
    let printedAt: number | undefined;
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} child still running after ${opts.timeoutMs} ms${printedAt ? ' (it printed its result but did not exit)' : ''}: ${err}`));
    }, opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (printedAt === undefined && out.includes('\n')) printedAt = performance.now();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (opts.exitZero && code !== 0) return reject(new Error(`${name} child exited ${code}: ${err || out}`));
      if (printedAt === undefined) return reject(new Error(`${name} child exited ${code} without a result: ${err}`));
      resolve({ result: JSON.parse(out.trim().split('\n').pop()!) as T, exitAfterMs: performance.now() - printedAt, code });
    });
  });
}
