// Attribute values JSEP refuses as unparsable, where Chromium refuses them (the table in
// test/fixtures/sdp-hostile/chromium-outcomes.json): a malformed a=fingerprint, a=setup,
// a=sctp-port, a=max-message-size or c= line makes the whole description a syntax error
// (OperationError), rather than a failure at DTLS or SCTP time.
import { ParseError, parseMaxMessageSize, parseSctpPort, type SdpConnection } from '../protocol/sdp/index.js';
import { DescriptionError } from './description-error.js';

/** Digest sizes of the hash functions a fingerprint may name (RFC 8122 §5; md5 and md2 are refused, as Chromium does). */
const DIGEST_BYTES: ReadonlyMap<string, number> = new Map([
  ['sha-1', 20],
  ['sha-224', 28],
  ['sha-256', 32],
  ['sha-384', 48],
  ['sha-512', 64],
]);

/** Longest digest of those hashes (SHA-512), in bytes: a longer value cannot be one. */
const MAX_DIGEST_BYTES = 64;

// RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX); lowercase is accepted, as Chromium does.
const HEX_PAIRS = new RegExp(`^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){0,${MAX_DIGEST_BYTES - 1}}$`);

/** The digest size of a hash function name (lowercase), or undefined for one not accepted. */
export function digestBytesOf(algorithm: string): number | undefined {
  return DIGEST_BYTES.get(algorithm);
}

/**
 * RFC 8122 §5: `<hash-func> <fingerprint>`: exactly two fields, a hash named above (any
 * case) and colon-separated hex pairs of at most a SHA-512 digest. Whether the length fits
 * the hash is checked when the fingerprint is applied (checkFingerprintDigests).
 */
export function checkFingerprintLine(value: string): void {
  const f = value.split(' ').filter((x) => x !== '');
  if (f.length !== 2) throw new DescriptionError('syntax', `a=fingerprint: expects 2 fields, got ${f.length}`);
  if (!DIGEST_BYTES.has(f[0]!.toLowerCase())) throw new DescriptionError('syntax', `a=fingerprint: unsupported hash function ${JSON.stringify(f[0]!.slice(0, 32))}`);
  if (!HEX_PAIRS.test(f[1]!)) throw new DescriptionError('syntax', 'a=fingerprint: the value is not a digest in colon-separated hex pairs');
}

const SETUP_ROLES: ReadonlySet<string> = new Set(['actpass', 'active', 'passive', 'holdconn']);

/** RFC 4145 §4: a=setup is one of four roles (any case, as Chromium reads it); null when absent. */
export function readSetup(value: string | undefined): string | null {
  if (value === undefined) return null;
  const role = value.trim().toLowerCase();
  if (!SETUP_ROLES.has(role)) throw new DescriptionError('syntax', `a=setup: invalid attribute value ${JSON.stringify(value.slice(0, 32))}`);
  return role;
}

/** RFC 8841 §5.2: a=sctp-port is a port, 0 to 65535. */
export function readSctpPort(value: string): number {
  return syntax(() => parseSctpPort(value));
}

/**
 * RFC 8841 §6: a=max-message-size is an integer; purertc takes 0 (any size) to 2^53 - 1,
 * and Chromium refuses 2^53.
 */
export function readMaxMessageSize(value: string): number {
  return syntax(() => parseMaxMessageSize(value));
}

/**
 * RFC 8866 §5.7: c=IN IP4|IP6 <address>. WebRTC has no multicast (a TTL or count after
 * "/") and only the IN network type; Chromium refuses both as unparsable.
 */
export function checkConnection(c: SdpConnection): void {
  if (c.netType !== 'IN') throw new DescriptionError('syntax', `c=: the network type ${JSON.stringify(c.netType.slice(0, 16))} is not supported`);
  if (c.addrType !== 'IP4' && c.addrType !== 'IP6') throw new DescriptionError('syntax', `c=: the address type ${JSON.stringify(c.addrType.slice(0, 16))} is not supported`);
  if (c.address.includes('/')) throw new DescriptionError('syntax', 'c=: multicast is not supported');
}

function syntax<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ParseError) throw new DescriptionError('syntax', e.message);
    throw e;
  }
}
