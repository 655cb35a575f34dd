// The NACK list: reorder wait, RTT spacing, retries, age, bounds.
import assert from 'node:assert/strict';
import { NackGenerator } from '../../../../src/protocol/rtp/session/index.js';

const options = { reorderWaitMs: 10, maxRetries: 3, maxAgeMs: 1000 };

describe('rtp session: NACK generator', () => {
  it('requests a missing packet once it is reorder-late, not before, and forgets it when it comes', () => {
    const n = new NackGenerator(options);
    n.onPacket(1, 0);
    n.onPacket(4, 0); // 2 and 3 missing
    assert.deepEqual(n.poll(5, 100), []);
    assert.equal(n.nextTimeoutMs(), 10);
    n.onPacket(2, 8); // reordered, not lost
    assert.deepEqual(n.poll(10, 100), [3]);
    n.onPacket(3, 50);
    assert.equal(n.size, 0);
    assert.equal(n.recovered, 2);
    assert.equal(n.nextTimeoutMs(), undefined);
  });

  it('retries at RTT spacing, up to maxRetries, then gives up', () => {
    const n = new NackGenerator(options);
    n.onPacket(1, 0);
    n.onPacket(3, 0);
    const times: number[] = [];
    for (let t = 0; t <= 1000; t++) if (n.poll(t, 40).length > 0) times.push(t);
    // First at 10 ms, then every 40 * 1.25 + 5 = 55 ms.
    assert.deepEqual(times, [10, 65, 120]);
    assert.equal(n.size, 0);
    assert.equal(n.gaveUp, 1);
    assert.equal(n.requested, 3);
  });

  it('gives up at maxAgeMs whatever the retries left', () => {
    const n = new NackGenerator({ ...options, maxRetries: 100 });
    n.onPacket(1, 0);
    n.onPacket(3, 0);
    for (let t = 0; t < 999; t += 1) n.poll(t, 400);
    assert.equal(n.size, 1);
    n.poll(1000, 400);
    assert.equal(n.size, 0);
  });

  it('a gap over the list size clears the list and asks for a key frame; the list never passes its size', () => {
    const n = new NackGenerator({ ...options, maxListSize: 100 });
    n.onPacket(0, 0);
    assert.equal(n.onPacket(50, 0), false);
    assert.equal(n.size, 49);
    assert.equal(n.onPacket(100, 0), false);
    assert.equal(n.size, 98);
    // Three more make 101: the oldest goes and the owner hears of it.
    assert.equal(n.onPacket(104, 0), true);
    assert.equal(n.size, 100);
    assert.equal(n.onPacket(10_000, 0), true);
    assert.equal(n.size, 0);
    n.dropBefore(20_000);
    assert.equal(n.size, 0);
  });
});
