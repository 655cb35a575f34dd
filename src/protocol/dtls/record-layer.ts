// Record protection state of one connection (RFC 6347 §4.1): epochs, sequence numbers,
// AEAD keys, the anti-replay window, and packing handshake flights into datagrams.
import { ContentType, DTLS1_2, HANDSHAKE_HEADER_BYTES, RECORD_HEADER_BYTES } from './constants.js';
import { CHANGE_CIPHER_SPEC } from './alert.js';
import { GCM_OVERHEAD_BYTES, type GcmRecordProtection } from './gcm.js';
import { serializeHandshakeFragment } from './handshake.js';
import type { DtlsRecord } from './record.js';
import { writeRecordHeader } from './record.js';
import { ReplayWindow } from './replay-window.js';

/** One entry of an outgoing flight: a handshake message or a ChangeCipherSpec. */
export type FlightItem =
  | { kind: 'handshake'; msgType: number; messageSeq: number; body: Uint8Array; epoch: number }
  | { kind: 'ccs' };

/** Why an incoming record was not opened. */
export type OpenFailure = 'no-keys' | 'bad-epoch' | 'replay' | 'bad-mac';

// Below this many free bytes a datagram is closed rather than carrying a sliver of a fragment.
const MIN_FRAGMENT_BYTES = 64;
// RFC 6347 §4.1 suggests buffering next-epoch records that arrive early; this many at most.
const MAX_EARLY_RECORDS = 16;
// RFC 6347 §4.1: a sequence number MUST NOT wrap within an epoch.
const MAX_SEQUENCE_NUMBER = 2 ** 48 - 1;

/** Epoch and key state for both directions. */
export class RecordLayer {
  /** Epoch used for records we send (0 until our ChangeCipherSpec). */
  writeEpoch = 0;
  private readonly writeSeq = [0, 0];
  private protection: GcmRecordProtection | undefined;
  private readonly replay = new ReplayWindow();
  private early: DtlsRecord[] = [];

  /** Whether epoch-1 keys are installed. */
  get hasKeys(): boolean {
    return this.protection !== undefined;
  }

  /** Installs the epoch-1 keys for both directions (after the key exchange). */
  installKeys(protection: GcmRecordProtection): void {
    this.protection = protection;
  }

  /** A complete record carrying `plaintext`, protected if `epoch` is 1. */
  seal(contentType: number, epoch: number, plaintext: Uint8Array, sequenceNumber?: number): Uint8Array {
    const seq = sequenceNumber ?? this.writeSeq[epoch]!++;
    if (seq > MAX_SEQUENCE_NUMBER) throw new RangeError('record sequence number exhausted');
    let payload = plaintext;
    if (epoch === 1) {
      // Invariant: epoch 1 is only written after installKeys (the handshake orders it so).
      if (!this.protection) throw new Error('epoch 1 write before keys were installed');
      payload = this.protection.seal(contentType, DTLS1_2, epoch, seq, plaintext);
    }
    const out = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
    writeRecordHeader(out, 0, contentType, DTLS1_2, epoch, seq, payload.length);
    out.set(payload, RECORD_HEADER_BYTES);
    return out;
  }

  /** Keeps a copy of an epoch-1 record that beat our keys (reordering); false when full. */
  holdEarly(record: DtlsRecord): boolean {
    if (this.early.length >= MAX_EARLY_RECORDS) return false;
    this.early.push({ ...record, payload: Uint8Array.from(record.payload) });
    return true;
  }

  /** The held records, once the keys are installed (none before). */
  takeEarly(): DtlsRecord[] {
    if (!this.protection || this.early.length === 0) return [];
    const held = this.early;
    this.early = [];
    return held;
  }

  /** Makes the next record of `epoch` use at least `sequenceNumber`. */
  advanceWriteSequence(epoch: number, sequenceNumber: number): void {
    this.writeSeq[epoch] = Math.max(this.writeSeq[epoch]!, sequenceNumber);
  }

  /** The plaintext of a received record, or why it cannot be used. */
  open(record: DtlsRecord): Uint8Array | OpenFailure {
    if (record.epoch === 0) return record.payload;
    if (record.epoch !== 1) return 'bad-epoch';
    if (!this.protection) return 'no-keys';
    // RFC 6347 §4.1.2.6: duplicates are discarded before and the window updated only after
    // the MAC check.
    if (!this.replay.isFresh(record.sequenceNumber)) return 'replay';
    const text = this.protection.open(record.contentType, record.version, 1, record.sequenceNumber, record.payload);
    if (!text) return 'bad-mac';
    this.replay.accept(record.sequenceNumber);
    return text;
  }

  /** Packs a flight into datagrams of at most `mtu` bytes, fragmenting messages to fit. */
  packFlight(items: readonly FlightItem[], mtu: number): Uint8Array[] {
    const datagrams: Uint8Array[] = [];
    let parts: Uint8Array[] = [];
    let used = 0;
    const flush = (): void => {
      if (parts.length === 0) return;
      datagrams.push(joinParts(parts, used));
      parts = [];
      used = 0;
    };
    const push = (record: Uint8Array): void => {
      parts.push(record);
      used += record.length;
    };
    for (const item of items) {
      if (item.kind === 'ccs') {
        if (used + RECORD_HEADER_BYTES + 1 > mtu) flush();
        push(this.seal(ContentType.changeCipherSpec, 0, CHANGE_CIPHER_SPEC));
        // RFC 6347 §4.1: the epoch is incremented after each ChangeCipherSpec.
        this.writeEpoch = 1;
        continue;
      }
      const overhead = RECORD_HEADER_BYTES + HANDSHAKE_HEADER_BYTES + (item.epoch === 1 ? GCM_OVERHEAD_BYTES : 0);
      const total = item.body.length;
      let offset = 0;
      do {
        const left = total - offset;
        let room = mtu - used - overhead;
        if (room < Math.min(left, MIN_FRAGMENT_BYTES) && used > 0) {
          flush();
          room = mtu - overhead;
        }
        const n = Math.min(Math.max(room, 1), left); // an empty body still gets one record
        const fragment = serializeHandshakeFragment({
          msgType: item.msgType,
          length: total,
          messageSeq: item.messageSeq,
          fragmentOffset: offset,
          body: item.body.subarray(offset, offset + n),
        });
        push(this.seal(ContentType.handshake, item.epoch, fragment));
        offset += n;
        if (used >= mtu) flush();
      } while (offset < total);
    }
    flush();
    return datagrams;
  }
}

function joinParts(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
