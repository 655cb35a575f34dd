// The reorder buffer and frame assembler: in-order release, frames by timestamp and marker
// (or a payload format's start predicate), gaps waited for then skipped, resynchronisation.
import assert from 'node:assert/strict';
import { FrameAssembler, type AssembledFrame, type BufferedPacket, type FramePolicy } from '../../../../src/protocol/rtp/session/index.js';

function pkt(extended: number, timestamp: number, marker: boolean, start = false): BufferedPacket {
  return { extended, sequenceNumber: extended & 0xffff, timestamp, marker, payloadType: 96, payload: Uint8Array.of(start ? 1 : 0, extended & 0xff), arrivalMs: 0, retransmitted: false };
}

const startBit: FramePolicy = { isFrameStart: (p) => (p[0]! & 1) === 1, isKeyFrame: (p) => p[1] === 0 };

function harness(options: { policy?: FramePolicy; single?: boolean; maxWaitMs?: number; capacity?: number } = {}) {
  const frames: AssembledFrame[] = [];
  let dropped = 0;
  const sink = { frame: (f: AssembledFrame) => frames.push(f), dropped: (n: number) => (dropped += n) };
  const a = new FrameAssembler({ maxWaitMs: options.maxWaitMs ?? 100, capacity: options.capacity ?? 64, singlePacketFrames: options.single ?? false, policyFor: () => options.policy });
  const put = (p: BufferedPacket, now = 0) => {
    a.insert(p, now, sink);
    a.poll(now, sink);
  };
  const seqs = () => frames.map((f) => f.packets.map((p) => p.extended));
  return { a, sink, frames, put, seqs, dropped: () => dropped };
}

describe('rtp session: frame assembler', () => {
  it('frames by marker bit; reordered packets wait and come out in order', () => {
    const h = harness();
    h.put(pkt(0, 100, false));
    h.put(pkt(2, 100, true));
    assert.equal(h.frames.length, 0);
    assert.equal(h.a.nextTimeoutMs(), 100);
    h.put(pkt(1, 100, false), 5);
    h.put(pkt(3, 200, true), 6);
    assert.deepEqual(h.seqs(), [[0, 1, 2], [3]]);
    assert.equal(h.a.framesAssembled, 2);
    assert.equal(h.a.nextTimeoutMs(), undefined);
  });

  it('a gap not filled within the wait drops its frame, counts it, and assembly resumes after the next marker', () => {
    const h = harness();
    for (const p of [pkt(0, 100, false), pkt(2, 100, true), pkt(3, 200, false), pkt(4, 200, true)]) h.put(p, 0);
    h.a.poll(99, h.sink);
    assert.equal(h.frames.length, 0);
    h.a.poll(100, h.sink);
    assert.deepEqual(h.seqs(), [[3, 4]]);
    assert.equal(h.dropped(), 1);
    assert.equal(h.a.framesDropped, 1);
    assert.equal(h.frames[0]!.afterLoss, true);
    // A late packet of the dropped frame is discarded.
    h.put(pkt(1, 100, false), 150);
    assert.equal(h.a.packetsDiscarded, 3);
  });

  it('without a start predicate, packets after a gap are skipped until one follows a marker', () => {
    const h = harness();
    // Frame 100 loses its middle; frame 200 loses its first packet (5): 6, 7 are not a whole frame.
    for (const p of [pkt(0, 100, false), pkt(2, 100, true), pkt(6, 200, false), pkt(7, 200, true), pkt(8, 300, false), pkt(9, 300, true)]) h.put(p, 0);
    h.a.poll(100, h.sink); // skip 1
    h.a.poll(200, h.sink); // skip 3-5
    assert.deepEqual(h.seqs(), [[8, 9]]);
    assert.equal(h.a.framesDropped, 2);
  });

  it('a start predicate lets assembly resume at the first frame start after a gap, and names key frames', () => {
    const h = harness({ policy: startBit });
    for (const p of [pkt(0, 100, false, true), pkt(2, 100, true), pkt(3, 200, false, true), pkt(4, 200, true)]) h.put(p, 0);
    h.a.poll(100, h.sink);
    assert.deepEqual(h.seqs(), [[3, 4]]);
    assert.equal(h.frames[0]!.keyFrame, false);
    const k = harness({ policy: startBit });
    k.put(pkt(256, 1, true, true));
    assert.equal(k.frames[0]!.keyFrame, true);
  });

  it('a packet that does not start a frame, first in the stream, is not taken as a frame', () => {
    const h = harness({ policy: startBit });
    h.put(pkt(10, 100, false));
    h.put(pkt(11, 100, true));
    h.put(pkt(12, 200, true, true));
    assert.deepEqual(h.seqs(), [[12]]);
  });

  it('a new timestamp ends a frame whose marker never came (unbroken order)', () => {
    const h = harness();
    h.put(pkt(0, 100, false));
    h.put(pkt(1, 100, false));
    h.put(pkt(2, 200, true));
    assert.deepEqual(h.seqs(), [[0, 1], [2]]);
  });

  it('audio: every packet is a frame; a skipped gap counts each missing packet', () => {
    const h = harness({ single: true, maxWaitMs: 10 });
    h.put(pkt(0, 0, false));
    h.put(pkt(3, 480, false));
    h.a.poll(10, h.sink);
    assert.deepEqual(h.seqs(), [[0], [3]]);
    assert.equal(h.a.framesDropped, 2);
  });

  it('a packet beyond the capacity forces the gap before it to be skipped; memory stays within capacity', () => {
    const h = harness({ capacity: 16 });
    h.put(pkt(0, 0, true));
    for (let s = 2; s < 1000; s++) h.put(pkt(s, s, true), 0);
    assert.ok(h.a.size <= 16);
    assert.equal(h.frames.at(-1)!.packets[0]!.extended, 999);
    assert.equal(h.a.framesDropped, 1);
  });

  it('duplicates and packets behind the release point are discarded', () => {
    const h = harness();
    h.put(pkt(0, 0, true));
    h.put(pkt(0, 0, true));
    h.put(pkt(2, 1, false));
    h.put(pkt(2, 1, false));
    assert.equal(h.a.packetsDiscarded, 2);
    assert.equal(h.frames.length, 1);
  });
});
