// Published test vectors: RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key
// derivation), RFC 7714 §16 (SRTP) and §17 (SRTCP) for AES-128-GCM and AES-256-GCM.
import assert from 'node:assert/strict';
import { AesCtr } from '../../../src/crypto/index.js';
import { deriveKey, deriveSessionKeys, type SessionKeys } from '../../../src/protocol/srtp/kdf.js';
import { SRTP_PROFILES, SrtpProfileId } from '../../../src/protocol/srtp/index.js';
import { CmHmacTransform } from '../../../src/protocol/srtp/transform-cm.js';
import { GcmTransform } from '../../../src/protocol/srtp/transform-gcm.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const session = (key: string, salt: string, auth = ''): SessionKeys => ({ encryptionKey: hex(key), salt: hex(salt), authenticationKey: hex(auth) });

describe('srtp/vectors', () => {
  it('RFC 3711 B.2: the AES-CM keystream for SSRC 0, ROC 0, SEQ 0', () => {
    // B.2: session key 2B7E...4F3C, session salt F0F1...FCFD; the keystream blocks are
    // what encrypting zeros gives, from counter F0F1...FCFD0000 on.
    const keys = session('2B7E151628AED2A6ABF7158809CF4F3C', 'F0F1F2F3F4F5F6F7F8F9FAFBFCFD', '00'.repeat(20));
    const t = new CmHmacTransform(keys, keys, 10, 10);
    const header = hex('80000000 00000000 00000000'); // SEQ 0, SSRC 0
    const blocks = 0xff02;
    const packet = new Uint8Array(12 + blocks * 16);
    packet.set(header);
    const out = t.protectRtp(packet, 12, 0, 0, 0);
    const block = (n: number): string => toHex(out.subarray(12 + 16 * n, 12 + 16 * (n + 1))).toUpperCase();
    assert.equal(block(0x0000), 'E03EAD0935C95E80E166B16DD92B4EB4');
    assert.equal(block(0x0001), 'D23513162B02D0F72A43A2FE4A5F97AB');
    assert.equal(block(0x0002), '41E95B3BB0A2E8DD477901E4FCA894C0');
    assert.equal(block(0xfeff), 'EC8CDF7398607CB0F2D21675EA9EA1E4');
    assert.equal(block(0xff00), '362B7C3C6773516318A077D7FC5073AE');
    assert.equal(block(0xff01), '6A2CC3787889374FBEB4C81B17BA6C44');
  });

  it('RFC 3711 B.3: session encryption key, salt and authentication key from the master key (KDR 0)', () => {
    const masterKey = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
    const masterSalt = hex('0EC675AD498AFEEBB6960B3AABE6');
    const prf = new AesCtr(masterKey);
    assert.equal(toHex(deriveKey(prf, masterSalt, 0x00, 16)).toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
    assert.equal(toHex(deriveKey(prf, masterSalt, 0x02, 14)).toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
    // B.3 prints 94 bytes of the authentication key stream; SHA1 keys take the first 20.
    assert.equal(
      toHex(deriveKey(prf, masterSalt, 0x01, 94)).toUpperCase(),
      'CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2',
    );
    const keys = deriveSessionKeys(SRTP_PROFILES.get(SrtpProfileId.AES128_CM_HMAC_SHA1_80)!, masterKey, masterSalt);
    assert.equal(toHex(keys.rtp.encryptionKey).toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
    assert.equal(toHex(keys.rtp.authenticationKey).toUpperCase(), 'CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
    assert.equal(toHex(keys.rtp.salt).toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
    // SRTCP keys come from labels 3-5 (RFC 3711 §4.3.2): all different from SRTP's.
    assert.equal(toHex(keys.rtcp.encryptionKey), toHex(deriveKey(prf, masterSalt, 0x03, 16)));
    assert.notEqual(toHex(keys.rtcp.encryptionKey), toHex(keys.rtp.encryptionKey));
    assert.notEqual(toHex(keys.rtcp.authenticationKey), toHex(keys.rtp.authenticationKey));
    assert.notEqual(toHex(keys.rtcp.salt), toHex(keys.rtp.salt));
  });

  // RFC 7714 §16 and §17 give session keys (no KDF): key 000102..., salt "Quid pro quo".
  const KEY_128 = '000102030405060708090a0b0c0d0e0f';
  const KEY_256 = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
  const SALT = '517569642070726f2071756f';
  const RTP = '8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573';
  const RTCP = '81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef';
  const gcm = (key: string): GcmTransform => new GcmTransform(session(key, SALT), session(key, SALT));

  for (const [section, key, srtp] of [
    ['16.1', KEY_128, '8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833 899d7f27beb16a9152cf765ee4390cce'],
    ['16.2', KEY_256, '8040f17b8041f8d35501a0b2 32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b 7aa3db36dfffd6b0f9bb7878d7a76c13'],
  ] as const) {
    it(`RFC 7714 §${section}: SRTP AEAD_AES_${key.length * 4}_GCM encryption and decryption (ROC 0, SEQ 0xf17b)`, () => {
      const t = gcm(key);
      assert.equal(toHex(t.protectRtp(hex(RTP), 12, 0x5501a0b2, 0, 0xf17b)), toHex(hex(srtp)));
      assert.equal(toHex(t.unprotectRtp(hex(srtp), 12, 0x5501a0b2, 0, 0xf17b)!), toHex(hex(RTP)));
      const bad = hex(srtp);
      bad[5]! ^= 1; // a header byte: AAD
      assert.equal(t.unprotectRtp(bad, 12, 0x5501a0b2, 0, 0xf17b), undefined);
      assert.equal(t.unprotectRtp(hex(srtp), 12, 0x5501a0b2, 1, 0xf17b), undefined, 'another ROC is another IV');
    });
  }

  for (const [section, key, srtcp] of [
    ['17.1', KEY_128, '81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade 800005d4'],
    ['17.2', KEY_256, '81c8000d4d617273 d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be 800005d4'],
  ] as const) {
    it(`RFC 7714 §${section}: SRTCP AEAD_AES_${key.length * 4}_GCM, E = 1, index 0x5d4`, () => {
      const t = gcm(key);
      assert.equal(toHex(t.protectRtcp(hex(RTCP), 0x4d617273, 0x5d4)), toHex(hex(srtcp)));
      assert.equal(toHex(t.unprotectRtcp(hex(srtcp), 0x4d617273, 0x5d4, true)!), toHex(hex(RTCP)));
      const bad = hex(srtcp);
      bad[bad.length - 1]! ^= 1; // the index is AAD
      assert.equal(t.unprotectRtcp(bad, 0x4d617273, 0x5d5, true), undefined);
    });
  }

  it('RFC 7714 §17.3: SRTCP AEAD_AES_128_GCM authenticated only (E = 0): the whole packet is AAD', () => {
    const tagged = hex(`${RTCP} 841dd9683dd78ec92ae58790125f62b3 000005d4`);
    const t = gcm(KEY_128);
    assert.equal(toHex(t.unprotectRtcp(tagged, 0x4d617273, 0x5d4, false)!), toHex(hex(RTCP)));
    const bad = Uint8Array.from(tagged);
    bad[20]! ^= 0x80;
    assert.equal(t.unprotectRtcp(bad, 0x4d617273, 0x5d4, false), undefined);
  });
});
