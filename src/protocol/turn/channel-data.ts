// ChannelData messages (RFC 8656 §12.4) and the framing of TURN messages on a TCP or TLS
// connection to the server (RFC 8656 §12.5): STUN messages and ChannelData messages follow
// each other on the stream, each self-delimiting, ChannelData padded to 4 bytes.
import { HEADER_LENGTH, ParseError } from '../stun/index.js';
import { MAX_CHANNEL, MIN_CHANNEL } from './attributes.js';

/** A decoded ChannelData message: the channel number and a view of its application data. */
export interface ChannelData {
  channel: number;
  data: Uint8Array;
}

/** RFC 8656 §12.4: the ChannelData header is 4 bytes (channel number, length). */
export const CHANNEL_DATA_HEADER = 4;

/** RFC 7983 §7 / RFC 8656 §12: first byte 64-79 is ChannelData (channels 0x4000-0x4FFF). */
export function isChannelData(bytes: Uint8Array): boolean {
  return bytes.length >= CHANNEL_DATA_HEADER && bytes[0]! >= 0x40 && bytes[0]! <= 0x4f;
}

/**
 * Serializes ChannelData. `pad` rounds the message up to a multiple of 4 bytes, which
 * RFC 8656 §12.5 requires over TCP and TLS (over UDP the padding MAY be left out).
 */
export function serializeChannelData(channel: number, data: Uint8Array, pad: boolean): Uint8Array {
  if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) throw new RangeError(`bad channel number ${channel}`);
  if (data.length > 0xffff) throw new RangeError('ChannelData payload too long');
  const length = CHANNEL_DATA_HEADER + data.length;
  const out = new Uint8Array(pad ? (length + 3) & ~3 : length);
  out[0] = channel >>> 8;
  out[1] = channel & 0xff;
  out[2] = data.length >>> 8;
  out[3] = data.length & 0xff;
  out.set(data, CHANNEL_DATA_HEADER);
  return out;
}

/**
 * Parses one ChannelData message; padding after the stated length is ignored (RFC 8656
 * §12.4: over UDP the datagram may carry it). Throws {@link ParseError}.
 */
export function parseChannelData(bytes: Uint8Array): ChannelData {
  if (bytes.length < CHANNEL_DATA_HEADER) throw new ParseError('STUN_TOO_SHORT', 'ChannelData shorter than its header');
  const channel = (bytes[0]! << 8) | bytes[1]!;
  // RFC 8656 §12.5: a channel number outside 0x4000-0x4FFF is not a bound channel.
  if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) throw new ParseError('STUN_NOT_STUN', `channel ${channel} out of range`);
  const length = (bytes[2]! << 8) | bytes[3]!;
  // RFC 8656 §12.4: a message shorter than its length field says is discarded.
  if (CHANNEL_DATA_HEADER + length > bytes.length) throw new ParseError('STUN_BAD_LENGTH', 'ChannelData shorter than its length');
  return { channel, data: bytes.subarray(CHANNEL_DATA_HEADER, CHANNEL_DATA_HEADER + length) };
}

/** Largest message the framer holds: a STUN header plus a 16-bit length. */
const MAX_FRAME = HEADER_LENGTH + 0xffff;

/**
 * Splits a TCP/TLS byte stream from a TURN server into whole messages (RFC 8656 §12.5).
 * Returns what it lacks bytes for; a first byte that starts neither a STUN message
 * (0-3) nor ChannelData (64-79) means the stream is corrupt and is reported as such.
 */
export class TurnStreamFramer {
  private buffer: Uint8Array = new Uint8Array(0);
  private corruptValue = false;

  /** Whether the stream held something that is no TURN message: the connection must go. */
  get corrupt(): boolean {
    return this.corruptValue;
  }

  /** Bytes held waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /** Appends received bytes and returns the whole messages they complete, in order. */
  push(bytes: Uint8Array): Uint8Array[] {
    if (this.corruptValue) return [];
    let buf = this.buffer;
    if (buf.length === 0) buf = bytes;
    else {
      const joined = new Uint8Array(buf.length + bytes.length);
      joined.set(buf);
      joined.set(bytes, buf.length);
      buf = joined;
    }
    const out: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const rest = buf.length - offset;
      if (rest < 4) break;
      const first = buf[offset]!;
      const length = (buf[offset + 2]! << 8) | buf[offset + 3]!;
      let size: number;
      if (first < 4) size = HEADER_LENGTH + length;
      else if (first >= 0x40 && first <= 0x4f) size = (CHANNEL_DATA_HEADER + length + 3) & ~3;
      else {
        this.corruptValue = true;
        break;
      }
      if (size > MAX_FRAME) {
        this.corruptValue = true;
        break;
      }
      if (rest < size) break;
      // A copy: the caller may keep views into it after the stream buffer is reused.
      out.push(buf.slice(offset, offset + size));
      offset += size;
    }
    this.buffer = this.corruptValue ? new Uint8Array(0) : buf.slice(offset);
    return out;
  }
}
