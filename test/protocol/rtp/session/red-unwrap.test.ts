// Video RED (RFC 2198) on receive: the primary block of a media payload type is unwrapped;
// a FEC primary, a malformed payload and RED where none is negotiated are told apart.
import assert from 'node:assert/strict';
import { serializeRed } from '../../../../src/protocol/rtp/payload/index.js';
import type { CodecDescription } from '../../../../src/protocol/rtp/session/config.js';
import { unwrapRed } from '../../../../src/protocol/rtp/session/red-unwrap.js';

const codecs = new Map<number, CodecDescription>([
  [96, { payloadType: 96, clockRate: 90000, rtxPayloadType: 97 }],
  [123, { payloadType: 123, clockRate: 90000, rtxPayloadType: 122, red: true }],
]);
const vp8 = new Uint8Array([0x90, 0x80, 0x01, 0x02, 0x03]);

describe('rtp/session/red-unwrap', () => {
  it('a RED packet whose primary block is VP8 becomes that VP8 packet', () => {
    const payload = serializeRed({ redundant: [], primary: { payloadType: 96, data: vp8 } });
    const out = unwrapRed({ sequenceNumber: 7, timestamp: 900, marker: true, payloadType: 123, payload }, codecs);
    assert.notEqual(typeof out, 'string');
    assert.deepEqual(out, { sequenceNumber: 7, timestamp: 900, marker: true, payloadType: 96, payload: vp8 });
  });

  it('a packet of a media payload type passes unchanged', () => {
    const p = { sequenceNumber: 1, timestamp: 2, marker: false, payloadType: 96, payload: vp8 };
    assert.equal(unwrapRed(p, codecs), p);
  });

  it('a ULPFEC primary (payload type not negotiated as media) and a truncated payload are refused', () => {
    const fec = serializeRed({ redundant: [], primary: { payloadType: 39, data: vp8 } });
    assert.equal(unwrapRed({ sequenceNumber: 1, timestamp: 2, marker: false, payloadType: 123, payload: fec }, codecs), 'red-not-media');
    const nested = serializeRed({ redundant: [], primary: { payloadType: 123, data: vp8 } });
    assert.equal(unwrapRed({ sequenceNumber: 1, timestamp: 2, marker: false, payloadType: 123, payload: nested }, codecs), 'red-not-media');
    assert.equal(unwrapRed({ sequenceNumber: 1, timestamp: 2, marker: false, payloadType: 123, payload: new Uint8Array([0x80 | 96, 0]) }, codecs), 'red-malformed');
  });
});
