// A queue of received chunks that readers take fixed-size pieces from without copying the
// whole backlog each time a chunk arrives.

/** Bytes fed in chunks, read from the front. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Index in `chunks` of the first chunk with unread bytes. */
  private first = 0;
  /** Offset of the first unread byte in chunks[first]. */
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
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      if (i < c.length) return c[i]!;
      i -= c.length;
    }
    return 0; // unreachable while index < length
  }

  /** The first `n` bytes without consuming them: a view when they lie in one chunk, else a copy. */
  peek(n: number): Uint8Array {
    const firstChunk = this.chunks[this.first];
    if (firstChunk !== undefined && firstChunk.length - this.head >= n) return firstChunk.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let o = 0;
    let skip = this.head;
    for (let k = this.first; k < this.chunks.length && o < n; k++) {
      const part = this.chunks[k]!.subarray(skip, skip + (n - o));
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
      const avail = this.chunks[this.first]!.length - this.head;
      if (left < avail) {
        this.head += left;
        break;
      }
      left -= avail;
      this.first++;
      this.head = 0;
    }
    // Drop consumed chunks now and then rather than shifting the array per chunk.
    if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
