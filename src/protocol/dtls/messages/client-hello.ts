// ClientHello (RFC 5246 §7.4.1.2) with DTLS's cookie field (RFC 6347 §4.2.1).
import { Reader, concat, parseU16List, u16, u16List, vec8 } from '../bytes.js';
import { readExtensions, writeExtensions, type Extension } from '../extensions.js';
import { ParseError } from '../errors.js';

/** A ClientHello body. */
export interface ClientHello {
  /** client_version, e.g. 0xFEFD. */
  version: number;
  /** 32 bytes: gmt_unix_time and random_bytes. */
  random: Uint8Array;
  /** session_id<0..32>. */
  sessionId: Uint8Array;
  /** cookie<0..2^8-1> (RFC 6347 §4.2.1). */
  cookie: Uint8Array;
  /** cipher_suites<2..2^16-2>. */
  cipherSuites: number[];
  /** compression_methods<1..2^8-1>. */
  compressionMethods: number[];
  /** Extensions in the order sent. */
  extensions: Extension[];
}

/** Parses a ClientHello body. */
export function parseClientHello(body: Uint8Array): ClientHello {
  const r = new Reader(body);
  const version = r.u16();
  const random = r.bytesOf(32);
  const sessionId = r.vec8(0, 32);
  const cookie = r.vec8();
  const cipherSuites = parseU16List(r.vec16(2, 0xfffe));
  const compressionMethods = Array.from(r.vec8(1));
  const extensions = readExtensions(r);
  r.end('ClientHello');
  if (cipherSuites.length === 0) throw new ParseError('DTLS_BAD_LENGTH', 'no cipher suites');
  return { version, random, sessionId, cookie, cipherSuites, compressionMethods, extensions };
}

/** Serializes a ClientHello body. */
export function serializeClientHello(m: ClientHello): Uint8Array {
  return concat(
    u16(m.version),
    m.random,
    vec8(m.sessionId),
    vec8(m.cookie),
    u16List(m.cipherSuites),
    vec8(Uint8Array.from(m.compressionMethods)),
    writeExtensions(m.extensions),
  );
}
