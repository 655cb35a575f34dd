// Two sessions over a simulated lossy path in simulated time: NACK and RTX repair every frame at
// 5% loss, heavy loss drops frames and sends throttled PLIs, audio flows beside video.
import assert from 'node:assert/strict';
import type { FrameEvent, KeyFrameNeededEvent } from '../../../../src/protocol/rtp/session/index.js';
import { parseRtpPacket } from '../../../../src/protocol/rtp/index.js';
import { AUDIO_PT, description, frameIsWhole, Sim, VideoSource } from './sim.js';

const A = { videoSsrc: 0x1111, rtxSsrc: 0x1112, audioSsrc: 0x1113 };
const B = { videoSsrc: 0x2221, rtxSsrc: 0x2222, audioSsrc: 0x2223 };

function frames(sim: Sim, peer: 0 | 1, receiverId: string): FrameEvent[] {
  return sim.events[peer].filter((e): e is FrameEvent => e.type === 'frame' && e.receiverId === receiverId);
}

/** Runs A sending 30 fps video (and 50 pps audio) to B for `ms`. */
function stream(sim: Sim, ms: number, packetsPerFrame = 5): VideoSource {
  const video = new VideoSource(sim.peers[0], packetsPerFrame);
  let audioTs = 0;
  sim.run(ms, 10, (now) => {
    if (now % 30 === 0) video.push(now);
    if (now % 20 === 0) {
      sim.peers[0].sendRtp('audio', { payloadType: AUDIO_PT, timestamp: (audioTs += 960), payload: new Uint8Array(80).fill(7) }, now);
    }
  });
  // Let the last frames settle.
  sim.run(ms + 1500);
  return video;
}

/**
 * The test frame number an RTP datagram of A's video (or its RTX) carries: payload bytes 1-4,
 * after the 2-byte OSN in RTX (RFC 4588 §4); undefined for other packets.
 */
function testFrameOf(data: Uint8Array): number | undefined {
  const { ssrc, payload } = parseRtpPacket(data);
  const rtx = ssrc === A.rtxSsrc;
  if ((ssrc !== A.videoSsrc && !rtx) || payload.length < 7) return undefined;
  return new DataView(payload.buffer, payload.byteOffset + (rtx ? 2 : 0)).getUint32(1);
}

/** Whether an RTCP compound holds a PLI: payload-specific feedback (PT 206), FMT 1 (RFC 4585 §6.3.1). */
function holdsPli(data: Uint8Array): boolean {
  for (let off = 0; off + 4 <= data.length; off += 4 * (new DataView(data.buffer, data.byteOffset + off).getUint16(2) + 1)) {
    if (data[off + 1] === 206 && (data[off]! & 0x1f) === 1) return true;
  }
  return false;
}

describe('rtp session: loss and repair', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`5% loss each way, 40 ms RTT: NACK + RTX repair every video frame, in order (seed ${seed})`, () => {
      const sim = new Sim(seed, [description(A), description(B)], [
        { delayMs: 20, loss: 0.05, reorder: 0.02, duplicate: 0.01, loseRtcp: true },
        { delayMs: 20, loss: 0.05, loseRtcp: true },
      ]);
      const video = stream(sim, 10_000);
      const got = frames(sim, 1, 'video');
      // A loss of the very last packet cannot be seen (nothing follows it): that frame may be missing.
      assert.ok(got.length >= video.frame - 1, `frames delivered ${got.length} of ${video.frame}`);
      got.forEach((f, i) => {
        const { number, whole } = frameIsWhole(f.frame.packets);
        assert.ok(whole, `frame ${number} whole`);
        assert.equal(number, i, 'in order');
      });
      const inbound = sim.peers[1].stats().inbound.find((s) => s.receiverId === 'video')!;
      const outbound = sim.peers[0].stats().outbound.find((s) => s.senderId === 'video')!;
      assert.equal(inbound.framesDropped, 0);
      assert.ok(inbound.nackCount > 0 && inbound.retransmittedPacketsReceived > 0, 'repairs happened');
      // The path duplicates 1%, so the receiver may count a retransmission twice.
      assert.ok(outbound.retransmittedPacketsSent > 0 && outbound.retransmittedPacketsSent >= inbound.retransmittedPacketsReceived * 0.9);
      assert.ok(outbound.nackCount > 0);
      assert.equal(inbound.rtxSsrc, A.rtxSsrc, 'RTX stream associated');
      // Every loss repaired: the cumulative count is at most the duplicates below zero.
      assert.ok(inbound.packetsLost <= 0, `packetsLost ${inbound.packetsLost}`);
      // Audio (no NACK) loses its 5% and keeps going.
      const audio = frames(sim, 1, 'audio');
      assert.ok(audio.length > 400 && audio.length < 500, `${audio.length} audio packets`);
    });
  }

  it('plain retransmission (no RTX negotiated) repairs too, on the media SSRC', () => {
    const sim = new Sim(11, [description(A, { rtx: false }), description(B, { rtx: false })], [
      { delayMs: 20, loss: 0.05 },
      { delayMs: 20, loss: 0.05 },
    ]);
    const video = stream(sim, 5000);
    const got = frames(sim, 1, 'video');
    assert.ok(got.length >= video.frame - 1);
    const outbound = sim.peers[0].stats().outbound.find((s) => s.senderId === 'video')!;
    assert.ok(outbound.retransmittedPacketsSent > 0);
    assert.equal(outbound.rtxSsrc, undefined);
  });

  it('30% loss with a 100 ms wait: frames drop, PLIs go, at most one per 300 ms', () => {
    const sim = new Sim(7, [description(A), description(B)], [
      { delayMs: 20, loss: 0.3 },
      { delayMs: 20, loss: 0.3 },
    ], { jitterMaxWaitMs: 100 });
    const ms = 10_000;
    const video = stream(sim, ms);
    const inbound = sim.peers[1].stats().inbound.find((s) => s.receiverId === 'video')!;
    const got = frames(sim, 1, 'video');
    assert.ok(inbound.framesDropped > 0, 'frames dropped');
    assert.ok(got.length < video.frame);
    for (const f of got) assert.ok(frameIsWhole(f.frame.packets).whole, 'only whole frames delivered');
    assert.ok(inbound.pliCount > 0, 'PLIs sent');
    assert.ok(inbound.pliCount <= Math.ceil((ms + 1500) / 300) + 1, `${inbound.pliCount} PLIs is over one per 300 ms`);
    const needed = sim.events[1].filter((e): e is KeyFrameNeededEvent => e.type === 'key-frame-needed');
    assert.ok(needed.length >= inbound.pliCount, 'every PLI follows a key-frame-needed event');
    assert.ok(needed.some((e) => e.requested === false), 'some requests were throttled');
    // The sender heard PLIs (those that survived the 30% loss).
    const outbound = sim.peers[0].stats().outbound.find((s) => s.senderId === 'video')!;
    assert.ok(outbound.pliCount > 0);
    assert.equal(sim.events[0].filter((e) => e.type === 'key-frame-request').length, outbound.pliCount);
    // Frames delivered after a drop are marked.
    assert.ok(got.some((f) => f.frame.afterLoss));
  });

  it('without NACK, gaps are skipped after the reorder wait and frames drop', () => {
    const sim = new Sim(8, [description(A, { nack: false }), description(B, { nack: false })], [
      { delayMs: 20, loss: 0.05 },
      { delayMs: 20, loss: 0.05 },
    ]);
    stream(sim, 3000);
    const inbound = sim.peers[1].stats().inbound.find((s) => s.receiverId === 'video')!;
    assert.equal(inbound.nackCount, 0);
    assert.ok(inbound.framesDropped > 0);
    assert.ok(inbound.packetsLost > 0);
  });

  for (const [what, transportRttMs, within] of [['a receiver given the transport round trip (10 ms)', 10, [130, 220]], ['a receiver with no round trip known', undefined, [480, 600]]] as const) {
    it(`a frame lost with all its retransmissions: ${what} sends PLI ${within[0]}-${within[1]} ms after it was sent`, () => {
      const sim = new Sim(21, [description(A), description(B)], [{ delayMs: 5 }, { delayMs: 5 }]);
      if (transportRttMs !== undefined) sim.peers[1].setTransportRtt(transportRttMs);
      const LOST = 10;
      let pliAtMs: number | undefined;
      sim.filter = (from, kind, data) => {
        if (from === 0 && kind === 'rtp') return testFrameOf(data) !== LOST;
        if (from === 1 && kind === 'rtcp' && holdsPli(data)) pliAtMs ??= sim.nowMs;
        return true;
      };
      const video = new VideoSource(sim.peers[0], 3);
      sim.run(1500, 30, (now) => video.push(now));
      const sentAtMs = LOST * 30;
      assert.ok(pliAtMs !== undefined, 'a PLI was sent');
      const after = pliAtMs - sentAtMs;
      assert.ok(after >= within[0] && after <= within[1], `PLI ${after} ms after the lost frame was sent`);
    });
  }

  it('a key frame request that is lost is repeated every 300 ms while frames come, until a key frame arrives', () => {
    const sim = new Sim(22, [description(A), description(B)], [{ delayMs: 5 }, { delayMs: 5 }]);
    sim.peers[1].setTransportRtt(10);
    const LOST = 10;
    const plis: number[] = [];
    let dropPlis = 2;
    sim.filter = (from, kind, data) => {
      if (from === 0 && kind === 'rtp') return testFrameOf(data) !== LOST;
      if (from === 1 && kind === 'rtcp' && holdsPli(data)) {
        plis.push(sim.nowMs);
        // The first two PLIs are lost on the way.
        if (dropPlis-- > 0) return false;
      }
      return true;
    };
    const video = new VideoSource(sim.peers[0], 3);
    let answered = 0;
    sim.run(3000, 30, (now) => {
      const asked = sim.events[0].filter((e) => e.type === 'key-frame-request').length;
      video.push(now, video.frame === 0 || asked > answered);
      answered = asked;
    });
    assert.equal(answered, 1, 'the sender heard one request: the third');
    assert.equal(plis.length, 3, `PLIs at ${plis.join(', ')} ms`);
    assert.ok(plis[1]! - plis[0]! >= 300 && plis[1]! - plis[0]! < 340 && plis[2]! - plis[1]! < 340, `PLIs at ${plis.join(', ')} ms`);
    const inbound = sim.peers[1].stats().inbound.find((s) => s.receiverId === 'video')!;
    assert.equal(inbound.pliCount, 3);
    const last = frames(sim, 1, 'video').at(-1)!;
    assert.equal(last.frame.afterLoss, false, 'frames flow again after the key frame');
  });

  it('a stream whose first frame is a delta frame asks for a key frame at once', () => {
    const sim = new Sim(23, [description(A), description(B)], [{ delayMs: 5 }, { delayMs: 5 }]);
    const plis: number[] = [];
    sim.filter = (from, kind, data) => {
      // The key frame (frame 0) never arrives, retransmissions included.
      if (from === 0 && kind === 'rtp') return testFrameOf(data) !== 0;
      if (from === 1 && kind === 'rtcp' && holdsPli(data)) plis.push(sim.nowMs);
      return true;
    };
    const video = new VideoSource(sim.peers[0], 3);
    sim.run(200, 30, (now) => video.push(now));
    // Frame 1 leaves at 30 ms and arrives 5 ms later: its arrival is the first the receiver knows of the stream.
    assert.ok(plis.length >= 1 && plis[0]! <= 40, `PLIs at ${plis.join(', ')} ms`);
  });
});
