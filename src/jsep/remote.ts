// Reads a description (ours or the remote's) into what JSEP needs: per m-section kind,
// mid, direction, codecs, extensions, msids, ICE and DTLS parameters, candidates.
import {
  ParseError,
  getAttribute,
  getAttributes,
  getDirection,
  hasAttribute,
  parseSdp,
  type SdpMedia,
  type SdpSession,
} from '../protocol/sdp/index.js';
import { DescriptionError } from './description-error.js';
import { checkConnection, checkFingerprintLine, digestBytesOf, readMaxMessageSize, readSctpPort, readSetup } from './strict.js';
import { decodeInitChunk } from '../protocol/sctp/index.js';
import type { CodecParams, HeaderExtensionParams } from './codecs.js';
import { SCTP_INIT_ATTRIBUTE } from './write.js';
import type { Direction, SectionKind } from './model.js';

/** What JSEP reads from one m-section. */
export interface ParsedSection {
  index: number;
  kind: SectionKind | 'unknown';
  /** The m= media token as written. */
  media: string;
  protocol: string;
  /** The m= line's formats as written. */
  formats: string[];
  mid: string | null;
  rejected: boolean;
  bundleOnly: boolean;
  /** The section's direction as written (its sender's point of view). */
  direction: Direction;
  codecs: CodecParams[];
  extensions: HeaderExtensionParams[];
  /** a=msid pairs [streamId, trackId]. */
  msids: Array<[string, string | null]>;
  ssrcs: number[];
  iceUfrag: string | null;
  icePwd: string | null;
  fingerprints: Array<{ algorithm: string; value: string }>;
  setup: string | null;
  candidates: string[];
  endOfCandidates: boolean;
  sctpPort: number | null;
  maxMessageSize: number | null;
  rids: string[];
  rtcpMux: boolean;
  /** Nonstandard a=x-purertc-max-datagram: the peer reads UDP datagrams up to this size. */
  maxDatagram: number | null;
  /** a=sctp-init (SNAP, draft-hancke-tsvwg-snap) as written; `sctpInitOf` reads it. */
  sctpInit: string | null;
}

/** A parsed description. */
export interface ParsedDescription {
  session: SdpSession;
  sections: ParsedSection[];
  /** Mids of the first a=group:BUNDLE, if any. */
  bundle: string[] | null;
  /** Mids of every a=group:BUNDLE, in order. */
  bundleGroups: string[][];
  iceLite: boolean;
}

export { DescriptionError };

function sectionKind(m: SdpMedia): SectionKind | 'unknown' {
  if (m.kind === 'audio' || m.kind === 'video') return m.kind;
  if (m.kind === 'application' && /SCTP/i.test(m.protocol)) return 'application';
  return 'unknown';
}

function readCodecs(m: SdpMedia): CodecParams[] {
  const byPt = new Map<number, CodecParams>();
  const kind = m.kind;
  for (const value of getAttributes(m.attributes, 'rtpmap')) {
    const match = /^(\d+)\s+([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
    if (!match) throw new DescriptionError('syntax', `Invalid rtpmap: ${value}`);
    const pt = Number(match[1]);
    // RFC 3550 §5.1: a payload type has 7 bits (Chromium refuses others as unparsable).
    if (pt > 127) throw new DescriptionError('syntax', `Invalid rtpmap payload type: ${value}`);
    const codec: CodecParams = {
      payloadType: pt,
      mimeType: `${kind}/${match[2]}`,
      clockRate: Number(match[3]),
      rtcpFeedback: [],
    };
    if (match[4] !== undefined) codec.channels = Number(match[4]);
    else if (kind === 'audio') codec.channels = 1;
    byPt.set(pt, codec);
  }
  for (const value of getAttributes(m.attributes, 'fmtp')) {
    const sp = value.indexOf(' ');
    const pt = Number(value.slice(0, sp));
    const c = byPt.get(pt);
    if (c && sp > 0) c.sdpFmtpLine = value.slice(sp + 1).trim();
  }
  for (const value of getAttributes(m.attributes, 'rtcp-fb')) {
    const sp = value.indexOf(' ');
    if (sp < 0) continue;
    const pt = value.slice(0, sp);
    const fb = value.slice(sp + 1).trim();
    const targets = pt === '*' ? [...byPt.values()] : [byPt.get(Number(pt))].filter((c): c is CodecParams => !!c);
    for (const c of targets) c.rtcpFeedback.push(fb);
  }
  // Static payload types without rtpmap (RFC 3551).
  const statics: Record<number, [string, number]> = { 0: ['PCMU', 8000], 8: ['PCMA', 8000], 9: ['G722', 8000], 13: ['CN', 8000] };
  const out: CodecParams[] = [];
  for (const f of m.formats) {
    const pt = Number(f);
    const c = byPt.get(pt);
    if (c) out.push(c);
    else if (kind === 'audio' && statics[pt]) {
      out.push({ payloadType: pt, mimeType: `audio/${statics[pt][0]}`, clockRate: statics[pt][1], channels: 1, rtcpFeedback: [] });
    }
  }
  return out;
}

function readSection(m: SdpMedia, index: number, s: SdpSession): ParsedSection {
  const at = m.attributes;
  const sessionAt = s.attributes;
  const lines = getAttributes(at, 'fingerprint');
  for (const v of lines) checkFingerprintLine(v);
  const fingerprints = (lines.length ? lines : getAttributes(sessionAt, 'fingerprint')).map((v) => {
    const [algorithm = '', value = ''] = v.trim().split(/\s+/);
    return { algorithm: algorithm.toLowerCase(), value: value.toUpperCase() };
  });
  // RFC 8866 §5.14: m=<media> <port> without "/<number of ports>" here (Chromium: "The
  // port number is invalid").
  if (m.numPorts !== undefined) throw new DescriptionError('syntax', `m=${m.kind} ${m.port}/${m.numPorts}: the port number is invalid`);
  if (m.connection) checkConnection(m.connection);
  // A pair repeated in one m-section says nothing more (Chromium keeps one); across
  // m-sections validateDescription refuses it.
  const msids: Array<[string, string | null]> = [];
  const seenMsid = new Set<string>();
  for (const v of getAttributes(at, 'msid')) {
    const [stream = '', track] = v.trim().split(/\s+/);
    const key = `${stream} ${track ?? ''}`;
    if (seenMsid.has(key)) continue;
    seenMsid.add(key);
    msids.push([stream, track ?? null]);
  }
  const ssrcs: number[] = [];
  for (const v of getAttributes(at, 'ssrc')) {
    const n = Number(v.split(' ')[0]);
    if (!ssrcs.includes(n)) ssrcs.push(n);
    // Plan B era "a=ssrc:N msid:stream track" when a=msid is absent.
    const legacy = /^\d+\s+msid:(\S+)(?:\s+(\S+))?/.exec(v);
    if (legacy && getAttributes(at, 'msid').length === 0 && !msids.some(([st]) => st === legacy[1])) {
      msids.push([legacy[1]!, legacy[2] ?? null]);
    }
  }
  const extensions: HeaderExtensionParams[] = [];
  for (const v of getAttributes(at, 'extmap')) {
    const match = /^(\d+)(?:\/\w+)?\s+(\S+)/.exec(v);
    if (match) extensions.push({ id: Number(match[1]), uri: match[2]! });
  }
  const sctpPort = getAttribute(at, 'sctp-port');
  const mms = getAttribute(at, 'max-message-size');
  const kind = sectionKind(m);
  return {
    index,
    kind,
    media: m.kind,
    protocol: m.protocol,
    formats: m.formats,
    mid: getAttribute(at, 'mid') ?? null,
    rejected: m.port === 0 && !hasAttribute(at, 'bundle-only'),
    bundleOnly: hasAttribute(at, 'bundle-only'),
    direction: getDirection(at) ?? getDirection(sessionAt) ?? 'sendrecv',
    codecs: kind === 'audio' || kind === 'video' ? readCodecs(m) : [],
    extensions,
    msids,
    ssrcs,
    iceUfrag: getAttribute(at, 'ice-ufrag') ?? getAttribute(sessionAt, 'ice-ufrag') ?? null,
    icePwd: getAttribute(at, 'ice-pwd') ?? getAttribute(sessionAt, 'ice-pwd') ?? null,
    fingerprints,
    setup: readSetup(getAttribute(at, 'setup') ?? getAttribute(sessionAt, 'setup')),
    candidates: getAttributes(at, 'candidate').map((v) => `candidate:${v}`),
    endOfCandidates: hasAttribute(at, 'end-of-candidates') || hasAttribute(sessionAt, 'end-of-candidates'),
    sctpPort: sctpPort !== undefined ? readSctpPort(sctpPort) : kind === 'application' ? 5000 : null,
    maxMessageSize: mms !== undefined ? readMaxMessageSize(mms) : null,
    rids: getAttributes(at, 'rid').map((v) => v.split(/\s+/)[0]!),
    rtcpMux: hasAttribute(at, 'rtcp-mux'),
    maxDatagram: Number(getAttribute(at, 'x-purertc-max-datagram') ?? NaN) || null,
    sctpInit: kind === 'application' ? (getAttribute(at, SCTP_INIT_ATTRIBUTE)?.trim() ?? null) : null,
  };
}

const midIndex = new WeakMap<ParsedDescription, Map<string, ParsedSection>>();

/** The first m-section with this mid; the index is built once per description, so lookups stay O(1). */
export function sectionByMid(d: ParsedDescription, mid: string | null): ParsedSection | undefined {
  if (mid === null) return undefined;
  let index = midIndex.get(d);
  if (index === undefined) {
    index = new Map();
    for (const s of d.sections) if (s.mid !== null && !index.has(s.mid)) index.set(s.mid, s);
    midIndex.set(d, index);
  }
  return index.get(mid);
}

/**
 * A section's a=sctp-init as its INIT chunk; null when absent, not base64 or not one valid
 * INIT chunk: draft-hancke-tsvwg-snap §5.3 and §5.5 have such a line silently ignored.
 */
export function sctpInitOf(section: ParsedSection | undefined): Uint8Array | null {
  const text = section?.sctpInit;
  if (!text || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  try {
    decodeInitChunk(bytes);
    return bytes;
  } catch {
    return null;
  }
}

/**
 * Most m-sections a description may have. Applying one is linear (about 0.2-0.3 ms per
 * m-section for setRemoteDescription, createAnswer and setLocalDescription together), so
 * this bounds the time a peer can hold the event loop to a second or so. Chromium 156
 * handles 1,000 m-sections in half a second and gives no answer for 10,000 within two
 * minutes; real sessions have tens. Past it: OperationError, before the text is parsed.
 */
export const MAX_MEDIA_SECTIONS = 4096;

/**
 * Parses and checks a description; throws DescriptionError. A remote description's
 * m-sections without a=mid get one (Chromium's leniency: the first of "0", "1", ... from
 * the section's index on that no m-section uses), so BUNDLE and candidates can name them.
 */
export function readDescription(sdp: string, remote = false): ParsedDescription {
  // RFC 8866 §5: every line ends with CRLF (LF alone is tolerated). Chromium rejects a last
  // line without its line end as an invalid line; so does purertc, the same way.
  if (sdp !== '' && !sdp.endsWith('\n')) {
    throw new DescriptionError('syntax', 'The last line has no line end', sdp.split('\n').length);
  }
  // Counted before anything is parsed, so a description far over the cap costs one scan.
  let mLines = sdp.startsWith('m=') ? 1 : 0;
  for (let at = sdp.indexOf('\nm='); at >= 0 && mLines <= MAX_MEDIA_SECTIONS; at = sdp.indexOf('\nm=', at + 3)) mLines++;
  if (mLines > MAX_MEDIA_SECTIONS) {
    throw new DescriptionError('operation', `The description has more than ${MAX_MEDIA_SECTIONS} m-sections.`);
  }
  let session: SdpSession;
  let sections: ParsedSection[];
  try {
    session = parseSdp(sdp);
    for (const v of getAttributes(session.attributes, 'fingerprint')) checkFingerprintLine(v);
    if (session.connection) checkConnection(session.connection);
    sections = session.media.map((m, i) => readSection(m, i, session));
  } catch (e) {
    if (e instanceof ParseError) throw new DescriptionError('syntax', e.message, e.line);
    throw e;
  }
  if (remote) fillMissingMids(sections);
  const bundleGroups: string[][] = [];
  for (const g of getAttributes(session.attributes, 'group')) {
    const [semantics, ...mids] = g.trim().split(/\s+/);
    if (semantics === 'BUNDLE') bundleGroups.push(mids);
  }
  return { session, sections, bundle: bundleGroups[0] ?? null, bundleGroups, iceLite: hasAttribute(session.attributes, 'ice-lite') };
}

function fillMissingMids(sections: ParsedSection[]): void {
  if (sections.every((s) => s.mid !== null)) return;
  const used = new Set(sections.map((s) => s.mid).filter((m): m is string => m !== null));
  for (const s of sections) {
    if (s.mid !== null) continue;
    let n = s.index;
    while (used.has(String(n))) n++;
    s.mid = String(n);
    used.add(s.mid);
  }
}

/**
 * The checks JSEP §5.8 asks of any description we apply: a mid per m-section, unique
 * mids, BUNDLE naming only m-sections that exist, ICE credentials and a fingerprint in each
 * used m-section, unique msids. Error names are Chromium's for the same faults (the table
 * in test/fixtures/sdp-munging/chromium-outcomes.json).
 */
export function validateDescription(d: ParsedDescription): void {
  // W3C §4.4.1.6 / RFC 8829 §5.8: with rtcpMuxPolicy "require" (the only one we support),
  // an RTP m-section without a=rtcp-mux is refused with InvalidAccessError.
  for (const s of d.sections) {
    if ((s.kind === 'audio' || s.kind === 'video') && !s.rejected && !s.rtcpMux) {
      throw new DescriptionError('invalid-access', `m-section ${s.mid ?? s.index} lacks a=rtcp-mux`);
    }
    // RFC 5761 §4: with RTP and RTCP multiplexed, payload types 64-95 would collide with
    // RTCP packet types 192-223; Chromium refuses a codec (a=rtpmap) on one with
    // InvalidAccessError, and ignores a bare format number there.
    const clash = (s.kind === 'audio' || s.kind === 'video') && !s.rejected ? s.codecs.find((c) => c.payloadType >= 64 && c.payloadType <= 95)?.payloadType : undefined;
    if (clash !== undefined) {
      throw new DescriptionError('invalid-access', `m-section ${s.mid ?? s.index} uses payload type ${clash}, which RTCP multiplexing reserves (RFC 5761 §4)`);
    }
  }
  const mids = new Set<string>();
  const msidPairs = new Set<string>();
  for (const s of d.sections) {
    if (s.mid === null) throw new DescriptionError('operation', `m-section ${s.index} has no a=mid`);
    if (mids.has(s.mid)) throw new DescriptionError('invalid-access', `Duplicate a=mid value '${s.mid}'.`);
    // RFC 8843 §15.1 sends the mid in an RTP header extension (RFC 8285 §4.2: at most 16
    // bytes); Chromium refuses longer mids.
    if (s.mid.length > MAX_MID_LENGTH) {
      throw new DescriptionError('invalid-access', `The MID attribute exceeds the maximum supported length of ${MAX_MID_LENGTH} characters.`);
    }
    mids.add(s.mid);
  }
  // RFC 8843 §7.1: a BUNDLE group names m-sections by mid; a mid no m-section has, or one in
  // two groups (§7.2.1: an m-section is in at most one group), is an error.
  const grouped = new Set<string>();
  for (const group of d.bundleGroups) {
    for (const mid of new Set(group)) {
      if (grouped.has(mid)) throw new DescriptionError('invalid-access', `A BUNDLE group contains a MID='${mid}' that is already in a BUNDLE group.`);
      grouped.add(mid);
      if (!mids.has(mid)) throw new DescriptionError('invalid-access', `A BUNDLE group contains a MID='${mid}' matching no m= section.`);
    }
  }
  for (const s of d.sections) {
    if (s.rejected) continue;
    if (s.kind === 'unknown') continue;
    // RFC 8839 §5.4 / RFC 8842 §5.1: ICE credentials and a fingerprint in each m-section in use.
    if (!s.iceUfrag || !s.icePwd) throw new DescriptionError('invalid-access', 'Called with SDP without ice-ufrag and ice-pwd.');
    // RFC 8839 §5.4: ice-ufrag 4..256 ice-chars, ice-pwd 22..256.
    if (!/^[A-Za-z0-9+/]{4,256}$/.test(s.iceUfrag) || !/^[A-Za-z0-9+/]{22,256}$/.test(s.icePwd)) {
      throw new DescriptionError('invalid-access', `Failed to apply the description for m= section with mid='${s.mid}': Invalid ICE parameters.`);
    }
    if (s.fingerprints.length === 0) throw new DescriptionError('invalid-access', 'Called with SDP without DTLS fingerprint.');
    for (const [stream, track] of s.msids) {
      // RFC 8830 §2: a (stream, track) pair identifies one m-section.
      const key = `${stream} ${track ?? ''}`;
      if (msidPairs.has(key)) throw new DescriptionError('operation', `Duplicate a=msid:${key}`);
      msidPairs.add(key);
    }
  }
}

/** Longest mid Chromium takes (the MID header extension's 16 bytes). */
export const MAX_MID_LENGTH = 16;

/**
 * RFC 8122 §5: each fingerprint of the transport a description uses must have the length of
 * its hash's digest. Chromium parses a wrong length and fails when it applies the
 * fingerprint: a remote answer (InvalidAccessError), or the local answer to a remote offer
 * (OperationError); `kind` says which.
 */
export function checkFingerprintDigests(d: ParsedDescription, kind: 'invalid-access' | 'operation'): void {
  for (const s of d.sections) {
    if (s.rejected || s.kind === 'unknown') continue;
    for (const fp of s.fingerprints) {
      if (digestBytesOf(fp.algorithm) !== (fp.value.length + 1) / 3) {
        throw new DescriptionError(kind, `Failed to apply the description for m= section with mid='${s.mid}': Failed to apply remote fingerprint.`);
      }
    }
  }
}

/**
 * RFC 8829 §5.8 (and §5.3.1): an answer has the offer's m-sections, in order, with the same
 * mids and media. Chromium names a mismatch InvalidAccessError, for local and remote answers.
 */
export function checkAnswerMatchesOffer(answer: ParsedDescription, offer: ParsedDescription): void {
  const os = offer.sections;
  const same = answer.sections.length === os.length && answer.sections.every((s, i) => s.mid === os[i]!.mid && s.media === os[i]!.media);
  if (!same) throw new DescriptionError('invalid-access', "The order of m-lines in answer doesn't match order in offer.");
}

/**
 * RFC 3264 §6.1 (JSEP §5.3.1): an answer sends on an m-section only if the offer receives
 * there, and receives only if the offer sends. Chromium refuses a remote answer that does
 * otherwise with InvalidAccessError.
 */
export function checkAnswerDirections(answer: ParsedDescription, offer: ParsedDescription): void {
  const sends = (d: Direction): boolean => d === 'sendrecv' || d === 'sendonly';
  const receives = (d: Direction): boolean => d === 'sendrecv' || d === 'recvonly';
  answer.sections.forEach((s, i) => {
    const o = offer.sections[i];
    if (!o || s.rejected || o.rejected || (s.kind !== 'audio' && s.kind !== 'video')) return;
    if ((sends(s.direction) && !receives(o.direction)) || (receives(s.direction) && !sends(o.direction))) {
      throw new DescriptionError('invalid-access', `The answer's direction ${s.direction} for mid='${s.mid}' does not fit the offer's ${o.direction}.`);
    }
  });
}
