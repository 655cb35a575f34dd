// DCEP messages: DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK (RFC 8832 §5).
import { ParseError } from './errors.js';

/** DCEP message types (RFC 8832 §8.2.1). */
export const DcepMessageType = { ACK: 0x02, OPEN: 0x03 } as const;

/** Channel types (RFC 8832 §5.1, §8.2.2). */
export const ChannelType = {
  RELIABLE: 0x00,
  RELIABLE_UNORDERED: 0x80,
  PARTIAL_RELIABLE_REXMIT: 0x01,
  PARTIAL_RELIABLE_REXMIT_UNORDERED: 0x81,
  PARTIAL_RELIABLE_TIMED: 0x02,
  PARTIAL_RELIABLE_TIMED_UNORDERED: 0x82,
} as const;

/** A DATA_CHANNEL_OPEN message. */
export interface DataChannelOpen {
  type: typeof DcepMessageType.OPEN;
  /** One of ChannelType. */
  channelType: number;
  /** RFC 8832 §5.1: 128 below normal, 256 normal, 512 high, 1024 extra high. */
  priority: number;
  /** Retransmissions or lifetime in ms, per the channel type; 0 for reliable channels. */
  reliabilityParameter: number;
  label: string;
  protocol: string;
}

/** A DATA_CHANNEL_ACK message. */
export interface DataChannelAck {
  type: typeof DcepMessageType.ACK;
}

/** Any DCEP message. */
export type DcepMessage = DataChannelOpen | DataChannelAck;

const VALID_TYPES = new Set<number>(Object.values(ChannelType));
const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(b: Uint8Array, what: string): string {
  try {
    return strictDecoder.decode(b);
  } catch {
    throw new ParseError('DCEP_BAD_UTF8', `${what} is not UTF-8`);
  }
}

/** Parses a DCEP message (the payload of a PPID 50 SCTP message). */
export function parseDcepMessage(b: Uint8Array): DcepMessage {
  if (b.length < 1) throw new ParseError('DCEP_TRUNCATED', 'empty DCEP message');
  if (b[0] === DcepMessageType.ACK) {
    // RFC 8832 §5.2: the ACK is the message type byte alone.
    if (b.length !== 1) throw new ParseError('DCEP_TRAILING_BYTES', 'DATA_CHANNEL_ACK longer than 1 byte');
    return { type: DcepMessageType.ACK };
  }
  if (b[0] !== DcepMessageType.OPEN) throw new ParseError('DCEP_UNKNOWN_MESSAGE_TYPE', `message type ${b[0]}`);
  if (b.length < 12) throw new ParseError('DCEP_TRUNCATED', 'DATA_CHANNEL_OPEN shorter than 12 bytes');
  const channelType = b[1]!;
  if (!VALID_TYPES.has(channelType)) throw new ParseError('DCEP_BAD_CHANNEL_TYPE', `channel type ${channelType}`);
  const labelLength = (b[8]! << 8) | b[9]!;
  const protocolLength = (b[10]! << 8) | b[11]!;
  const end = 12 + labelLength + protocolLength;
  if (b.length < end) throw new ParseError('DCEP_TRUNCATED', 'label or protocol past the end');
  if (b.length > end) throw new ParseError('DCEP_TRAILING_BYTES', 'bytes after the protocol');
  return {
    type: DcepMessageType.OPEN,
    channelType,
    priority: (b[2]! << 8) | b[3]!,
    reliabilityParameter: ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0,
    label: decodeUtf8(b.subarray(12, 12 + labelLength), 'label'),
    protocol: decodeUtf8(b.subarray(12 + labelLength, end), 'protocol'),
  };
}

/** Serializes a DCEP message. Throws RangeError when label or protocol exceed 65535 bytes. */
export function serializeDcepMessage(m: DcepMessage): Uint8Array {
  if (m.type === DcepMessageType.ACK) return Uint8Array.of(DcepMessageType.ACK);
  const label = encoder.encode(m.label);
  const protocol = encoder.encode(m.protocol);
  if (label.length > 0xffff || protocol.length > 0xffff) throw new RangeError('label or protocol over 65535 bytes');
  const b = new Uint8Array(12 + label.length + protocol.length);
  b[0] = DcepMessageType.OPEN;
  b[1] = m.channelType;
  b[2] = m.priority >>> 8;
  b[3] = m.priority;
  const r = m.reliabilityParameter >>> 0;
  b.set([r >>> 24, r >>> 16, r >>> 8, r], 4);
  b.set([label.length >>> 8, label.length, protocol.length >>> 8, protocol.length], 8);
  b.set(label, 12);
  b.set(protocol, 12 + label.length);
  return b;
}
