// A big-endian bit reader for the codec headers a depacketizer peeks into (VP8 and VP9 frame
// headers, H.264 SPS, AV1 sequence header). Reading past the end throws ParseError.
import { ParseError } from './errors.js';

/** Reads bits most significant first from a byte string. */
export class BitReader {
  private bit = 0;

  /** Starts reading at the first bit of `bytes`. */
  constructor(private readonly bytes: Uint8Array) {}

  /** Reads `count` (at most 32) bits as an unsigned number. */
  bits(count: number): number {
    if (this.bit + count > this.bytes.length * 8) throw new ParseError('PAYLOAD_BAD_BITSTREAM', `bitstream ends after ${this.bit} bits, ${count} more wanted`);
    let v = 0;
    for (let i = 0; i < count; i++) {
      const b = (this.bytes[this.bit >> 3]! >> (7 - (this.bit & 7))) & 1;
      v = v * 2 + b;
      this.bit++;
    }
    return v;
  }

  /** Reads one bit as a boolean. */
  flag(): boolean {
    return this.bits(1) === 1;
  }

  /** Exp-Golomb ue(v) (ITU-T H.264 §9.1); at most 31 leading zeros, else the bitstream is bad. */
  ue(): number {
    let zeros = 0;
    while (!this.flag()) {
      if (++zeros > 31) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'Exp-Golomb code longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** Exp-Golomb se(v) (ITU-T H.264 §9.1.1). */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }

  /** AV1 uvlc() (AV1 spec §4.10.3). */
  uvlc(): number {
    let zeros = 0;
    while (!this.flag()) {
      if (++zeros >= 32) return 2 ** 32 - 1;
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** Skips `count` bits. */
  skip(count: number): void {
    if (this.bit + count > this.bytes.length * 8) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'bitstream ends inside a skipped field');
    this.bit += count;
  }
}
