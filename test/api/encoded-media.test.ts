// The encoded-media surface end to end between two RTCPeerConnections on 127.0.0.1: VP8
// frames from an IVF fixture pushed into an EncodedTrackSource arrive whole at the remote
// receiver, whose track unmutes on the first packet (W3C webrtc §5.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EncodedTrackSource, RTCPeerConnection, RTCRtpReceiver, receiverFrames, requestKeyFrame, type EncodedMediaFrame, type MediaStreamTrack } from '../../src/index.js';
import { MAX_QUEUED_FRAMES } from '../../src/api/encoded-media.js';
import { ReaderQueue } from '../../src/api/reader-queue.js';
import { parseIvf } from '../../src/media/index.js';
import { negotiatePair } from './pair.js';

const ivf = parseIvf(new Uint8Array(readFileSync(new URL('../fixtures/media/vp8.ivf', import.meta.url))));


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
      await negotiatePair(a, b);
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

  it('requestKeyFrame on the receiving side fires keyframerequest on the sending EncodedTrackSource', async () => {
    const a = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    const b = new RTCPeerConnection({ bindAddress: '127.0.0.1' } as never);
    try {
      const source = new EncodedTrackSource({ kind: 'video' });
      a.addTrack(source.track);
      const tracked = new Promise<RTCRtpReceiver>((resolve) => {
        b.ontrack = (e) => resolve(e.receiver as RTCRtpReceiver);
      });
      assert.throws(() => requestKeyFrame({} as never), TypeError);
      await negotiatePair(a, b);
      const receiver = await tracked;
      const frames = receiverFrames(receiver);
      const deadline = Date.now() + 5_000;
      while ((a.connectionState !== 'connected' || b.connectionState !== 'connected') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      // The receiver knows the stream once a packet of it arrived.
      source.push({ codec: 'video/VP8', data: ivf.frames[0]!.data, timestamp: 0, keyFrame: true });
      await Promise.race([frames.next(), new Promise((r) => setTimeout(r, 2_000))]);
      const requests: string[] = [];
      source.addEventListener('keyframerequest', (e) => requests.push(`listener ${e.type}`));
      const handled = new Promise<void>((resolve) => {
        source.onkeyframerequest = () => resolve();
      });
      assert.equal(requestKeyFrame(receiver), true);
      await Promise.race([handled, new Promise((_, reject) => setTimeout(() => reject(new Error('no keyframerequest within 2 s')), 2_000))]);
      assert.deepEqual(requests, ['listener keyframerequest']);
      const report = (await b.getStats()) as Map<string, { type: string; pliCount?: number }>;
      const inbound = [...report.values()].find((s) => s.type === 'inbound-rtp');
      assert.equal(inbound?.pliCount, 1, 'one PLI counted on the receiving side');
      await frames.return!();
      b.close();
      assert.equal(requestKeyFrame(receiver), false, 'no request after close');
    } finally {
      a.close();
      b.close();
    }
  });

  it('return() ends a next() that is still waiting and any later one, so a for-await loop can be stopped from outside', async () => {
    const queue = new ReaderQueue<{ codec: string; data: Uint8Array; timestamp: number; keyFrame: boolean }>(MAX_QUEUED_FRAMES);
    const iterator = queue.iterator();
    const pending = iterator.next();
    await iterator.return!();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.deepEqual(await iterator.next(), { value: undefined, done: true }, 'a later next() ends too');
    queue.push({ codec: 'video/VP8', data: new Uint8Array(1), timestamp: 0, keyFrame: true });
    assert.equal(queue.dropped, 0, 'nothing is kept once the reader left');
  });
});
