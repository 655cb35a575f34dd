// The VP8 boolean encoder read back by a decoder written from RFC 6386 §7.3 (here, in the
// test), and the key frame writer's uncompressed header and first-partition fields
// (§9.1, §19.2) read the same way. ffmpeg decoding the frames pixel for pixel is in
// conformance/media/vp8-writer.test.ts.
import assert from 'node:assert/strict';
import { BoolEncoder, treePaths } from '../../src/media/bool-encoder.js';
import { TestPatternVideo } from '../../src/media/test-pattern.js';
import { COEFF_UPDATE_PROBS, KF_UV_MODE_PROBS, KF_YMODE_PROBS, KF_YMODE_TREE, UV_MODE_TREE } from '../../src/media/vp8-tables.js';
import { VP8_MAX_DIMENSION, writeVp8KeyFrame } from '../../src/media/vp8-writer.js';
import { Vp8Depacketizer } from '../../src/protocol/rtp/payload/index.js';


/** RFC 6386 §7.3's decoder: two bytes of look-ahead, a range of 128..255. */
class BoolDecoder {
  #value: number;
  #range = 255;
  #bitCount = 0;
  #pos = 2;
  constructor(private readonly data: Uint8Array) {
    this.#value = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
  }
  bool(prob: number): number {
    const split = 1 + (((this.#range - 1) * prob) >> 8);
    const bigSplit = split << 8;
    let bit = 0;
    if (this.#value >= bigSplit) {
      bit = 1;
      this.#range -= split;
      this.#value -= bigSplit;
    } else {
      this.#range = split;
    }
    while (this.#range < 128) {
      this.#value <<= 1;
      this.#range <<= 1;
      if (++this.#bitCount === 8) {
        this.#bitCount = 0;
        this.#value |= this.data[this.#pos++] ?? 0;
      }
    }
    return bit;
  }
  literal(bits: number): number {
    let v = 0;
    for (let i = 0; i < bits; i++) v = v * 2 + this.bool(128);
    return v;
  }
  tree(tree: readonly number[], probs: readonly number[]): number {
    let i = 0;
    while ((i = tree[i + this.bool(probs[i >> 1]!)]!) > 0);
    return -i;
  }
  get consumed(): number {
    return this.#pos;
  }
}

describe('media/VP8 writer', () => {
  it('bools at every probability, literals and tree leaves read back as written', () => {
    let s = 12345;
    const rand = (): number => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) & 0xffff;
    const written: Array<[number, number]> = [];
    const e = new BoolEncoder();
    for (let i = 0; i < 20_000; i++) {
      const prob = 1 + (rand() % 255);
      // Bits skewed toward the likely value, and runs of the unlikely one (carries).
      const bit = i % 500 < 40 ? Number(prob > 128) : Number(rand() % 256 >= prob);
      written.push([bit, prob]);
      e.bool(bit, prob);
    }
    e.literal(0x5a5a, 16);
    e.tree(treePaths(KF_YMODE_TREE)[3]!, KF_YMODE_PROBS);
    e.tree(treePaths(UV_MODE_TREE)[2]!, KF_UV_MODE_PROBS);
    const bytes = e.finish();
    const d = new BoolDecoder(bytes);
    written.forEach(([bit, prob], i) => assert.equal(d.bool(prob), bit, `bool ${i}`));
    assert.equal(d.literal(16), 0x5a5a);
    assert.equal(d.tree(KF_YMODE_TREE, KF_YMODE_PROBS), 3);
    assert.equal(d.tree(UV_MODE_TREE, KF_UV_MODE_PROBS), 2);
    assert.ok(d.consumed <= bytes.length + 2, 'the decoder never needs bytes past the end');
  });

  it('treePaths gives every leaf of a tree', () => {
    const paths = treePaths(KF_YMODE_TREE);
    assert.deepEqual(paths[4], [0, 0]); // B_PRED = "0"
    assert.deepEqual(paths[0], [1, 0, 0, 2, 0, 4]); // DC_PRED = "100"
    assert.deepEqual(paths[3], [1, 0, 1, 2, 1, 6]); // TM_PRED = "111"
  });

  it('a key frame carries its size and a first partition a decoder parses as written', () => {
    const frame = new TestPatternVideo(640, 480).frame(7);
    const tag = frame[0]! | (frame[1]! << 8) | (frame[2]! << 16);
    assert.equal(tag & 1, 0, 'key frame');
    assert.equal((tag >> 1) & 7, 0, 'version 0');
    assert.equal((tag >> 4) & 1, 1, 'shown');
    const firstSize = tag >> 5;
    assert.deepEqual([...frame.subarray(3, 6)], [0x9d, 0x01, 0x2a], 'start code');
    assert.equal(frame[6]! | (frame[7]! << 8), 640);
    assert.equal(frame[8]! | (frame[9]! << 8), 480);
    assert.ok(10 + firstSize < frame.length, 'a token partition follows the first');
    const d = new BoolDecoder(frame.subarray(10, 10 + firstSize));
    const fields = [1, 1, 1, 1, 6, 3, 1, 2, 7, 1, 1, 1, 1, 1, 1].map((bits) => d.literal(bits));
    assert.deepEqual(fields, new Array(15).fill(0), 'color space .. refresh_entropy_probs');
    for (let k = 0; k < COEFF_UPDATE_PROBS.length; k++) assert.equal(d.bool(COEFF_UPDATE_PROBS[k]!), 0, `no token probability update (${k})`);
    assert.equal(d.literal(1), 1, 'mb_no_coeff_skip');
    const probSkipFalse = d.literal(8);
    assert.ok(probSkipFalse >= 1 && probSkipFalse < 64, `most macroblocks are skipped (prob_skip_false ${probSkipFalse})`);
    // First macroblock: the white bar, from 128 by DC_PRED with coefficients.
    assert.equal(d.bool(probSkipFalse), 0, 'first macroblock has coefficients');
    assert.equal(d.tree(KF_YMODE_TREE, KF_YMODE_PROBS), 0, 'DC_PRED');
    // Second: the same bar, copied from the left (H_PRED) with no coefficients.
    assert.equal(d.tree(UV_MODE_TREE, KF_UV_MODE_PROBS), 0);
    assert.equal(d.bool(probSkipFalse), 1, 'second macroblock skipped');
    assert.equal(d.tree(KF_YMODE_TREE, KF_YMODE_PROBS), 2, 'H_PRED');
  });

  it('the RTP depacketizer reads the size of a written key frame; frames differ from one to the next', () => {
    const pattern = new TestPatternVideo(1280, 720);
    const frame = pattern.frame(0);
    const out = new Vp8Depacketizer().push({ payload: Uint8Array.of(0x10, ...frame), marker: true, sequenceNumber: 1, timestamp: 0 });
    assert.equal(out?.width, 1280);
    assert.equal(out?.height, 720);
    assert.equal(out?.keyFrame, true);
    assert.notDeepEqual(pattern.frame(1), frame);
    assert.equal(pattern.frame(pattern.period), frame, 'the pattern repeats and its frames are kept');
    assert.notDeepEqual(pattern.black(), frame);
  });

  it('rejects sizes a VP8 header cannot hold', () => {
    const p = { width: VP8_MAX_DIMENSION + 1, height: 16, y: new Uint8Array(1025), u: new Uint8Array(1025), v: new Uint8Array(1025) };
    assert.throws(() => writeVp8KeyFrame(p), RangeError);
    assert.throws(() => writeVp8KeyFrame({ ...p, width: 0 }), RangeError);
    assert.throws(() => writeVp8KeyFrame({ ...p, width: 64, y: new Uint8Array(1) }), RangeError);
  });
});
