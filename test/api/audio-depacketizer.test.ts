// The audio depacketizer of receiverFrames: each RTP payload is one frame, except a
// padding-only packet (RFC 3550 §5.1), which carries none: Firefox sends such probes on
// its Opus SSRC when transport-wide-cc is negotiated for audio.
import assert from 'node:assert/strict';
import { depacketizerFor } from '../../src/api/encoded-media.js';

describe('api/audio depacketizer', () => {
  it('takes each payload as a frame and drops padding-only packets', () => {
    const d = depacketizerFor('audio/opus');
    assert.ok(d);
    const opus = Uint8Array.of(0x78, 0x9b, 0xe5);
    assert.deepEqual(d.push({ payload: opus, marker: false, sequenceNumber: 7, timestamp: 960 }), {
      data: opus,
      timestamp: 960,
      firstSequenceNumber: 7,
      lastSequenceNumber: 7,
      keyFrame: true,
    });
    assert.equal(d.push({ payload: new Uint8Array(0), marker: false, sequenceNumber: 8, timestamp: 960 }), undefined);
    assert.equal(d.push({ payload: opus, marker: false, sequenceNumber: 9, timestamp: 1920 })?.timestamp, 1920);
  });

  it('is the same for G.711', () => {
    const d = depacketizerFor('audio/PCMU')!;
    assert.equal(d.push({ payload: new Uint8Array(0), marker: false, sequenceNumber: 1, timestamp: 0 }), undefined);
    assert.equal(d.push({ payload: new Uint8Array(160), marker: false, sequenceNumber: 2, timestamp: 160 })?.data.length, 160);
  });
});
