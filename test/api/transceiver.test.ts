import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';

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
});
