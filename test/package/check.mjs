// Checks the package as users get it. Run after `npm run build`: node test/package/check.mjs
// It packs the repository with `npm pack`, checks the tarball's file list, then installs the
// tarball into three new projects outside the repository (ESM, CommonJS, TypeScript) where
// two peers echo 1 MiB over a loopback data channel and the process must exit on its own, and
// where `purertc/media`'s readers read back what its writers wrote.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, pack, repoPackageVersion, repoRoot, runExchange, tail, tempRoot } from './consumers.mjs';

/** How long a consumer's exchange may take, exit included. */
const EXCHANGE_TIMEOUT_MS = 20_000;
/** A file the tarball may hold: the built entries and their chunks, and the three documents. */
const SHIPPED = /^(LICENSE|README\.md|package\.json|dist\/(index|polyfill|media)\.(mjs|cjs|d\.ts|d\.cts)|dist\/chunks\/[\w-]+\.(mjs|cjs|d\.ts|d\.cts))$/;
const REQUIRED = ['LICENSE', 'README.md', 'package.json'];

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const root = tempRoot('purertc-package-');
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    const note = await fn();
    passed++;
    console.log(`  ok   ${name}${note ? ` (${note})` : ''}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}\n       ${e && e.stack ? e.stack.split('\n').slice(0, 6).join('\n       ') : e}`);
  }
}

/** Every file the package's `exports` and `main`/`module`/`types` name. */
function namedFiles() {
  const out = new Set([pkg.main, pkg.module, pkg.types]);
  const walk = (v) => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return [...out].map((f) => f.replace(/^\.\//, ''));
}

/** Runs a consumer's exchange and fails with its output unless it echoed and exited. */
async function exchange(command, args, cwd) {
  const r = await runExchange(command, args, { cwd, timeoutMs: EXCHANGE_TIMEOUT_MS });
  assert.ok(r.ok, `${r.reason}\n${tail(r.output)}`);
  return `1 MiB echoed in ${r.exchangeMs} ms, exited after ${(r.wallMs / 1000).toFixed(2)} s`;
}

/** Runs a `purertc/media` consumer program and checks the line it prints. */
function media(args, cwd, expected) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: EXCHANGE_TIMEOUT_MS });
  assert.equal(r.error, undefined, `did not exit within ${EXCHANGE_TIMEOUT_MS / 1000} s`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), expected);
  return expected;
}

/** Runs `node` with `args` in `cwd` and returns its trimmed output. */
function node(args, cwd) {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8' }).trim();
}

const packed = pack(root);
console.log(
  `package: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ` +
    `${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked (${packed.tarball})`,
);

await check('the tarball holds dist/, README.md, LICENSE and package.json only', () => {
  const stray = packed.files.filter((f) => !SHIPPED.test(f));
  assert.deepEqual(stray, [], `files that should not ship: ${stray.join(', ')}`);
  for (const f of [...REQUIRED, ...namedFiles()]) assert.ok(packed.files.includes(f), `${f} is missing from the tarball`);
  const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License/);
  assert.match(license, /Copyright \(c\) purertc contributors/);
  assert.equal(pkg.license, 'MIT');
});

let esm;
await check('ESM project: installs the tarball', () => {
  esm = makeProject(root, 'consumer-esm', { type: 'module' }, ['exchange.mjs', 'media.mjs'], [packed.tarball]);
});

if (esm) {
  await check('ESM project: the entry exports the interfaces', () => {
    const names = ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'RTCDataChannel', 'MediaStream', 'installGlobals'];
    const out = node(['--input-type=module', '-e', `const m = await import('purertc'); console.log(${JSON.stringify(names)}.map((n) => typeof m[n]).join(' '))`], esm);
    assert.equal(out, names.map(() => 'function').join(' '));
  });
  await check('ESM project: purertc/polyfill installs globals without overwriting', () => {
    const out = node(
      [
        '--input-type=module',
        '-e',
        "globalThis.RTCSessionDescription = 'keep'; await import('purertc/polyfill'); console.log(typeof RTCPeerConnection, RTCSessionDescription, Object.getOwnPropertyDescriptor(globalThis, 'RTCPeerConnection').enumerable)",
      ],
      esm,
    );
    assert.equal(out, 'function keep false');
  });
  await check("ESM project: purertc/media's IVF, Ogg Opus and Annex B writers and readers round-trip", () => media(['media.mjs'], esm, 'media ok ivf=3 ogg=4 annexb=3'));
  await check('ESM project: two peers echo 1 MiB, then the process exits', () => exchange(process.execPath, ['exchange.mjs'], esm));
  await check("ESM project: the README's quick start (examples/quick-start.mjs) prints the echo and exits", () => {
    copyFileSync(join(repoRoot, 'examples', 'quick-start.mjs'), join(esm, 'quick-start.mjs'));
    const r = spawnSync(process.execPath, ['quick-start.mjs'], { cwd: esm, encoding: 'utf8', timeout: EXCHANGE_TIMEOUT_MS });
    assert.equal(r.error, undefined, `did not exit within ${EXCHANGE_TIMEOUT_MS / 1000} s`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'echo: hello');
  });
}

let cjs;
await check('CommonJS project: installs the tarball', () => {
  cjs = makeProject(root, 'consumer-cjs', { type: 'commonjs' }, ['exchange.cjs', 'media.cjs'], [packed.tarball]);
});

if (cjs) {
  await check('CommonJS project: require() gives the interfaces and the polyfill', () => {
    const out = node(
      ['-e', "const m = require('purertc'); require('purertc/polyfill'); console.log(typeof m.RTCPeerConnection, typeof m.RTCRtpTransceiver, typeof RTCDataChannel)"],
      cjs,
    );
    assert.equal(out, 'function function function');
  });
  await check("CommonJS project: require('purertc/media') round-trips IVF, Ogg Opus and Annex B", () => media(['media.cjs'], cjs, 'media ok ivf=2 ogg=2 annexb=2'));
  await check('CommonJS project: two peers echo 1 MiB, then the process exits', () => exchange(process.execPath, ['exchange.cjs'], cjs));
}

let ts;
await check('TypeScript project: installs the tarball and @types/node', () => {
  const sources = ['exchange.ts', 'media.ts', 'tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.cjs.json', 'require.cts'];
  ts = makeProject(root, 'consumer-ts', { type: 'module' }, sources, [packed.tarball, `@types/node@${repoPackageVersion('@types/node')}`]);
});

if (ts) {
  const typecheck = (config) => {
    try {
      execFileSync(process.execPath, [tsc, '-p', config], { cwd: ts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      assert.fail(`tsc -p ${config}:\n${e.stdout}${e.stderr}`);
    }
  };
  await check('TypeScript project: strict, moduleResolution bundler', () => typecheck('tsconfig.bundler.json'));
  await check('TypeScript project: strict, CommonJS require under node16', () => typecheck('tsconfig.cjs.json'));
  await check('TypeScript project: strict, moduleResolution node16, emitted', () => typecheck('tsconfig.node16.json'));
  await check('TypeScript project: purertc/media, typed and emitted, round-trips IVF and Ogg Opus', () => media(['out/media.js'], ts, 'media ok ivf=1 ogg=1 code=IVF_TRUNCATED'));
  await check('TypeScript project: two peers echo 1 MiB, then the process exits', () => exchange(process.execPath, ['out/exchange.js'], ts));
}

console.log(`package: ${passed} passed, ${failed} failed`);
if (failed === 0) rmSync(root, { recursive: true, force: true });
else console.log(`package: the projects are kept in ${root}`);
process.exitCode = failed ? 1 : 0;
