// The VP9 payload descriptor (RFC 9628 §4.2) with its scalability structure (§4.2.1).
import { need, ParseError } from './errors.js';

/** One picture group entry of the scalability structure (RFC 9628 §4.2.1, G=1). */
export interface Vp9GroupEntry {
  /** TID of the picture. */
  temporalId: number;
  /** U: switching up point. */
  switchingUp: boolean;
  /** P_DIFF of each reference (R of them, at most 3). */
  pDiffs: number[];
}

/** The scalability structure (RFC 9628 §4.2.1). */
export interface Vp9ScalabilityStructure {
  /** N_S + 1: the number of spatial layers (1-8). */
  spatialLayers: number;
  /** Y: width and height of each spatial layer, when present. */
  resolutions?: Array<{ width: number; height: number }>;
  /** G: the picture group description, when present. */
  pictureGroup?: Vp9GroupEntry[];
}

/** The fields of a VP9 payload descriptor (RFC 9628 §4.2). */
export interface Vp9Descriptor {
  /** P: the picture is inter-picture predicted. */
  interPicturePredicted: boolean;
  /** F: flexible mode. */
  flexible: boolean;
  /** B: the packet starts a layer frame. */
  beginsFrame: boolean;
  /** E: the packet ends a layer frame. */
  endsFrame: boolean;
  /** Z: not used for inter-layer prediction of the next spatial layer. */
  notReferencedUpward: boolean;
  /** I: PictureID, 7 or 15 bits. */
  pictureId?: number;
  /** M: whether PictureID is written in 15 bits (always when it is above 127). */
  pictureId15?: boolean;
  /** L: the layer indices, when present. */
  layer?: { temporalId: number; switchingUp: boolean; spatialId: number; interLayerDependency: boolean };
  /** TL0PICIDX (non-flexible mode with L=1). */
  tl0PicIdx?: number;
  /** P_DIFF references (flexible mode with P=1), 1 to 3. */
  pDiffs?: number[];
  /** V: the scalability structure. */
  ss?: Vp9ScalabilityStructure;
}

/** Parses the descriptor at the start of `payload`; returns it and its length in bytes. */
export function parseVp9Descriptor(payload: Uint8Array): { descriptor: Vp9Descriptor; length: number } {
  need(payload, 0, 1, 'VP9 descriptor');
  const b0 = payload[0]!;
  // RFC 9628 §4.2: |I|P|L|F|B|E|V|Z|
  const d: Vp9Descriptor = {
    interPicturePredicted: (b0 & 0x40) !== 0,
    flexible: (b0 & 0x10) !== 0,
    beginsFrame: (b0 & 0x08) !== 0,
    endsFrame: (b0 & 0x04) !== 0,
    notReferencedUpward: (b0 & 0x01) !== 0,
  };
  let o = 1;
  if (b0 & 0x80) {
    need(payload, o, 1, 'VP9 PictureID');
    const m = payload[o++]!;
    if (m & 0x80) {
      need(payload, o, 1, 'VP9 15-bit PictureID');
      d.pictureId = ((m & 0x7f) << 8) | payload[o++]!;
      d.pictureId15 = true;
    } else {
      d.pictureId = m;
      d.pictureId15 = false;
    }
  }
  if (b0 & 0x20) {
    need(payload, o, 1, 'VP9 layer indices');
    const l = payload[o++]!;
    // RFC 9628 §4.2: |TID|U| SID |D|
    d.layer = { temporalId: l >> 5, switchingUp: (l & 0x10) !== 0, spatialId: (l >> 1) & 0x07, interLayerDependency: (l & 0x01) !== 0 };
    if (!d.flexible) {
      // RFC 9628 §4.2: TL0PICIDX follows the layer indices in non-flexible mode.
      need(payload, o, 1, 'VP9 TL0PICIDX');
      d.tl0PicIdx = payload[o++]!;
    }
  }
  if (d.flexible && d.interPicturePredicted) {
    // RFC 9628 §4.2: up to 3 P_DIFF bytes, N=1 says another follows.
    d.pDiffs = [];
    for (;;) {
      need(payload, o, 1, 'VP9 P_DIFF');
      const p = payload[o++]!;
      d.pDiffs.push(p >> 1);
      if (!(p & 0x01)) break;
      if (d.pDiffs.length === 3) throw new ParseError('PAYLOAD_BAD_VALUE', 'VP9 descriptor with more than 3 P_DIFF');
    }
  }
  if (b0 & 0x02) {
    const ss = parseSs(payload, o);
    d.ss = ss.ss;
    o = ss.end;
  }
  return { descriptor: d, length: o };
}

function parseSs(payload: Uint8Array, start: number): { ss: Vp9ScalabilityStructure; end: number } {
  let o = start;
  need(payload, o, 1, 'VP9 SS');
  const h = payload[o++]!;
  // RFC 9628 §4.2.1: | N_S |Y|G|-|-|-|
  const ss: Vp9ScalabilityStructure = { spatialLayers: (h >> 5) + 1 };
  if (h & 0x10) {
    ss.resolutions = [];
    for (let i = 0; i < ss.spatialLayers; i++) {
      need(payload, o, 4, 'VP9 SS resolution');
      ss.resolutions.push({ width: (payload[o]! << 8) | payload[o + 1]!, height: (payload[o + 2]! << 8) | payload[o + 3]! });
      o += 4;
    }
  }
  if (h & 0x08) {
    need(payload, o, 1, 'VP9 SS N_G');
    const count = payload[o++]!;
    ss.pictureGroup = [];
    for (let i = 0; i < count; i++) {
      need(payload, o, 1, 'VP9 SS picture group');
      const g = payload[o++]!;
      const refs = (g >> 2) & 0x03;
      need(payload, o, refs, 'VP9 SS P_DIFF');
      ss.pictureGroup.push({ temporalId: g >> 5, switchingUp: (g & 0x10) !== 0, pDiffs: Array.from(payload.subarray(o, o + refs)) });
      o += refs;
    }
  }
  return { ss, end: o };
}

/** Writes a descriptor; absent optional fields clear their flags. */
export function serializeVp9Descriptor(d: Vp9Descriptor): Uint8Array {
  const out: number[] = [0];
  let b0 = (d.interPicturePredicted ? 0x40 : 0) | (d.flexible ? 0x10 : 0) | (d.beginsFrame ? 0x08 : 0) | (d.endsFrame ? 0x04 : 0) | (d.notReferencedUpward ? 0x01 : 0);
  if (d.pictureId !== undefined) {
    b0 |= 0x80;
    const pid = d.pictureId & 0x7fff;
    if (d.pictureId15 || pid > 0x7f) out.push(0x80 | (pid >> 8), pid & 0xff);
    else out.push(pid);
  }
  if (d.layer) {
    b0 |= 0x20;
    const l = d.layer;
    out.push(((l.temporalId & 7) << 5) | (l.switchingUp ? 0x10 : 0) | ((l.spatialId & 7) << 1) | (l.interLayerDependency ? 1 : 0));
    if (!d.flexible) out.push((d.tl0PicIdx ?? 0) & 0xff);
  }
  if (d.flexible && d.interPicturePredicted) {
    const diffs = d.pDiffs ?? [];
    if (diffs.length < 1 || diffs.length > 3) throw new RangeError('VP9: flexible mode with P=1 needs 1 to 3 P_DIFF');
    diffs.forEach((p, i) => out.push(((p & 0x7f) << 1) | (i < diffs.length - 1 ? 1 : 0)));
  }
  if (d.ss) {
    b0 |= 0x02;
    const ss = d.ss;
    if (ss.spatialLayers < 1 || ss.spatialLayers > 8) throw new RangeError('VP9: 1 to 8 spatial layers');
    if (ss.resolutions && ss.resolutions.length !== ss.spatialLayers) throw new RangeError('VP9: one resolution per spatial layer');
    if (ss.pictureGroup && (ss.pictureGroup.length > 255 || ss.pictureGroup.some((g) => g.pDiffs.length > 3))) throw new RangeError('VP9: at most 255 pictures of at most 3 references');
    out.push(((ss.spatialLayers - 1) << 5) | (ss.resolutions ? 0x10 : 0) | (ss.pictureGroup ? 0x08 : 0));
    for (const r of ss.resolutions ?? []) out.push((r.width >> 8) & 0xff, r.width & 0xff, (r.height >> 8) & 0xff, r.height & 0xff);
    if (ss.pictureGroup) {
      out.push(ss.pictureGroup.length & 0xff);
      for (const g of ss.pictureGroup) out.push(((g.temporalId & 7) << 5) | (g.switchingUp ? 0x10 : 0) | ((g.pDiffs.length & 3) << 2), ...g.pDiffs.map((p) => p & 0xff));
    }
  }
  out[0] = b0;
  return Uint8Array.from(out);
}
