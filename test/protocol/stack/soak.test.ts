// The loss and corruption soak (docs/soak.md): many seeds of two whole stacks through a path
// that drops, duplicates, reorders, truncates and flips bits in bursts, then heals; for
// each seed, every property of soak.ts. SOAK_SEEDS=n runs n seeds per packet-size profile
// (default 100); SOAK_FROM=k starts at seed k; SOAK_SEED=k (with SOAK_PROFILE=p) replays one.
import assert from 'node:assert/strict';
import { PROFILES, RECOVERY_BOUND_MS, replayCommand, runSoakSeed, type SoakProfile, type SoakResult } from './soak.js';

const env = process.env;
const only = env.SOAK_SEED !== undefined ? Number(env.SOAK_SEED) : undefined;
const count = only !== undefined ? 1 : Number(env.SOAK_SEEDS ?? 100);
const first = only ?? Number(env.SOAK_FROM ?? 1);
const profiles = (Object.keys(PROFILES) as SoakProfile[]).filter((p) => env.SOAK_PROFILE === undefined || env.SOAK_PROFILE === p);

describe('TransportStack soak: bursty loss and corruption, then healing', function () {
  // Simulated time: a seed takes tens of ms of wall time on an idle core; the bound only
  // stops a run that went wrong.
  this.timeout(Math.max(120_000, count * 2000));

  for (const profile of profiles) {
    it(`${PROFILES[profile].what}: ${count} seed${count === 1 ? '' : 's'} from ${first}`, async () => {
      const started = performance.now();
      const results: SoakResult[] = [];
      const failing: string[] = [];
      for (let seed = first; seed < first + count; seed++) {
        let r: SoakResult;
        try {
          r = await runSoakSeed(profile, seed);
        } catch (e) {
          failing.push(`seed ${seed} threw ${(e as Error).message}\n    replay: ${replayCommand(profile, seed)}`);
          continue;
        }
        results.push(r);
        if (r.problems.length > 0) {
          failing.push(`seed ${seed} (${r.settings}): ${r.problems.slice(0, 4).join('; ')}\n    replay: ${replayCommand(profile, seed)}`);
        }
      }
      const wallMs = performance.now() - started;
      const sum = (f: (r: SoakResult) => number): number => results.reduce((t, r) => t + f(r), 0);
      const mutated = sum((r) => r.path.flipped + r.path.truncated);
      const recovered = results.filter((r) => r.outcome === 'delivered');
      const maxRecoveryMs = Math.max(0, ...recovered.map((r) => r.recoveryMs));
      console.log(
        `      ${profile}: ${results.length} seeds in ${(wallMs / 1000).toFixed(1)} s wall; ${recovered.length} delivered everything, ` +
          `${results.filter((r) => r.outcome === 'failed').length} failed with events; longest recovery after healing ${Math.round(maxRecoveryMs)} ms; ` +
          `${sum((r) => r.messages)} messages, ${(sum((r) => r.bytes) / 1e6).toFixed(1)} MB; ${sum((r) => r.path.dropped)} datagrams dropped, ` +
          `${mutated} mutated (${sum((r) => r.droppedBad)} bad inputs dropped and counted)`,
      );
      assert.deepEqual(failing, [], `${failing.length} of ${count} seeds failed:\n  ${failing.join('\n  ')}`);
      assert.ok(maxRecoveryMs <= RECOVERY_BOUND_MS);
      // Datagrams too large for the path: the stack never sends one (1280-byte MTU toward other stacks).
      assert.equal(sum((r) => r.path.tooBig), 0, 'datagrams over the path MTU');
      // Truncated and bit-flipped datagrams are caught (STUN FINGERPRINT, DTLS AEAD, SCTP
      // CRC32c) and counted; none was delivered (every message above matched one sent). A
      // cut that falls between two records of a datagram leaves whole records, so the count
      // may fall a little short of the mutations.
      assert.ok(sum((r) => r.droppedBad) >= 0.8 * mutated, `${sum((r) => r.droppedBad)} bad inputs counted for ${mutated} mutated datagrams`);
    });
  }
});
