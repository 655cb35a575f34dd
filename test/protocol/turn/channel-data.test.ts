// ChannelData (RFC 8656 §12.4) and the stream framing of TURN over TCP/TLS (§12.5).
import assert from 'node:assert/strict';
import { ParseError, StunMethod, serializeMessage } from '../../../src/protocol/stun/index.js';
import { TurnStreamFramer, parseChannelData, serializeChannelData } from '../../../src/protocol/turn/index.js';

describe('turn/channel-data', () => {
  it('round-trips, padded to 4 bytes only when asked', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5]);
    const udp = serializeChannelData(0x4001, data, false);
    const tcp = serializeChannelData(0x4001, data, true);
    assert.deepEqual([...udp.subarray(0, 4)], [0x40, 0x01, 0, 5]);
    assert.equal(udp.length, 9);
    assert.equal(tcp.length, 12);
    for (const bytes of [udp, tcp]) assert.deepEqual(parseChannelData(bytes), { channel: 0x4001, data });
  });

  it('rejects a channel out of range and a short message with ParseError', () => {
    assert.throws(() => parseChannelData(new Uint8Array([0x50, 0, 0, 0])), ParseError);
    assert.throws(() => parseChannelData(new Uint8Array([0x40, 0, 0, 9, 1])), ParseError);
    assert.throws(() => parseChannelData(new Uint8Array([0x40, 0])), ParseError);
    assert.throws(() => serializeChannelData(0x3fff, new Uint8Array(0), false), RangeError);
  });

  it('splits a stream of STUN and ChannelData messages cut anywhere', () => {
    const stun = serializeMessage({ class: 'request', method: StunMethod.Allocate, transactionId: new Uint8Array(12).fill(3), attributes: [] }, { fingerprint: true });
    const cd1 = serializeChannelData(0x4000, new Uint8Array([9, 9, 9]), true);
    const cd2 = serializeChannelData(0x4fff, new Uint8Array(0), true);
    const stream = new Uint8Array([...cd1, ...stun, ...cd2]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const f = new TurnStreamFramer();
      const out = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))];
      assert.deepEqual(out, [cd1, stun, cd2], `cut at ${cut}`);
      assert.equal(f.bufferedBytes, 0);
    }
  });

  it('marks a stream corrupt at a byte that starts no TURN message', () => {
    const f = new TurnStreamFramer();
    assert.deepEqual(f.push(new Uint8Array([0x80, 0, 0, 0])), []);
    assert.ok(f.corrupt);
    assert.deepEqual(f.push(serializeChannelData(0x4000, new Uint8Array(1), true)), []);
  });
});
