// The boolean entropy encoder of VP8 (RFC 6386 §7): a binary arithmetic coder whose
// probabilities are 8-bit numbers (the chance, out of 256, that the bool is 0). Output is
// a byte string a decoder following §7.3 reads back bool for bool.

/** Writes bools, literals and tree-coded values into one VP8 partition (RFC 6386 §7, §8). */
export class BoolEncoder {
  #out = new Uint8Array(256);
  #length = 0;
  /** Interval size, 128..255 between writes (RFC 6386 §7.3). */
  #range = 255;
  /** Low end of the interval; its top byte is the next output byte once 24 bits sit below it. */
  #bottom = 0;
  /** Shifts left before the next byte comes out of `bottom`. */
  #bitCount = 24;

  /** Writes `bit` whose probability of being false is prob/256 (1..255). */
  bool(bit: boolean | number, prob: number): void {
    // RFC 6386 §7.3: split is strictly between 0 and range.
    const split = 1 + (((this.#range - 1) * prob) >> 8);
    if (bit) {
      this.#bottom += split;
      this.#range -= split;
    } else {
      this.#range = split;
    }
    while (this.#range < 128) {
      this.#range <<= 1;
      // A carry out of the 32-bit bottom adds one to the bytes already written.
      if (this.#bottom >= 0x80000000) this.#carry();
      this.#bottom = (this.#bottom * 2) % 0x100000000;
      if (--this.#bitCount === 0) {
        this.#push(Math.floor(this.#bottom / 0x1000000));
        this.#bottom %= 0x1000000;
        this.#bitCount = 8;
      }
    }
  }

  /** Writes an n-bit unsigned literal, most significant bit first, each at probability 128 (RFC 6386 §8, L(n)). */
  literal(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) this.bool((value >>> i) & 1, 128);
  }

  /** Writes a leaf of a tree (RFC 6386 §8.1) given the path to it as [bit, node] pairs. */
  tree(path: readonly number[], probs: ArrayLike<number>, offset = 0): void {
    for (let i = 0; i < path.length; i += 2) this.bool(path[i]!, probs[offset + (path[i + 1]! >> 1)]!);
  }

  /**
   * Ends the partition and returns its bytes. Thirty-two zero bools at one half shift the
   * whole low end of the interval out (what RFC 6386 §7.3's flush writes, padded), so a
   * decoder reading ahead two bytes never runs past the data.
   */
  finish(): Uint8Array {
    for (let i = 0; i < 32; i++) this.bool(0, 128);
    return this.#out.slice(0, this.#length);
  }

  #push(byte: number): void {
    if (this.#length === this.#out.length) {
      const grown = new Uint8Array(this.#out.length * 2);
      grown.set(this.#out);
      this.#out = grown;
    }
    this.#out[this.#length++] = byte;
  }

  #carry(): void {
    let i = this.#length - 1;
    while (i >= 0 && this.#out[i] === 255) this.#out[i--] = 0;
    // The coded value stays below one (RFC 6386 §7.3), so a carry never runs off the front.
    if (i >= 0) this.#out[i]!++;
  }
}

/**
 * Paths to every leaf of a tree in RFC 6386 §8.1's array form (pairs of branches; a
 * non-positive entry -v is leaf v): for each leaf, [bit, node index, bit, node index, ...].
 */
export function treePaths(tree: readonly number[]): number[][] {
  const paths: number[][] = [];
  const walk = (node: number, path: number[]): void => {
    for (const bit of [0, 1]) {
      const next = tree[node + bit]!;
      const here = [...path, bit, node];
      if (next > 0) walk(next, here);
      else paths[-next] = here;
    }
  };
  walk(0, []);
  return paths;
}
