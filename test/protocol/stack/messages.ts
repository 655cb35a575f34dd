// Test messages for the stack tests: deterministic payloads, sized text, indexed binary
// messages, and comparison helpers.

/** Deterministic payload bytes for message `index` of length `n`. */
export function payload(index: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (index * 2654435761) >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const TEXT_PATTERN = 'aé€😀 ü日本語 ';

/** A string whose UTF-8 encoding is exactly `bytes` long, tagged with `index`, mostly non-ASCII. */
export function textOfSize(index: number, bytes: number): string {
  let s = bytes >= 12 ? `#${index}:` : '';
  const patternBytes = Buffer.byteLength(TEXT_PATTERN);
  s += TEXT_PATTERN.repeat(Math.max(0, Math.floor((bytes - Buffer.byteLength(s) - 8) / patternBytes)));
  while (Buffer.byteLength(s) < bytes) s += String.fromCharCode(0x41 + ((index + s.length) % 26));
  return s;
}

/** Whether two messages are the same kind (string or binary) with the same content. */
export function sameMessage(x: string | Uint8Array, y: string | Uint8Array): boolean {
  if (typeof x === 'string' || typeof y === 'string') return x === y;
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** A short description of a message for assertion messages. */
export function describeMessage(m: string | Uint8Array): string {
  if (typeof m === 'string') return `string(${Buffer.byteLength(m)} B, ${JSON.stringify(m.slice(0, 12))})`;
  return `binary(${m.byteLength} B, ${Buffer.from(m.subarray(0, 8)).toString('hex')})`;
}

/** Index carried in the first 4 bytes of a binary message. */
export function indexOf(m: string | Uint8Array): number {
  if (typeof m === 'string') throw new TypeError('expected a binary message');
  return new DataView(m.buffer, m.byteOffset, m.byteLength).getUint32(0);
}

/** A binary message of `bytes` (>= 4) carrying `index` in its first 4 bytes. */
export function indexed(index: number, bytes: number): Uint8Array {
  const out = payload(index, bytes);
  new DataView(out.buffer).setUint32(0, index);
  return out;
}
