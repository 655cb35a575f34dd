// Runs a child process inside a network namespace of its own (`unshare --net`), set up by
// the given `ip` commands: the tests that need addresses or multicast that loopback cannot
// give (a ULA IPv6 address, an mDNS responder) use it, and nothing inside can reach any
// other network. Without root or `ip` the tests skip, saying why, except under CI=true,
// where that is a failure.
import { spawn } from 'node:child_process';

/** What the child printed and how it ended. */
export interface NamespaceRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `argv` in a fresh namespace after `setup` (shell commands joined with &&), bounded by `timeoutMs`. */
export function runInNamespace(setup: readonly string[], argv: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<NamespaceRun> {
  return new Promise((resolve, reject) => {
    const script = [...setup, 'exec "$@"'].join(' && ');
    const child = spawn('unshare', ['--net', 'sh', '-c', script, 'purertc-netns', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`namespaced child still running after ${timeoutMs} ms: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let probed: Promise<string | undefined> | undefined;

/** Undefined when a namespace can be made here, else why not (asked once per process). */
export function namespaceUnavailable(): Promise<string | undefined> {
  probed ??= (async () => {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root';
    try {
      const r = await runInNamespace(['ip link set lo up'], ['true'], 10_000);
      return r.code === 0 ? undefined : `unshare --net + ip failed (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`;
    } catch (e) {
      return `cannot run unshare: ${(e as Error).message}`;
    }
  })();
  return probed;
}

/** In a mocha test: skips it, loudly, when no namespace can be made; fails instead under CI=true. */
export async function requireNamespace(ctx: Mocha.Context, what: string): Promise<void> {
  const why = await namespaceUnavailable();
  if (why === undefined) return;
  if (process.env.CI === 'true') throw new Error(`${what} needs a network namespace, and CI=true: ${why}`);
  console.warn(`      SKIPPED ${what}: no network namespace (${why})`);
  ctx.skip();
}
