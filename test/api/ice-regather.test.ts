// An ICE restart gathers with the configuration setConfiguration left (W3C webrtc-pc
// §4.4.1.6): "relay" withdraws host candidates, "all" brings them back.
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';

const turns = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once the gathering state reaches `state`. */
function gathered(pc: RTCPeerConnection, state: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (): void => {
      if (pc.iceGatheringState !== state) return;
      pc.removeEventListener('icegatheringstatechange', on);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', on);
  });
}

function iceConnected(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    const on = (): void => {
      if (pc.iceConnectionState !== 'connected') return;
      pc.removeEventListener('iceconnectionstatechange', on);
      resolve();
    };
    pc.addEventListener('iceconnectionstatechange', on);
    on();
  });
}

describe('api/ICE restart under a new configuration', () => {
  const pcs: RTCPeerConnection[] = [];
  afterEach(() => {
    for (const pc of pcs.splice(0)) pc.close();
  });

  it('gathers no host candidates after a change to "relay", and gathers them again after "all"', async () => {
    const pc1 = new RTCPeerConnection();
    const pc2 = new RTCPeerConnection();
    pcs.push(pc1, pc2);
    const sent: string[] = [];
    pc1.onicecandidate = (e): void => {
      if (e.candidate?.candidate) sent.push(e.candidate.candidate);
      void pc2.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
    };
    pc2.onicecandidate = (e): void => void pc1.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
    const negotiate = async (): Promise<void> => {
      await pc1.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription!);
      await pc2.setLocalDescription();
      await pc1.setRemoteDescription(pc2.localDescription!);
    };
    pc1.createDataChannel('x');
    await Promise.all([negotiate(), iceConnected(pc1), gathered(pc1, 'complete')]);
    assert.ok(sent.some((c) => / typ host/.test(c)));

    sent.length = 0;
    pc1.setConfiguration({ iceTransportPolicy: 'relay' });
    pc1.restartIce();
    await Promise.all([negotiate(), gathered(pc1, 'complete')]);
    await turns(20);
    assert.deepEqual(sent, [], 'no candidate under "relay" without TURN servers');

    pc1.setConfiguration({ iceTransportPolicy: 'all' });
    pc1.restartIce();
    const ufrag = pc1.localDescription!.sdp.match(/a=ice-ufrag:(\S+)/)![1];
    await Promise.all([negotiate(), gathered(pc1, 'complete')]);
    assert.notEqual(pc1.localDescription!.sdp.match(/a=ice-ufrag:(\S+)/)![1], ufrag);
    assert.ok(sent.some((c) => / typ host/.test(c)), 'host candidates again under "all"');
    await iceConnected(pc1);
  });
});
