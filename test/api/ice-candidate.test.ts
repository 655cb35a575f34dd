import assert from 'node:assert/strict';
import { RTCIceCandidate, parsedCandidate } from '../../src/api/ice-candidate.js';
import { interfaces } from '../../src/api/interfaces.js';

const HOST = 'candidate:1905690388 1 udp 2113937151 192.168.0.1 58041 typ host generation 0 ufrag thC8 network-cost 50';
const TCP =
  'candidate:435653019 2 tcp 1845501695 192.168.0.196 4444 typ srflx raddr www.example.com rport 22222 tcptype active';

describe('RTCIceCandidate', () => {
  it('throws TypeError when sdpMid and sdpMLineIndex are both null', () => {
    assert.throws(() => new RTCIceCandidate(), TypeError);
    assert.throws(() => new RTCIceCandidate({}), TypeError);
    assert.throws(() => new RTCIceCandidate({ candidate: HOST }), TypeError);
    assert.throws(() => new RTCIceCandidate({ sdpMid: null, sdpMLineIndex: null }), TypeError);
  });

  it('allows an empty candidate (end of candidates)', () => {
    const c = new RTCIceCandidate({ sdpMid: 'audio' });
    assert.equal(c.candidate, '');
    assert.equal(c.sdpMid, 'audio');
    assert.equal(c.sdpMLineIndex, null);
    assert.equal(c.usernameFragment, null);
    assert.equal(c.foundation, null);
    assert.equal(c.port, null);
  });

  it('converts members per WebIDL', () => {
    const c = new RTCIceCandidate({ candidate: null as unknown as string, sdpMid: 1 as unknown as string, sdpMLineIndex: 65536 });
    assert.equal(c.candidate, 'null');
    assert.equal(c.sdpMid, '1');
    assert.equal(c.sdpMLineIndex, 0);
  });

  it('exposes the fields of the candidate-attribute', () => {
    const c = new RTCIceCandidate({ candidate: HOST, sdpMid: 'video', sdpMLineIndex: 1, usernameFragment: 'test' });
    assert.equal(c.foundation, '1905690388');
    assert.equal(c.component, 'rtp');
    assert.equal(c.priority, 2113937151);
    assert.equal(c.address, '192.168.0.1');
    assert.equal(c.protocol, 'udp');
    assert.equal(c.port, 58041);
    assert.equal(c.type, 'host');
    assert.equal(c.tcpType, null);
    assert.equal(c.relatedAddress, null);
    assert.equal(c.relatedPort, null);
    assert.equal(c.usernameFragment, 'test');
    const t = new RTCIceCandidate({ candidate: TCP, sdpMLineIndex: 0 });
    assert.equal(t.component, 'rtcp');
    assert.equal(t.protocol, 'tcp');
    assert.equal(t.tcpType, 'active');
    assert.equal(t.relatedAddress, 'www.example.com');
    assert.equal(t.relatedPort, 22222);
    assert.equal(parsedCandidate(t)?.priority, 1845501695);
  });

  it('takes usernameFragment only from the init, not the ufrag extension (WPT)', () => {
    assert.equal(new RTCIceCandidate({ candidate: HOST, sdpMid: '0' }).usernameFragment, null);
  });

  it('does not validate the candidate string', () => {
    const c = new RTCIceCandidate({ candidate: '<arbitrary>', sdpMid: 'a' });
    assert.equal(c.candidate, '<arbitrary>');
    assert.equal(c.type, null);
    assert.equal(parsedCandidate(c), null);
  });

  it('keeps relayProtocol and url, but toJSON omits them', () => {
    const c = new RTCIceCandidate({ sdpMid: 'v', relayProtocol: 'tls', url: 'turn:turn.example.net' });
    assert.equal(c.relayProtocol, 'tls');
    assert.equal(c.url, 'turn:turn.example.net');
    const copy = new RTCIceCandidate(c as never);
    assert.equal(copy.relayProtocol, 'tls');
    assert.deepEqual(JSON.parse(JSON.stringify(c)), { candidate: '', sdpMid: 'v', sdpMLineIndex: null, usernameFragment: null });
    assert.throws(() => new RTCIceCandidate({ sdpMid: 'v', relayProtocol: 'sctp' as never }), TypeError);
  });

  it('has the WebIDL interface shape', () => {
    assert.equal(RTCIceCandidate.length, 0);
    assert.equal(Object.prototype.toString.call(new RTCIceCandidate({ sdpMid: '0' })), '[object RTCIceCandidate]');
    const desc = Object.getOwnPropertyDescriptor(RTCIceCandidate.prototype, 'candidate')!;
    assert.equal(desc.enumerable, true);
    assert.equal(desc.set, undefined);
    assert.throws(() => desc.get!.call({}), TypeError);
    assert.equal(interfaces.RTCIceCandidate, RTCIceCandidate);
  });
});
