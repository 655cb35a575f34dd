// The VP8 payload descriptor (RFC 7741 §4.2) and the VP8 key frame header (RFC 6386 §9.1).
import { need, ParseError } from './errors.js';

/** The fields of a VP8 payload descriptor (RFC 7741 §4.2). */
export interface Vp8Descriptor {
  /** N: a non-reference frame. */
  nonReference: boolean;
  /** S: the packet starts a VP8 partition. */
  partitionStart: boolean;
  /** PID: the partition index (0-7). */
  partitionId: number;
  /** I: PictureID, 7 or 15 bits. */
  pictureId?: number;
  /** M: whether PictureID is written in 15 bits (always when it is above 127). */
  pictureId15?: boolean;
  /** L: TL0PICIDX, 8 bits. */
  tl0PicIdx?: number;
  /** T: TID, the temporal layer (0-3). */
  temporalId?: number;
  /** T: Y, layer sync. */
  layerSync?: boolean;
  /** K: KEYIDX (0-31). */
  keyIdx?: number;
}

/** Parses the descriptor at the start of `payload`; returns it and its length in bytes. */
export function parseVp8Descriptor(payload: Uint8Array): { descriptor: Vp8Descriptor; length: number } {
  need(payload, 0, 1, 'VP8 descriptor');
  const b0 = payload[0]!;
  const d: Vp8Descriptor = { nonReference: (b0 & 0x20) !== 0, partitionStart: (b0 & 0x10) !== 0, partitionId: b0 & 0x07 };
  let o = 1;
  // RFC 7741 §4.2: X signals the extension byte with I, L, T and K.
  if (b0 & 0x80) {
    need(payload, o, 1, 'VP8 descriptor extension');
    const x = payload[o++]!;
    if (x & 0x80) {
      need(payload, o, 1, 'VP8 PictureID');
      const m = payload[o++]!;
      // RFC 7741 §4.2: M=1 means a 15-bit PictureID over two bytes.
      if (m & 0x80) {
        need(payload, o, 1, 'VP8 15-bit PictureID');
        d.pictureId = ((m & 0x7f) << 8) | payload[o++]!;
        d.pictureId15 = true;
      } else {
        d.pictureId = m;
        d.pictureId15 = false;
      }
    }
    if (x & 0x40) {
      need(payload, o, 1, 'VP8 TL0PICIDX');
      d.tl0PicIdx = payload[o++]!;
    }
    // RFC 7741 §4.2: the TID/Y/KEYIDX byte is present when T or K is set.
    if (x & 0x30) {
      need(payload, o, 1, 'VP8 TID/KEYIDX');
      const t = payload[o++]!;
      if (x & 0x20) {
        d.temporalId = t >> 6;
        d.layerSync = (t & 0x20) !== 0;
      }
      if (x & 0x10) d.keyIdx = t & 0x1f;
    }
  }
  return { descriptor: d, length: o };
}

/** Writes a descriptor; fields left undefined are left out (their flag is 0). */
export function serializeVp8Descriptor(d: Vp8Descriptor): Uint8Array {
  const out: number[] = [0];
  let x = 0;
  const ext: number[] = [];
  if (d.pictureId !== undefined) {
    x |= 0x80;
    const pid = d.pictureId & 0x7fff;
    if (d.pictureId15 || pid > 0x7f) ext.push(0x80 | (pid >> 8), pid & 0xff);
    else ext.push(pid);
  }
  if (d.tl0PicIdx !== undefined) {
    x |= 0x40;
    ext.push(d.tl0PicIdx & 0xff);
  }
  if (d.temporalId !== undefined || d.keyIdx !== undefined) {
    let t = 0;
    if (d.temporalId !== undefined) {
      x |= 0x20;
      t |= ((d.temporalId & 3) << 6) | (d.layerSync ? 0x20 : 0);
    }
    if (d.keyIdx !== undefined) {
      x |= 0x10;
      t |= d.keyIdx & 0x1f;
    }
    ext.push(t);
  }
  out[0] = (x ? 0x80 : 0) | (d.nonReference ? 0x20 : 0) | (d.partitionStart ? 0x10 : 0) | (d.partitionId & 0x07);
  if (x) out.push(x, ...ext);
  return Uint8Array.from(out);
}

/** What the first bytes of a VP8 frame say (RFC 6386 §9.1; RFC 7741 §4.3 for the P bit). */
export interface Vp8FrameHeader {
  /** P=0: a key frame. */
  keyFrame: boolean;
  /** show_frame. */
  showFrame: boolean;
  /** Width in pixels (key frames only). */
  width?: number;
  /** Height in pixels (key frames only). */
  height?: number;
}

/** Parses the frame tag and, on key frames, the start code and dimensions. */
export function parseVp8FrameHeader(frame: Uint8Array): Vp8FrameHeader {
  need(frame, 0, 3, 'VP8 frame tag');
  // RFC 6386 §9.1: frame tag bit 0 is 0 for a key frame, bit 4 is show_frame.
  const keyFrame = (frame[0]! & 0x01) === 0;
  const showFrame = (frame[0]! & 0x10) !== 0;
  if (!keyFrame) return { keyFrame, showFrame };
  need(frame, 3, 7, 'VP8 key frame header');
  // RFC 6386 §9.1: start code 0x9d 0x01 0x2a, then 14-bit width and height, little endian.
  if (frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'VP8 key frame without its start code');
  const width = (frame[6]! | (frame[7]! << 8)) & 0x3fff;
  const height = (frame[8]! | (frame[9]! << 8)) & 0x3fff;
  return { keyFrame, showFrame, width, height };
}
