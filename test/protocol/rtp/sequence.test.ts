// Sequence numbers: serial comparison and unwrapping across the 16-bit wrap, with reordering.
import assert from 'node:assert/strict';
import { isNewerSequence, SequenceUnwrapper, sequenceDelta } from '../../../src/protocol/rtp/index.js';

describe('rtp: sequence numbers', () => {
  it('compares on the 16-bit circle', () => {
    assert.equal(sequenceDelta(65535, 0), 1);
    assert.equal(sequenceDelta(0, 65535), -1);
    assert.equal(sequenceDelta(100, 100), 0);
    assert.equal(sequenceDelta(0, 32767), 32767);
    assert.equal(sequenceDelta(0, 32768), -32768);
    assert.ok(isNewerSequence(0, 65535));
    assert.ok(isNewerSequence(5, 65530));
    assert.ok(!isNewerSequence(65530, 5));
    assert.ok(!isNewerSequence(7, 7));
  });

  it('unwraps forward across several wraps', () => {
    const u = new SequenceUnwrapper();
    assert.equal(u.highest, undefined);
    let expected = 65000;
    for (let i = 0; i < 300_000; i += 97) {
      const ext = 65000 + i;
      assert.equal(u.unwrap(ext & 0xffff), ext);
      expected = ext;
    }
    assert.equal(u.highest, expected);
    assert.ok(expected > 4 * 65536);
  });

  it('puts reordered and duplicated packets around a wrap on the right cycle', () => {
    const u = new SequenceUnwrapper();
    const arrivals = [65533, 65535, 65534, 1, 0, 65535, 2, 3, 65532, 4];
    const unwrapped = arrivals.map((s) => u.unwrap(s));
    assert.deepEqual(unwrapped, [65533, 65535, 65534, 65537, 65536, 65535, 65538, 65539, 65532, 65540]);
    assert.equal(u.highest, 65540);
    assert.equal(u.peek(5), 65541);
    assert.equal(u.highest, 65540, 'peek remembers nothing');
  });

  it('gives a value from before the first one a negative extension, and resets', () => {
    const u = new SequenceUnwrapper();
    assert.equal(u.unwrap(2), 2);
    assert.equal(u.unwrap(65534), -2);
    assert.equal(u.highest, 2);
    assert.equal(u.unwrap(3), 3);
    u.reset();
    assert.equal(u.unwrap(40000), 40000);
    assert.equal(u.highest, 40000);
  });

  it('follows a jump of up to half the space forward, and treats a larger one as a step back', () => {
    const u = new SequenceUnwrapper();
    u.unwrap(1000);
    assert.equal(u.unwrap(1000 + 32767), 33767);
    assert.equal(u.unwrap((33767 + 32768) & 0xffff), 33767 - 32768);
  });
});
