// RTP header extension elements (RFC 8285): the one-byte (0xBEDE) and two-byte (0x100X)
// forms inside the RFC 3550 §5.3.1 extension block, parsed to (id, bytes) and written back.
import { checkIntIn, pad4, writeU16 } from './bytes.js';
import { ParseError } from './errors.js';

/** RFC 8285 §4.2: the "defined by profile" value of the one-byte form. */
export const ONE_BYTE_PROFILE = 0xbede;
/** RFC 8285 §4.3: the two-byte form is 0x100 followed by 4 application bits. */
export const TWO_BYTE_PROFILE = 0x1000;

/** One header extension element: its local id (negotiated with a=extmap) and its value bytes. */
export interface HeaderExtension {
  id: number;
  data: Uint8Array;
}

/** Which RFC 8285 form a block is written in. */
export type HeaderExtensionForm = 'one-byte' | 'two-byte';

/** The RFC 8285 form of an extension block's profile value, or undefined for another profile. */
export function extensionFormOf(profile: number | undefined): HeaderExtensionForm | undefined {
  if (profile === ONE_BYTE_PROFILE) return 'one-byte';
  // RFC 8285 §4.3: 0x100 in the top 12 bits, the low 4 bits are "appbits".
  if (profile !== undefined && (profile & 0xfff0) === TWO_BYTE_PROFILE) return 'two-byte';
  return undefined;
}

/** The element `step` found last: scratch state, so walking a block allocates nothing. */
const element = { id: 0, start: 0, length: 0 };

/**
 * Finds the next element at or after `o` (skipping padding) and leaves it in `element`;
 * returns the offset after it, or -1 when the block ends (or an id 15 ends it). Throws
 * ParseError when an element runs past the block.
 */
function step(oneByte: boolean, block: Uint8Array, o: number): number {
  const end = block.length;
  // RFC 8285 §4.2, §4.3: id 0 is padding, one byte; like libwebrtc, a one-byte-form id 0
  // with a non-zero length field is taken as one padding byte too.
  const idShift = oneByte ? 4 : 0;
  while (o < end && block[o]! >> idShift === 0) o++;
  if (o >= end) return -1;
  const b = block[o]!;
  if (oneByte) {
    element.id = b >> 4;
    // RFC 8285 §4.2: id 15 is reserved; on meeting it the rest of the block is not processed.
    if (element.id === 15) return -1;
    element.length = (b & 0x0f) + 1;
    element.start = o + 1;
  } else {
    if (o + 2 > end) throw new ParseError('RTP_BAD_EXTENSION', 'two-byte extension element header runs past the block');
    element.id = b;
    element.length = block[o + 1]!;
    element.start = o + 2;
  }
  const next = element.start + element.length;
  if (next > end) throw new ParseError('RTP_BAD_EXTENSION', `extension element ${element.id} of ${element.length} bytes runs past the block`);
  return next;
}

/** Checks that every element of a block fits; throws ParseError otherwise. Other profiles are not RFC 8285 and pass. */
export function validateHeaderExtensions(profile: number | undefined, block: Uint8Array): void {
  const form = extensionFormOf(profile);
  if (form === undefined) return;
  const oneByte = form === 'one-byte';
  for (let o = step(oneByte, block, 0); o >= 0; o = step(oneByte, block, o));
}

/**
 * The elements of an extension block as (id, bytes) entries, bytes being views into `block`.
 * Empty for a packet without extension or with a non-RFC 8285 profile; throws ParseError
 * when an element runs past the block.
 */
export function parseHeaderExtensions(profile: number | undefined, block: Uint8Array): HeaderExtension[] {
  const form = extensionFormOf(profile);
  const out: HeaderExtension[] = [];
  if (form === undefined) return out;
  const oneByte = form === 'one-byte';
  for (let o = step(oneByte, block, 0); o >= 0; o = step(oneByte, block, o)) {
    out.push({ id: element.id, data: block.subarray(element.start, element.start + element.length) });
  }
  return out;
}

/**
 * The value of the first element with `id` (a view into `block`), or undefined; allocates
 * nothing else. Throws ParseError when an element before it runs past the block.
 */
export function findHeaderExtension(profile: number | undefined, block: Uint8Array, id: number): Uint8Array | undefined {
  const form = extensionFormOf(profile);
  if (form === undefined) return undefined;
  const oneByte = form === 'one-byte';
  for (let o = step(oneByte, block, 0); o >= 0; o = step(oneByte, block, o)) {
    if (element.id === id) return block.subarray(element.start, element.start + element.length);
  }
  return undefined;
}

/**
 * The form a list of elements must be written in: one-byte when every id is 1-14 and every
 * value 1-16 bytes (RFC 8285 §4.2); otherwise two-byte (ids 1-255, values 0-255 bytes,
 * §4.3), which RFC 8285 §6 allows only once a=extmap-allow-mixed was negotiated. Throws
 * RangeError when no form fits.
 */
export function chooseExtensionForm(extensions: readonly HeaderExtension[], allowMixed: boolean): HeaderExtensionForm {
  let oneByte = true;
  for (const e of extensions) {
    checkIntIn(e.id, 1, 255, 'header extension id');
    if (e.data.length > 255) throw new RangeError(`header extension ${e.id} value of ${e.data.length} bytes is over 255`);
    if (e.id > 14 || e.data.length === 0 || e.data.length > 16) oneByte = false;
  }
  if (oneByte) return 'one-byte';
  if (!allowMixed) {
    throw new RangeError('header extensions need the two-byte form (an id over 14 or a value empty or over 16 bytes), which needs a=extmap-allow-mixed');
  }
  return 'two-byte';
}

/** Bytes the elements take in `form`, before padding to 32 bits. */
export function headerExtensionsLength(extensions: readonly HeaderExtension[], form: HeaderExtensionForm): number {
  const perElement = form === 'one-byte' ? 1 : 2;
  let n = 0;
  for (const e of extensions) n += perElement + e.data.length;
  return n;
}

/**
 * Writes the whole extension block (the 4-byte profile/length header, the elements, zero
 * padding to 32 bits) at `o`; returns the offset after it. The caller checked the room.
 */
export function writeHeaderExtensionBlock(out: Uint8Array, o: number, extensions: readonly HeaderExtension[], form: HeaderExtensionForm): number {
  const contentLength = pad4(headerExtensionsLength(extensions, form));
  writeU16(out, o, form === 'one-byte' ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE);
  // RFC 3550 §5.3.1: the length counts 32-bit words after the 4-byte extension header.
  writeU16(out, o + 2, contentLength / 4);
  let p = o + 4;
  for (const e of extensions) {
    if (form === 'one-byte') {
      out[p++] = (e.id << 4) | (e.data.length - 1);
    } else {
      out[p++] = e.id;
      out[p++] = e.data.length;
    }
    out.set(e.data, p);
    p += e.data.length;
  }
  const end = o + 4 + contentLength;
  out.fill(0, p, end);
  return end;
}
