// DTLS-SRTP keying (RFC 5764 §4.2): the exporter output's layout, and two DtlsConnections
// in simulated time whose exported keys make contexts that talk to each other, per profile.
import assert from 'node:assert/strict';
import { SrtpProfile as DtlsSrtpProfile } from '../../../src/protocol/dtls/index.js';
import {
  DTLS_SRTP_EXPORTER_LABEL,
  SrtpContext,
  SrtpError,
  SrtpProfileId,
  SRTP_PROFILES,
  srtpContextsFromDtls,
  srtpContextsFromKeyingMaterial,
  srtpKeyingMaterialBytes,
} from '../../../src/protocol/srtp/index.js';
import { makePair, SimulatedPair } from '../dtls/helpers.js';
import { PROFILES, rtcp, rtp, toHex } from './helpers.js';

describe('srtp/keying', () => {
  it('profile ids match the DTLS use_srtp constants (RFC 5764 §4.1.2, RFC 7714 §14.2)', () => {
    assert.equal(SrtpProfileId.AES128_CM_HMAC_SHA1_80, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
    assert.equal(SrtpProfileId.AES128_CM_HMAC_SHA1_32, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_32);
    assert.equal(SrtpProfileId.AEAD_AES_128_GCM, DtlsSrtpProfile.AEAD_AES_128_GCM);
    assert.equal(SrtpProfileId.AEAD_AES_256_GCM, DtlsSrtpProfile.AEAD_AES_256_GCM);
    assert.deepEqual(PROFILES.map((p) => [p.id, srtpKeyingMaterialBytes(p.id)]), [[7, 56], [8, 88], [1, 60], [2, 60]]);
  });

  for (const profile of PROFILES) {
    it(`${profile.name}: the material is client key, server key, client salt, server salt`, () => {
      const k = profile.keyBytes;
      const s = profile.saltBytes;
      const material = Uint8Array.from({ length: 2 * (k + s) }, (_, i) => (i * 11 + 3) & 0xff);
      const client = srtpContextsFromKeyingMaterial(profile.id, material, 'client');
      const server = srtpContextsFromKeyingMaterial(profile.id, material, 'server');
      const clientWrite = new SrtpContext({ profile, masterKey: material.subarray(0, k), masterSalt: material.subarray(2 * k, 2 * k + s) });
      const serverWrite = new SrtpContext({ profile, masterKey: material.subarray(k, 2 * k), masterSalt: material.subarray(2 * k + s) });
      const p = rtp(9, 77);
      assert.equal(toHex(client.local.protectRtp(p)), toHex(clientWrite.protectRtp(p)));
      assert.equal(toHex(server.local.protectRtp(p)), toHex(serverWrite.protectRtp(p)));
      assert.equal(toHex(server.remote.unprotectRtp(client.local.protectRtp(rtp(10, 77)))), toHex(rtp(10, 77)));
      assert.equal(toHex(client.remote.unprotectRtp(server.local.protectRtp(rtp(10, 77)))), toHex(rtp(10, 77)));
      assert.equal(client.remote.unprotectRtp(client.local.protectRtp(rtp(11, 77))), undefined, 'the two directions have different keys');
      assert.throws(() => srtpContextsFromKeyingMaterial(profile.id, material.subarray(1), 'client'), SrtpError);
    });
  }

  it('unknown profiles are refused with SrtpError("unknown-profile")', () => {
    assert.throws(() => srtpKeyingMaterialBytes(3), (e: unknown) => e instanceof SrtpError && e.code === 'unknown-profile');
    assert.throws(() => srtpContextsFromKeyingMaterial(0x0006, new Uint8Array(60), 'client'), (e: unknown) => e instanceof SrtpError && e.code === 'unknown-profile');
  });

  for (const profile of PROFILES) {
    it(`${profile.name}: keys exported by two DtlsConnections make contexts that talk both ways`, async () => {
      const ends = await makePair({ client: { srtpProfiles: [profile.id] }, server: { srtpProfiles: [...SRTP_PROFILES.keys()] } });
      const net = new SimulatedPair(ends, {}, 3);
      ends[0].start(0);
      assert.ok(net.run(() => net.bothConnected()), 'DTLS connected');
      const [c, s] = ends.map((e) => srtpContextsFromDtls(e)!);
      assert.equal(c!.local.profile.id, profile.id);
      assert.equal(ends[0].exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, 4).length, 4);
      for (let q = 0; q < 5; q++) {
        assert.equal(toHex(s!.remote.unprotectRtp(c!.local.protectRtp(rtp(q, 1)))), toHex(rtp(q, 1)));
        assert.equal(toHex(c!.remote.unprotectRtp(s!.local.protectRtp(rtp(q, 2)))), toHex(rtp(q, 2)));
      }
      assert.equal(toHex(s!.remote.unprotectRtcp(c!.local.protectRtcp(rtcp(1)))), toHex(rtcp(1)));
      assert.equal(toHex(c!.remote.unprotectRtcp(s!.local.protectRtcp(rtcp(2)))), toHex(rtcp(2)));
    });
  }

  it('no use_srtp, no contexts', async () => {
    const ends = await makePair({ client: { srtpProfiles: [] } });
    const net = new SimulatedPair(ends, {}, 4);
    ends[0].start(0);
    assert.ok(net.run(() => net.bothConnected()));
    assert.equal(srtpContextsFromDtls(ends[0]), undefined);
    assert.equal(srtpContextsFromDtls(ends[1]), undefined);
  });
});
