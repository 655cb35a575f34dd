// A queue of received chunks that readers take fixed-size pieces from without copying the
// whole backlog each time a chunk arrives.

/** Bytes fed in chunks, read from the front. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Offset of the first unread byte in chunks[0]. */
  private head = 0;
  /** Unread bytes in all chunks. */
  length = 0;

  /** Appends a chunk (kept by reference: the caller must not change it afterwards). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte at `index` from the front; the caller checks `index < length`. */
  at(index: number): number {
    let i = index + this.head;
    for (const c of this.chunks) {
      if (i < c.length) return c[i]!;
      i -= c.length;
    }
    return 0; // unreachable while index < length
  }

  /** The first `n` bytes without consuming them: a view when they lie in one chunk, else a copy. */
  peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let o = 0;
    let skip = this.head;
    for (const c of this.chunks) {
      if (o >= n) break;
      const part = c.subarray(skip, skip + (n - o));
      out.set(part, o);
      o += part.length;
      skip = 0;
    }
    return out;
  }

  /** Removes and returns the first `n` bytes (the caller checks `n <= length`). */
  take(n: number): Uint8Array {
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  /** Drops the first `n` bytes. */
  skip(n: number): void {
    this.length -= n;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const avail = c.length - this.head;
      if (left < avail) {
        this.head += left;
        return;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }
}
