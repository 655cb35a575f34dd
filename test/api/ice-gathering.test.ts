// The ICE gathering state through ICE restarts, rollbacks and renegotiations that leave no
// transport (W3C webrtc-pc §4.4.1.6, §4.4.3, §5.6).
import assert from 'node:assert/strict';
import { RTCDtlsTransport, RTCPeerConnection } from '../../src/index.js';

/** Resolves with the gathering states the next `count` icegatheringstatechange events saw. */
function nextStates(pc: RTCPeerConnection, count: number): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const on = (): void => {
      seen.push(pc.iceGatheringState);
      if (seen.length < count) return;
      pc.removeEventListener('icegatheringstatechange', on);
      resolve(seen);
    };
    pc.addEventListener('icegatheringstatechange', on);
  });
}

/** Every icegatheringstatechange from now on. */
function record(pc: RTCPeerConnection): string[] {
  const seen: string[] = [];
  pc.addEventListener('icegatheringstatechange', () => seen.push(pc.iceGatheringState));
  return seen;
}

const turns = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));

describe('api/ICE gathering state', () => {
  const pcs: RTCPeerConnection[] = [];
  const make = (): RTCPeerConnection => {
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    return pc;
  };
  afterEach(() => {
    for (const pc of pcs.splice(0)) pc.close();
  });

  async function connectOffer(pc1: RTCPeerConnection, pc2: RTCPeerConnection): Promise<void> {
    await pc1.setLocalDescription(await pc1.createOffer());
    const gathered = nextStates(pc1, 2);
    await pc2.setRemoteDescription(pc1.localDescription!);
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc1.setRemoteDescription(pc2.localDescription!);
    assert.deepEqual(await gathered, ['gathering', 'complete']);
  }

  it('an ICE restart offer gathers again; rolling it back changes nothing', async () => {
    const pc1 = make();
    const pc2 = make();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    await connectOffer(pc1, pc2);
    await pc1.setLocalDescription(await pc1.createOffer({ iceRestart: true }));
    assert.deepEqual(await nextStates(pc1, 2), ['gathering', 'complete']);
    const after = record(pc1);
    await pc1.setLocalDescription({ type: 'rollback' });
    await turns(50);
    assert.deepEqual(after, []);
    assert.equal(pc1.iceGatheringState, 'complete');
  });

  it('rolling back the initial offer returns to "new" before the promise settles, and nothing follows', async () => {
    const pc = make();
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    assert.deepEqual(await nextStates(pc, 1), ['gathering']);
    const after = record(pc);
    await pc.setLocalDescription({ type: 'rollback' });
    assert.equal(pc.iceGatheringState, 'new');
    assert.equal(pc.iceConnectionState, 'new');
    await turns(50);
    // Gathering may complete before the rollback runs; nothing follows "new".
    assert.ok(['new', 'complete,new'].includes(after.join()), after.join());
  });

  it('a renegotiation that rejects every m-section leaves the state "new" on both sides', async () => {
    const pc1 = make();
    const pc2 = make();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    await connectOffer(pc1, pc2);
    pc1.getTransceivers()[0]!.stop();
    await pc1.setLocalDescription(await pc1.createOffer());
    assert.notEqual(pc1.iceGatheringState, 'new', 'the current description still uses the transport');
    await pc2.setRemoteDescription(pc1.localDescription!);
    await pc2.setLocalDescription(await pc2.createAnswer());
    assert.equal(pc2.iceGatheringState, 'new');
    await pc1.setRemoteDescription(pc2.localDescription!);
    assert.equal(pc1.iceGatheringState, 'new');
    assert.equal(pc1.connectionState, 'new');
  });

  it('changes RTCIceTransport.gatheringState and iceGatheringState before either event fires', async () => {
    const pc = make();
    pc.addTransceiver('audio');
    await pc.setLocalDescription();
    const dtls = pc.getTransceivers()[0]!.sender.transport;
    assert.ok(dtls instanceof RTCDtlsTransport);
    const ice = dtls.iceTransport;
    const seen: string[] = [];
    ice.addEventListener('gatheringstatechange', () => seen.push(`transport ${ice.gatheringState} ${pc.iceGatheringState}`));
    await nextStates(pc, 2);
    assert.deepEqual(seen, ['transport gathering gathering', 'transport complete complete']);
  });
});
