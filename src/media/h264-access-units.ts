// Access units out of H.264 NAL units (ITU-T H.264 §7.4.1.2.3): a new access unit starts at
// an access unit delimiter, SPS, PPS, SEI, NAL unit types 14-18, or the first VCL NAL unit
// of a new primary coded picture, whichever comes first after the last VCL NAL unit. A new
// picture is told from the previous slice by the simple rules of §7.4.1.2.4 that need no
// parameter set: first_mb_in_slice back at 0, another pic_parameter_set_id, nal_ref_idc
// becoming or ceasing to be 0, an IDR next to a non-IDR slice. Not handled: arbitrary slice
// order (a picture whose first slice sent is not macroblock 0 and shares all those values)
// and redundant pictures, which both need the parameter sets.
import { AnnexBReader, type AnnexBNalUnit, type AnnexBReaderOptions } from './annexb.js';

/** NAL unit types of H.264 Table 7-1 used here. */
export const H264NalType = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9, END_OF_SEQUENCE: 10, END_OF_STREAM: 11, PREFIX: 14 } as const;

/** One access unit: the NAL units of one primary coded picture and what goes with it. */
export interface H264AccessUnit {
  /** Its NAL units in stream order. */
  nalUnits: AnnexBNalUnit[];
  /** It holds an IDR slice (nal_unit_type 5). */
  keyframe: boolean;
}

/** What the first fields of a slice header say (§7.3.3), as far as they could be read. */
export interface SliceStart {
  firstMbInSlice: number;
  sliceType: number;
  picParameterSetId: number;
}

/** Reads first_mb_in_slice, slice_type and pic_parameter_set_id, skipping emulation prevention bytes; undefined when cut short. */
export function parseSliceStart(nal: Uint8Array): SliceStart | undefined {
  let byte = 1;
  let bit = 0;
  let zeros = 0;
  let current = -1;
  const readBit = (): number | undefined => {
    if (bit === 0) {
      if (byte >= nal.length) return undefined;
      // §7.4.1: 00 00 03 — the 03 is an emulation prevention byte, not RBSP.
      if (zeros >= 2 && nal[byte] === 3) {
        byte++;
        zeros = 0;
        if (byte >= nal.length) return undefined;
      }
      current = nal[byte]!;
      zeros = current === 0 ? zeros + 1 : 0;
      byte++;
    }
    const v = (current >> (7 - bit)) & 1;
    bit = (bit + 1) & 7;
    return v;
  };
  // §9.1: ue(v), Exp-Golomb; 31 leading zeros at most for a 32-bit value.
  const ue = (): number | undefined => {
    let leading = 0;
    for (;;) {
      const b = readBit();
      if (b === undefined || leading > 31) return undefined;
      if (b === 1) break;
      leading++;
    }
    let v = 0;
    for (let i = 0; i < leading; i++) {
      const b = readBit();
      if (b === undefined) return undefined;
      v = v * 2 + b;
    }
    return 2 ** leading - 1 + v;
  };
  const firstMbInSlice = ue();
  const sliceType = ue();
  const picParameterSetId = ue();
  if (firstMbInSlice === undefined || sliceType === undefined || picParameterSetId === undefined) return undefined;
  return { firstMbInSlice, sliceType, picParameterSetId };
}

function isVcl(type: number): boolean {
  return type >= 1 && type <= 5;
}

/** Groups NAL units into access units: `push` each NAL unit, take what it completes; `end` for the last. */
export class H264AccessUnitAssembler {
  private current: AnnexBNalUnit[] = [];
  /** Prefix NAL units after a VCL NAL unit, placed once the next one shows whether a picture begins. */
  private held: AnnexBNalUnit[] = [];
  private sawVcl = false;
  /** End of sequence or stream seen: whatever comes next begins an access unit. */
  private closed = false;
  private lastSlice: { start: SliceStart | undefined; refZero: boolean; idr: boolean } | undefined;

  /** Adds a NAL unit; returns the access unit it completes, if any. */
  push(nal: AnnexBNalUnit): H264AccessUnit | undefined {
    const header = nal.data[0]!;
    const type = header & 0x1f;
    let begins = this.closed;
    if (isVcl(type)) {
      const slice = { start: parseSliceStart(nal.data), refZero: (header & 0x60) === 0, idr: type === H264NalType.IDR };
      const last = this.lastSlice;
      // §7.4.1.2.4: the first VCL NAL unit of a new primary coded picture.
      if (this.sawVcl && last !== undefined) {
        begins ||=
          slice.start?.firstMbInSlice === 0 ||
          (slice.start !== undefined && last.start !== undefined && slice.start.picParameterSetId !== last.start.picParameterSetId) ||
          slice.refZero !== last.refZero ||
          slice.idr !== last.idr;
      }
      this.lastSlice = slice;
    } else if (this.sawVcl && (type === H264NalType.AUD || type === H264NalType.SEI || type === H264NalType.SPS || type === H264NalType.PPS || (type >= 15 && type <= 18))) {
      // §7.4.1.2.3: these after the last VCL NAL unit of a picture begin the next access unit.
      begins = true;
    } else if (this.sawVcl && type === H264NalType.PREFIX) {
      this.held.push(nal);
      return undefined;
    }
    let done: H264AccessUnit | undefined;
    if (begins && this.current.length > 0) {
      done = accessUnit(this.current);
      this.current = [];
      this.sawVcl = false;
      this.closed = false;
    }
    this.current.push(...this.held, nal);
    this.held = [];
    if (isVcl(type)) this.sawVcl = true;
    if (type === H264NalType.END_OF_SEQUENCE || type === H264NalType.END_OF_STREAM) this.closed = true;
    return done;
  }

  /** The last access unit, if any NAL unit is left. */
  end(): H264AccessUnit | undefined {
    this.current.push(...this.held);
    this.held = [];
    if (this.current.length === 0) return undefined;
    const au = accessUnit(this.current);
    this.current = [];
    return au;
  }
}

function accessUnit(nalUnits: AnnexBNalUnit[]): H264AccessUnit {
  return { nalUnits, keyframe: nalUnits.some((n) => (n.data[0]! & 0x1f) === H264NalType.IDR) };
}

/** Reads access units from an Annex B byte stream in chunks: `push`, `next`, `end`, then `next` until undefined. */
export class H264AccessUnitReader {
  private readonly nals: AnnexBReader;
  private readonly assembler = new H264AccessUnitAssembler();
  /** Access units completed by `end`, handed out by `next`. */
  private queue: H264AccessUnit[] = [];
  private ended = false;

  /** Makes a reader expecting the stream from its first byte. */
  constructor(options: AnnexBReaderOptions = {}) {
    this.nals = new AnnexBReader(options);
  }

  /** Feeds bytes (kept by reference); throws MediaFileError. */
  push(chunk: Uint8Array): void {
    this.nals.push(chunk);
  }

  /** The next complete access unit, or undefined until more bytes (or `end`) arrive. */
  next(): H264AccessUnit | undefined {
    if (this.ended) return this.queue.shift();
    for (let nal = this.nals.next(); nal; nal = this.nals.next()) {
      const au = this.assembler.push(nal);
      if (au) return au;
    }
    return undefined;
  }

  /** Declares the stream complete (throws MediaFileError when it ends badly); the rest then comes out of `next`. */
  end(): void {
    if (this.ended) return;
    this.nals.end();
    this.ended = true;
    for (let nal = this.nals.next(); nal; nal = this.nals.next()) {
      const au = this.assembler.push(nal);
      if (au) this.queue.push(au);
    }
    const last = this.assembler.end();
    if (last) this.queue.push(last);
  }
}

/** Splits a whole byte stream held in memory into access units. */
export function parseH264AccessUnits(bytes: Uint8Array, options: AnnexBReaderOptions = {}): H264AccessUnit[] {
  const reader = new H264AccessUnitReader(options);
  reader.push(bytes);
  const out: H264AccessUnit[] = [];
  for (let au = reader.next(); au; au = reader.next()) out.push(au);
  reader.end();
  for (let au = reader.next(); au; au = reader.next()) out.push(au);
  return out;
}
