// The synthetic camera picture getUserMedia's fake video device shows: eight colour bars
// over the top two thirds, a dark band below with a white block that moves one macroblock
// per frame, so consecutive frames differ. Built of flat macroblocks for the VP8 writer;
// the bars are laid out once per size, and as the block comes back to the same place every
// `columns` frames, each encoded frame is kept and sent again (a few hundred KiB at most).
import { macroblockGrid, writeVp8KeyFrame, type MacroblockPicture } from './vp8-writer.js';

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
  /** Encoded frames by block position (the pattern repeats every #cols frames). */
  readonly #frames: (Uint8Array | undefined)[] = [];

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

  /** Frame `index` (any integer): the bars, and the block at its position for that index. */
  frame(index: number): Uint8Array {
    const mx = ((index % this.#cols) + this.#cols) % this.#cols;
    let frame = this.#frames[mx];
    if (frame === undefined) this.#frames[mx] = frame = this.#draw(mx);
    return frame;
  }

  /** The macroblock picture of frame `index`, before encoding. */
  picture(index: number): MacroblockPicture {
    return this.#picture(((index % this.#cols) + this.#cols) % this.#cols);
  }

  #draw(mx: number): Uint8Array {
    return writeVp8KeyFrame(this.#picture(mx));
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

  /** A black frame (kept once made). */
  black(): Uint8Array {
    this.#black ??= writeVp8KeyFrame(this.blackPicture());
    return this.#black;
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
