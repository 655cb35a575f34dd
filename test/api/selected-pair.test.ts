// The selected candidate pair names each candidate as its owner signalled it (W3C webrtc
// §5.6 getSelectedCandidatePair, RFC 8839 §5.1).
import assert from 'node:assert/strict';
import { RTCDtlsTransport, RTCIceCandidate, RTCPeerConnection, type RTCIceTransport } from '../../src/index.js';

function iceOf(pc: RTCPeerConnection): RTCIceTransport {
  const dtls = pc.sctp?.transport;
  assert.ok(dtls instanceof RTCDtlsTransport);
  return dtls.iceTransport;
}

describe('api/selected candidate pair', () => {
  const pcs: RTCPeerConnection[] = [];
  afterEach(() => {
    for (const pc of pcs.splice(0)) pc.close();
  });

  it("one side's local candidate is the other's remote candidate, as its icecandidate gave it", async () => {
    const pc1 = new RTCPeerConnection();
    const pc2 = new RTCPeerConnection();
    pcs.push(pc1, pc2);
    const sent = [new Set<string>(), new Set<string>()] as const;
    pc1.onicecandidate = (e): void => {
      if (e.candidate) sent[0].add(e.candidate.candidate);
      void pc2.addIceCandidate(e.candidate ?? undefined);
    };
    pc2.onicecandidate = (e): void => {
      if (e.candidate) sent[1].add(e.candidate.candidate);
      void pc1.addIceCandidate(e.candidate ?? undefined);
    };
    pc1.createDataChannel('x');
    await pc1.setLocalDescription();
    await pc2.setRemoteDescription(pc1.localDescription!);
    await pc2.setLocalDescription();
    await pc1.setRemoteDescription(pc2.localDescription!);
    const selected = (pc: RTCPeerConnection): Promise<{ local: RTCIceCandidate; remote: RTCIceCandidate }> =>
      new Promise((resolve) => {
        const ice = iceOf(pc);
        const check = (): void => {
          const pair = ice.getSelectedCandidatePair() as { local: RTCIceCandidate; remote: RTCIceCandidate } | null;
          if (pair) resolve(pair);
        };
        ice.addEventListener('selectedcandidatepairchange', check);
        check();
      });
    const [pair1, pair2] = await Promise.all([selected(pc1), selected(pc2)]);
    assert.ok(pair1.remote instanceof RTCIceCandidate);
    assert.match(pair1.local.candidate, / ufrag /, 'extensions kept');
    assert.equal(pair1.local.candidate, pair2.remote.candidate);
    assert.equal(pair1.remote.candidate, pair2.local.candidate);
    assert.ok(sent[0].has(pair1.local.candidate));
    assert.ok(sent[1].has(pair1.remote.candidate));
  });
});
