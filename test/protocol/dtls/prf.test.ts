// TLS 1.2 PRF (RFC 5246 §5) against the published P_SHA256 / P_SHA384 test vectors.
// Source: the TLS 1.2 PRF test vectors posted to the IETF TLS WG list
// (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html), widely reproduced;
// both were also cross-checked here with `openssl kdf ... TLS1-PRF`.
import assert from 'node:assert/strict';
import { exportKeyingMaterial, finishedVerifyData, keyBlock, prf } from '../../../src/protocol/dtls/prf.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('dtls/prf', () => {
  it('P_SHA256 matches the published 100-byte vector', () => {
    const out = prf('sha256', hex('9bbe436ba940f017b17652849a71db35'), 'test label', hex('a0ba9f936cda311827a6f796ffd5198c'), 100);
    assert.equal(
      toHex(out),
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab' +
        '4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
  });

  it('P_SHA384 matches the published vector (first 64 bytes)', () => {
    const out = prf('sha384', hex('b80b733d6ceefcdc71566ea48e5567df'), 'test label', hex('cd665cf6a8447dd6ff8b27555edb7465'), 64);
    assert.equal(
      toHex(out),
      '7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd',
    );
  });

  it('output is a prefix-stable stream (shorter requests are prefixes)', () => {
    const a = prf('sha256', hex('00'), 'x', hex('01'), 77);
    const b = prf('sha256', hex('00'), 'x', hex('01'), 20);
    assert.deepEqual(a.subarray(0, 20), b);
  });

  it('key block splits into keys then IVs (RFC 5246 §6.3)', () => {
    const master = new Uint8Array(48).fill(7);
    const cr = new Uint8Array(32).fill(1);
    const sr = new Uint8Array(32).fill(2);
    const k = keyBlock('sha256', master, cr, sr, 16);
    const raw = prf('sha256', master, 'key expansion', new Uint8Array([...sr, ...cr]), 40);
    assert.deepEqual(k.clientWriteKey, raw.subarray(0, 16));
    assert.deepEqual(k.serverWriteKey, raw.subarray(16, 32));
    assert.deepEqual(k.clientWriteIv, raw.subarray(32, 36));
    assert.deepEqual(k.serverWriteIv, raw.subarray(36, 40));
  });

  it('exporter seeds with client_random + server_random, optional context (RFC 5705 §4)', () => {
    const master = new Uint8Array(48).fill(9);
    const cr = new Uint8Array(32).fill(3);
    const sr = new Uint8Array(32).fill(4);
    assert.deepEqual(
      exportKeyingMaterial('sha256', master, 'EXTRACTOR-dtls_srtp', cr, sr, 60),
      prf('sha256', master, 'EXTRACTOR-dtls_srtp', new Uint8Array([...cr, ...sr]), 60),
    );
    assert.deepEqual(
      exportKeyingMaterial('sha256', master, 'L', cr, sr, 16, Uint8Array.of(5, 6)),
      prf('sha256', master, 'L', new Uint8Array([...cr, ...sr, 0, 2, 5, 6]), 16),
    );
  });

  it('verify_data is 12 bytes (RFC 5246 §7.4.9)', () => {
    assert.equal(finishedVerifyData('sha384', new Uint8Array(48), 'client finished', new Uint8Array(48)).length, 12);
  });
});
