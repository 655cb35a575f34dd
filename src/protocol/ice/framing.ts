// RFC 4571 §2 framing of ICE-TCP (RFC 6544 §3): each STUN, DTLS or SRTP packet travels on
// the TCP stream behind a 16-bit big-endian length. A sans-IO codec: the driver pushes the
// stream's bytes in however they arrive and polls whole packets out.

/** RFC 4571 §2: the LENGTH field is 16 bits, so no framed packet is longer. */
export const MAX_FRAME_BYTES = 0xffff;

/** The packet behind its RFC 4571 length; RangeError past MAX_FRAME_BYTES (the caller checks first). */
export function frame(packet: Uint8Array): Uint8Array {
  if (packet.length > MAX_FRAME_BYTES) throw new RangeError(`${packet.length} bytes cannot be framed (RFC 4571 §2: at most ${MAX_FRAME_BYTES})`);
  const out = new Uint8Array(packet.length + 2);
  out[0] = packet.length >>> 8;
  out[1] = packet.length & 0xff;
  out.set(packet, 2);
  return out;
}

/**
 * Splits a TCP stream into its RFC 4571 packets. Memory stays bounded: at most one partial
 * packet (up to MAX_FRAME_BYTES) is held, plus the whole packets of the chunks pushed and
 * not yet polled. Packets inside a pushed chunk are views of it, not copies.
 */
export class FrameReader {
  /** Whole packets read and not yet polled. */
  private readonly ready: Uint8Array[] = [];
  /** The packet being assembled across chunks, and how much of it has arrived. */
  private partial: Uint8Array | undefined;
  private partialFilled = 0;
  /** The first byte of a length field that a chunk ended after (-1: none). */
  private lengthHigh = -1;
  /** Packets read in all. */
  packets = 0;
  /** Zero-length frames, which carry nothing and are skipped. */
  emptyFrames = 0;

  /** Feeds the next bytes of the stream. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.partial !== undefined) {
        const take = Math.min(chunk.length - i, this.partial.length - this.partialFilled);
        this.partial.set(chunk.subarray(i, i + take), this.partialFilled);
        this.partialFilled += take;
        i += take;
        if (this.partialFilled === this.partial.length) {
          this.emit(this.partial);
          this.partial = undefined;
        }
        continue;
      }
      let length: number;
      if (this.lengthHigh >= 0) {
        length = (this.lengthHigh << 8) | chunk[i]!;
        this.lengthHigh = -1;
        i += 1;
      } else if (i + 1 < chunk.length) {
        length = (chunk[i]! << 8) | chunk[i + 1]!;
        i += 2;
      } else {
        this.lengthHigh = chunk[i]!;
        i += 1;
        continue;
      }
      if (length === 0) {
        this.emptyFrames++;
        continue;
      }
      if (i + length <= chunk.length) {
        this.emit(chunk.subarray(i, i + length));
        i += length;
        continue;
      }
      this.partial = new Uint8Array(length);
      this.partialFilled = 0;
    }
  }

  /** The next whole packet, or undefined until more bytes arrive. */
  poll(): Uint8Array | undefined {
    return this.ready.shift();
  }

  /** Bytes of an unfinished packet (and length field) held. */
  get pendingBytes(): number {
    return (this.partial !== undefined ? 2 + this.partialFilled : 0) + (this.lengthHigh >= 0 ? 1 : 0);
  }

  private emit(packet: Uint8Array): void {
    this.packets++;
    this.ready.push(packet);
  }
}
