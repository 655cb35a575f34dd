// RTCRtpSendParameters (W3C WebRTC §5.2): the encodings addTransceiver accepts, and the
// checks setParameters runs against the parameters getParameters last returned.
import { capabilities, codecsMatch, type CodecParams, type HeaderExtensionParams } from '../jsep/codecs.js';
import * as idl from './webidl.js';

/** An RTCRtpCodec as an encoding names it. */
export interface EncodingCodec {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

/** An RTCRtpEncodingParameters as stored on the sender. */
export interface Encoding {
  rid?: string;
  active: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
  codec?: EncodingCodec;
}

const codecDict = idl.dictionary('RTCRtpCodec', {
  mimeType: { type: idl.DOMString, required: true },
  clockRate: { type: idl.unsignedLong, required: true },
  channels: { type: idl.unsignedShort },
  sdpFmtpLine: { type: idl.DOMString },
});

/** RTCRtpEncodingParameters converter. */
export const encodingDict = idl.dictionary('RTCRtpEncodingParameters', {
  rid: { type: idl.DOMString },
  active: { type: idl.boolean, default: true },
  codec: { type: codecDict },
  maxBitrate: { type: idl.unsignedLong },
  maxFramerate: { type: idl.double },
  scaleResolutionDownBy: { type: idl.double },
});

/**
 * maxN of W3C §5.1 addTransceiver ("the maximum number of total simultaneous encodings the
 * user agent may support"): four layers of simulcast.
 */
export const MAX_SEND_ENCODINGS = 4;

/** The RTCRtpCodec members of a codec, as getParameters and getCapabilities give them. */
export function codecView(c: EncodingCodec): EncodingCodec {
  const out: EncodingCodec = { mimeType: c.mimeType, clockRate: c.clockRate };
  if (c.channels !== undefined) out.channels = c.channels;
  if (c.sdpFmtpLine !== undefined) out.sdpFmtpLine = c.sdpFmtpLine;
  return out;
}

/**
 * Whether `codec` names one of `list` (W3C §5.2 "codec dictionary match"): mime type, clock
 * rate, channels and the format parameters that identify the codec; AV1's profile is
 * asymmetric (AV1 RTP §7.2.3), so it does not count.
 */
export function codecIn(codec: EncodingCodec, list: readonly EncodingCodec[]): boolean {
  const asymmetric = codec.mimeType.toLowerCase() === 'video/av1';
  return list.some((c) => codecsMatch(asymmetric ? { ...c, sdpFmtpLine: undefined } : c, asymmetric ? { ...codec, sdpFmtpLine: undefined } : codec));
}

/** W3C §5.2: audio encodings carry neither scaleResolutionDownBy nor maxFramerate. */
function stripVideoMembers(e: Encoding): Encoding {
  delete e.scaleResolutionDownBy;
  delete e.maxFramerate;
  return e;
}

/** W3C §5.2: scaleResolutionDownBy below 1 and a negative maxFramerate are RangeErrors. */
function rangeError(e: Encoding): RangeError | null {
  if (e.scaleResolutionDownBy !== undefined && e.scaleResolutionDownBy < 1) {
    return new RangeError('scaleResolutionDownBy must be at least 1.');
  }
  if (e.maxFramerate !== undefined && e.maxFramerate < 0) return new RangeError('maxFramerate must not be negative.');
  return null;
}

/**
 * W3C §5.1 addTransceiver sendEncodings steps: rids are 1..16 alphanumerics, distinct, and
 * present on every encoding when there are several (TypeError); a codec must be one of
 * getCapabilities' (OperationError); audio drops the video members before the range checks
 * and, as Chromium does, keeps one encoding with no rid; more than maxN are trimmed; video
 * gets scaleResolutionDownBy 1, or powers of 2 descending when no encoding sets one.
 */
export function validateSendEncodings(kind: 'audio' | 'video', encodings: Encoding[]): Encoding[] {
  const rids = new Set<string>();
  for (const e of encodings) {
    if (e.rid !== undefined) {
      // RFC 8851 §10: rid-syntax is alpha-numeric; browsers cap it at 16 characters.
      if (!/^[A-Za-z0-9]{1,16}$/.test(e.rid)) throw new TypeError(`Invalid rid '${e.rid}'.`);
      if (rids.has(e.rid)) throw new TypeError(`Duplicate rid '${e.rid}'.`);
      rids.add(e.rid);
    } else if (encodings.length > 1) {
      throw new TypeError('Every encoding needs a rid when there are several.');
    }
  }
  const caps = capabilities(kind)!.codecs;
  for (const e of encodings) {
    if (e.codec && !codecIn(e.codec, caps)) throw new DOMException(`Codec ${e.codec.mimeType} is not supported.`, 'OperationError');
  }
  let out = encodings.map((e) => ({ ...e }));
  if (kind === 'audio') out = out.map(stripVideoMembers);
  for (const e of out) {
    const err = rangeError(e);
    if (err) throw err;
  }
  if (out.length === 0) out.push({ active: true });
  if (kind === 'audio') out = out.slice(0, 1);
  // W3C §5.1: trim from the tail to maxN.
  out = out.slice(0, MAX_SEND_ENCODINGS);
  // Chromium: a single encoding has no rid (it is not simulcast).
  if (out.length === 1) delete out[0]!.rid;
  if (kind === 'video') {
    // W3C §5.1: with no scaleResolutionDownBy anywhere, 2^(N-1-i); otherwise 1 where absent.
    const none = out.every((e) => e.scaleResolutionDownBy === undefined);
    out.forEach((e, i) => {
      e.scaleResolutionDownBy ??= none ? 2 ** (out.length - 1 - i) : 1;
    });
  }
  return out;
}

/** What getParameters returned last (W3C §5.2 [[LastReturnedParameters]]). */
export interface ReturnedParameters {
  transactionId: string;
  encodings: Encoding[];
  headerExtensions: Array<{ uri: string; id: number; encrypted: boolean }>;
  rtcp: { cname: string; reducedSize: boolean };
  codecs: Array<EncodingCodec & { payloadType: number }>;
}

/** The codecs member of RTCRtpParameters for negotiated codecs. */
export function codecParameters(codecs: readonly CodecParams[]): Array<EncodingCodec & { payloadType: number }> {
  return codecs.map((c) => ({ payloadType: c.payloadType, ...codecView(c) }));
}

/** The headerExtensions member of RTCRtpParameters. */
export function extensionParameters(extensions: readonly HeaderExtensionParams[]): Array<{ uri: string; id: number; encrypted: boolean }> {
  return extensions.map((e) => ({ uri: e.uri, id: e.id, encrypted: false }));
}

/** Deep copy of returned parameters, for handing to script. */
export function copyParameters(p: ReturnedParameters): ReturnedParameters {
  return {
    transactionId: p.transactionId,
    encodings: p.encodings.map((e) => ({ ...e, ...(e.codec ? { codec: { ...e.codec } } : {}) })),
    headerExtensions: p.headerExtensions.map((e) => ({ ...e })),
    rtcp: { ...p.rtcp },
    codecs: p.codecs.map((c) => ({ ...c })),
  };
}

/** The members of one RTCRtpCodecParameters (or header extension) that must not change. */
function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((k) => a[k] === b[k]);
}

const CODEC_KEYS = ['payloadType', 'mimeType', 'clockRate', 'channels', 'sdpFmtpLine'] as const;
const EXTENSION_KEYS = ['uri', 'id', 'encrypted'] as const;

/** The read-only members script passed to setParameters, converted loosely (WebIDL shapes). */
export interface GivenParameters {
  transactionId: string;
  encodings: Encoding[];
  codecs?: unknown;
  headerExtensions?: unknown;
  rtcp?: unknown;
}

/**
 * W3C §5.2 setParameters validation against [[LastReturnedParameters]]: read-only members
 * changed (transactionId, the number of encodings and their rids, codecs, header extensions,
 * rtcp) are InvalidModificationError; a codec outside `allowed` likewise; ranges are
 * RangeError. Members left out are taken as unchanged (Chromium). Returns the encodings to
 * store, or the error to reject with.
 */
export function checkSetParameters(
  kind: 'audio' | 'video',
  given: GivenParameters,
  last: ReturnedParameters,
  allowed: readonly EncodingCodec[],
): Encoding[] | Error {
  const modified = (what: string): DOMException => new DOMException(`${what} cannot be modified.`, 'InvalidModificationError');
  if (given.transactionId !== last.transactionId) return modified('transactionId');
  const { encodings } = given;
  if (encodings.length !== last.encodings.length || encodings.some((e, i) => e.rid !== last.encodings[i]!.rid)) {
    return new DOMException('Encodings cannot be added, removed or reordered.', 'InvalidModificationError');
  }
  if (given.codecs !== undefined) {
    const codecs = given.codecs as Array<Record<string, unknown>>;
    if (!Array.isArray(codecs) || codecs.length !== last.codecs.length) return modified('codecs');
    if (codecs.some((c, i) => typeof c !== 'object' || c === null || !sameMembers(c, last.codecs[i]! as unknown as Record<string, unknown>, CODEC_KEYS))) {
      return modified('codecs');
    }
  }
  if (given.headerExtensions !== undefined) {
    const list = given.headerExtensions as Array<Record<string, unknown>>;
    if (!Array.isArray(list) || list.length !== last.headerExtensions.length) return modified('headerExtensions');
    if (list.some((e, i) => typeof e !== 'object' || e === null || !sameMembers(e, last.headerExtensions[i]!, EXTENSION_KEYS))) {
      return modified('headerExtensions');
    }
  }
  if (given.rtcp !== undefined) {
    const rtcp = given.rtcp as Record<string, unknown> | null;
    if (typeof rtcp !== 'object' || rtcp === null) return modified('rtcp');
    if (rtcp.cname !== undefined && rtcp.cname !== last.rtcp.cname) return modified('rtcp.cname');
    if (rtcp.reducedSize !== undefined && rtcp.reducedSize !== last.rtcp.reducedSize) return modified('rtcp.reducedSize');
  }
  for (const e of encodings) {
    if (e.codec && !codecIn(e.codec, allowed)) return new DOMException(`The codec ${e.codec.mimeType} is not negotiated.`, 'InvalidModificationError');
  }
  const out = encodings.map((e) => (kind === 'audio' ? stripVideoMembers({ ...e }) : { ...e }));
  for (const e of out) {
    const err = rangeError(e);
    if (err) return err;
  }
  return out;
}
