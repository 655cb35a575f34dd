// The one error type the RTP payload format parsers in this folder throw on malformed input.

/** Stable machine-readable reasons a payload (or a frame assembled from payloads) was rejected. */
export type PayloadErrorCode =
  | 'PAYLOAD_TRUNCATED' // fewer bytes than a descriptor, header or length field promises
  | 'PAYLOAD_EMPTY' // no media bytes after the descriptor
  | 'PAYLOAD_BAD_VALUE' // a field with a value the payload format forbids or does not support
  | 'PAYLOAD_BAD_FRAGMENT' // fragments that do not join up (FU-A, AV1 continuation, VP8 partitions)
  | 'PAYLOAD_BAD_BITSTREAM'; // a codec header (SPS, VP9 uncompressed header, OBU) that does not parse

/** Thrown by every payload `parse*` function on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: PayloadErrorCode;

  /** Builds an error with a stable code and a human-readable message. */
  constructor(code: PayloadErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}

/** Throws ParseError('PAYLOAD_TRUNCATED') unless `need` bytes are available at `offset`. */
export function need(bytes: Uint8Array, offset: number, count: number, what: string): void {
  if (offset + count > bytes.length) throw new ParseError('PAYLOAD_TRUNCATED', `${what}: needs ${count} bytes at ${offset}, has ${bytes.length - offset}`);
}

/** Throws a RangeError (API misuse by the sender) unless the payload budget can hold `min` bytes. */
export function checkBudget(maxPayloadBytes: number, min: number, codec: string): void {
  if (!Number.isInteger(maxPayloadBytes) || maxPayloadBytes < min) throw new RangeError(`${codec}: a payload budget of ${maxPayloadBytes} bytes is below the ${min} this format needs`);
}
