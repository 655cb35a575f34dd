// The nonstandard RTCConfiguration.srtpProfiles between two RTCPeerConnections on 127.0.0.1:
// the DTLS-SRTP profile negotiated (RFC 5764 §4.1.1) is the one both lists allow, whichever
// side is the DTLS client, and both transports report it as srtpCipher (W3C webrtc-stats).
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';

async function connect(offerer: RTCPeerConnection, answerer: RTCPeerConnection): Promise<void> {
  offerer.onicecandidate = (e) => void answerer.addIceCandidate(e.candidate ?? undefined);
  answerer.onicecandidate = (e) => void offerer.addIceCandidate(e.candidate ?? undefined);
  await offerer.setLocalDescription();
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  await offerer.setRemoteDescription(answerer.localDescription!);
  const deadline = Date.now() + 10_000;
  while (offerer.connectionState !== 'connected' || answerer.connectionState !== 'connected') {
    if (Date.now() > deadline) throw new Error(`still ${offerer.connectionState}/${answerer.connectionState}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function transportOf(pc: RTCPeerConnection): Promise<Record<string, unknown>> {
  const report = (await pc.getStats()) as Map<string, Record<string, unknown>>;
  const transport = [...report.values()].find((s) => s.type === 'transport');
  assert.ok(transport, 'a transport object');
  return transport;
}

describe('api/srtpProfiles (nonstandard RTCConfiguration member)', function () {
  this.timeout(20_000);

  for (const [label, offererProfiles, answererProfiles, expected] of [
    ['the offerer (DTLS server) restricts', ['SRTP_AES128_CM_HMAC_SHA1_80'], undefined, 'SRTP_AES128_CM_HMAC_SHA1_80'],
    ['the answerer (DTLS client) restricts', undefined, ['SRTP_AEAD_AES_256_GCM'], 'SRTP_AEAD_AES_256_GCM'],
    ['both list two, in opposite orders: the server picks by its own', ['SRTP_AES128_CM_HMAC_SHA1_32', 'SRTP_AEAD_AES_128_GCM'], ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_32'], 'SRTP_AES128_CM_HMAC_SHA1_32'],
  ] as const) {
    it(`${label}: both transports report ${expected}`, async () => {
      const offerer = new RTCPeerConnection({ bindAddress: '127.0.0.1', ...(offererProfiles ? { srtpProfiles: offererProfiles } : {}) } as never);
      const answerer = new RTCPeerConnection({ bindAddress: '127.0.0.1', ...(answererProfiles ? { srtpProfiles: answererProfiles } : {}) } as never);
      try {
        offerer.addTransceiver('audio');
        await connect(offerer, answerer);
        const [a, b] = [await transportOf(offerer), await transportOf(answerer)];
        // JSEP §5.2.1 / RFC 5763 §5: the offerer says actpass and the answerer takes active (DTLS client).
        assert.deepEqual([a.dtlsRole, b.dtlsRole], ['server', 'client']);
        assert.deepEqual([a.srtpCipher, b.srtpCipher], [expected, expected]);
      } finally {
        offerer.close();
        answerer.close();
      }
    });
  }

  it('getConfiguration gives the list back; an empty list, an unknown or a repeated name is a TypeError', () => {
    const pc = new RTCPeerConnection({ srtpProfiles: ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_80'] } as never);
    try {
      assert.deepEqual((pc.getConfiguration() as { srtpProfiles?: string[] }).srtpProfiles, ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_80']);
    } finally {
      pc.close();
    }
    for (const srtpProfiles of [[], ['AES_CM_128_HMAC_SHA1_80'], ['SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_128_GCM'], 'SRTP_AEAD_AES_128_GCM']) {
      assert.throws(() => new RTCPeerConnection({ srtpProfiles } as never), TypeError, JSON.stringify(srtpProfiles));
    }
  });
});
