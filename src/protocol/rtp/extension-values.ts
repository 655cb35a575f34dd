// Typed values of the header extensions WebRTC negotiates, and their URIs. Everything else
// stays raw bytes.
import { readU16, readU24 } from './bytes.js';
import { ParseError } from './errors.js';

/** The a=extmap URIs of the extensions with a typed codec here. */
export const ExtensionUri = {
  /** RFC 8843 §15.1: the MID of the media section the packet belongs to. */
  MID: 'urn:ietf:params:rtp-hdrext:sdes:mid',
  /** RFC 8852 §3.1: RtpStreamId, the simulcast layer's rid. */
  RID: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  /** RFC 8852 §3.2: RepairedRtpStreamId, the rid a repair (RTX) stream repairs. */
  REPAIRED_RID: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  /** The abs-send-time extension: 24-bit 6.18 fixed-point seconds of the send time. */
  ABS_SEND_TIME: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: the transport-wide sequence number. */
  TRANSPORT_WIDE_CC: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  /** RFC 6464: client-to-mixer audio level. */
  AUDIO_LEVEL: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
} as const;

/** A typed header extension: its URI and the value codec. `parse` throws ParseError, `serialize` RangeError. */
export interface ExtensionCodec<T> {
  uri: string;
  parse(data: Uint8Array): T;
  serialize(value: T): Uint8Array;
}

const bad = (what: string): never => {
  throw new ParseError('RTP_BAD_EXTENSION_VALUE', what);
};

// RFC 4566 §9 token characters, which RFC 5888 identification-tags (MIDs) are made of.
const TOKEN_CHAR = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
// RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_").
const RID_CHAR = /^[A-Za-z0-9_-]+$/;

/** An identifier extension: ASCII, 1-255 bytes; trailing NULs (sent by some stacks) are dropped. */
function identifierCodec(uri: string, pattern: RegExp, what: string): ExtensionCodec<string> {
  return {
    uri,
    parse(data: Uint8Array): string {
      let end = data.length;
      while (end > 0 && data[end - 1] === 0) end--;
      if (end === 0) bad(`empty ${what}`);
      const text = String.fromCharCode.apply(null, data.subarray(0, end) as unknown as number[]);
      if (!pattern.test(text)) bad(`${what} with characters outside its grammar`);
      return text;
    },
    serialize(value: string): Uint8Array {
      if (value.length === 0 || value.length > 255 || !pattern.test(value)) throw new RangeError(`${JSON.stringify(value)} is not a valid ${what}`);
      const out = new Uint8Array(value.length);
      for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i);
      return out;
    },
  };
}

/** RFC 8843 §15.1 sdes:mid: the MID as text (RFC 5888 token). */
export const midExtension: ExtensionCodec<string> = identifierCodec(ExtensionUri.MID, TOKEN_CHAR, 'MID');
/** RFC 8852 §3.1 sdes:rtp-stream-id: the rid as text (RFC 8851 rid-id). */
export const ridExtension: ExtensionCodec<string> = identifierCodec(ExtensionUri.RID, RID_CHAR, 'rid');
/** RFC 8852 §3.2 sdes:repaired-rtp-stream-id: the repaired rid as text. */
export const repairedRidExtension: ExtensionCodec<string> = identifierCodec(ExtensionUri.REPAIRED_RID, RID_CHAR, 'repaired rid');

/** abs-send-time: the raw 24-bit value (6 bits of seconds, 18 bits of fraction). */
export const absSendTimeExtension: ExtensionCodec<number> = {
  uri: ExtensionUri.ABS_SEND_TIME,
  parse(data: Uint8Array): number {
    if (data.length !== 3) bad(`abs-send-time of ${data.length} bytes (3 expected)`);
    return readU24(data, 0);
  },
  serialize(value: number): Uint8Array {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffff) throw new RangeError(`abs-send-time ${value} is not a 24-bit value`);
    return Uint8Array.of(value >>> 16, (value >>> 8) & 0xff, value & 0xff);
  },
};

/** The abs-send-time value of a time in ms (any epoch): seconds modulo 64 in 6.18 fixed point, rounded. */
export function absSendTimeFromMs(ms: number): number {
  return Math.round((ms * 0x40000) / 1000) & 0xffffff;
}

/** The time in ms (modulo 64 s) an abs-send-time value stands for. */
export function absSendTimeToMs(value: number): number {
  return ((value & 0xffffff) * 1000) / 0x40000;
}

/** transport-wide-cc: the 16-bit transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
export const transportCcExtension: ExtensionCodec<number> = {
  uri: ExtensionUri.TRANSPORT_WIDE_CC,
  parse(data: Uint8Array): number {
    if (data.length !== 2) bad(`transport-wide-cc of ${data.length} bytes (2 expected)`);
    return readU16(data, 0);
  },
  serialize(value: number): Uint8Array {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`transport sequence number ${value} is not 16-bit`);
    return Uint8Array.of(value >>> 8, value & 0xff);
  },
};

/** An RFC 6464 audio level: the voice activity flag and the level in -dBov (0 loudest, 127 silence). */
export interface AudioLevel {
  voiceActivity: boolean;
  level: number;
}

/** RFC 6464 §3 ssrc-audio-level: one byte, V flag then 7 bits of level. */
export const audioLevelExtension: ExtensionCodec<AudioLevel> = {
  uri: ExtensionUri.AUDIO_LEVEL,
  parse(data: Uint8Array): AudioLevel {
    if (data.length !== 1) bad(`ssrc-audio-level of ${data.length} bytes (1 expected)`);
    const b = data[0]!;
    return { voiceActivity: (b & 0x80) !== 0, level: b & 0x7f };
  },
  serialize(value: AudioLevel): Uint8Array {
    if (!Number.isInteger(value.level) || value.level < 0 || value.level > 127) throw new RangeError(`audio level ${value.level} is not in [0, 127]`);
    return Uint8Array.of((value.voiceActivity ? 0x80 : 0) | value.level);
  },
};
