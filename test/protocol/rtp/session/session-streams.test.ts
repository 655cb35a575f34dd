// Stream lifecycle and bounds of an RTP session: SSRC collisions (RFC 3550 §8.2), a sender
// moving to a new SSRC with and without BYE, mute/unmute events, key frame requests, REMB,
// active and maxBitrate, and bounded state against 10,000 random SSRCs and NACK storms.
import assert from 'node:assert/strict';
import {
  Extmap,
  midExtension,
  nackPairsFromSequences,
  parseRtcp,
  serializeRtcp,
  serializeRtpPacket,
} from '../../../../src/protocol/rtp/index.js';
import { RtpSession, type FrameEvent } from '../../../../src/protocol/rtp/session/index.js';
import { seededRandom } from '../../../helpers/seeded-random.js';
import { description, EXTENSIONS, Sim, VIDEO_PT, VideoSource } from './sim.js';

const A = { videoSsrc: 0x1111, rtxSsrc: 0x1112, audioSsrc: 0x1113 };
const B = { videoSsrc: 0x2221, rtxSsrc: 0x2222, audioSsrc: 0x2223 };
const extmap = new Extmap(EXTENSIONS);

function videoFrom(sim: Sim, from: 0 | 1, untilMs: number, source = new VideoSource(sim.peers[from], 3)): VideoSource {
  sim.run(untilMs, 30, (now) => source.push(now));
  return source;
}

/** A raw video packet with MID 0 for feeding a session directly. */
function raw(ssrc: number, seq: number, opts: { mid?: boolean; pt?: number } = {}): Uint8Array {
  return serializeRtpPacket({
    ssrc,
    payloadType: opts.pt ?? VIDEO_PT,
    sequenceNumber: seq & 0xffff,
    timestamp: seq * 3000,
    marker: true,
    payload: Uint8Array.of(3, 0, 0, 0, 0, 0, 1),
    extensions: opts.mid === false ? [] : [extmap.element(midExtension, '0')!],
  });
}

describe('rtp session: streams and bounds', () => {
  it('RFC 3550 §8.2: the peer using our SSRC moves ours to a new one and names it', () => {
    const clash = { ...B, videoSsrc: A.videoSsrc };
    const sim = new Sim(21, [description(A), description(clash)], [{ delayMs: 10 }, { delayMs: 10 }]);
    videoFrom(sim, 0, 500);
    const changed = sim.events[1].find((e) => e.type === 'local-ssrc-changed');
    assert.ok(changed !== undefined && changed.type === 'local-ssrc-changed' && changed.oldSsrc === A.videoSsrc && changed.newSsrc !== A.videoSsrc);
    assert.equal(sim.peers[1].stats().session.ssrcCollisions, 1);
    // B sends on its new SSRC; A sees no collision and receives it.
    videoFrom(sim, 1, 1500);
    assert.equal(sim.peers[0].stats().session.ssrcCollisions, 0);
    assert.ok(sim.peers[0].stats().inbound.some((s) => s.receiverId === 'video' && s.ssrc === changed.newSsrc && s.packetsReceived > 0));
  });

  it('a sender moving to a new SSRC says BYE for the old one; the receiver drops it and takes the new one', () => {
    const sim = new Sim(22, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    videoFrom(sim, 0, 1000);
    const moved = { ...A, videoSsrc: 0x9999, rtxSsrc: 0x999a };
    sim.peers[0].setDescription(description(moved), sim.nowMs);
    videoFrom(sim, 0, 2000);
    const bye = sim.events[1].find((e) => e.type === 'bye');
    assert.ok(bye !== undefined && bye.type === 'bye' && bye.ssrc === A.videoSsrc);
    const actives = sim.events[1].filter((e) => e.type === 'stream-active' && e.receiverId === 'video');
    assert.deepEqual(actives.map((e) => e.type === 'stream-active' && e.ssrc), [A.videoSsrc, 0x9999]);
    assert.deepEqual(sim.peers[1].stats().inbound.filter((s) => s.receiverId === 'video').map((s) => s.ssrc), [0x9999]);
  });

  it('without the BYE, the new SSRC replaces the old one in its slot (after the cool-down)', () => {
    const sim = new Sim(23, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    sim.filter = (_from, kind, data) => !(kind === 'rtcp' && parseRtcp(data).some((p) => p.type === 'bye'));
    videoFrom(sim, 0, 1000);
    sim.peers[0].setDescription(description({ ...A, videoSsrc: 0x7777, rtxSsrc: 0x7778 }), sim.nowMs);
    videoFrom(sim, 0, 2000);
    const replaced = sim.events[1].find((e) => e.type === 'stream-replaced');
    assert.ok(replaced !== undefined && replaced.type === 'stream-replaced' && replaced.oldSsrc === A.videoSsrc && replaced.newSsrc === 0x7777);
    assert.equal(sim.events[1].filter((e) => e.type === 'bye').length, 0);
  });

  it('stream-inactive after 2 s without packets, stream-active again when they resume', () => {
    const sim = new Sim(24, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    const source = videoFrom(sim, 0, 1000);
    sim.run(4000);
    videoFrom(sim, 0, 5000, source);
    const kinds = sim.events[1].filter((e) => e.type.startsWith('stream-') && 'receiverId' in e && e.receiverId === 'video').map((e) => e.type);
    assert.deepEqual(kinds, ['stream-active', 'stream-inactive', 'stream-active']);
    const inactive = sim.events[1].findIndex((e) => e.type === 'stream-inactive');
    assert.ok(inactive > 0);
  });

  it('a sender a description takes away and a later one brings back goes on from its sequence number and timestamp (RFC 3711 §3.3.2 replay window)', () => {
    const sim = new Sim(26, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    const source = videoFrom(sim, 0, 1000);
    const header = (d: Uint8Array) => ({ ssrc: new DataView(d.buffer, d.byteOffset).getUint32(8), seq: (d[2]! << 8) | d[3]!, ts: new DataView(d.buffer, d.byteOffset).getUint32(4) });
    const lastBefore = sim.sent[0].map(header).filter((h) => h.ssrc === A.videoSsrc).at(-1)!;
    const full = description(A);
    // The direction made inactive: no video sender, then the same one again.
    sim.peers[0].setDescription({ ...full, senders: full.senders!.filter((x) => x.kind !== 'video') }, sim.nowMs);
    sim.run(1500);
    assert.ok(sim.events[1].some((e) => e.type === 'bye' && e.ssrc === A.videoSsrc), 'BYE when the sender goes');
    sim.peers[0].setDescription(full, sim.nowMs);
    const sentBefore = sim.sent[0].length;
    videoFrom(sim, 0, 2500, source);
    const resumed = sim.sent[0].slice(sentBefore).map(header).filter((h) => h.ssrc === A.videoSsrc);
    assert.ok(resumed.length > 0);
    assert.equal(resumed[0]!.seq, (lastBefore.seq + 1) & 0xffff, 'the next sequence number');
    assert.ok(((resumed[0]!.ts - lastBefore.ts) >>> 0) < 90_000 * 2, 'the timestamp goes on from the same offset');
    // The receiver takes the stream again.
    const actives = sim.events[1].filter((e) => e.type === 'stream-active' && e.receiverId === 'video');
    assert.equal(actives.length, 2);
    assert.ok(sim.peers[0].stats().outbound.find((o) => o.senderId === 'video')!.packetsSent > resumed.length, 'the counters go on too');
  });

  it('PLI and FIR received become key-frame-request events (a repeated FIR sequence number once); REMB is surfaced', () => {
    const session = new RtpSession({ random: seededRandom(1), cname: 'x' }, description(A));
    session.sendRtp('video', { payloadType: VIDEO_PT, timestamp: 0, payload: new Uint8Array(10) }, 0);
    const fir = { type: 'fir' as const, senderSsrc: 9, mediaSsrc: 0, entries: [{ ssrc: A.videoSsrc, sequenceNumber: 4 }] };
    session.handleRtcp(serializeRtcp([{ type: 'pli', senderSsrc: 9, mediaSsrc: A.videoSsrc }]), 1);
    session.handleRtcp(serializeRtcp([fir]), 2);
    session.handleRtcp(serializeRtcp([fir]), 3);
    session.handleRtcp(serializeRtcp([{ ...fir, entries: [{ ssrc: A.videoSsrc, sequenceNumber: 5 }] }]), 4);
    session.handleRtcp(serializeRtcp([{ type: 'remb', senderSsrc: 9, mediaSsrc: 0, bitrateBps: 256_000, ssrcs: [A.videoSsrc] }]), 5);
    session.handleRtcp(serializeRtcp([{ type: 'pli', senderSsrc: 9, mediaSsrc: 0xdead }]), 6);
    const events = [];
    for (let e = session.pollEvent(); e !== undefined; e = session.pollEvent()) events.push(e);
    assert.deepEqual(events.filter((e) => e.type === 'key-frame-request').map((e) => e.type === 'key-frame-request' && e.via), ['pli', 'fir', 'fir']);
    const remb = events.find((e) => e.type === 'remb');
    assert.ok(remb !== undefined && remb.type === 'remb' && remb.remb.bitrateBps === 256_000);
    const out = session.stats().outbound.find((s) => s.senderId === 'video')!;
    assert.equal(out.pliCount, 1);
    assert.equal(out.firCount, 2);
    assert.equal(session.stats().session.rtcpUnknownSsrc, 1);
  });

  it('maxBitrate holds the send rate to it (token bucket); active=false sends nothing and says BYE', () => {
    const sim = new Sim(25, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    sim.peers[0].setEncoding('video', 0, { maxBitrateBps: 200_000 }, 0);
    let bytes = 0;
    sim.filter = (from, kind, data) => {
      if (from === 0 && kind === 'rtp') bytes += data.length;
      return true;
    };
    // 3 packets of 1000 bytes at 30 fps is 720 kbit/s offered.
    const source = videoFrom(sim, 0, 4000);
    const rate = (bytes * 8) / 4;
    assert.ok(rate > 180_000 && rate < 220_000, `${rate} bit/s`);
    const out = sim.peers[0].stats().outbound.find((s) => s.senderId === 'video')!;
    assert.ok(out.packetsSent < source.frame * 3);
    sim.peers[0].setEncoding('video', 0, { active: false, maxBitrateBps: undefined }, sim.nowMs);
    const before = sim.sent[0].length;
    videoFrom(sim, 0, 5000, source);
    assert.equal(sim.sent[0].length, before, 'nothing sent while inactive');
    assert.ok(sim.peers[0].stats().outbound.find((s) => s.senderId === 'video')!.packetsDiscardedOnSend > 0);
    assert.ok(sim.events[1].some((e) => e.type === 'bye' && e.ssrc === A.videoSsrc));
    // A description that then takes the sender away says no second BYE.
    const full = description(A);
    sim.peers[0].setDescription({ ...full, senders: full.senders!.filter((x) => x.kind !== 'video') }, sim.nowMs);
    sim.run(5500);
    assert.equal(sim.events[1].filter((e) => e.type === 'bye' && e.ssrc === A.videoSsrc).length, 1);
  });

  it('10,000 random SSRCs with a valid MID or payload type: one stream per slot, the rest dropped and counted', () => {
    const session = new RtpSession({ random: seededRandom(2), cname: 'x' }, description(B));
    const rand = seededRandom(3);
    for (let i = 0; i < 10_000; i++) {
      session.handleRtp(raw(rand.uint32(), i, { mid: i % 2 === 0 }), i);
      for (let e = session.pollEvent(); e !== undefined; e = session.pollEvent());
      for (let t = session.pollTransmit(); t !== undefined; t = session.pollTransmit());
    }
    const stats = session.stats();
    assert.ok(stats.inbound.length <= 1, `${stats.inbound.length} streams`);
    // One switch per cool-down (500 ms) at most: 10 s of packets make about 20.
    assert.ok(stats.session.demuxDrops['ssrc-cooldown'] > 9_900);
    assert.ok(session.receiveStreams.size <= 1 && session.demux.streamCount <= 1);
  });

  it('a NACK for 10,000 packets costs one lookup each: retransmissions stay within the history, once per RTT', () => {
    const session = new RtpSession({ random: seededRandom(4), cname: 'x', historyMaxPackets: 300 }, description(A, { rtx: true }));
    const seqs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      session.sendRtp('video', { payloadType: VIDEO_PT, timestamp: i, payload: new Uint8Array(100) }, i / 10);
      for (let t = session.pollTransmit(); t !== undefined; t = session.pollTransmit()) seqs.push(((t.data[2]! << 8) | t.data[3]!));
    }
    const first = seqs[0]!;
    const lost = Array.from({ length: 10_000 }, (_, i) => (first + i) & 0xffff);
    const pairs = nackPairsFromSequences(lost);
    const nack = serializeRtcp([{ type: 'nack', senderSsrc: 9, mediaSsrc: A.videoSsrc, pairs }]);
    session.handleRtcp(nack, 100);
    let rtx = 0;
    for (let t = session.pollTransmit(); t !== undefined; t = session.pollTransmit()) if (t.kind === 'rtp') rtx++;
    assert.ok(rtx > 0 && rtx <= 300, `${rtx} retransmissions`);
    // The same NACK again within an RTT: nothing more.
    session.handleRtcp(nack, 101);
    let again = 0;
    for (let t = session.pollTransmit(); t !== undefined; t = session.pollTransmit()) if (t.kind === 'rtp') again++;
    assert.equal(again, 0);
    const out = session.stats().outbound.find((s) => s.senderId === 'video')!;
    assert.equal(out.nackCount, 2);
    assert.equal(out.retransmittedPacketsSent, rtx);
    assert.ok(out.nackMisses >= 10_000 - 300);
    assert.ok(session.sendStreams[0]!.history.size <= 300);
  });

  it('close() says BYE for every SSRC that sent and ignores later input', () => {
    const sim = new Sim(26, [description(A), description(B)], [{ delayMs: 10 }, { delayMs: 10 }]);
    videoFrom(sim, 0, 500);
    sim.peers[0].close(sim.nowMs);
    sim.run(600);
    assert.ok(sim.events[1].some((e) => e.type === 'bye' && e.ssrc === A.videoSsrc));
    assert.equal(sim.peers[0].pollTimeout(), undefined);
    const frames = sim.events[1].filter((e): e is FrameEvent => e.type === 'frame').length;
    assert.ok(frames > 0);
    assert.equal(sim.peers[0].sendRtp('video', { payloadType: VIDEO_PT, timestamp: 0, payload: new Uint8Array(1) }, 700), false);
  });
});
