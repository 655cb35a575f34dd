// Payload-specific feedback: picture loss indication (RFC 4585 §6.3.1) and full intra
// request (RFC 5104 §4.3.1).
import { checkIntIn, readU32, writeU32 } from './bytes.js';
import { badPacket, FEEDBACK_HEADER_BYTES } from './rtcp-header.js';

/** RFC 4585 §6.3.1: a picture loss indication. */
export interface PictureLossIndication {
  type: 'pli';
  senderSsrc: number;
  mediaSsrc: number;
}

/** RFC 5104 §4.3.1.1: one FIR entry: the SSRC asked for a key frame and the request's sequence number. */
export interface FirEntry {
  ssrc: number;
  /** Command sequence number, 8 bits, incremented per new request. */
  sequenceNumber: number;
}

/** RFC 5104 §4.3.1: a full intra request. */
export interface FullIntraRequest {
  type: 'fir';
  senderSsrc: number;
  /** RFC 5104 §4.3.1.2: SHALL be 0 (the entries name the sources). */
  mediaSsrc: number;
  entries: FirEntry[];
}

/** Throws unless the body holds the sender and media SSRCs every feedback message starts with. */
export function checkFeedbackHeader(body: Uint8Array, what: string): void {
  if (body.length < FEEDBACK_HEADER_BYTES) badPacket(`${what} of ${body.length} bytes`);
}

/** Parses a PLI body; FCI bytes (there should be none, RFC 4585 §6.3.1) are ignored. */
export function parsePli(body: Uint8Array): PictureLossIndication {
  checkFeedbackHeader(body, 'PLI');
  return { type: 'pli', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4) };
}

/** Parses a FIR body. */
export function parseFir(body: Uint8Array): FullIntraRequest {
  checkFeedbackHeader(body, 'FIR');
  const fci = body.length - FEEDBACK_HEADER_BYTES;
  // RFC 5104 §4.3.1.1: one or more 8-byte entries.
  if (fci < 8 || fci % 8 !== 0) badPacket(`FIR with ${fci} FCI bytes`);
  const entries: FirEntry[] = [];
  for (let o = FEEDBACK_HEADER_BYTES; o < body.length; o += 8) entries.push({ ssrc: readU32(body, o), sequenceNumber: body[o + 4]! });
  return { type: 'fir', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4), entries };
}

/** Writes the sender and media SSRCs at `o`. */
export function writeFeedbackHeader(senderSsrc: number, mediaSsrc: number, out: Uint8Array, o: number): void {
  checkIntIn(senderSsrc, 0, 0xffffffff, 'sender SSRC');
  checkIntIn(mediaSsrc, 0, 0xffffffff, 'media SSRC');
  writeU32(out, o, senderSsrc);
  writeU32(out, o + 4, mediaSsrc);
}

/** Body bytes of a FIR. */
export function firBodyLength(p: FullIntraRequest): number {
  if (p.entries.length === 0) throw new RangeError('a FIR needs at least one entry');
  return FEEDBACK_HEADER_BYTES + 8 * p.entries.length;
}

/** Writes a FIR body at `o`. */
export function writeFirBody(p: FullIntraRequest, out: Uint8Array, o: number): void {
  writeFeedbackHeader(p.senderSsrc, p.mediaSsrc, out, o);
  o += FEEDBACK_HEADER_BYTES;
  for (const e of p.entries) {
    checkIntIn(e.ssrc, 0, 0xffffffff, 'FIR SSRC');
    checkIntIn(e.sequenceNumber, 0, 255, 'FIR sequence number');
    writeU32(out, o, e.ssrc);
    // RFC 5104 §4.3.1.1: 24 reserved bits, sent as zero.
    out[o + 4] = e.sequenceNumber;
    out[o + 5] = 0;
    out[o + 6] = 0;
    out[o + 7] = 0;
    o += 8;
  }
}
