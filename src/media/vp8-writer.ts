// A VP8 frame writer (RFC 6386) for pictures made of flat 16x16 macroblocks: test
// patterns, colour bars, black frames. Each macroblock is one Y, U and V value. In a key
// frame it is predicted from its neighbours (V_PRED, H_PRED or DC_PRED, whichever
// reproduces it exactly, §12) and, when none does, DC_PRED plus a DC-only residue at
// quantizer index 0, which the decoder reconstructs exactly (§14). In an inter frame it
// copies the last frame (ZEROMV) plus the residue of what changed. The loop filter is off, so every
// macroblock decodes to its value and the next one's prediction is known. Notes on the
// bitstream choices: docs/vp8-writer.md.
import { BoolEncoder, treePaths } from './bool-encoder.js';
import {
  CATEGORY_BASE,
  CATEGORY_PROBS,
  COEFF_BANDS,
  COEFF_TREE,
  COEFF_UPDATE_PROBS,
  DEFAULT_COEFF_PROBS,
  KF_UV_MODE_PROBS,
  KF_YMODE_PROBS,
  KF_YMODE_TREE,
  MODE_CONTEXTS_ZERO,
  MV_UPDATE_PROBS,
  UV_MODE_TREE,
  coeffProbIndex,
} from './vp8-tables.js';

/** A picture of flat macroblocks: one Y, U and V value per 16x16 block, row by row. */
export interface MacroblockPicture {
  /** Width and height in pixels (1..16383); the last column and row of blocks may be cropped. */
  width: number;
  height: number;
  /** Luma of each macroblock, ceil(width/16) x ceil(height/16), row-major. */
  y: Uint8Array;
  /** Chroma (Cb, Cr) of each macroblock, same layout. */
  u: Uint8Array;
  v: Uint8Array;
}

/** Largest width or height a VP8 frame header holds (RFC 6386 §9.1: 14 bits). */
export const VP8_MAX_DIMENSION = 0x3fff;

const DC_PRED = 0;
const V_PRED = 1;
const H_PRED = 2;
const EOB = 11;
/** Block types of the token probabilities (RFC 6386 §13.3). */
const TYPE_Y_AFTER_Y2 = 0;
const TYPE_Y2 = 1;
const TYPE_UV = 2;

const YMODE_PATHS = treePaths(KF_YMODE_TREE);
const UV_MODE_PATHS = treePaths(UV_MODE_TREE);
const TOKEN_PATHS = treePaths(COEFF_TREE);

/** Number of macroblocks across and down a picture. */
export function macroblockGrid(width: number, height: number): { cols: number; rows: number } {
  return { cols: (width + 15) >> 4, rows: (height + 15) >> 4 };
}

// RFC 6386 §12.2, §12.3: the flat prediction a 16x16 (or 8x8) block gets in `mode` from
// flat neighbours A (above) and L (left); outside the frame, V_PRED sees 127, H_PRED 129,
// and DC_PRED averages what exists (128 with neither).
function predict(mode: number, mx: number, my: number, above: number, left: number): number {
  if (mode === V_PRED) return my === 0 ? 127 : above;
  if (mode === H_PRED) return mx === 0 ? 129 : left;
  if (mx === 0 && my === 0) return 128;
  if (my === 0) return left;
  if (mx === 0) return above;
  // Sum of 16 + 16 (or 8 + 8) equal pixels, rounded: (n*A + n*L + n) / 2n.
  return (above + left + 1) >> 1;
}

const MODE_ORDER: readonly number[] = [V_PRED, H_PRED, DC_PRED];

/** The first of V_PRED, H_PRED, DC_PRED whose prediction is every plane's value at `i`, else DC_PRED. */
function chooseMode(a: Uint8Array, b: Uint8Array | undefined, i: number, mx: number, my: number, cols: number): number {
  const aboveA = my > 0 ? a[i - cols]! : 0;
  const leftA = mx > 0 ? a[i - 1]! : 0;
  const aboveB = b !== undefined && my > 0 ? b[i - cols]! : 0;
  const leftB = b !== undefined && mx > 0 ? b[i - 1]! : 0;
  for (const mode of MODE_ORDER) {
    if (predict(mode, mx, my, aboveA, leftA) !== a[i]) continue;
    if (b === undefined || predict(mode, mx, my, aboveB, leftB) === b[i]) return mode;
  }
  return DC_PRED;
}

/** Residue of plane `p` at macroblock `i` predicted in `mode`. */
function residue(p: Uint8Array, mode: number, i: number, mx: number, my: number, cols: number): number {
  return p[i]! - predict(mode, mx, my, my > 0 ? p[i - cols]! : 0, mx > 0 ? p[i - 1]! : 0);
}

/** Writes the tokens of one 4x4 block's coefficients (zigzag order) from `first`; returns whether any is non-zero (RFC 6386 §13). */
function writeBlock(e: BoolEncoder, type: number, ctx: number, coeffs: ArrayLike<number>, first: number): boolean {
  let last = -1;
  for (let i = 15; i >= first; i--) {
    if (coeffs[i] !== 0) {
      last = i;
      break;
    }
  }
  let c = ctx;
  let prevZero = false;
  for (let i = first; i <= last; i++) {
    const value = coeffs[i]!;
    const abs = Math.abs(value);
    let token = abs;
    if (abs > 4) {
      token = 5;
      while (token < 10 && abs >= CATEGORY_BASE[token - 4]!) token++;
    }
    const path = TOKEN_PATHS[token]!;
    // RFC 6386 §13.2: after a DCT_0 the end-of-block branch is skipped.
    e.tree(prevZero ? path.slice(2) : path, DEFAULT_COEFF_PROBS, coeffProbIndex(type, COEFF_BANDS[i]!, c, 0));
    if (token >= 5) {
      const probs = CATEGORY_PROBS[token - 5]!;
      const extra = abs - CATEGORY_BASE[token - 5]!;
      for (let b = 0; b < probs.length; b++) e.bool((extra >> (probs.length - 1 - b)) & 1, probs[b]!);
    }
    if (abs !== 0) e.bool(value < 0, 128);
    c = abs === 0 ? 0 : abs === 1 ? 1 : 2;
    prevZero = abs === 0;
  }
  const end = last < 0 ? first : last + 1;
  if (end < 16) e.tree(TOKEN_PATHS[EOB]!, DEFAULT_COEFF_PROBS, coeffProbIndex(type, COEFF_BANDS[end]!, c, 0));
  return last >= first;
}

/** Token contexts of one frame's residue partition (RFC 6386 §13.3) and its encoder. */
class TokenWriter {
  readonly encoder = new BoolEncoder();
  readonly #aboveY: Uint8Array;
  readonly #aboveU: Uint8Array;
  readonly #aboveV: Uint8Array;
  readonly #aboveY2: Uint8Array;
  readonly #leftY = new Uint8Array(4);
  readonly #leftU = new Uint8Array(2);
  readonly #leftV = new Uint8Array(2);
  #leftY2 = 0;
  readonly #coeffs = new Int16Array(16);

  constructor(cols: number) {
    this.#aboveY = new Uint8Array(cols * 4);
    this.#aboveU = new Uint8Array(cols * 2);
    this.#aboveV = new Uint8Array(cols * 2);
    this.#aboveY2 = new Uint8Array(cols);
  }

  /** A new macroblock row: nothing to the left. */
  row(): void {
    this.#leftY.fill(0);
    this.#leftU.fill(0);
    this.#leftV.fill(0);
    this.#leftY2 = 0;
  }

  /** A skipped macroblock (no Y2-less modes here) leaves its neighbours empty contexts. */
  skip(mx: number): void {
    this.#aboveY.fill(0, mx * 4, mx * 4 + 4);
    this.#aboveU.fill(0, mx * 2, mx * 2 + 2);
    this.#aboveV.fill(0, mx * 2, mx * 2 + 2);
    this.#aboveY2[mx] = 0;
    this.row();
  }

  /** The residue of a macroblock whose every pixel differs from its prediction by (y, u, v). */
  residue(mx: number, y: number, u: number, v: number): void {
    const e = this.encoder;
    const coeffs = this.#coeffs;
    // Y2 (§13, §14.3): DC 8r makes every Y subblock's DC 8r after the inverse WHT,
    // ((64r + 3) >> 3), and every pixel's residue r after the inverse DCT ((8r + 4) >> 3).
    coeffs.fill(0);
    coeffs[0] = 8 * y;
    const y2 = writeBlock(e, TYPE_Y2, this.#aboveY2[mx]! + this.#leftY2, coeffs, 0);
    this.#aboveY2[mx] = this.#leftY2 = Number(y2);
    coeffs[0] = 0;
    for (let b = 0; b < 16; b++) {
      const bx = b & 3;
      const by = b >> 2;
      const nz = writeBlock(e, TYPE_Y_AFTER_Y2, this.#aboveY[mx * 4 + bx]! + this.#leftY[by]!, coeffs, 1);
      this.#aboveY[mx * 4 + bx] = this.#leftY[by] = Number(nz);
    }
    // Chroma DC at factor 4: 2r dequantizes to 8r, a residue of r per pixel.
    this.#chroma(mx, 2 * u, this.#aboveU, this.#leftU);
    this.#chroma(mx, 2 * v, this.#aboveV, this.#leftV);
  }

  #chroma(mx: number, dc: number, above: Uint8Array, left: Uint8Array): void {
    this.#coeffs[0] = dc;
    for (let b = 0; b < 4; b++) {
      const bx = b & 1;
      const by = b >> 1;
      const nz = writeBlock(this.encoder, TYPE_UV, above[mx * 2 + bx]! + left[by]!, this.#coeffs, 0);
      above[mx * 2 + bx] = left[by] = Number(nz);
    }
  }
}

function checkPicture(picture: MacroblockPicture): { cols: number; rows: number } {
  const { width, height } = picture;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > VP8_MAX_DIMENSION || height > VP8_MAX_DIMENSION) {
    throw new RangeError(`VP8 frame size ${width}x${height} is outside 1..${VP8_MAX_DIMENSION}`);
  }
  const grid = macroblockGrid(width, height);
  const count = grid.cols * grid.rows;
  if (picture.y.length < count || picture.u.length < count || picture.v.length < count) throw new RangeError('picture has fewer macroblocks than its size needs');
  return grid;
}

/** RFC 6386 §9.11: prob_skip_false, the chance (of 256) that a macroblock has coefficients. */
function skipProbability(coded: number, count: number): number {
  return Math.min(255, Math.max(1, Math.round((256 * coded) / count)));
}

/** The header fields every frame here shares: no segmentation, no loop filter, quantizer 0 (§19.2). */
function writeFrameSettings(header: BoolEncoder): void {
  header.literal(0, 1); // segmentation_enabled
  header.literal(0, 1); // filter_type
  header.literal(0, 6); // loop_filter_level 0: no loop filter (§9.4, §15)
  header.literal(0, 3); // sharpness_level
  header.literal(0, 1); // loop_filter_adj_enable
  header.literal(0, 2); // log2_nbr_of_dct_partitions: one token partition (§9.5)
  header.literal(0, 7); // y_ac_qi 0: dequantization factors dc 4, Y2 dc 8 (§9.6, §14.1)
  for (let d = 0; d < 5; d++) header.literal(0, 1); // no quantizer deltas
}

/** §13.4: no token probability is updated; each flag is coded at its update probability. */
function writeNoTokenUpdates(header: BoolEncoder): void {
  for (let k = 0; k < COEFF_UPDATE_PROBS.length; k++) header.bool(0, COEFF_UPDATE_PROBS[k]!);
}

/** The frame: tag, key frame start code and size, then the two partitions (RFC 6386 §9.1). */
function assemble(key: boolean, width: number, height: number, first: Uint8Array, second: Uint8Array): Uint8Array {
  const lead = key ? 10 : 3;
  const out = new Uint8Array(lead + first.length + second.length);
  // Frame tag: key frame 0 / inter 1, version 0, show_frame 1, first partition size.
  const tag = (first.length << 5) | (1 << 4) | (key ? 0 : 1);
  out[0] = tag & 0xff;
  out[1] = (tag >> 8) & 0xff;
  out[2] = (tag >> 16) & 0xff;
  if (key) {
    out.set([0x9d, 0x01, 0x2a], 3);
    out[6] = width & 0xff;
    out[7] = width >> 8; // no horizontal scaling
    out[8] = height & 0xff;
    out[9] = height >> 8;
  }
  out.set(first, lead);
  out.set(second, lead + first.length);
  return out;
}

/**
 * Encodes `picture` as one VP8 key frame (RFC 6386 §9, §19): a frame every VP8 decoder
 * shows at picture.width x picture.height with each macroblock at its value.
 */
export function writeVp8KeyFrame(picture: MacroblockPicture): Uint8Array {
  const { cols, rows } = checkPicture(picture);
  const count = cols * rows;
  // Mode and residue of each macroblock (the reconstruction equals the picture, see above).
  const yMode = new Uint8Array(count);
  const uvMode = new Uint8Array(count);
  const yRes = new Int16Array(count);
  const uRes = new Int16Array(count);
  const vRes = new Int16Array(count);
  let coded = 0;
  for (let my = 0, i = 0; my < rows; my++) {
    for (let mx = 0; mx < cols; mx++, i++) {
      const ym = chooseMode(picture.y, undefined, i, mx, my, cols);
      const cm = chooseMode(picture.u, picture.v, i, mx, my, cols);
      yMode[i] = ym;
      uvMode[i] = cm;
      yRes[i] = residue(picture.y, ym, i, mx, my, cols);
      uRes[i] = residue(picture.u, cm, i, mx, my, cols);
      vRes[i] = residue(picture.v, cm, i, mx, my, cols);
      if (yRes[i] !== 0 || uRes[i] !== 0 || vRes[i] !== 0) coded++;
    }
  }
  const probNotSkipped = skipProbability(coded, count);
  const header = new BoolEncoder();
  header.literal(0, 1); // color_space: YUV (§9.2)
  header.literal(0, 1); // clamping_type: the decoder clamps
  writeFrameSettings(header);
  header.literal(0, 1); // refresh_entropy_probs: 0, the defaults hold for the next frame too
  writeNoTokenUpdates(header);
  header.literal(1, 1); // mb_no_coeff_skip: macroblocks say whether they have coefficients
  header.literal(probNotSkipped, 8);

  const tokens = new TokenWriter(cols);
  for (let my = 0, i = 0; my < rows; my++) {
    tokens.row();
    for (let mx = 0; mx < cols; mx++, i++) {
      const skip = yRes[i] === 0 && uRes[i] === 0 && vRes[i] === 0;
      header.bool(skip, probNotSkipped); // §19.3 mb_skip_coeff
      header.tree(YMODE_PATHS[yMode[i]!]!, KF_YMODE_PROBS); // §11.2 intra_y_mode
      header.tree(UV_MODE_PATHS[uvMode[i]!]!, KF_UV_MODE_PROBS); // §11.4 intra_uv_mode
      if (skip) tokens.skip(mx);
      else tokens.residue(mx, yRes[i]!, uRes[i]!, vRes[i]!);
    }
  }
  return assemble(true, picture.width, picture.height, header.finish(), tokens.encoder.finish());
}

/**
 * Encodes `picture` as a VP8 inter frame (RFC 6386 §9.7-9.10, §16) following a frame that
 * decoded to `previous` (same size): every macroblock copies the last frame (ZEROMV, so no
 * interpolation), skipped where it did not change, else with the DC residue of the change.
 */
export function writeVp8InterFrame(previous: MacroblockPicture, picture: MacroblockPicture): Uint8Array {
  const { cols, rows } = checkPicture(picture);
  if (previous.width !== picture.width || previous.height !== picture.height) throw new RangeError('an inter frame keeps the size of the frame before it');
  checkPicture(previous);
  const count = cols * rows;
  let coded = 0;
  for (let i = 0; i < count; i++) {
    if (picture.y[i] !== previous.y[i] || picture.u[i] !== previous.u[i] || picture.v[i] !== previous.v[i]) coded++;
  }
  const probNotSkipped = skipProbability(coded, count);
  const header = new BoolEncoder();
  writeFrameSettings(header);
  header.literal(0, 1); // refresh_golden_frame (§9.7)
  header.literal(0, 1); // refresh_alternate_frame
  header.literal(0, 2); // copy_buffer_to_golden: none
  header.literal(0, 2); // copy_buffer_to_alternate: none
  header.literal(0, 1); // sign_bias_golden
  header.literal(0, 1); // sign_bias_alternate
  header.literal(0, 1); // refresh_entropy_probs
  header.literal(1, 1); // refresh_last: this frame is the next one's reference (§9.8)
  writeNoTokenUpdates(header);
  header.literal(1, 1); // mb_no_coeff_skip
  header.literal(probNotSkipped, 8);
  header.literal(1, 8); // prob_intra: every macroblock is inter (§9.10)
  header.literal(255, 8); // prob_last: every one references the last frame
  header.literal(128, 8); // prob_gf (unused)
  header.literal(0, 1); // intra_16x16_prob_update_flag
  header.literal(0, 1); // intra_chroma_prob_update_flag
  // §17.2: no motion vector probability is updated.
  for (const p of MV_UPDATE_PROBS) header.bool(0, p);

  const tokens = new TokenWriter(cols);
  for (let my = 0, i = 0; my < rows; my++) {
    tokens.row();
    for (let mx = 0; mx < cols; mx++, i++) {
      const y = picture.y[i]! - previous.y[i]!;
      const u = picture.u[i]! - previous.u[i]!;
      const v = picture.v[i]! - previous.v[i]!;
      const skip = y === 0 && u === 0 && v === 0;
      header.bool(skip, probNotSkipped); // §19.3 mb_skip_coeff
      header.bool(1, 1); // is_inter_mb
      header.bool(0, 255); // mb_ref_frame_sel1: the last frame
      // §16.3: every neighbour inside the frame is inter with a zero vector, so the census
      // counts them all as zero (above 2, left 2, above-left 1); those outside count as intra.
      const zeroWeight = (my > 0 ? 2 : 0) + (mx > 0 ? 2 : 0) + (my > 0 && mx > 0 ? 1 : 0);
      header.bool(0, MODE_CONTEXTS_ZERO[zeroWeight]!); // mv_ref_tree: ZEROMV = "0"
      if (skip) tokens.skip(mx);
      else tokens.residue(mx, y, u, v);
    }
  }
  return assemble(false, picture.width, picture.height, header.finish(), tokens.encoder.finish());
}
