// Shared by check.mjs and runtimes.mjs: packs the package as `npm pack` ships it, makes
// consumer projects outside the repository that install the tarball, and runs a consumer's
// exchange in a child process that must finish and exit on its own within a time limit.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The consumer sources (exchange.mjs, exchange.cjs, exchange.ts, tsconfigs). */
export const consumerSources = fileURLToPath(new URL('./consumer/', import.meta.url));

/** What the exchange prints when 1 MiB came back byte for byte: bytes, SHA-256, ms. */
const OK_LINE = /^ok (\d+) ([0-9a-f]{64}) (\d+)$/m;

/** A fresh directory under the system's temporary directory (outside the repository). */
export function tempRoot(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs npm with `args` in `cwd`; throws with npm's output when it fails. */
export function npm(args, cwd) {
  try {
    return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * `npm pack` of the repository into `destination`: the tarball's path, its file list, its
 * packed and unpacked sizes in bytes.
 */
export function pack(destination) {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', destination], repoRoot));
  return {
    tarball: join(destination, info.filename),
    files: info.files.map((f) => f.path).sort(),
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}

/**
 * A new project `name` under `root` with `packageJson` fields, the consumer `sources`
 * copied in, and `dependencies` (the tarball first) installed with npm from its cache when
 * it can (the tarball's only runtime dependency is in the cache after `npm ci`).
 */
export function makeProject(root, name, packageJson, sources, dependencies) {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...packageJson }, null, 2));
  for (const file of sources) copyFileSync(join(consumerSources, file), join(dir, file));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', ...dependencies], dir);
  return dir;
}

/** The version of a package installed in the repository (e.g. to install the same one elsewhere). */
export function repoPackageVersion(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * Runs `command args` in `cwd` and waits for it to exit, killing it after `timeoutMs`.
 * Resolves with `ok` (exit 0 and the exchange's ok line), the exchange's own time, the
 * wall time and, when not ok, why.
 */
export function runExchange(command, args, { cwd, timeoutMs, env = process.env }) {
  return new Promise((resolve) => {
    const started = performance.now();
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let finished = false;
    const finish = (code, spawnError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const m = OK_LINE.exec(output);
      const exchangeMs = m ? Number(m[3]) : undefined;
      let reason;
      if (spawnError) reason = `cannot start: ${spawnError.message}`;
      else if (timedOut) reason = m ? `echo done, but still running after ${timeoutMs / 1000} s` : `no echo within ${timeoutMs / 1000} s`;
      else if (code !== 0) reason = `exit code ${code}`;
      else if (!m) reason = 'exited without echoing 1 MiB';
      else if (Number(m[1]) !== 1024 * 1024) reason = `echoed ${m[1]} bytes`;
      resolve({ ok: reason === undefined, reason, exchangeMs, wallMs, output });
    };
    child.on('error', (e) => finish(null, e));
    // 'close' comes after the output streams are drained, unlike 'exit'.
    child.on('close', (code) => finish(code));
  });
}

/** The last lines of a child's output, indented, for a failure report. */
export function tail(output, lines = 12) {
  return output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => `       ${l}`)
    .join('\n');
}
