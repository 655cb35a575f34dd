// HMAC and digests over the one-shot hash, against node's Hmac/Hash objects and RFC 4231.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { digest, hmac, HmacKey, type DigestName } from '../../src/crypto/mac.js';
import { seededRandom } from '../helpers/seeded-random.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const NAMES: DigestName[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

describe('crypto/mac', () => {
  it('RFC 4231 test case 2 (HMAC-SHA-256 and -384 with the key "Jefe")', () => {
    const key = new TextEncoder().encode('Jefe');
    const data = new TextEncoder().encode('what do ya want for nothing?');
    assert.equal(hex(hmac('sha256', key, data)), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    assert.equal(
      hex(hmac('sha384', key, data)),
      'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    );
  });

  it('matches createHmac and createHash for keys shorter than, equal to and longer than the block, and split input', () => {
    const rng = seededRandom(7);
    for (const name of NAMES) {
      for (const keyBytes of [0, 1, 20, 64, 65, 128, 129, 300]) {
        for (const dataBytes of [0, 1, 63, 64, 65, 1000]) {
          const key = rng.bytes(keyBytes);
          const data = rng.bytes(dataBytes);
          const expected = createHmac(name, key).update(data).digest('hex');
          const cut = dataBytes >> 1;
          assert.equal(hex(hmac(name, key, data)), expected, `${name} key ${keyBytes} data ${dataBytes}`);
          assert.equal(hex(new HmacKey(name, key).mac(data.subarray(0, cut), data.subarray(cut))), expected);
          assert.equal(hex(digest(name, data.subarray(0, cut), data.subarray(cut))), createHash(name).update(data).digest('hex'));
        }
      }
    }
  });

  it('does not reuse a padded key after the caller changed the key bytes', () => {
    const key = new Uint8Array(16).fill(1);
    const data = new Uint8Array([1, 2, 3]);
    assert.equal(hex(hmac('sha1', key, data)), createHmac('sha1', key).update(data).digest('hex'));
    key[3] = 9;
    assert.equal(hex(hmac('sha1', key, data)), createHmac('sha1', key).update(data).digest('hex'));
    assert.equal(hex(hmac('sha256', key, data)), createHmac('sha256', key).update(data).digest('hex'));
  });
});
