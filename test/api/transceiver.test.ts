import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';

/** sender.transport as the test reads it (the getter returns unknown). */
function dtlsOf(t: { sender: { transport: unknown } }): { state: string; iceTransport: unknown } {
  return t.sender.transport as { state: string; iceTransport: unknown };
}

describe('RTCRtpTransceiver', () => {
  it('stopped is false until the transceiver is stopped; closing the connection stops it', () => {
    const pc = new RTCPeerConnection();
    const t = pc.addTransceiver('audio');
    assert.equal(t.stopped, false);
    t.stop();
    // stop() makes it stopping; [[Stopped]] waits for negotiation or close (W3C §5.4).
    assert.equal(t.stopped, false);
    const u = pc.addTransceiver('video');
    pc.close();
    assert.equal(t.stopped, true);
    assert.equal(u.stopped, true);
    assert.equal(u.currentDirection, 'stopped');
  });

  it('max-compat: own transports per m-section until the answer bundles them; the dropped one closes', async () => {
    const pc1 = new RTCPeerConnection({ bundlePolicy: 'max-compat' });
    const pc2 = new RTCPeerConnection();
    try {
      const audio = pc1.addTransceiver('audio');
      const video = pc1.addTransceiver('video');
      pc1.createDataChannel('d');
      assert.equal(audio.sender.transport, null);
      await pc1.setLocalDescription();
      const second = dtlsOf(video);
      assert.notEqual(audio.sender.transport, second);
      assert.notEqual(second.iceTransport, dtlsOf(audio).iceTransport);
      assert.notEqual(pc1.sctp!.transport, audio.sender.transport);
      assert.equal(audio.receiver.transport, audio.sender.transport);
      await pc2.setRemoteDescription(pc1.localDescription!);
      await pc2.setLocalDescription();
      await pc1.setRemoteDescription(pc2.localDescription!);
      assert.equal(video.sender.transport, audio.sender.transport);
      assert.equal(pc1.sctp!.transport, audio.sender.transport);
      assert.equal(second.state, 'closed');
    } finally {
      pc1.close();
      pc2.close();
    }
  });
});
