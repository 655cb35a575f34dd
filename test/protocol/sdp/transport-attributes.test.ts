import assert from 'node:assert/strict';
import {
  fingerprintBytes,
  formatFingerprintValue,
  getAttribute,
  getAttributes,
  getDirection,
  hasAttribute,
  isExtmapAllowMixed,
  parseFingerprint,
  parseIceOptions,
  parseMaxMessageSize,
  parseSctpPort,
  parseSdp,
  parseSetup,
  serializeFingerprint,
  serializeIceOptions,
  serializeMaxMessageSize,
  serializeSctpPort,
  serializeSetup,
  setDirection,
  type SdpAttribute,
} from '../../../src/protocol/sdp/index.js';
import { fixture, throwsParseError } from './fixtures.js';

const SHA256 = Array.from({ length: 32 }, (_, i) => (i * 7 + 1).toString(16).toUpperCase().padStart(2, '0')).join(':');

describe('sdp/transport attributes', () => {
  it('fingerprint (RFC 8122 §5)', () => {
    const fp = parseFingerprint(`sha-256 ${SHA256}`);
    assert.deepEqual(fp, { algorithm: 'sha-256', value: SHA256 });
    assert.equal(serializeFingerprint(fp), `sha-256 ${SHA256}`);
    assert.equal(fingerprintBytes(fp).length, 32);
    assert.equal(formatFingerprintValue(fingerprintBytes(fp)), SHA256);
    // Lowercase input is accepted and normalized to the RFC's uppercase form.
    assert.deepEqual(parseFingerprint(`SHA-256 ${SHA256.toLowerCase()}`), fp);
    assert.deepEqual(parseFingerprint('x-unknown AB:CD'), { algorithm: 'x-unknown', value: 'AB:CD' });
    for (const bad of [
      '',
      'sha-256',
      `sha-256 ${SHA256.slice(3)}`, // 31 bytes
      `sha-1 ${SHA256}`, // wrong length for the algorithm
      'sha-256 ABCD',
      'sha-256 AB:C',
      'sha-256 AB:CD:',
      'sha-256 GG:00',
      `sha-256 ${SHA256} extra`,
    ]) {
      throwsParseError(() => parseFingerprint(bad), 'SDP_BAD_ATTRIBUTE_VALUE');
    }
  });

  it('setup (RFC 4145 §4)', () => {
    for (const role of ['actpass', 'active', 'passive', 'holdconn'] as const) {
      assert.equal(parseSetup(role), role);
      assert.equal(serializeSetup(role), role);
    }
    for (const bad of ['', 'ACTIVE', 'both']) throwsParseError(() => parseSetup(bad));
  });

  it('sctp-port and max-message-size (RFC 8841 §5.2, §6)', () => {
    assert.equal(parseSctpPort('5000'), 5000);
    assert.equal(serializeSctpPort(5000), '5000');
    assert.equal(parseMaxMessageSize('262144'), 262144);
    assert.equal(parseMaxMessageSize('1073741823'), 1073741823);
    assert.equal(parseMaxMessageSize('0'), 0);
    assert.equal(serializeMaxMessageSize(1073741823), '1073741823');
    for (const bad of ['', '-1', '65536', '50 00', 'x']) throwsParseError(() => parseSctpPort(bad));
    for (const bad of ['', '-1', '1e6', '9999999999999999']) throwsParseError(() => parseMaxMessageSize(bad));
  });

  it('ice-options (RFC 8839 §5.6)', () => {
    assert.deepEqual(parseIceOptions('trickle'), ['trickle']);
    assert.deepEqual(parseIceOptions('trickle renomination'), ['trickle', 'renomination']);
    assert.equal(serializeIceOptions(['trickle', 'renomination']), 'trickle renomination');
    for (const bad of ['', ' ', 'a:b']) throwsParseError(() => parseIceOptions(bad));
  });

  it('attribute lookup helpers', () => {
    const s = parseSdp(fixture('chromium-offer-av-data.sdp'));
    const audio = s.media[0]!.attributes;
    assert.equal(getAttribute(audio, 'mid'), '0');
    assert.equal(getAttribute(audio, 'rtcp-mux'), '');
    assert.equal(getAttribute(audio, 'nope'), undefined);
    assert.equal(getAttributes(audio, 'rtpmap').length, 8);
    assert.ok(hasAttribute(audio, 'rtcp-mux'));
    assert.ok(!hasAttribute(audio, 'nope'));
    assert.ok(isExtmapAllowMixed(s.attributes));
    assert.ok(!isExtmapAllowMixed(audio));
  });

  it('direction helpers (RFC 8866 §6.7)', () => {
    const s = parseSdp(fixture('edge-rejected-video-answer.sdp'));
    assert.equal(getDirection(s.media[0]!.attributes), 'recvonly');
    assert.equal(getDirection(s.media[1]!.attributes), 'inactive');
    assert.equal(getDirection(s.attributes), undefined);
    const list: SdpAttribute[] = [{ key: 'mid', value: '0' }, { key: 'sendrecv' }, { key: 'rtcp-mux' }];
    assert.deepEqual(setDirection(list, 'sendonly'), [{ key: 'mid', value: '0' }, { key: 'sendonly' }, { key: 'rtcp-mux' }]);
    assert.deepEqual(setDirection([], 'inactive'), [{ key: 'inactive' }]);
    assert.equal(getDirection([{ key: 'sendrecv' }, { key: 'sendrecv' }]), 'sendrecv');
    throwsParseError(() => getDirection([{ key: 'sendrecv' }, { key: 'recvonly' }]), 'SDP_BAD_ATTRIBUTE_VALUE');
    throwsParseError(() => getDirection([{ key: 'sendonly', value: 'x' }]), 'SDP_BAD_ATTRIBUTE_VALUE');
  });
});
