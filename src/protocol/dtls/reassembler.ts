// Handshake message reassembly (RFC 6347 §4.2.2): fragments may arrive out of order,
// overlap or repeat; messages are released strictly in message_seq order.
import type { HandshakeFragment } from './handshake.js';

/** A complete handshake message ready for processing. */
export interface HandshakeMessage {
  /** HandshakeType. */
  msgType: number;
  /** message_seq. */
  messageSeq: number;
  /** Epoch of the records that carried it. */
  epoch: number;
  /** The whole body. */
  body: Uint8Array;
}

/** What `add` did with a fragment ('dropped': too large or too far ahead). */
export type FragmentVerdict = 'old' | 'buffered' | 'dropped';

interface Pending {
  msgType: number;
  epoch: number;
  body: Uint8Array;
  have: Uint8Array; // one flag per body byte
  missing: number;
}

/** Largest handshake message accepted; WebRTC certificates are a few hundred bytes. */
export const MAX_HANDSHAKE_MESSAGE_BYTES = 0x10000;
/** How far ahead of the next expected message_seq fragments are buffered. */
export const MAX_MESSAGES_AHEAD = 8;

/** Buffers fragments per message_seq and yields whole messages in order. */
export class HandshakeReassembler {
  /** The next message_seq to be released. */
  nextSeq = 0;
  private readonly pending = new Map<number, Pending>();

  /** Adds a fragment; 'old' means its message was already released (a retransmission). */
  add(f: HandshakeFragment, epoch: number): FragmentVerdict {
    if (f.messageSeq < this.nextSeq) return 'old';
    if (f.messageSeq >= this.nextSeq + MAX_MESSAGES_AHEAD || f.length > MAX_HANDSHAKE_MESSAGE_BYTES) return 'dropped';
    let p = this.pending.get(f.messageSeq);
    // A fragment that disagrees with those held for its message_seq (type, length, epoch)
    // starts the message afresh. Keeping the first ones instead let one stray or forged
    // fragment, before any keys exist, lock out every genuine copy of that message, so the
    // handshake stalled until its timers gave up; the peer's next retransmission now wins.
    if (!p || p.msgType !== f.msgType || p.body.length !== f.length || p.epoch !== epoch) {
      p = { msgType: f.msgType, epoch, body: new Uint8Array(f.length), have: new Uint8Array(f.length), missing: f.length };
      this.pending.set(f.messageSeq, p);
    }
    // The parser guarantees offset + fragment length <= length.
    p.body.set(f.body, f.fragmentOffset);
    for (let i = f.fragmentOffset, end = f.fragmentOffset + f.body.length; i < end; i++) {
      if (p.have[i] === 0) {
        p.have[i] = 1;
        p.missing--;
      }
    }
    return 'buffered';
  }

  /** The next message in order if all its bytes are here. */
  pop(): HandshakeMessage | undefined {
    const p = this.pending.get(this.nextSeq);
    if (!p || p.missing > 0) return undefined;
    this.pending.delete(this.nextSeq);
    const message = { msgType: p.msgType, messageSeq: this.nextSeq, epoch: p.epoch, body: p.body };
    this.nextSeq++;
    return message;
  }

  /** Forgets buffered fragments and expects `nextSeq` next. */
  reset(nextSeq: number): void {
    this.pending.clear();
    this.nextSeq = nextSeq;
  }
}
