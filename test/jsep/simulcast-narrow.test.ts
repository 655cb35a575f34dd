// Applying an answer narrows a simulcast sender to the layers the peer accepts (W3C §4.4.1.6,
// RFC 8853 §5.3): those its a=simulcast:recv lists, or the first when it receives unicast.
import assert from 'node:assert/strict';
import type { SdpMedia } from '../../src/protocol/sdp/index.js';
import { keptSendRids, simulcastRecvRids } from '../../src/jsep/simulcast.js';

function media(...attributes: Array<[string, string]>): SdpMedia {
  return { kind: 'video', port: 9, protocol: 'UDP/TLS/RTP/SAVPF', formats: [], bandwidths: [], attributes: attributes.map(([key, value]) => ({ key, value })) }  as SdpMedia;
}

describe('simulcast envelope of an answer', () => {
  it('reads the rids a section receives, first alternatives, defined ones only', () => {
    const m = media(['rid', 'a recv'], ['rid', 'b recv'], ['rid', 'c send'], ['simulcast', 'send c recv ~b;a,x;c']);
    assert.deepEqual(simulcastRecvRids(m), ['b', 'a']);
  });

  it('keeps the accepted rids in our order, or the first alone', () => {
    const both = media(['rid', 'bar recv'], ['rid', 'foo recv'], ['simulcast', 'recv bar;foo']);
    assert.equal(keptSendRids(['foo', 'bar'], both, true), undefined);
    const bar = media(['rid', 'bar recv'], ['simulcast', 'recv bar']);
    assert.deepEqual(keptSendRids(['foo', 'bar', 'baz'], bar, true), ['bar']);
    const unicast = media();
    assert.deepEqual(keptSendRids(['foo', 'bar'], unicast, true), ['foo']);
    const strangers = media(['rid', 'zz recv'], ['simulcast', 'recv zz']);
    assert.deepEqual(keptSendRids(['foo', 'bar'], strangers, false), ['foo']);
  });

  it('leaves the envelope alone when the section does not receive and says nothing', () => {
    assert.equal(keptSendRids(['foo', 'bar'], media(), false), undefined);
  });
});
