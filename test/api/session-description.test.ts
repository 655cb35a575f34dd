import assert from 'node:assert/strict';
import { RTCSessionDescription } from '../../src/api/session-description.js';

describe('RTCSessionDescription', () => {
  it('requires a valid type', () => {
    assert.throws(() => new (RTCSessionDescription as unknown as new () => unknown)(), TypeError);
    assert.throws(() => new RTCSessionDescription({} as never), TypeError);
    assert.throws(() => new RTCSessionDescription({ type: 'bogus' as never }), TypeError);
  });

  it('defaults sdp to the empty string', () => {
    const d = new RTCSessionDescription({ type: 'offer' });
    assert.equal(d.type, 'offer');
    assert.equal(d.sdp, '');
  });

  it('serializes with toJSON', () => {
    const d = new RTCSessionDescription({ type: 'answer', sdp: 'v=0\r\n' });
    assert.deepEqual(d.toJSON(), { type: 'answer', sdp: 'v=0\r\n' });
    assert.equal(JSON.stringify(d), '{"type":"answer","sdp":"v=0\\r\\n"}');
  });

  it('has readonly attributes and length 1', () => {
    assert.equal(RTCSessionDescription.length, 1);
    const desc = Object.getOwnPropertyDescriptor(RTCSessionDescription.prototype, 'type')!;
    assert.equal(desc.set, undefined);
    assert.equal(desc.enumerable, true);
    assert.throws(() => desc.get!.call(RTCSessionDescription.prototype), TypeError);
    for (const type of ['offer', 'pranswer', 'answer', 'rollback'] as const) {
      assert.equal(new RTCSessionDescription({ type }).type, type);
    }
  });
});
