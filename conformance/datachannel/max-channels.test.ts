// maxChannels against libdatachannel, which negotiates 1024 SCTP streams: purertc reports
// it, and createDataChannel with an id at or above it throws OperationError (W3C §6.1)
// while one below it works.
import assert from 'node:assert/strict';
import { RTCPeerConnection } from '../../src/index.js';
import { once } from '../helpers/events.js';
import { nodeDatachannel, type PeerLike } from '../helpers/peers.js';

describe('conformance/maxChannels against libdatachannel', function () {
  this.timeout(20_000);

  it('reports the streams negotiated and refuses an id at or above them with OperationError', async () => {
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' });
    const b: PeerLike = nodeDatachannel.create();
    try {
      a.onicecandidate = (e) => e.candidate && void b.addIceCandidate({ candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid }).catch(() => undefined);
      b.addEventListener('icecandidate', (e) => {
        const c = (e as unknown as { candidate: { candidate: string; sdpMid: string | null } | null }).candidate;
        if (c) void a.addIceCandidate({ candidate: c.candidate, sdpMid: c.sdpMid }).catch(() => undefined);
      });
      const channel = a.createDataChannel('x');
      const opened = once(channel, 'open', 10_000);
      await a.setLocalDescription();
      await b.setRemoteDescription({ type: 'offer', sdp: a.localDescription!.sdp });
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription!.sdp });
      await opened;
      const max = a.sctp!.maxChannels!;
      assert.equal(max, 1024);
      assert.throws(() => a.createDataChannel('at', { negotiated: true, id: max }), (e: unknown) => e instanceof DOMException && e.name === 'OperationError');
      assert.equal(a.createDataChannel('below', { negotiated: true, id: max - 2 }).id, max - 2);
    } finally {
      a.close();
      b.close();
    }
  });
});
