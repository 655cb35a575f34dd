// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
// §3.1): transport-layer feedback FMT 15, the status of a run of transport sequence numbers
// in run-length and status-vector chunks, then the receive deltas of the packets received.
import { checkIntIn, readU16, readU24, readU32, writeU16, writeU24 } from './bytes.js';
import { badPacket, FEEDBACK_HEADER_BYTES } from './rtcp-header.js';
import { writeFeedbackHeader } from './rtcp-psfb.js';

/** Packet status symbols (§3.1.1). */
export const TwccStatus = { NOT_RECEIVED: 0, SMALL_DELTA: 1, LARGE_DELTA: 2 } as const;

/** §3.1: receive deltas count 250 µs ticks; the reference time counts 64 ms. */
export const TWCC_DELTA_US = 250;
/** The unit of the reference time, µs. */
export const TWCC_REFERENCE_US = 64_000;

/** A transport-wide feedback message. */
export interface TransportFeedback {
  type: 'twcc';
  senderSsrc: number;
  mediaSsrc: number;
  /** Transport sequence number of the first packet reported. */
  baseSequence: number;
  /** The 24-bit reference time in 64 ms units, as sent (only differences between messages mean anything). */
  referenceTime: number;
  /** The 8-bit feedback packet count, incremented per message sent. */
  feedbackCount: number;
  /** One TwccStatus per reported packet, from baseSequence on (so its length is the packet status count, 1-65535). */
  statuses: Uint8Array;
  /** The receive delta of each received packet in order, in 250 µs ticks (SMALL 0-255, LARGE -32768-32767). */
  deltas: Int16Array;
}

/** One reported packet with its arrival time, as `twccArrivals` expands them. */
export interface TwccArrival {
  /** Transport sequence number (16 bits). */
  sequence: number;
  /** Arrival time in µs on the feedback sender's clock (reference time × 64 ms + deltas), or undefined when lost. */
  arrivalUs: number | undefined;
}

const FIXED_BYTES = FEEDBACK_HEADER_BYTES + 8;

/** Reads the symbols of one chunk into `statuses` from `k`; returns the new count. */
function decodeChunk(chunk: number, statuses: Uint8Array, k: number): number {
  const total = statuses.length;
  if ((chunk & 0x8000) === 0) {
    // §3.1.3: run length chunk: T=0, 2-bit symbol, 13-bit run length.
    const symbol = (chunk >> 13) & 0x03;
    const run = Math.min(chunk & 0x1fff, total - k);
    if (symbol === 3 && run > 0) badPacket('TWCC run of the reserved status symbol');
    statuses.fill(symbol, k, k + run);
    return k + run;
  }
  if ((chunk & 0x4000) === 0) {
    // §3.1.4: status vector chunk, S=0: 14 one-bit symbols (received with a small delta or not).
    for (let i = 13; i >= 0 && k < total; i--) statuses[k++] = (chunk >> i) & 1;
    return k;
  }
  // §3.1.4: status vector chunk, S=1: 7 two-bit symbols.
  for (let i = 6; i >= 0 && k < total; i--) {
    const symbol = (chunk >> (2 * i)) & 0x03;
    if (symbol === 3) badPacket('TWCC status vector with the reserved symbol');
    statuses[k++] = symbol;
  }
  return k;
}

/**
 * Parses a transport-wide feedback body. Throws ParseError when the status count is zero,
 * the chunks or deltas run past the packet or a reserved symbol is used; allocation is
 * bounded by the 16-bit status count whatever the packet claims.
 */
export function parseTransportFeedback(body: Uint8Array): TransportFeedback {
  if (body.length < FIXED_BYTES) badPacket(`transport feedback of ${body.length} bytes`);
  const count = readU16(body, FEEDBACK_HEADER_BYTES + 2);
  if (count === 0) badPacket('transport feedback reporting no packets');
  const statuses = new Uint8Array(count);
  let o = FIXED_BYTES;
  let received = 0;
  for (let k = 0; k < count; ) {
    if (o + 2 > body.length) badPacket(`transport feedback chunks end after ${k} of ${count} statuses`);
    const before = k;
    k = decodeChunk(readU16(body, o), statuses, k);
    for (let i = before; i < k; i++) if (statuses[i] !== 0) received++;
    o += 2;
  }
  const deltas = new Int16Array(received);
  for (let i = 0, d = 0; i < count; i++) {
    const s = statuses[i]!;
    if (s === TwccStatus.SMALL_DELTA) {
      if (o + 1 > body.length) badPacket('transport feedback deltas run past the packet');
      deltas[d++] = body[o++]!;
    } else if (s === TwccStatus.LARGE_DELTA) {
      if (o + 2 > body.length) badPacket('transport feedback deltas run past the packet');
      deltas[d++] = (readU16(body, o) << 16) >> 16;
      o += 2;
    }
  }
  // Whatever follows the deltas is zero padding (§3.1) and is ignored.
  return {
    type: 'twcc',
    senderSsrc: readU32(body, 0),
    mediaSsrc: readU32(body, 4),
    baseSequence: readU16(body, FEEDBACK_HEADER_BYTES),
    referenceTime: readU24(body, FEEDBACK_HEADER_BYTES + 4),
    feedbackCount: body[FEEDBACK_HEADER_BYTES + 7]!,
    statuses,
    deltas,
  };
}

/**
 * Encodes statuses as chunks, calling `emit` with each 16-bit chunk; returns how many. Long
 * runs of one symbol become run-length chunks, the rest one-bit vectors (14 symbols, no
 * large delta among them) or two-bit vectors (7 symbols).
 */
export function encodeTwccChunks(statuses: Uint8Array, emit?: (chunk: number) => void): number {
  const n = statuses.length;
  let chunks = 0;
  let i = 0;
  while (i < n) {
    const symbol = statuses[i]!;
    let run = 1;
    while (i + run < n && run < 0x1fff && statuses[i + run] === symbol) run++;
    const oneBitSpan = Math.min(14, n - i);
    let smallOnly = true;
    for (let j = i; j < i + oneBitSpan; j++) if (statuses[j]! > 1) smallOnly = false;
    let chunk: number;
    if (run >= 14 || i + run === n || (run >= 7 && !smallOnly)) {
      chunk = (symbol << 13) | run;
      i += run;
    } else if (smallOnly) {
      chunk = 0x8000;
      for (let j = 0; j < oneBitSpan; j++) chunk |= statuses[i + j]! << (13 - j);
      i += 14;
    } else {
      chunk = 0xc000;
      for (let j = 0; j < 7 && i + j < n; j++) chunk |= statuses[i + j]! << (2 * (6 - j));
      i += 7;
    }
    emit?.(chunk);
    chunks++;
  }
  return chunks;
}

/** Bytes of receive deltas the statuses call for. */
function deltaBytes(statuses: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < statuses.length; i++) n += statuses[i] === TwccStatus.LARGE_DELTA ? 2 : statuses[i] === TwccStatus.SMALL_DELTA ? 1 : 0;
  return n;
}

/** Body bytes of a transport feedback message, before padding to 32 bits. */
export function twccBodyLength(p: TransportFeedback): number {
  const n = p.statuses.length;
  if (n === 0 || n > 0xffff) throw new RangeError(`transport feedback reporting ${n} packets (1-65535)`);
  return FIXED_BYTES + 2 * encodeTwccChunks(p.statuses) + deltaBytes(p.statuses);
}

/** Writes a transport feedback body at `o` (the compound writer pads it, as libwebrtc does, with RTCP padding). */
export function writeTwccBody(p: TransportFeedback, out: Uint8Array, o: number): void {
  checkIntIn(p.baseSequence, 0, 0xffff, 'base sequence number');
  checkIntIn(p.referenceTime, 0, 0xffffff, 'reference time');
  checkIntIn(p.feedbackCount, 0, 255, 'feedback packet count');
  writeFeedbackHeader(p.senderSsrc, p.mediaSsrc, out, o);
  o += FEEDBACK_HEADER_BYTES;
  writeU16(out, o, p.baseSequence);
  writeU16(out, o + 2, p.statuses.length);
  writeU24(out, o + 4, p.referenceTime);
  out[o + 7] = p.feedbackCount;
  o += 8;
  encodeTwccChunks(p.statuses, (chunk) => {
    writeU16(out, o, chunk);
    o += 2;
  });
  let d = 0;
  for (let i = 0; i < p.statuses.length; i++) {
    const s = p.statuses[i]!;
    if (s === TwccStatus.NOT_RECEIVED) continue;
    if (s !== TwccStatus.SMALL_DELTA && s !== TwccStatus.LARGE_DELTA) throw new RangeError(`transport feedback status ${s} is not 0, 1 or 2`);
    const delta = p.deltas[d++];
    if (delta === undefined) throw new RangeError('transport feedback has fewer deltas than received packets');
    if (s === TwccStatus.SMALL_DELTA) {
      if (delta < 0 || delta > 255) throw new RangeError(`small delta ${delta} is outside 0-255`);
      out[o++] = delta;
    } else {
      writeU16(out, o, delta & 0xffff);
      o += 2;
    }
  }
  if (d !== p.deltas.length) throw new RangeError('transport feedback has more deltas than received packets');
}

/**
 * Every reported packet with its arrival time: the reference time (64 ms units) plus the
 * running sum of deltas (250 µs units), in µs; lost packets have none.
 */
export function twccArrivals(p: TransportFeedback): TwccArrival[] {
  const out: TwccArrival[] = [];
  let timeUs = p.referenceTime * TWCC_REFERENCE_US;
  for (let i = 0, d = 0; i < p.statuses.length; i++) {
    const sequence = (p.baseSequence + i) & 0xffff;
    if (p.statuses[i] === TwccStatus.NOT_RECEIVED) {
      out.push({ sequence, arrivalUs: undefined });
    } else {
      timeUs += (p.deltas[d++] ?? 0) * TWCC_DELTA_US;
      out.push({ sequence, arrivalUs: timeUs });
    }
  }
  return out;
}
