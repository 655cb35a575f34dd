// What a shared UDP port routes by: the receiver's ufrag of a Binding request and the
// transaction ID of a STUN message.
import assert from 'node:assert/strict';
import { muxTransaction, muxUfrag } from '../../../src/protocol/ice/index.js';
import * as stun from '../../../src/protocol/stun/index.js';
import { RFC5769_IPV4_RESPONSE, RFC5769_REQUEST } from '../stun/helpers.js';

const ID = Uint8Array.from({ length: 12 }, (_, i) => i + 1);

function request(username: string | undefined, method: number = stun.StunMethod.Binding, cls: stun.StunClass = 'request'): Uint8Array {
  const attributes = username === undefined ? [] : [stun.usernameAttr(username)];
  return stun.serializeMessage({ class: cls, method, transactionId: ID, attributes }, { fingerprint: true });
}

describe('muxUfrag', () => {
  it('names the receiver ufrag of a Binding request (RFC 8445 §7.2.2 USERNAME = receiver:sender)', () => {
    assert.equal(muxUfrag(request('abcd:efgh')), 'abcd');
    // RFC 5769 §2.1: USERNAME "evtj:h6vY".
    assert.equal(muxUfrag(RFC5769_REQUEST), 'evtj');
  });

  it('names nothing for responses, other methods, other classes, no or odd USERNAME, non-STUN and truncation', () => {
    assert.equal(muxUfrag(RFC5769_IPV4_RESPONSE), undefined);
    assert.equal(muxUfrag(request('abcd:efgh', stun.StunMethod.Binding, 'indication')), undefined);
    assert.equal(muxUfrag(request('abcd:efgh', 0x003)), undefined);
    assert.equal(muxUfrag(request(undefined)), undefined);
    assert.equal(muxUfrag(request('abcdefgh')), undefined);
    assert.equal(muxUfrag(request(':efgh')), undefined);
    assert.equal(muxUfrag(request(`${'a'.repeat(257)}:b`)), undefined);
    assert.equal(muxUfrag(Uint8Array.of(0x16, 0xfe, 0xfd, 0, 0)), undefined);
    const whole = request('abcd:efgh');
    for (let n = 0; n < whole.length; n++) assert.equal(muxUfrag(whole.subarray(0, n)), undefined, `truncated to ${n}`);
  });
});

describe('muxTransaction', () => {
  it('gives the class and the transaction ID key; the request and its response share the key', () => {
    const req = muxTransaction(request('abcd:efgh'))!;
    const res = muxTransaction(request(undefined, stun.StunMethod.Binding, 'success'))!;
    const err = muxTransaction(request(undefined, stun.StunMethod.Binding, 'error'))!;
    assert.deepEqual([req.request, req.response, res.request, res.response, err.response], [true, false, false, true, true]);
    assert.equal(req.key, stun.transactionKey(ID));
    assert.equal(res.key, req.key);
    assert.equal(muxTransaction(request(undefined, stun.StunMethod.Binding, 'indication'))?.response, false);
  });

  it('is undefined for what is not STUN', () => {
    assert.equal(muxTransaction(Uint8Array.of(0x80, 0x60, 0, 1)), undefined);
    assert.equal(muxTransaction(new Uint8Array(19)), undefined);
  });
});
