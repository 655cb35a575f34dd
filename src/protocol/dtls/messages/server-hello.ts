// ServerHello (RFC 5246 §7.4.1.3).
import { Reader, concat, u16, vec8 } from '../bytes.js';
import { readExtensions, writeExtensions, type Extension } from '../extensions.js';

/** A ServerHello body. */
export interface ServerHello {
  /** server_version. */
  version: number;
  /** 32 random bytes. */
  random: Uint8Array;
  /** session_id<0..32>. */
  sessionId: Uint8Array;
  /** The chosen cipher suite. */
  cipherSuite: number;
  /** The chosen compression method (always 0, null). */
  compressionMethod: number;
  /** Extensions in the order sent. */
  extensions: Extension[];
}

/** Parses a ServerHello body. */
export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new Reader(body);
  const version = r.u16();
  const random = r.bytesOf(32);
  const sessionId = r.vec8(0, 32);
  const cipherSuite = r.u16();
  const compressionMethod = r.u8();
  const extensions = readExtensions(r);
  r.end('ServerHello');
  return { version, random, sessionId, cipherSuite, compressionMethod, extensions };
}

/** Serializes a ServerHello body. */
export function serializeServerHello(m: ServerHello): Uint8Array {
  return concat(
    u16(m.version),
    m.random,
    vec8(m.sessionId),
    u16(m.cipherSuite),
    Uint8Array.of(m.compressionMethod),
    writeExtensions(m.extensions),
  );
}
