// The short fuzz run inside `npm test` (docs/fuzzing.md): every target for a fixed number of
// runs from a fixed seed, then every input of the crash corpus replayed as a regression test.
// The long run is `npm run fuzz -- --inputs=1000000 [target ...]` (test/fuzz/cli.ts).
import assert from 'node:assert/strict';
import { loadCorpus } from './harness/corpus.js';
import { formatReport, runTarget } from './harness/runner.js';
import { describe as describeError, Meter } from './harness/target.js';
import { runSoaks } from './soak.js';
import { TARGETS } from './targets/index.js';

/** The seed of the short run; FUZZ_SEED=n runs it from another. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

describe('fuzz', function () {
  this.timeout(120_000);

  for (const target of TARGETS) {
    describe(target.name, () => {
      before(async () => target.setup?.());
      after(async () => target.teardown?.());

      it(`${target.shortRuns} runs: ${target.description}`, async () => {
        const report = await runTarget(target, { runs: target.shortRuns, seed: SEED, chunkRuns: target.shortRuns });
        if (process.env.FUZZ_VERBOSE) console.log(`      ${formatReport(report)}`);
        const shown = (b64: string): string => (b64.length > 400 ? `${b64.slice(0, 400)}... (${b64.length} characters; npm run fuzz saves it whole)` : b64);
        const lines = report.failures.map((f) => `${f.message}\n        input (base64, ${target.name}, seed ${f.seed}): ${shown(f.input)}`);
        if (lines.length > 0) assert.fail(`${target.name}:\n${lines.join('\n')}`);
      });

      for (const entry of loadCorpus(target.name)) {
        it(`corpus ${entry.file}: ${entry.comment.slice(0, 160)}`, async () => {
          try {
            await target.run(target.decode(entry.bytes), new Meter());
          } catch (err) {
            assert.fail(`${target.name} corpus ${entry.file} fails again: ${describeError(err)}`);
          }
        });
      }
      // Inputs of defects reported for code outside the fuzzed parsers (docs/fuzzing.md):
      // they fail until that code is fixed, so they run only when asked for.
      for (const entry of loadCorpus(`${target.name}/known`)) {
        (process.env.PURERTC_RUN_KNOWN_BUGS === '1' ? it : it.skip)(`known/${entry.file} [KNOWN BUG, see docs/fuzzing.md]: ${entry.comment.slice(0, 160)}`, async () => {
          try {
            await target.run(target.decode(entry.bytes), new Meter());
          } catch (err) {
            assert.fail(`${target.name} known/${entry.file} still fails: ${describeError(err)}`);
          }
        });
      }
    });
  }

  it('one engine instance fed 10,000 fuzz inputs keeps its retained heap under 16 MiB and still works (SCTP, DTLS, ICE, stack)', async () => {
    const lines: string[] = [];
    const ok = await runSoaks(10_000, (l) => lines.push(l));
    if (process.env.FUZZ_VERBOSE) for (const l of lines) console.log(`      ${l}`);
    assert.ok(ok, lines.join('\n'));
  });
});
