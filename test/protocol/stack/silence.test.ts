// A peer that goes silent mid-session: ICE notices (disconnected, then failed once consent
// expires, RFC 7675 §5.1) in bounded simulated time; the stack never throws meanwhile, and
// sending into the void is harmless.
import assert from 'node:assert/strict';
import type { IceState } from '../../../src/protocol/ice/index.js';
import { BASE_SEED, IMPAIRMENTS, StackPair, type SimPeer } from './sim.js';

/** ICE states a peer reported at or after `sinceMs`, with their times. */
function iceStatesSince(p: SimPeer, sinceMs: number): Array<{ atMs: number; state: IceState }> {
  return p.events.flatMap(({ atMs, event: e }) => (e.type === 'ice-state' && atMs >= sinceMs ? [{ atMs, state: e.state }] : []));
}

describe('TransportStack: a peer that goes silent', () => {
  IMPAIRMENTS.forEach(({ name, link }, i) => {
    it(`${name}: ICE goes disconnected, then failed, in bounded time, and nothing throws`, async () => {
      const pair = await StackPair.create({ link: { ...link, seed: BASE_SEED * 100 + 80 + i } });
      const { a, b } = pair;
      a.stack.openChannel({ id: 0, label: 'doomed', ordered: true, negotiated: false }, pair.nowMs);
      pair.connect();
      pair.run(() => pair.has(b, (e) => e.type === 'channel-opened' && e.id === 0));
      // Some ordinary traffic (and consent refreshes) first.
      for (let k = 0; k < 10; k++) {
        a.stack.send(0, `hello ${k}`, pair.nowMs);
        pair.advanceTo(pair.nowMs + 1000);
      }
      assert.ok(!pair.has(a, (e) => e.type === 'ice-state' && (e.state === 'disconnected' || e.state === 'failed')), 'a failed while talking');

      const silentAt = pair.nowMs;
      b.silent = true;
      // RFC 7675 §5.1: once consent is lost, no more application data (DTLS) goes out.
      const dtlsSentAt: Record<string, number[]> = { a: [], b: [] };
      pair.onTransmit = (p, data, nowMs) => {
        if (data[0]! >= 20 && data[0]! <= 63) dtlsSentAt[p.name]!.push(nowMs);
      };
      const failed = (p: SimPeer): boolean => iceStatesSince(p, silentAt).some((s) => s.state === 'failed');
      // a keeps sending into the void every 500 ms until ICE gives up; that must not throw.
      // (Once the association gives up the channel closes, and sending on it is misuse.)
      let lastSendMs = silentAt;
      const channelClosed = (): boolean => pair.has(a, (e) => e.type === 'channel-closed' && e.id === 0);
      pair.run(
        () => {
          if (pair.nowMs - lastSendMs >= 500 && !channelClosed()) {
            a.stack.send(0, 'anyone there?', pair.nowMs);
            lastSendMs = pair.nowMs;
          }
          return failed(a) && failed(b);
        },
        { maxTimeMs: 60_000 },
      );
      for (const p of [a, b]) {
        const states = iceStatesSince(p, silentAt);
        const disconnected = states.find((s) => s.state === 'disconnected');
        const failure = states.find((s) => s.state === 'failed')!;
        assert.ok(disconnected !== undefined, `${p.name}: no 'disconnected' before 'failed': ${JSON.stringify(states)}`);
        assert.ok(disconnected.atMs <= failure.atMs && states.indexOf(disconnected) < states.indexOf(failure), `${p.name}: order`);
        // Browsers say disconnected within a few seconds; consent (RFC 7675 §5.1) expires at 30 s.
        assert.ok(disconnected.atMs - silentAt <= 10_000, `${p.name}: disconnected after ${disconnected.atMs - silentAt} ms`);
        assert.ok(failure.atMs - silentAt <= 45_000, `${p.name}: failed after ${failure.atMs - silentAt} ms`);
        assert.ok(!states.some((s) => s.state === 'connected' || s.state === 'completed'), `${p.name}: recovered from silence?`);
      }
      // (checked after the linger below too)
      const dtlsAfterFailure = (p: SimPeer): number[] => {
        const failedAt = iceStatesSince(p, silentAt).find((s) => s.state === 'failed')!.atMs;
        return dtlsSentAt[p.name]!.filter((t) => t > failedAt);
      };

      // Afterwards time keeps passing without errors, busy timers or a revival.
      const stepsBefore = pair.steps;
      const settled = pair.nowMs;
      pair.advanceTo(pair.nowMs + 120_000);
      assert.ok(pair.steps - stepsBefore < 20_000, `${pair.steps - stepsBefore} steps in 120 s after failure`);
      for (const p of [a, b]) {
        assert.ok(!iceStatesSince(p, settled).some((s) => s.state === 'connected' || s.state === 'completed'), `${p.name} revived`);
        assert.deepEqual(dtlsAfterFailure(p), [], `${p.name} sent DTLS after ICE failed`);
      }
    });
  });
});
