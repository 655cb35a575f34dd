// Simulcast receive (RFC 8853, RFC 8851, RFC 8852): an offer in Chromium's form with
// a=rid send + a=simulcast:send is answered with a=rid recv + a=simulcast:recv, the layers
// become the RTP session's receiver rids, and frames of each layer reach
// receiverFrames(receiver, { rid }). The router also hands the peer's PLI/FIR to the source.
import assert from 'node:assert/strict';
import { EncodedTrackSource, RTCPeerConnection, receiverFrames } from '../../src/index.js';
import { MediaRouter, type RouterEntry } from '../../src/api/media-router.js';
import { readDescription } from '../../src/jsep/remote.js';
import { rtpSessionDescription } from '../../src/jsep/rtp-config.js';

// As Chromium writes a sendonly video section for sendEncodings [{rid:'q'},{rid:'h'},{rid:'f'}].
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Li6+',
  'a=ice-pwd:3C05CTZBRQVmGCAq7hVasHlT',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 5B:D3:8E:66:0E:7D:D3:F3:8E:E6:80:28:19:FC:55:AD:58:5D:B9:3D:A8:DE:45:4A:E7:87:02:F8:3C:0B:3B:B3',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'a=sendonly',
  'a=msid:- 5b6a4d5e-5b0a-4a10-8f43-0c7ff2a0e3d5',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=rtcp-fb:96 ccm fir',
  'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rid:q send',
  'a=rid:h send',
  'a=rid:f send',
  'a=simulcast:send q;h;f',
  '',
].join('\r\n');

describe('api/simulcast receive', () => {
  it('answers a=rid send + a=simulcast:send with a=rid recv + a=simulcast:recv; the receiver maps the rids', async () => {
    const pc = new RTCPeerConnection();
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: CHROMIUM_OFFER });
      const answer = (await pc.createAnswer()) as { type: 'answer'; sdp: string };
      await pc.setLocalDescription(answer);
      const sdp = answer.sdp!;
      assert.match(sdp, /a=recvonly/);
      assert.match(sdp, /a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n/);
      assert.match(sdp, /a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id/);
      const d = rtpSessionDescription(readDescription(sdp), readDescription(CHROMIUM_OFFER, true));
      assert.deepEqual(d.receivers?.[0]?.rids, ['q', 'h', 'f']);
      assert.ok(d.extensions?.some((e) => e.id === 11 && e.uri.endsWith('repaired-rtp-stream-id')));
    } finally {
      pc.close();
    }
  });

  it('takes the first alternative of each stream, paused ones too, and only rids defined as send', async () => {
    const offer = CHROMIUM_OFFER.replace('a=simulcast:send q;h;f', 'a=simulcast:send ~q;h,x;f;zz').replace('a=rid:f send', 'a=rid:f send\r\na=rid:zz recv');
    const pc = new RTCPeerConnection();
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const answer = (await pc.createAnswer()) as { type: 'answer'; sdp: string };
      assert.match(answer.sdp!, /a=simulcast:recv q;h;f\r\n/);
    } finally {
      pc.close();
    }
  });

  it('frames of each layer reach the readers of that rid (and the readers of all); PLI reaches the source', async () => {
    const receiver = {};
    const source = new EncodedTrackSource({ kind: 'video' });
    const record = {
      mid: '0',
      kind: 'video',
      receiver: { negotiatedCodecs: [{ payloadType: 96, mimeType: 'video/VP8', clockRate: 90000 }], negotiatedExtensions: [] },
      sender: { negotiatedCodecs: [], negotiatedExtensions: [] },
    };
    const entry = { record, receiver, receiverTrack: source.track, senderTrack: source.track, encodings: [{ active: true }] } as unknown as RouterEntry;
    const router = new MediaRouter({ entries: () => [entry], sendRtp: () => undefined, withRtpSession: () => undefined, requestKeyFrame: () => false, isClosed: () => false });
    const high = receiverFrames(receiver, { rid: 'f' });
    const all = receiverFrames(receiver);
    const frame = (rid: string, ssrc: number, seq: number, first: number): void =>
      router.onRtp({
        type: 'frame',
        receiverId: '0',
        ssrc,
        rid,
        frame: { timestamp: seq * 3000, payloadType: 96, keyFrame: true, afterLoss: false, completedMs: 0, packets: [{ extended: seq, sequenceNumber: seq, timestamp: seq * 3000, marker: true, payloadType: 96, payload: Uint8Array.of(0x10, first, 0x9d, 0x01, 0x2a), arrivalMs: 0, retransmitted: false }] },
      });
    frame('q', 1, 1, 1);
    frame('f', 3, 1, 3);
    frame('q', 1, 2, 1);
    const h = await high.next();
    assert.equal(h.value!.rid, 'f');
    assert.equal(h.value!.data[0], 3);
    const got = [await all.next(), await all.next(), await all.next()].map((r) => r.value!.rid);
    assert.deepEqual(got, ['q', 'f', 'q']);
    const reasons: string[] = [];
    source.addEventListener('keyframerequest', (e) => reasons.push((e as unknown as { reason: string }).reason));
    router.onRtp({ type: 'key-frame-request', senderId: '0', ssrc: 5, via: 'pli' });
    router.onRtp({ type: 'key-frame-request', senderId: '0', ssrc: 5, via: 'fir' });
    assert.deepEqual(reasons, [], 'the source hears of a request in a task, not during the RTCP input');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(reasons, ['pli', 'fir']);
    router.close();
    assert.equal((await high.next()).done, true);
  });
});
