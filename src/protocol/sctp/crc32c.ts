// CRC32c (Castagnoli), the SCTP checksum (RFC 9260 §6.8 and Appendix A), slicing-by-8.

const POLY = 0x82f63b78; // reflected form of 0x1EDC6F41

const TABLES: Uint32Array = (() => {
  const t = new Uint32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 8; s++) {
      const prev = t[(s - 1) * 256 + i]!;
      t[s * 256 + i] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
})();

/** CRC32c of `bytes[start, end)`: reflected, initial value and final XOR 0xFFFFFFFF. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let crc = 0xffffffff;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The SCTP checksum of a whole packet, computed as if its checksum field (bytes 8..11) were
 * zero (RFC 9260 §6.8), without modifying `packet`.
 */
export function packetChecksum(packet: Uint8Array): number {
  const t = TABLES;
  // Bytes 0..7 first, then four zero bytes, then the rest.
  let crc = 0xffffffff;
  for (let i = 0; i < 8; i++) crc = t[(crc ^ packet[i]!) & 0xff]! ^ (crc >>> 8);
  for (let i = 0; i < 4; i++) crc = t[crc & 0xff]! ^ (crc >>> 8);
  let i = 12;
  const end = packet.length;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ (packet[i]! | (packet[i + 1]! << 8) | (packet[i + 2]! << 16) | (packet[i + 3]! << 24));
    crc =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + packet[i + 4]!]! ^
      t[512 + packet[i + 5]!]! ^
      t[256 + packet[i + 6]!]! ^
      t[packet[i + 7]!]!;
  }
  for (; i < end; i++) crc = t[(crc ^ packet[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** RFC 9260 Appendix A: the CRC is stored least significant byte first at offset 8. */
export function writeChecksum(packet: Uint8Array, crc: number): void {
  packet[8] = crc;
  packet[9] = crc >>> 8;
  packet[10] = crc >>> 16;
  packet[11] = crc >>> 24;
}

/** The checksum stored in a packet's common header (see `writeChecksum`). */
export function readChecksum(packet: Uint8Array): number {
  return (packet[8]! | (packet[9]! << 8) | (packet[10]! << 16) | (packet[11]! << 24)) >>> 0;
}
