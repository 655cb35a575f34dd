// The encoded-media surface end to end between two RTCPeerConnections on 127.0.0.1: VP8
// frames from an IVF fixture pushed into an EncodedTrackSource arrive whole at the remote
// receiver, whose track unmutes on the first packet (W3C webrtc §5.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EncodedTrackSource, RTCPeerConnection, receiverFrames, type EncodedMediaFrame, type MediaStreamTrack } from '../../src/index.js';
import { parseIvf } from '../../src/media/index.js';

const ivf = parseIvf(new Uint8Array(readFileSync(new URL('../fixtures/media/vp8.ivf', import.meta.url))));

async function connect(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  a.onicecandidate = (e) => void b.addIceCandidate(e.candidate ?? undefined);
  b.onicecandidate = (e) => void a.addIceCandidate(e.candidate ?? undefined);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
}

describe('api/encoded media', function () {
  this.timeout(20_000);

  it('VP8 frames pushed on one side come out whole on the other; the remote track unmutes', async () => {
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    try {
      const source = new EncodedTrackSource({ kind: 'video' });
      a.addTrack(source.track);
      const tracked = new Promise<{ receiver: object; track: MediaStreamTrack }>((resolve) => {
        b.ontrack = (e) => resolve({ receiver: e.receiver, track: e.track as never });
      });
      await connect(a, b);
      const { receiver, track } = await tracked;
      assert.equal(track.muted, true, 'remote track starts muted');
      const unmuted = new Promise<void>((resolve) => track.addEventListener('unmute', () => resolve(), { once: true }));
      const frames = receiverFrames(receiver);
      await new Promise<void>((resolve) => {
        const check = (): void => (a.connectionState === 'connected' && b.connectionState === 'connected' ? resolve() : void setTimeout(check, 10));
        check();
      });
      const sent = ivf.frames;
      for (const [i, f] of sent.entries()) {
        source.push({ codec: 'video/VP8', data: f.data, timestamp: (i * 1e6) / 30, keyFrame: i === 0 });
        await new Promise((r) => setTimeout(r, 5));
      }
      const got: EncodedMediaFrame[] = [];
      const deadline = Date.now() + 10_000;
      while (got.length < sent.length && Date.now() < deadline) {
        const r = await Promise.race([frames.next(), new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
        if (r === null || r.done) break;
        got.push(r.value);
      }
      await unmuted;
      assert.equal(track.muted, false);
      assert.equal(got.length, sent.length, `${got.length} of ${sent.length} frames`);
      got.forEach((f, i) => assert.deepEqual(f.data, sent[i]!.data, `frame ${i} byte-exact`));
      assert.equal(got[0]!.keyFrame, true);
      assert.equal(got[0]!.width, ivf.header.width);
      assert.equal(got[0]!.height, ivf.header.height);
      assert.equal(got[0]!.codec, 'video/VP8');
      await frames.return!();
    } finally {
      a.close();
      b.close();
    }
  });
});
