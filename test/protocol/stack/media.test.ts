// RTP media through the whole stack in simulated time: ICE -> DTLS-SRTP keys -> SRTP/SRTCP ->
// RTP session, both ways, over a lossy, reordering path. NACK and RTX repair every video
// frame for each SRTP profile (RFC 5764 §4.1.2, RFC 7714 §14.2), with purertc as DTLS client
// on one end and server on the other.
import assert from 'node:assert/strict';
import type { FrameEvent } from '../../../src/protocol/rtp/session/index.js';
import { SRTP_PROFILES, SrtpProfileId } from '../../../src/protocol/srtp/index.js';
import type { StackEvent } from '../../../src/protocol/stack/index.js';
import { AUDIO_PT, VIDEO_PT, description, frameIsWhole } from '../rtp/session/sim.js';
import { BASE_SEED, StackPair, type SimPeer } from './sim.js';

const A = { videoSsrc: 0x1111, rtxSsrc: 0x1112, audioSsrc: 0x1113 };
const B = { videoSsrc: 0x2221, rtxSsrc: 0x2222, audioSsrc: 0x2223 };

/** Sends test frame `n` (5 packets, flags as TEST_FRAMES reads them) from `p`'s video sender. */
function pushFrame(p: SimPeer, n: number, nowMs: number): void {
  const count = 5;
  for (let i = 0; i < count; i++) {
    const payload = new Uint8Array(900);
    payload[0] = (i === 0 ? 1 : 0) | (n % 60 === 0 ? 2 : 0);
    new DataView(payload.buffer).setUint32(1, n);
    payload[5] = i;
    payload[6] = count;
    assert.ok(p.stack.sendRtp('video', { payloadType: VIDEO_PT, timestamp: Math.round(nowMs * 90), marker: i === count - 1, payload }, nowMs));
  }
}

function framesOf(p: SimPeer, receiverId: string): FrameEvent[] {
  const out: FrameEvent[] = [];
  for (const { event } of p.events) {
    if (event.type === 'rtp' && event.event.type === 'frame' && event.event.receiverId === receiverId) out.push(event.event);
  }
  return out;
}

/** Both sides send 30 fps video and 50 pps audio for `ms` of simulated time, then settle. */
function exchange(pair: StackPair, ms: number): number {
  const start = pair.nowMs;
  let frame = 0;
  let audioTs = 0;
  for (let t = 0; t < ms; t += 10) {
    pair.advanceTo(start + t);
    if (t % 30 === 0) {
      pushFrame(pair.a, frame, pair.nowMs);
      pushFrame(pair.b, frame, pair.nowMs);
      frame++;
    }
    if (t % 20 === 0) {
      audioTs += 960;
      for (const p of [pair.a, pair.b]) p.stack.sendRtp('audio', { payloadType: AUDIO_PT, timestamp: audioTs, payload: new Uint8Array(80).fill(7) }, pair.nowMs);
    }
  }
  pair.advanceTo(pair.nowMs + 1500);
  return frame;
}

const isRtp = (e: StackEvent): boolean => e.type === 'rtp';

describe('TransportStack: SRTP media', () => {
  for (const [id, profile] of SRTP_PROFILES) {
    it(`${profile.name}: video both ways at 5% loss, every frame repaired by NACK and RTX, in order`, async () => {
      const pair = await StackPair.create({
        link: { lossRate: 0.05, duplicateRate: 0.01, delayMs: 10, jitterMs: 4, seed: BASE_SEED * 100 + id },
        stack: { srtpProfiles: [id] },
      });
      const { a, b } = pair;
      a.stack.setRtpDescription(description(A), pair.nowMs);
      b.stack.setRtpDescription(description(B), pair.nowMs);
      pair.connect();
      const sent = exchange(pair, 4000);
      for (const [p, other] of [[b, a], [a, b]] as const) {
        const got = framesOf(p, 'video');
        // A loss of the very last packet cannot be seen (nothing follows it).
        // Nor can a loss of the stream's very first packet (nothing precedes it to show the gap).
        const first = frameIsWhole(got[0]!.frame.packets).number;
        assert.ok(first <= 1 && got.length >= sent - 1 - first, `${p.name}: ${got.length} of ${sent} frames from ${first}`);
        got.forEach((f, i) => {
          const { number, whole } = frameIsWhole(f.frame.packets);
          assert.ok(whole, `${p.name}: frame ${number} whole`);
          assert.equal(number, first + i, `${p.name}: in order`);
        });
        const media = p.stack.mediaStats();
        assert.equal(media.srtpCipher, profile.name);
        assert.equal(other.stack.mediaStats().srtpCipher, profile.name);
        // The path duplicates 1%: SRTP's replay check drops the second copies (RFC 3711 §3.3.2), nothing else fails.
        const remote = media.srtp!.remote;
        assert.deepEqual({ ...remote.rtpDropped, replayed: 0 }, { 'too-short': 0, malformed: 0, 'auth-failed': 0, replayed: 0, 'too-old': 0 }, JSON.stringify(remote));
        assert.equal(media.counters.unprotectFailed, remote.rtpDropped.replayed + remote.rtcpDropped.replayed);
        assert.equal(media.counters.sendWithoutRoute, 0);
        const inbound = media.rtp!.inbound.find((s) => s.receiverId === 'video')!;
        assert.ok(inbound.nackCount > 0 && inbound.retransmittedPacketsReceived > 0, `${p.name}: repairs happened`);
        assert.equal(inbound.framesDropped, 0);
        assert.equal(inbound.rtxSsrc, p === b ? A.rtxSsrc : B.rtxSsrc, 'RTX stream associated');
        // SRTCP carried reports back: the sender measured a round-trip time.
        const outbound = other.stack.mediaStats().rtp!.outbound.find((s) => s.senderId === 'video')!;
        assert.ok(outbound.retransmittedPacketsSent > 0);
        assert.ok(outbound.remoteInbound.roundTripTimeMeasurements > 0, 'report blocks came back over SRTCP');
        const audio = framesOf(p, 'audio');
        assert.ok(audio.length > 150, `${p.name}: ${audio.length} audio packets`);
      }
      // The data channel side is untouched.
      assert.ok(pair.has(a, (e) => e.type === 'sctp-state' && e.state === 'connected'));
    });
  }

  it('media before the keys is counted, not sent; forged SRTP is counted, not delivered', async () => {
    const pair = await StackPair.create({ link: { seed: BASE_SEED * 100 + 50, jitterMs: 0 }, stack: { srtpProfiles: [SrtpProfileId.AES128_CM_HMAC_SHA1_80] } });
    const { a, b } = pair;
    a.stack.setRtpDescription(description(A), pair.nowMs);
    b.stack.setRtpDescription(description(B), pair.nowMs);
    pushFrame(a, 0, pair.nowMs);
    assert.equal(a.stack.mediaStats().counters.sendWithoutKeys, 5);
    pair.connect();
    // An RTP-looking datagram (first byte 0x80) with a wrong tag, and one too short to be RTP.
    const forged = new Uint8Array(120);
    forged[0] = 0x80;
    forged[1] = VIDEO_PT;
    pair.inject(b, forged);
    pair.inject(b, Uint8Array.of(0x80, 0x60));
    const counters = b.stack.mediaStats().counters;
    assert.equal(counters.unprotectFailed, 1);
    assert.equal(counters.receivedMalformed, 1);
    assert.equal(b.stack.mediaStats().srtp!.remote.rtpDropped['auth-failed'], 1);
    assert.ok(!pair.has(b, isRtp), 'nothing reached the session');
    pushFrame(a, 1, pair.nowMs);
    pair.advanceTo(pair.nowMs + 200);
    assert.equal(framesOf(b, "video").length, 1, JSON.stringify(b.stack.mediaStats().rtp));
  });

  it('without use_srtp (a peer offering no profile) media is counted and dropped, data channels still work', async () => {
    const pair = await StackPair.create({ link: { seed: BASE_SEED * 100 + 51 }, stack: { srtpProfiles: [] } });
    pair.a.stack.setRtpDescription(description(A), pair.nowMs);
    pair.connect();
    pushFrame(pair.a, 0, pair.nowMs);
    assert.equal(pair.a.stack.mediaStats().srtpCipher, undefined);
    assert.equal(pair.a.stack.mediaStats().counters.sendWithoutKeys, 5);
  });

  it('close says BYE over SRTCP', async () => {
    const pair = await StackPair.create({ link: { seed: BASE_SEED * 100 + 52 } });
    const { a, b } = pair;
    a.stack.setRtpDescription(description(A), pair.nowMs);
    b.stack.setRtpDescription(description(B), pair.nowMs);
    pair.connect();
    pushFrame(a, 0, pair.nowMs);
    pair.advanceTo(pair.nowMs + 100);
    a.stack.close(pair.nowMs);
    pair.drain();
    pair.advanceTo(pair.nowMs + 100);
    assert.ok(pair.has(b, (e) => e.type === 'rtp' && e.event.type === 'bye' && e.event.ssrc === A.videoSsrc), 'BYE arrived');
  });
});
