// The DTLS record layer framing (RFC 6347 §4.1): a 13-byte header and an opaque payload.
import { Reader } from './bytes.js';
import { ContentType, DTLS1_0, DTLS1_2, MAX_CIPHERTEXT_BYTES, RECORD_HEADER_BYTES } from './constants.js';
import { ParseError } from './errors.js';

/** One DTLS record as it appears on the wire (payload still protected after epoch 0). */
export interface DtlsRecord {
  /** ContentType (RFC 5246 §6.2.1). */
  contentType: number;
  /** ProtocolVersion on the wire, e.g. 0xFEFD. */
  version: number;
  /** Epoch: 0 before ChangeCipherSpec, then 1 (RFC 6347 §4.1). */
  epoch: number;
  /** 48-bit record sequence number within the epoch. */
  sequenceNumber: number;
  /** DTLSPlaintext.fragment or DTLSCiphertext.fragment. */
  payload: Uint8Array;
}

const KNOWN_TYPES = new Set<number>(Object.values(ContentType));

/** Parses one record at the start of `bytes`; returns it and how many bytes it used. */
export function parseRecord(bytes: Uint8Array): { record: DtlsRecord; sizeBytes: number } {
  const r = new Reader(bytes);
  const contentType = r.u8();
  if (!KNOWN_TYPES.has(contentType)) throw new ParseError('DTLS_BAD_CONTENT_TYPE', `content type ${contentType}`);
  const version = r.u16();
  if (version !== DTLS1_2 && version !== DTLS1_0) {
    throw new ParseError('DTLS_BAD_VERSION', `record version 0x${version.toString(16)}`);
  }
  const epoch = r.u16();
  const sequenceNumber = r.u48();
  // RFC 5246 §6.2.3: the length MUST NOT exceed 2^14 + 2048.
  const length = r.u16();
  if (length > MAX_CIPHERTEXT_BYTES) throw new ParseError('DTLS_BAD_LENGTH', `record length ${length}`);
  const payload = r.bytesOf(length);
  return { record: { contentType, version, epoch, sequenceNumber, payload }, sizeBytes: RECORD_HEADER_BYTES + length };
}

/** Parses every record of a datagram; throws ParseError if any is malformed. */
export function parseDatagram(bytes: Uint8Array): DtlsRecord[] {
  const out: DtlsRecord[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const { record, sizeBytes } = parseRecord(rest);
    out.push(record);
    rest = rest.subarray(sizeBytes);
  }
  return out;
}

/** Writes the 13-byte record header for a payload of `lengthBytes` into `out` at `offset`. */
export function writeRecordHeader(
  out: Uint8Array,
  offset: number,
  contentType: number,
  version: number,
  epoch: number,
  sequenceNumber: number,
  lengthBytes: number,
): void {
  out[offset] = contentType;
  out[offset + 1] = version >>> 8;
  out[offset + 2] = version & 0xff;
  out[offset + 3] = epoch >>> 8;
  out[offset + 4] = epoch & 0xff;
  const hi = Math.floor(sequenceNumber / 0x100000000);
  const lo = sequenceNumber >>> 0;
  out[offset + 5] = (hi >>> 8) & 0xff;
  out[offset + 6] = hi & 0xff;
  out[offset + 7] = lo >>> 24;
  out[offset + 8] = (lo >>> 16) & 0xff;
  out[offset + 9] = (lo >>> 8) & 0xff;
  out[offset + 10] = lo & 0xff;
  out[offset + 11] = lengthBytes >>> 8;
  out[offset + 12] = lengthBytes & 0xff;
}

/** Serializes a record: header plus payload. */
export function serializeRecord(record: DtlsRecord): Uint8Array {
  const { contentType, version, epoch, sequenceNumber, payload } = record;
  if (payload.length > MAX_CIPHERTEXT_BYTES) throw new RangeError(`record payload of ${payload.length} bytes`);
  const out = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  writeRecordHeader(out, 0, contentType, version, epoch, sequenceNumber, payload.length);
  out.set(payload, RECORD_HEADER_BYTES);
  return out;
}
