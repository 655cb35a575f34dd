// Checks the built package as users get it: ESM, CJS, the polyfill entry and the types.
// Run after `npm run build`: node test/package/check.mjs
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}\n       ${e && e.stack ? e.stack.split('\n').slice(0, 3).join('\n       ') : e}`);
  }
}

await check('ESM entry exports the interfaces', async () => {
  const m = await import('purertc');
  for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'RTCDataChannel', 'MediaStream', 'installGlobals']) {
    assert.equal(typeof m[name], 'function', name);
  }
});

await check('CJS entry exports the interfaces', () => {
  const m = require('purertc');
  assert.equal(typeof m.RTCPeerConnection, 'function');
  assert.equal(typeof m.RTCRtpTransceiver, 'function');
});

await check('ESM polyfill installs globals without overwriting', () => {
  const out = execFileSync(process.execPath, [
    '--input-type=module',
    '-e',
    "globalThis.RTCSessionDescription = 'keep'; await import('purertc/polyfill'); console.log(typeof RTCPeerConnection, RTCSessionDescription, Object.getOwnPropertyDescriptor(globalThis, 'RTCPeerConnection').enumerable)",
  ]).toString().trim();
  assert.equal(out, 'function keep false');
});

await check('CJS polyfill installs globals', () => {
  const out = execFileSync(process.execPath, ['-e', "require('purertc/polyfill'); console.log(typeof RTCPeerConnection, typeof RTCDataChannel)"]).toString().trim();
  assert.equal(out, 'function function');
});

await check('ESM negotiates two peers', async () => {
  const { RTCPeerConnection } = await import('purertc');
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  a.close();
  b.close();
});

await check('type declarations exist for every entry', () => {
  for (const entry of Object.values(pkg.exports)) {
    if (typeof entry !== 'object') continue;
    assert.ok(existsSync(new URL(`../../${entry.types}`, import.meta.url)), entry.types);
  }
  const dts = readFileSync(new URL('../../dist/index.d.ts', import.meta.url), 'utf8');
  assert.match(dts, /class RTCPeerConnection/);
});

console.log(`package: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
