// Runs the ESM consumer's exchange (test/package/consumer/exchange.mjs, unchanged) from the
// packed tarball on Node 20, 22, 24 and 26, on Bun and on Deno, each installed from the npm
// registry into .cache/runtimes/ (ignored by git; later runs reuse it; PURERTC_RUNTIME_CACHE
// names another directory, e.g. one a CI keeps between fresh clones). Prints a table of
// runtime, version, result and time; exits 1 when any runtime fails or cannot be installed.
// Run after `npm run build`: node test/package/runtimes.mjs [name ...]   (e.g. `bun deno`)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, npm, pack, repoRoot, runExchange, tail, tempRoot } from './consumers.mjs';

/** How long one runtime's exchange may take, start-up and exit included. */
const EXCHANGE_TIMEOUT_MS = 30_000;
const cacheDir = process.env.PURERTC_RUNTIME_CACHE || join(repoRoot, '.cache', 'runtimes');
const nodePackage = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/**
 * The runtimes: the npm package spec, the binary inside the install directory, the
 * arguments before the script, and whether the package needs its install script (its
 * postinstall puts the binary in place). npm 11 runs a dependency's install scripts only
 * when the project's package.json approves them in `allowScripts`; each install directory's
 * package.json approves exactly that package. Should the script still not have run (an npm
 * that skips it), the package's own postinstall command is run once, explicitly.
 */
const RUNTIMES = [
  ...[20, 22, 24, 26].map((major) => ({
    name: `node${major}`,
    spec: `${nodePackage}@${major}`,
    bin: join('node_modules', nodePackage, 'bin', 'node'),
    args: [],
  })),
  { name: 'bun', spec: 'bun@1', bin: join('node_modules', 'bun', 'bin', 'bun.exe'), args: [], script: 'bun' },
  { name: 'deno', spec: 'deno@2', bin: join('node_modules', 'deno', 'deno'), args: ['run', '-A'], script: 'deno' },
];

/** The first version number in a binary's `--version` output, or undefined when it does not run. */
function versionOf(bin) {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return /\d+\.\d+\.\d+/.exec(out)?.[0];
  } catch {
    return undefined;
  }
}

/** Installs a runtime into its cache directory unless the same spec is there and runs. */
function install(rt) {
  const dir = join(cacheDir, rt.name);
  const bin = join(dir, rt.bin);
  const marker = join(dir, 'installed-spec');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === rt.spec) {
    const version = versionOf(bin);
    if (version) return { bin, version, installed: false };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `runtime-${rt.name}`, private: true, ...(rt.script ? { allowScripts: { [rt.script]: true } } : {}) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  npm(['install', '--no-audit', '--no-fund', rt.spec], dir);
  let version = versionOf(bin);
  let explicitScript = false;
  if (!version && rt.script) {
    const pkgDir = join(dir, 'node_modules', rt.script);
    const postinstall = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).scripts?.postinstall;
    if (postinstall) execFileSync(postinstall, { cwd: pkgDir, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    explicitScript = postinstall !== undefined;
    version = versionOf(bin);
  }
  if (!version) throw new Error(`${rt.spec} installed into ${dir}, but ${bin} --version does not run`);
  writeFileSync(marker, rt.spec);
  return { bin, version, installed: true, explicitScript };
}

const only = process.argv.slice(2);
const selected = only.length ? RUNTIMES.filter((rt) => only.includes(rt.name)) : RUNTIMES;
if (selected.length === 0) {
  console.error(`runtimes: none of ${only.join(', ')}; known: ${RUNTIMES.map((rt) => rt.name).join(', ')}`);
  process.exit(2);
}

const root = tempRoot('purertc-runtimes-');
const packed = pack(root);
const project = makeProject(root, 'consumer-esm', { type: 'module' }, ['exchange.mjs'], [packed.tarball]);
const rows = [];
for (const rt of selected) {
  let installed;
  const installStart = performance.now();
  try {
    installed = install(rt);
  } catch (e) {
    rows.push({ runtime: rt.name, version: '-', result: 'NOT INSTALLABLE', time: '-', detail: `       ${String(e.message ?? e).trimEnd().split('\n').join('\n       ')}` });
    continue;
  }
  const took = ((performance.now() - installStart) / 1000).toFixed(1);
  const how = installed.explicitScript ? ', its install script run explicitly' : '';
  const note = installed.installed ? ` (installed ${rt.spec} in ${took} s${how})` : '';
  // Deno keeps its module cache beside its binary, not in the user's home.
  const env = { ...process.env, DENO_DIR: join(cacheDir, rt.name, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' };
  const r = await runExchange(installed.bin, [...rt.args, 'exchange.mjs'], { cwd: project, timeoutMs: EXCHANGE_TIMEOUT_MS, env });
  rows.push({
    runtime: rt.name,
    version: installed.version,
    result: r.ok ? 'ok' : `FAIL: ${r.reason}`,
    time: `${(r.wallMs / 1000).toFixed(2)} s` + (r.exchangeMs !== undefined ? ` (echo ${r.exchangeMs} ms)` : ''),
    detail: r.ok ? undefined : tail(r.output),
    note,
  });
}

const columns = ['runtime', 'version', 'result', 'time'];
const width = (c) => Math.max(c.length, ...rows.map((r) => r[c].length));
const line = (r) => columns.map((c) => r[c].padEnd(width(c))).join('  ').trimEnd();
console.log(line(Object.fromEntries(columns.map((c) => [c, c]))));
for (const r of rows) {
  console.log(line(r) + (r.note ?? ''));
  if (r.detail) console.log(r.detail);
}
const failed = rows.filter((r) => r.result !== 'ok').length;
console.log(`runtimes: ${rows.length - failed} passed, ${failed} failed`);
rmSync(root, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
