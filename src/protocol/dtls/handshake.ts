// The DTLS handshake header (RFC 6347 §4.2.2): TLS's type and length plus message_seq,
// fragment_offset and fragment_length, so messages can be fragmented and reordered.
import { Reader, concat, u16, u24 } from './bytes.js';
import { HANDSHAKE_HEADER_BYTES } from './constants.js';
import { ParseError } from './errors.js';

/** One handshake message fragment as carried in a handshake record. */
export interface HandshakeFragment {
  /** HandshakeType. */
  msgType: number;
  /** Length of the whole message body. */
  length: number;
  /** message_seq: 0 for each side's first message, then +1 per message (RFC 6347 §4.2.2). */
  messageSeq: number;
  /** Where this fragment starts in the message body. */
  fragmentOffset: number;
  /** The fragment's bytes (fragment_length of them). */
  body: Uint8Array;
}

/** Parses every handshake fragment in a handshake record's plaintext. */
export function parseHandshakeFragments(plaintext: Uint8Array): HandshakeFragment[] {
  const r = new Reader(plaintext);
  const out: HandshakeFragment[] = [];
  while (r.remaining > 0) {
    const msgType = r.u8();
    const length = r.u24();
    const messageSeq = r.u16();
    const fragmentOffset = r.u24();
    const fragmentLength = r.u24();
    // RFC 6347 §4.2.2: a fragment lies inside its message.
    if (fragmentOffset + fragmentLength > length) {
      throw new ParseError('DTLS_BAD_FRAGMENT', `fragment ${fragmentOffset}+${fragmentLength} past length ${length}`);
    }
    const body = r.bytesOf(fragmentLength);
    out.push({ msgType, length, messageSeq, fragmentOffset, body });
  }
  return out;
}

/** Serializes one fragment: the 12-byte header then its bytes. */
export function serializeHandshakeFragment(f: HandshakeFragment): Uint8Array {
  const header = new Uint8Array(HANDSHAKE_HEADER_BYTES);
  header[0] = f.msgType;
  header.set(u24(f.length), 1);
  header.set(u16(f.messageSeq), 4);
  header.set(u24(f.fragmentOffset), 6);
  header.set(u24(f.body.length), 9);
  return concat(header, f.body);
}

/** A whole message as one fragment: the form the handshake transcript hashes (RFC 6347 §4.2.6). */
export function serializeWholeMessage(msgType: number, messageSeq: number, body: Uint8Array): Uint8Array {
  return serializeHandshakeFragment({ msgType, length: body.length, messageSeq, fragmentOffset: 0, body });
}
