// Replays one crash-corpus file (or base64 on the command line) against its target and
// prints the outcome with the full stack: `node --import tsx test/fuzz/replay.ts <target> <file.b64 | base64>`.
import { existsSync, readFileSync } from 'node:fs';
import { Meter } from './harness/target.js';
import { TARGETS } from './targets/index.js';

const [name, arg] = process.argv.slice(2);
const target = TARGETS.find((t) => t.name === name);
if (!target || !arg) {
  console.error(`usage: replay.ts <target> <file.b64 | base64>; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const text = existsSync(arg) ? readFileSync(arg, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('') : arg;
const input = target.decode(new Uint8Array(Buffer.from(text, 'base64')));
if (process.env.FUZZ_PRINT) console.dir(input, { depth: 4, maxArrayLength: 64 });
await target.setup?.();
const meter = new Meter();
try {
  await target.run(input, meter);
  console.log(`passes (${meter.inputs} inputs, slowest ${meter.slowestMs.toFixed(2)} ms)`);
} catch (err) {
  console.log('FAILS:', err);
  process.exitCode = 1;
}
await target.teardown?.();
