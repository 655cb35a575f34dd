// The Ogg page checksum (RFC 3533 §6): CRC-32 with the generator polynomial 0x04C11DB7,
// initial value 0, no bit reflection and no final XOR, over the whole page with the
// checksum field set to zero. zlib's CRC-32 uses the same polynomial reflected, with
// inversion, and gives different values.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** Continues an Ogg CRC over `bytes` from `crc` (0 to start). */
export function oggCrc32(bytes: Uint8Array, crc = 0): number {
  let c = crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = ((c << 8) ^ TABLE[((c >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return c;
}
