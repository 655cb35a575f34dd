import assert from 'node:assert/strict';
import {
  parseExtmap,
  parseFmtp,
  parseFmtpParameters,
  parseRtcp,
  parseRtcpFeedback,
  parseRtpmap,
  serializeExtmap,
  serializeFmtp,
  serializeFmtpParameters,
  serializeRtcp,
  serializeRtcpFeedback,
  serializeRtpmap,
} from '../../../src/protocol/sdp/index.js';
import { throwsParseError } from './fixtures.js';

/** Checks parse(value) deep-equals `model` and serialize(model) gives `value` back. */
function roundTrip<T>(parse: (v: string) => T, serialize: (m: T) => string, value: string, model: T): void {
  assert.deepEqual(parse(value), model);
  assert.equal(serialize(model), value);
}

describe('sdp/rtp attributes', () => {
  it('rtpmap (RFC 8866 §6.6)', () => {
    roundTrip(parseRtpmap, serializeRtpmap, '111 opus/48000/2', {
      payloadType: 111,
      encodingName: 'opus',
      clockRate: 48000,
      channels: 2,
    });
    roundTrip(parseRtpmap, serializeRtpmap, '96 VP8/90000', { payloadType: 96, encodingName: 'VP8', clockRate: 90000 });
    roundTrip(parseRtpmap, serializeRtpmap, '110 telephone-event/48000', {
      payloadType: 110,
      encodingName: 'telephone-event',
      clockRate: 48000,
    });
    for (const bad of ['', '111', '111 opus', '128 opus/48000', 'x opus/48000', '111 opus/0', '111 opus/48000/2/1', '111 opus/48000/x', '111 /48000', '111 opus/48000 extra']) {
      throwsParseError(() => parseRtpmap(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });

  it('fmtp (RFC 8866 §6.15) and its parameter map', () => {
    roundTrip(parseFmtp, serializeFmtp, '111 minptime=10;useinbandfec=1', {
      payloadType: 111,
      parameters: 'minptime=10;useinbandfec=1',
    });
    roundTrip(parseFmtp, serializeFmtp, '63 111/111', { payloadType: 63, parameters: '111/111' });
    roundTrip(parseFmtp, serializeFmtp, '100', { payloadType: 100, parameters: '' });
    const params = parseFmtpParameters('maxplaybackrate=48000; stereo=1;useinbandfec=1');
    assert.deepEqual([...params], [['maxplaybackrate', '48000'], ['stereo', '1'], ['useinbandfec', '1']]);
    assert.equal(serializeFmtpParameters(params), 'maxplaybackrate=48000;stereo=1;useinbandfec=1');
    assert.deepEqual([...parseFmtpParameters('0-15')], [['0-15', undefined]]);
    assert.deepEqual([...parseFmtpParameters('a=;b')], [['a', ''], ['b', undefined]]);
    assert.equal(serializeFmtpParameters(parseFmtpParameters('a=;b')), 'a=;b');
    assert.deepEqual([...parseFmtpParameters('')], []);
    for (const bad of ['', 'x a=1', '300 a=1', ' ']) throwsParseError(() => parseFmtp(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    throwsParseError(() => parseFmtpParameters('a=1;=2'), 'SDP_BAD_ATTRIBUTE_VALUE');
  });

  it('rtcp-fb (RFC 4585 §4.2)', () => {
    roundTrip(parseRtcpFeedback, serializeRtcpFeedback, '96 nack pli', { payloadType: 96, type: 'nack', subtype: 'pli' });
    roundTrip(parseRtcpFeedback, serializeRtcpFeedback, '111 transport-cc', { payloadType: 111, type: 'transport-cc' });
    roundTrip(parseRtcpFeedback, serializeRtcpFeedback, '* trr-int 100', { payloadType: '*', type: 'trr-int', subtype: '100' });
    roundTrip(parseRtcpFeedback, serializeRtcpFeedback, '97 ccm tmmbr smaxpr=120', {
      payloadType: 97,
      type: 'ccm',
      subtype: 'tmmbr',
      parameters: 'smaxpr=120',
    });
    for (const bad of ['', '96', 'x nack', '** nack', '96 na:ck']) throwsParseError(() => parseRtcpFeedback(bad));
  });

  it('extmap (RFC 8285 §8)', () => {
    roundTrip(parseExtmap, serializeExtmap, '1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', {
      id: 1,
      uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    });
    roundTrip(parseExtmap, serializeExtmap, '2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level', {
      id: 2,
      direction: 'recvonly',
      uri: 'urn:ietf:params:rtp-hdrext:csrc-audio-level',
    });
    roundTrip(parseExtmap, serializeExtmap, '200 urn:example:ext attr1 attr2', {
      id: 200,
      uri: 'urn:example:ext',
      attributes: 'attr1 attr2',
    });
    roundTrip(parseExtmap, serializeExtmap, '4096 urn:x', { id: 4096, uri: 'urn:x' });
    for (const bad of ['', '1', '0 urn:x', '256 urn:x', '4352 urn:x', '1/sideways urn:x', 'x urn:x', '1/ urn:x']) {
      throwsParseError(() => parseExtmap(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });

  it('rtcp (RFC 3605 §2.1)', () => {
    roundTrip(parseRtcp, serializeRtcp, '9 IN IP4 0.0.0.0', {
      port: 9,
      connection: { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' },
    });
    roundTrip(parseRtcp, serializeRtcp, '53020', { port: 53020 });
    for (const bad of ['', 'x', '70000', '9 IN IP4', '9 IN IP4 1.2.3.4 extra']) throwsParseError(() => parseRtcp(bad));
  });
});
