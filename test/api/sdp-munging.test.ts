// Edited (munged) descriptions: every case of test/fixtures/sdp-munging/chromium-outcomes.json
// runs through purertc with the procedure Chromium ran (interop/harness/munging.ts), and
// must end the same way: accepted, or refused at the same step with the same error name.
// Where a step took the edited text, purertc keeps it as written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RTCPeerConnection } from '../../src/index.js';
import { runMungingCase, type MungingTable, type PeerConnectionClass } from '../../interop/harness/munging.js';
import { MUNGING_CASES } from '../../interop/munging-cases.js';

const table = JSON.parse(readFileSync(new URL('../fixtures/sdp-munging/chromium-outcomes.json', import.meta.url), 'utf8')) as MungingTable;

/** purertc peers on loopback only. */
class LoopbackPeerConnection extends RTCPeerConnection {
  constructor(configuration: Record<string, unknown> = {}) {
    super({ ...configuration, bindAddress: '127.0.0.1' });
  }
}

describe('api/SDP munging: purertc does what Chromium does with edited descriptions', () => {
  it(`has a row for every case, as the cases are now (${table.browser}, captured ${table.captured})`, () => {
    assert.deepEqual(
      table.cases.map(({ chromium: _, ...spec }) => spec),
      JSON.parse(JSON.stringify(MUNGING_CASES)),
      'interop/munging-cases.ts changed: run node --import tsx interop/capture-munging.ts',
    );
  });

  for (const row of table.cases) {
    const { chromium: expected, ...spec } = row;
    const verdict = expected.failedAt === null ? 'accepted' : `refused at ${expected.failedAt} with ${expected.error!.name}`;
    it(`${spec.name}: ${verdict}`, async () => {
      const outcome = await runMungingCase({ case: spec, gatherTimeoutMs: 3000 }, LoopbackPeerConnection as unknown as PeerConnectionClass);
      const got = { failedAt: outcome.failedAt, error: outcome.error?.name ?? null, states: outcome.states };
      const want = { failedAt: expected.failedAt, error: expected.error?.name ?? null, states: expected.states };
      assert.deepEqual(got, want, `purertc: ${outcome.error?.message ?? 'accepted'}; Chromium: ${expected.error?.message ?? 'accepted'}`);
      if (expected.applied) assert.ok(outcome.applied?.identical, `the applied description is the edited text: ${JSON.stringify(outcome.applied)}`);
    });
  }
});
