// The replay window (RFC 3711 §3.3.2) and the index estimate (RFC 3711 Appendix A).
import assert from 'node:assert/strict';
import { ReplayWindow } from '../../../src/protocol/srtp/replay.js';
import { estimateRoc, RocState } from '../../../src/protocol/srtp/roc.js';

describe('srtp/replay', () => {
  it('estimates ROC - 1, ROC or ROC + 1 as RFC 3711 Appendix A does', () => {
    assert.equal(estimateRoc(5, 100, 101), 5);
    assert.equal(estimateRoc(5, 100, 65000), 4, 'SEQ - s_l > 32768 with s_l < 32768: the previous ROC');
    assert.equal(estimateRoc(5, 100, 100 + 32768), 5, 'exactly 32768 ahead is still this ROC');
    assert.equal(estimateRoc(5, 100, 100 + 32769), 4);
    assert.equal(estimateRoc(5, 65000, 3), 6, 's_l - 32768 > SEQ: the next ROC');
    assert.equal(estimateRoc(5, 65000, 65000 - 32768), 5);
    assert.equal(estimateRoc(5, 65000, 65000 - 32769), 6);
    assert.equal(estimateRoc(0, 10, 60000), -1, 'before the first packet, across a wrap');
  });

  it('moves ROC and s_l forward only', () => {
    const r = new RocState(65535);
    r.update(r.estimate(0), 0);
    assert.deepEqual([r.roc, r.highestSeq], [1, 0]);
    r.update(r.estimate(65535), 65535); // late packet of ROC 0
    assert.deepEqual([r.roc, r.highestSeq], [1, 0]);
    r.update(r.estimate(5), 5);
    assert.deepEqual([r.roc, r.highestSeq], [1, 5]);
  });

  it('says fresh, replayed or too-old at the edges of a 128 window, and across a jump', () => {
    const w = new ReplayWindow(128);
    assert.equal(w.check(0), 'fresh');
    w.accept(1000);
    assert.equal(w.check(1000), 'replayed');
    assert.equal(w.check(1001), 'fresh');
    assert.equal(w.check(1000 - 127), 'fresh');
    assert.equal(w.check(1000 - 128), 'too-old');
    w.accept(1000 - 127);
    assert.equal(w.check(1000 - 127), 'replayed');
    w.accept(1000 + 127); // 873 falls out, the slots in between are cleared
    assert.equal(w.check(1000 - 127), 'too-old');
    assert.equal(w.check(1000), 'replayed');
    assert.equal(w.check(1001), 'fresh');
    w.accept(2 ** 48 - 1); // the largest SRTP index: no 32-bit arithmetic
    assert.equal(w.check(2 ** 48 - 1), 'replayed');
    assert.equal(w.check(2 ** 48 - 2), 'fresh');
    assert.equal(w.check(2 ** 48 - 129), 'too-old');
    assert.throws(() => new ReplayWindow(100), RangeError);
  });
});
