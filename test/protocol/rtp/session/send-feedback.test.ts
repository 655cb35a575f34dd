// Engine pieces of the media API in simulated time: the frame budget behind maxBitrate, the
// sources table behind getSynchronizationSources, the outgoing bitrate from REMB and TWCC.
import assert from 'node:assert/strict';
import { FrameBudget, OutgoingBitrate, SourceTable } from '../../../../src/protocol/rtp/session/index.js';
import { TwccStatus, type TransportFeedback } from '../../../../src/protocol/rtp/index.js';

describe('rtp/session frame budget (maxBitrate)', () => {
  it('sends everything without a rate', () => {
    const b = new FrameBudget();
    for (let i = 0; i < 100; i++) assert.equal(b.admit(100_000, 'delta', i), 'send');
  });

  it('drops a delta beyond the burst, then every delta until a key frame; asks for one once the bucket is half full', () => {
    const b = new FrameBudget();
    b.setRate(80_000); // 500 ms burst: 40 000 bits = 5000 bytes
    assert.equal(b.admit(1000, 'key', 0), 'send');
    for (let i = 0; i < 4; i++) assert.equal(b.admit(1000, 'delta', 0), 'send');
    assert.equal(b.admit(1000, 'delta', 0), 'drop');
    assert.equal(b.takeKeyFrameRequest(0), false, 'bucket empty');
    assert.equal(b.admit(100, 'delta', 400), 'drop', 'deltas wait for a key frame');
    assert.equal(b.takeKeyFrameRequest(400), true);
    assert.equal(b.takeKeyFrameRequest(500), false, 'asked once a second');
    assert.equal(b.takeKeyFrameRequest(1400), true);
    assert.equal(b.admit(3000, 'key', 1400), 'send');
    assert.equal(b.admit(100, 'delta', 1400), 'send');
    assert.equal(b.framesDropped, 2);
    assert.equal(b.bytesDropped, 1100);
  });

  it('audio frames are independent: a drop does not hold the next', () => {
    const b = new FrameBudget();
    b.setRate(8000); // 4000 bits
    assert.equal(b.admit(400, 'independent', 0), 'send');
    assert.equal(b.admit(200, 'independent', 0), 'drop');
    assert.equal(b.admit(50, 'independent', 0), 'send');
    assert.equal(b.takeKeyFrameRequest(1000), false);
  });
});

describe('rtp/session sources (W3C webrtc §5.3.4)', () => {
  it('keeps the latest per source, most recent first, with the audio level; forgets after 10 s', () => {
    const t = new SourceTable();
    t.onPacket(1, [7, 8], 100, { voiceActivity: false, level: 30 }, 1000);
    t.onPacket(2, [], 200, undefined, 2000);
    t.onPacket(1, [7], 300, undefined, 3000);
    assert.deepEqual(t.list('ssrc', 3000), [
      { source: 1, receivedMs: 3000, rtpTimestamp: 300 },
      { source: 2, receivedMs: 2000, rtpTimestamp: 200 },
    ]);
    assert.deepEqual(t.list('csrc', 3000).map((e) => e.source), [7, 8]);
    assert.deepEqual(t.list('ssrc', 12_500).map((e) => e.source), [1]);
    assert.deepEqual(t.list('ssrc', 13_001), []);
  });

  it('holds a bounded number of sources', () => {
    const t = new SourceTable();
    for (let i = 0; i < 1000; i++) t.onPacket(i, [], 0, undefined, i);
    assert.ok(t.list('ssrc', 1000).length <= 64);
    assert.equal(t.list('ssrc', 1000)[0]!.source, 999);
  });
});

describe('rtp/session outgoing bitrate (availableOutgoingBitrate)', () => {
  it('is undefined before feedback, REMB when that is the latest, the acknowledged rate from TWCC', () => {
    const o = new OutgoingBitrate();
    assert.equal(o.estimateBps, undefined);
    for (let s = 0; s < 11; s++) o.onSent(s, 1250);
    // Eleven packets of 1250 bytes arriving 10 ms apart: 10 intervals carry 11 × 10 000 bits over 100 ms.
    const fb: TransportFeedback = { type: 'twcc', senderSsrc: 1, mediaSsrc: 2, baseSequence: 0, referenceTime: 0, feedbackCount: 0, statuses: new Uint8Array(11).fill(TwccStatus.SMALL_DELTA), deltas: Int16Array.from({ length: 11 }, (_, i) => (i === 0 ? 0 : 40)) };
    o.onTransportFeedback(fb, 100);
    assert.equal(o.estimateBps, 1_100_000);
    o.onRemb(500_000, 200);
    assert.equal(o.estimateBps, 500_000);
    o.onTransportFeedback(fb, 300);
    assert.equal(o.estimateBps, 1_100_000);
  });

  it('ignores packets it did not send and spans too short to measure', () => {
    const o = new OutgoingBitrate();
    o.onSent(5, 1000);
    const fb: TransportFeedback = { type: 'twcc', senderSsrc: 1, mediaSsrc: 2, baseSequence: 0, referenceTime: 0, feedbackCount: 0, statuses: new Uint8Array(3).fill(TwccStatus.SMALL_DELTA), deltas: Int16Array.of(0, 4, 4) };
    o.onTransportFeedback(fb, 0);
    assert.equal(o.estimateBps, undefined);
  });
});
