// AEAD record protection with AES-GCM (RFC 5288 §3, RFC 5246 §6.2.3.3, RFC 6347 §4.1.2.1).
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';

/** Bytes an AES-GCM record adds: the 8-byte explicit nonce and the 16-byte tag. */
export const GCM_OVERHEAD_BYTES = 8 + 16;

const TAG_BYTES = 16;

/** Records each direction protects with its raw key before importing it as a KeyObject. */
const RAW_KEY_RECORDS = 32;

/**
 * Seals and opens records for one epoch with one key per direction. node binds a GCM
 * cipher object to a single IV, so each record gets its own createCipheriv. The first
 * records of a direction (the handshake's Finished, the first SCTP packets) pass the raw
 * key, which spares the handshake step a KeyObject import; after RAW_KEY_RECORDS the key is
 * imported once, which makes each later record cheaper.
 */
export class GcmRecordProtection {
  private writeKey: KeyObject | Uint8Array;
  private readKey: KeyObject | Uint8Array;
  private writeUses = 0;
  private readUses = 0;
  private readonly writeNonce = new Uint8Array(12);
  private readonly readNonce = new Uint8Array(12);
  private readonly aad = new Uint8Array(13);

  /** Keys and 4-byte implicit IVs (salts) from the key block. */
  constructor(
    private readonly cipher: 'aes-128-gcm' | 'aes-256-gcm',
    writeKey: Uint8Array,
    writeIv: Uint8Array,
    readKey: Uint8Array,
    readIv: Uint8Array,
  ) {
    this.writeKey = Uint8Array.from(writeKey);
    this.readKey = Uint8Array.from(readKey);
    this.writeNonce.set(writeIv);
    this.readNonce.set(readIv);
  }

  /** GenericAEADCipher for a record: explicit nonce || ciphertext || tag. */
  seal(contentType: number, version: number, epoch: number, sequenceNumber: number, plaintext: Uint8Array): Uint8Array {
    this.fillAad(contentType, version, epoch, sequenceNumber, plaintext.length);
    // RFC 5288 §3: nonce = salt || nonce_explicit; the explicit part is the 64-bit
    // epoch+sequence number, unique per key as the RFC requires.
    this.writeNonce.set(this.aad.subarray(0, 8), 4);
    if (++this.writeUses === RAW_KEY_RECORDS && this.writeKey instanceof Uint8Array) this.writeKey = createSecretKey(this.writeKey);
    const c = createCipheriv(this.cipher, this.writeKey, this.writeNonce);
    c.setAAD(this.aad);
    const body = c.update(plaintext);
    c.final();
    const out = new Uint8Array(8 + body.length + TAG_BYTES);
    out.set(this.aad.subarray(0, 8), 0);
    out.set(body, 8);
    out.set(c.getAuthTag(), 8 + body.length);
    return out;
  }

  /** The plaintext of a protected record, or undefined when authentication fails. */
  open(contentType: number, version: number, epoch: number, sequenceNumber: number, payload: Uint8Array): Uint8Array | undefined {
    if (payload.length < GCM_OVERHEAD_BYTES) return undefined;
    const textBytes = payload.length - GCM_OVERHEAD_BYTES;
    this.fillAad(contentType, version, epoch, sequenceNumber, textBytes);
    this.readNonce.set(payload.subarray(0, 8), 4);
    if (++this.readUses === RAW_KEY_RECORDS && this.readKey instanceof Uint8Array) this.readKey = createSecretKey(this.readKey);
    try {
      const d = createDecipheriv(this.cipher, this.readKey, this.readNonce);
      d.setAAD(this.aad);
      d.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
      const text = d.update(payload.subarray(8, payload.length - TAG_BYTES));
      d.final(); // throws when the tag does not verify
      return new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
    } catch {
      return undefined;
    }
  }

  // RFC 5246 §6.2.3.3: additional_data = seq_num + type + version + length, where DTLS's
  // seq_num is epoch || sequence_number (RFC 6347 §4.1.2.1).
  private fillAad(contentType: number, version: number, epoch: number, seq: number, length: number): void {
    const a = this.aad;
    const hi = Math.floor(seq / 0x100000000);
    const lo = seq >>> 0;
    a[0] = epoch >>> 8;
    a[1] = epoch & 0xff;
    a[2] = (hi >>> 8) & 0xff;
    a[3] = hi & 0xff;
    a[4] = lo >>> 24;
    a[5] = (lo >>> 16) & 0xff;
    a[6] = (lo >>> 8) & 0xff;
    a[7] = lo & 0xff;
    a[8] = contentType;
    a[9] = version >>> 8;
    a[10] = version & 0xff;
    a[11] = length >>> 8;
    a[12] = length & 0xff;
  }
}
