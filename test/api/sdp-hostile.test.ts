// Hostile remote descriptions and candidates: every case of
// test/fixtures/sdp-hostile/chromium-outcomes.json runs through purertc with the procedure
// Chromium ran (interop/harness/hostile.ts) and must end the same way: accepted, or refused
// at the same step with the same DOMException name (and RTCError errorDetail). After a
// refusal, a valid offer/answer on the same two connections completes and the data channel
// opens: a refused description leaves the connection usable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RTCPeerConnection } from '../../src/index.js';
import { runHostileCase, type HostilePeerConnectionClass, type HostileTable } from '../../interop/harness/hostile.js';
import { HOSTILE_CASES } from '../../interop/hostile-cases.js';

const table = JSON.parse(readFileSync(new URL('../fixtures/sdp-hostile/chromium-outcomes.json', import.meta.url), 'utf8')) as HostileTable;

/** purertc peers on loopback only. */
class LoopbackPeerConnection extends RTCPeerConnection {
  constructor(configuration: Record<string, unknown> = {}) {
    super({ ...configuration, bindAddress: '127.0.0.1' });
  }
}

/**
 * Where purertc keeps to the specification and Chromium does not, with the reason. Each
 * names the outcome purertc has instead of Chromium's.
 */
const SPEC_OVER_CHROMIUM: Record<string, { failedAt: string; error: string; why: string }> = {
  'candidate: usernameFragment of no description': {
    failedAt: 'B.addIceCandidate',
    error: 'OperationError',
    why: 'W3C §4.4.1.5 addIceCandidate rejects a usernameFragment no applied description has (WPT RTCPeerConnection-addIceCandidate.html, which Chromium fails)',
  },
};

/** The step of each scenario that takes the hostile input. */
const HOSTILE_STEP = { 'remote-offer': 'B.setRemoteDescription(offer)', 'remote-answer': 'A.setRemoteDescription(answer)', candidate: 'B.addIceCandidate' };

describe('api/hostile remote input: purertc refuses what Chromium refuses, the same way, and stays usable', function () {
  this.timeout(20_000);

  it(`has a row for every case, as the cases are now (${table.browser}, captured ${table.captured})`, () => {
    assert.deepEqual(
      table.cases.map(({ chromium: _, ...spec }) => spec),
      JSON.parse(JSON.stringify(HOSTILE_CASES)),
      'interop/hostile-cases.ts changed: run node --import tsx interop/capture-hostile.ts',
    );
  });

  for (const row of table.cases) {
    const { chromium: expected, ...spec } = row;
    const detail = expected.error?.errorDetail ? `/${expected.error.errorDetail}` : '';
    const deviation = SPEC_OVER_CHROMIUM[spec.name];
    const verdict = deviation
      ? `refused at ${deviation.failedAt} with ${deviation.error} (Chromium accepts it; ${deviation.why})`
      : expected.failedAt === null
        ? 'accepted'
        : `refused at ${expected.failedAt} with ${expected.error!.name}${detail}`;
    it(`${spec.name}: ${verdict}`, async () => {
      const outcome = await runHostileCase({ case: spec, openTimeoutMs: 5000 }, LoopbackPeerConnection as unknown as HostilePeerConnectionClass);
      const got = { failedAt: outcome.failedAt, error: outcome.error?.name ?? null, states: outcome.states };
      const spec_ = SPEC_OVER_CHROMIUM[spec.name];
      const want = spec_
        ? { failedAt: spec_.failedAt, error: spec_.error, states: expected.states }
        : { failedAt: expected.failedAt, error: expected.error?.name ?? null, states: expected.states };
      assert.deepEqual(got, want, `purertc: ${outcome.error?.message ?? 'accepted'}; Chromium: ${expected.error?.message ?? 'accepted'}`);
      if (expected.error?.errorDetail) assert.equal(outcome.error?.errorDetail, expected.error.errorDetail);
      // Refused where the hostile input arrived, or wherever Chromium still recovered from:
      // the same connections then negotiate and open the channel.
      const mustRecover = outcome.failedAt === HOSTILE_STEP[spec.scenario] || (expected.recovery?.negotiated && expected.recovery.channelOpen);
      if (mustRecover) assert.deepEqual(outcome.recovery, { negotiated: true, error: null, channelOpen: true });
    });
  }
});
