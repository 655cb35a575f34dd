// JSEP session: a video sender with several rids offers a=rid and a=simulcast (RFC 8851,
// RFC 8853), in the order of its encodings; a single encoding or audio offers neither.
import assert from 'node:assert/strict';
import { testSession } from './sessions.js';

function lines(sdp: string, prefix: string): string[] {
  return sdp.split('\r\n').filter((l) => l.startsWith(prefix));
}

describe('JsepSession simulcast offer', () => {
  it('writes one a=rid send per encoding and a=simulcast:send with all of them', () => {
    const a = testSession();
    const t = a.addTransceiver('video', 'sendonly', false);
    t.sender.rids = ['foo', 'bar', 'baz'];
    t.sender.trackId = 'track';
    const offer = a.createOffer();
    assert.deepEqual(lines(offer, 'a=rid:'), ['a=rid:foo send', 'a=rid:bar send', 'a=rid:baz send']);
    assert.deepEqual(lines(offer, 'a=simulcast:'), ['a=simulcast:send foo;bar;baz']);
  });

  it('writes nothing for a recvonly transceiver or one without rids', () => {
    const a = testSession();
    a.addTransceiver('video', 'recvonly', false).sender.rids = ['foo', 'bar'];
    a.addTransceiver('video', 'sendrecv', false);
    const offer = a.createOffer();
    assert.deepEqual(lines(offer, 'a=rid:'), []);
    assert.deepEqual(lines(offer, 'a=simulcast:'), []);
  });
});
