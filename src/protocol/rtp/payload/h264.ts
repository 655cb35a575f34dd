// H.264 over RTP (RFC 6184), packetization-mode 0 (single NAL unit) and 1 (non-interleaved:
// single NAL units, STAP-A, FU-A). Frames go in and come out as Annex B access units.
import { balancedSizes, concat, FrameAssembler, type DepacketizerOptions, type FrameBody, type PacketUnit, type PayloadCodec } from './assembler.js';
import { checkBudget, need, ParseError } from './errors.js';
import { canStartAccessUnit, joinAnnexB, NalType, nalType, splitAnnexB } from './h264-nal.js';
import { parseH264Sps } from './h264-sps.js';
import type { EncodedVideoFrame, PacketizedPayload, ReceivedPayload } from './types.js';

/** The RTP clock rate of H.264 (RFC 6184 §8.2.1). */
export const H264_CLOCK_RATE = 90000;

/** Options of the H.264 packetizer. */
export interface H264PacketizerOptions {
  /** The negotiated packetization-mode (RFC 6184 §8.1): 0 or 1 (the default, as browsers offer). */
  packetizationMode?: 0 | 1;
}

/** Splits Annex B access units into RTP payloads (RFC 6184 §5.6, §5.7.1, §5.8). */
export class H264Packetizer {
  private readonly mode: 0 | 1;

  /** Builds a packetizer for one packetization-mode. */
  constructor(options: H264PacketizerOptions = {}) {
    this.mode = options.packetizationMode ?? 1;
  }

  /**
   * Payloads of one access unit (Annex B), each at most `maxPayloadBytes`; the last has the
   * marker bit (RFC 6184 §5.1). In mode 0 a NAL unit larger than the budget is a RangeError.
   */
  packetize(frame: EncodedVideoFrame, maxPayloadBytes: number): PacketizedPayload[] {
    checkBudget(maxPayloadBytes, this.mode === 0 ? 1 : 3, 'H.264');
    const nals = splitAnnexB(frame.data);
    const out: PacketizedPayload[] = [];
    for (let i = 0; i < nals.length; ) {
      const nal = nals[i]!;
      if (nal.length > maxPayloadBytes) {
        // RFC 6184 §6.2: mode 0 sends each NAL unit whole, so it must fit.
        if (this.mode === 0) throw new RangeError(`H.264 packetization-mode 0: a ${nal.length}-byte NAL unit exceeds the ${maxPayloadBytes}-byte budget`);
        fragment(nal, maxPayloadBytes, out);
        i++;
        continue;
      }
      // RFC 6184 §5.7.1: consecutive NAL units that fit together go in one STAP-A (mode 1 only).
      let j = i + 1;
      let size = 1 + 2 + nal.length;
      while (this.mode === 1 && j < nals.length && size + 2 + nals[j]!.length <= maxPayloadBytes) size += 2 + nals[j++]!.length;
      out.push({ payload: j === i + 1 ? nal : aggregate(nals.slice(i, j)), marker: false });
      i = j;
    }
    if (out.length > 0) out[out.length - 1]!.marker = true;
    return out;
  }
}

function aggregate(nals: Uint8Array[]): Uint8Array {
  // RFC 6184 §5.7.1: F is the OR and NRI the maximum of the aggregated units' values.
  let f = 0;
  let nri = 0;
  for (const n of nals) {
    f |= n[0]! & 0x80;
    nri = Math.max(nri, n[0]! & 0x60);
  }
  const parts: Uint8Array[] = [Uint8Array.of(f | nri | NalType.STAP_A)];
  for (const n of nals) parts.push(Uint8Array.of(n.length >> 8, n.length & 0xff), n);
  return concat(parts);
}

function fragment(nal: Uint8Array, maxPayloadBytes: number, out: PacketizedPayload[]): void {
  // RFC 6184 §5.8: FU indicator (F, NRI, type 28), FU header (S, E, R=0, the NAL type), then
  // the NAL unit without its header byte.
  const indicator = (nal[0]! & 0xe0) | NalType.FU_A;
  const type = nalType(nal[0]!);
  const body = nal.subarray(1);
  const sizes = balancedSizes(body.length, maxPayloadBytes - 2);
  let o = 0;
  sizes.forEach((size, k) => {
    const header = (k === 0 ? 0x80 : 0) | (k === sizes.length - 1 ? 0x40 : 0) | type;
    out.push({ payload: concat([Uint8Array.of(indicator, header), body.subarray(o, o + size)]), marker: false });
    o += size;
  });
}

/** One piece of a received payload: a whole NAL unit, or a fragment of one. */
export type H264Piece = { nal: Uint8Array } | { fuHeader: number; start: boolean; end: boolean; data: Uint8Array };

/** One parsed H.264 packet. */
export interface H264Unit extends PacketUnit {
  pieces: H264Piece[];
}

/** Parses one RTP payload of packetization-mode 0 or 1 into NAL units and fragments. */
export function parseH264Payload(payload: Uint8Array): H264Piece[] {
  need(payload, 0, 1, 'H.264 payload');
  const t = nalType(payload[0]!);
  if (t >= 1 && t <= 23) return [{ nal: payload }];
  if (t === NalType.STAP_A) {
    const pieces: H264Piece[] = [];
    // RFC 6184 §5.7.1: 16-bit NALU size, then the NAL unit, until the payload ends.
    for (let o = 1; o < payload.length; ) {
      need(payload, o, 2, 'STAP-A NALU size');
      const size = (payload[o]! << 8) | payload[o + 1]!;
      if (size === 0) throw new ParseError('PAYLOAD_BAD_VALUE', 'STAP-A with a zero-length NAL unit');
      need(payload, o + 2, size, 'STAP-A NAL unit');
      pieces.push({ nal: payload.subarray(o + 2, o + 2 + size) });
      o += 2 + size;
    }
    if (pieces.length === 0) throw new ParseError('PAYLOAD_EMPTY', 'STAP-A without NAL units');
    return pieces;
  }
  if (t === NalType.FU_A) {
    need(payload, 1, 2, 'FU-A');
    const h = payload[1]!;
    const start = (h & 0x80) !== 0;
    const end = (h & 0x40) !== 0;
    // RFC 6184 §5.8: S and E are never both set; the fragmented unit is a plain NAL unit.
    if (start && end) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'FU-A with both S and E');
    const inner = nalType(h);
    if (inner < 1 || inner > 23) throw new ParseError('PAYLOAD_BAD_VALUE', `FU-A of NAL type ${inner}`);
    return [{ fuHeader: (payload[0]! & 0xe0) | inner, start, end, data: payload.subarray(2) }];
  }
  // RFC 6184 §6.2, §6.3: STAP-B, MTAP and FU-B belong to the interleaved mode, never negotiated here.
  throw new ParseError('PAYLOAD_BAD_VALUE', `H.264 NAL type ${t} is not part of packetization-mode 0 or 1`);
}

function mayBegin(p: H264Piece): boolean {
  if ('nal' in p) return canStartAccessUnit(p.nal[0]!, p.nal[1]);
  return p.start && canStartAccessUnit(p.fuHeader, p.data[0]);
}

const h264Codec: PayloadCodec<H264Unit> = {
  exactStart: false,
  parse(packet: ReceivedPayload): H264Unit {
    const pieces = parseH264Payload(packet.payload);
    let size = 0;
    // What the packet adds to the Annex B output: start codes and the restored NAL header count.
    for (const p of pieces) size += 'nal' in p ? p.nal.length + 4 : p.data.length + (p.start ? 5 : 0);
    // RFC 6184 §5.1: the marker is set on the last packet of the access unit.
    return { begins: mayBegin(pieces[0]!), ends: packet.marker, sizeBytes: size, pieces };
  },
  build(units: H264Unit[]): FrameBody {
    const nals: Uint8Array[] = [];
    let open: { fuHeader: number; parts: Uint8Array[] } | undefined;
    for (const u of units) {
      for (const p of u.pieces) {
        if ('nal' in p) {
          if (open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'a NAL unit inside an unfinished FU-A');
          nals.push(p.nal);
        } else if (p.start) {
          if (open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'FU-A start inside an unfinished FU-A');
          open = { fuHeader: p.fuHeader, parts: [Uint8Array.of(p.fuHeader), p.data] };
        } else {
          if (!open || open.fuHeader !== p.fuHeader) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'FU-A fragment without its start');
          open.parts.push(p.data);
          if (p.end) {
            nals.push(concat(open.parts));
            open = undefined;
          }
        }
      }
    }
    if (open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'access unit ends inside a FU-A');
    const frame: FrameBody = { data: joinAnnexB(nals), keyFrame: nals.some((n) => nalType(n[0]!) === NalType.IDR) };
    const sps = nals.find((n) => nalType(n[0]!) === NalType.SPS);
    if (sps) {
      try {
        const s = parseH264Sps(sps);
        frame.width = s.width;
        frame.height = s.height;
      } catch (err) {
        // The dimensions are a courtesy; an SPS this reader does not follow leaves them unknown.
        if (!(err instanceof ParseError)) throw err;
      }
    }
    return frame;
  },
};

/** Reassembles Annex B access units from RTP payloads (RFC 6184); `push` never throws on bad input. */
export class H264Depacketizer extends FrameAssembler<H264Unit> {
  /** Builds a depacketizer; `maxFrameBytes` caps what one access unit may hold. */
  constructor(options: DepacketizerOptions = {}) {
    super(h264Codec, options);
  }
}
