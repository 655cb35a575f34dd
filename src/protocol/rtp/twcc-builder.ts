// Builds transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from
// what a receiver recorded: transport sequence numbers with arrival times, or lost. Produces
// as many messages as needed to keep each under a size, its deltas within 16 bits and its
// status count within 65535, in the shape libwebrtc's parser accepts (reference time the
// arrival of the first received packet rounded down to 64 ms, deltas chained from it).
import { checkIntIn } from './bytes.js';
import { RTCP_HEADER_BYTES } from './rtcp-header.js';
import { encodeTwccChunks, TWCC_DELTA_US, TWCC_REFERENCE_US, TwccStatus, type TransportFeedback, type TwccArrival } from './rtcp-twcc.js';

/** Options of `buildTransportFeedback`. */
export interface TwccBuildOptions {
  senderSsrc: number;
  mediaSsrc: number;
  /** The feedback packet count of the first message; each further one increments it (mod 256). */
  feedbackCount: number;
  /** Largest RTCP packet per message, header and padding included (default 1200, at least 64). */
  maxPacketBytes?: number;
}

const FIXED_PACKET_BYTES = RTCP_HEADER_BYTES + 16;

/** One message's worth, before it is cut to size. */
interface Draft {
  statuses: number[];
  deltas: number[];
  /** Per entry taken: statuses and deltas up to and including it. */
  statusEnds: number[];
  deltaEnds: number[];
  deltaByteEnds: number[];
}

function packetBytes(statuses: Uint8Array, deltaBytes: number): number {
  return (FIXED_PACKET_BYTES + 2 * encodeTwccChunks(statuses) + deltaBytes + 3) & ~3;
}

/**
 * Feedback messages reporting `packets` (in increasing transport sequence order, each within
 * 32767 after the one before, across 16-bit wraps). Sequence numbers skipped between entries
 * are reported lost, as are entries without an arrival time. Throws RangeError for an entry
 * out of order or an arrival time that is not a finite number.
 */
export function buildTransportFeedback(packets: readonly TwccArrival[], options: TwccBuildOptions): TransportFeedback[] {
  const maxBytes = options.maxPacketBytes ?? 1200;
  checkIntIn(maxBytes, 64, 0x40000, 'maxPacketBytes');
  checkIntIn(options.feedbackCount, 0, 255, 'feedback count');
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    checkIntIn(p.sequence, 0, 0xffff, 'transport sequence number');
    if (p.arrivalUs !== undefined && !Number.isFinite(p.arrivalUs)) throw new RangeError(`arrival time ${p.arrivalUs} is not finite`);
    if (i > 0) {
      const step = (p.sequence - packets[i - 1]!.sequence) & 0xffff;
      if (step === 0 || step > 0x7fff) throw new RangeError(`transport sequence ${p.sequence} does not follow ${packets[i - 1]!.sequence}`);
    }
  }
  const out: TransportFeedback[] = [];
  let feedbackCount = options.feedbackCount;
  let next = 0;
  let base = packets[0]?.sequence ?? 0;
  while (next < packets.length) {
    // The reference time: the first arrival among the entries to come, rounded down to 64 ms.
    let firstArrival: number | undefined;
    for (let j = next; j < packets.length && firstArrival === undefined; j++) firstArrival = packets[j]!.arrivalUs;
    const referenceTicks = firstArrival === undefined ? 0 : Math.floor(firstArrival / TWCC_REFERENCE_US);
    let lastUs = referenceTicks * TWCC_REFERENCE_US;
    const draft: Draft = { statuses: [], deltas: [], statusEnds: [], deltaEnds: [], deltaByteEnds: [] };
    let expected = base;
    let deltaBytes = 0;
    // Each received packet costs at least one byte: no more can fit than the size allows.
    for (let j = next; j < packets.length && draft.deltas.length < maxBytes; j++) {
      const p = packets[j]!;
      const gap = (p.sequence - expected) & 0xffff;
      if (draft.statuses.length + gap + 1 > 0xffff) break;
      let status: number = TwccStatus.NOT_RECEIVED;
      let delta = 0;
      if (p.arrivalUs !== undefined) {
        delta = Math.round((p.arrivalUs - lastUs) / TWCC_DELTA_US);
        // §3.1.5: a delta is at most 16 bits signed; beyond that a new message starts.
        if (delta < -0x8000 || delta > 0x7fff) break;
        status = delta >= 0 && delta <= 0xff ? TwccStatus.SMALL_DELTA : TwccStatus.LARGE_DELTA;
      }
      for (let k = 0; k < gap; k++) draft.statuses.push(TwccStatus.NOT_RECEIVED);
      draft.statuses.push(status);
      if (status !== TwccStatus.NOT_RECEIVED) {
        draft.deltas.push(delta);
        deltaBytes += status === TwccStatus.SMALL_DELTA ? 1 : 2;
        // Chain from the rounded time, so rounding errors do not add up.
        lastUs += delta * TWCC_DELTA_US;
      }
      draft.statusEnds.push(draft.statuses.length);
      draft.deltaEnds.push(draft.deltas.length);
      draft.deltaByteEnds.push(deltaBytes);
      expected = (p.sequence + 1) & 0xffff;
    }
    // Keep the most entries that fit in maxBytes (at least one always does at 64 bytes).
    const all = Uint8Array.from(draft.statuses);
    let taken = draft.statusEnds.length;
    if (packetBytes(all, deltaBytes) > maxBytes) {
      let lo = 1;
      let hi = taken - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (packetBytes(all.subarray(0, draft.statusEnds[mid - 1]), draft.deltaByteEnds[mid - 1]!) <= maxBytes) lo = mid;
        else hi = mid - 1;
      }
      taken = lo;
    }
    out.push({
      type: 'twcc',
      senderSsrc: options.senderSsrc,
      mediaSsrc: options.mediaSsrc,
      baseSequence: base,
      referenceTime: ((referenceTicks % 0x1000000) + 0x1000000) % 0x1000000,
      feedbackCount,
      statuses: all.slice(0, draft.statusEnds[taken - 1]),
      deltas: Int16Array.from(draft.deltas.slice(0, draft.deltaEnds[taken - 1])),
    });
    feedbackCount = (feedbackCount + 1) & 0xff;
    next += taken;
    base = (packets[next - 1]!.sequence + 1) & 0xffff;
  }
  return out;
}
