// The synthetic camera picture getUserMedia's fake video device shows: eight colour bars
// over the top two thirds, a dark band below with a white block that moves one macroblock
// per frame, so consecutive frames differ. Built of flat macroblocks for the VP8 writer;
// the bars are laid out once per size, and as the block comes back to the same place every
// `columns` frames, each encoded frame (key, or inter from the frame before) is kept and
// sent again (a few hundred KiB at most).
import { macroblockGrid, writeVp8InterFrame, writeVp8KeyFrame, type MacroblockPicture } from './vp8-writer.js';

/** BT.601 studio-range Y, Cb, Cr of the bars: white, yellow, cyan, green, magenta, red, blue, black. */
const BARS: readonly (readonly [number, number, number])[] = [
  [235, 128, 128],
  [210, 16, 146],
  [170, 166, 16],
  [145, 54, 34],
  [106, 202, 222],
  [81, 90, 240],
  [41, 240, 110],
  [16, 128, 128],
];
const BAND: readonly [number, number, number] = [40, 128, 128];
const BLOCK: readonly [number, number, number] = [235, 128, 128];
/** Studio-range black, what a disabled camera track sends. */
const BLACK: readonly [number, number, number] = [16, 128, 128];

/** Frames of the test pattern at one size, as VP8 key frames. */
export class TestPatternVideo {
  /** Frame width in pixels. */
  readonly width: number;
  /** Frame height in pixels. */
  readonly height: number;
  readonly #base: MacroblockPicture;
  readonly #cols: number;
  readonly #rows: number;
  readonly #bandTop: number;
  #black: Uint8Array | undefined;
  #blackInter: Uint8Array | undefined;
  /** Encoded key frames by block position (the pattern repeats every #cols frames). */
  readonly #keyFrames: (Uint8Array | undefined)[] = [];
  /** Encoded inter frames by block position, each from the position before. */
  readonly #interFrames: (Uint8Array | undefined)[] = [];

  /** The pattern at `width` x `height` (1..16383 each). */
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    const { cols, rows } = macroblockGrid(width, height);
    this.#cols = cols;
    this.#rows = rows;
    const n = cols * rows;
    this.#base = { width, height, y: new Uint8Array(n), u: new Uint8Array(n), v: new Uint8Array(n) };
    this.#bandTop = rows > 2 ? Math.ceil((rows * 2) / 3) : rows;
    for (let my = 0; my < rows; my++) {
      for (let mx = 0; mx < cols; mx++) {
        const colour = my >= this.#bandTop ? BAND : BARS[Math.floor((mx * BARS.length) / cols)]!;
        this.#set(this.#base, my * cols + mx, colour);
      }
    }
  }

  /** Frames after which the pattern repeats. */
  get period(): number {
    return this.#cols;
  }

  /**
   * Frame `index` (any integer): the bars, and the block at its position for that index; a
   * key frame, or an inter frame that follows frame index - 1.
   */
  frame(index: number, keyFrame = true): Uint8Array {
    const mx = this.#position(index);
    const cache = keyFrame ? this.#keyFrames : this.#interFrames;
    let frame = cache[mx];
    if (frame === undefined) {
      const picture = this.#picture(mx);
      cache[mx] = frame = keyFrame ? writeVp8KeyFrame(picture) : writeVp8InterFrame(this.#picture(this.#position(index - 1)), picture);
    }
    return frame;
  }

  #position(index: number): number {
    return ((index % this.#cols) + this.#cols) % this.#cols;
  }

  /** The macroblock picture of frame `index`, before encoding. */
  picture(index: number): MacroblockPicture {
    return this.#picture(this.#position(index));
  }

  #picture(mx: number): MacroblockPicture {
    const p: MacroblockPicture = { ...this.#base, y: this.#base.y.slice(), u: this.#base.u.slice(), v: this.#base.v.slice() };
    const bandRows = this.#rows - this.#bandTop;
    if (bandRows > 0) {
      const my = this.#bandTop + Math.floor(bandRows / 2);
      this.#set(p, my * this.#cols + mx, BLOCK);
    }
    return p;
  }

  /** A black frame (kept once made): a key frame, or an inter frame that follows a black one. */
  black(keyFrame = true): Uint8Array {
    if (keyFrame) return (this.#black ??= writeVp8KeyFrame(this.blackPicture()));
    return (this.#blackInter ??= writeVp8InterFrame(this.blackPicture(), this.blackPicture()));
  }

  /** The macroblock picture of a black frame. */
  blackPicture(): MacroblockPicture {
    const n = this.#cols * this.#rows;
    const p: MacroblockPicture = { width: this.width, height: this.height, y: new Uint8Array(n), u: new Uint8Array(n), v: new Uint8Array(n) };
    for (let i = 0; i < n; i++) this.#set(p, i, BLACK);
    return p;
  }

  #set(p: MacroblockPicture, i: number, [y, u, v]: readonly [number, number, number]): void {
    p.y[i] = y;
    p.u[i] = u;
    p.v[i] = v;
  }
}
