// Writes local offers and answers as browsers do: BUNDLE, rtcp-mux, trickle ICE,
// one fingerprint per certificate, and msid/ssrc lines for senders (RFC 8829 §5.2, §5.3).
import type { CodecParams, HeaderExtensionParams, MediaKind } from './codecs.js';
import type { Direction } from './model.js';

/** Nonstandard attribute: the largest UDP datagram this endpoint reads. */
export const MAX_DATAGRAM_ATTRIBUTE = 'x-purertc-max-datagram';
/** SNAP (draft-hancke-tsvwg-snap §4): the SCTP INIT chunk, base64. */
export const SCTP_INIT_ATTRIBUTE = 'sctp-init';
/** What purertc's sockets read: a full DTLS record plus its headers. */
export const MAX_RECEIVED_DATAGRAM_BYTES = 16384 + 64;

/** DTLS role attribute values (RFC 4145 / RFC 8842). */
export type SetupRole = 'actpass' | 'active' | 'passive';

/** Transport-level values every m-line carries under BUNDLE. */
export interface TransportParams {
  iceUfrag: string;
  icePwd: string;
  /** `a=fingerprint` values: `sha-256 AB:CD:...` */
  fingerprints: string[];
  setup: SetupRole;
  /** Candidate attribute values (`candidate:...`) gathered so far. */
  candidates: string[];
  /** Gathering is complete. */
  endOfCandidates: boolean;
  /** Default candidate address and port for the m= and c= lines. */
  defaultAddress?: { address: string; port: number };
}

/** One audio/video m-section to write. */
export interface MediaSectionSpec {
  kind: MediaKind;
  mid: string;
  rejected: boolean;
  direction: Direction;
  codecs: readonly CodecParams[];
  extensions: readonly HeaderExtensionParams[];
  /** Sender's stream ids and track id (msid), when the direction sends. */
  streamIds: string[];
  trackId: string | null;
  ssrc: number;
  rtxSsrc: number | null;
  cname: string;
  /** RFC 8853 §5.3: the simulcast layers (rids) of the offer we answer that we receive. */
  receiveRids?: readonly string[];
  /** Rids of the sender's encodings when it sends simulcast (RFC 8851, RFC 8853). */
  sendRids?: readonly string[];
}

/** The data channel m-section to write. */
export interface ApplicationSectionSpec {
  kind: 'application';
  mid: string;
  rejected: boolean;
  sctpPort: number;
  maxMessageSize: number;
  /** a=sctp-init value (base64 INIT chunk), when SNAP is offered or accepted. */
  sctpInit?: string | undefined;
}

/** An m-section of a kind purertc does not know, answered rejected (RFC 8829 §5.3.1). */
export interface OtherSectionSpec {
  kind: 'other';
  mid: string;
  media: string;
  protocol: string;
  formats: string[];
}

/** Any m-section. */
export type SectionSpec = MediaSectionSpec | ApplicationSectionSpec | OtherSectionSpec;

/** Everything a description is made of. */
export interface DescriptionSpec {
  sessionId: string;
  sessionVersion: number;
  sections: SectionSpec[];
  transport: TransportParams;
}

function transportLines(out: string[], t: TransportParams): void {
  out.push(`a=ice-ufrag:${t.iceUfrag}`, `a=ice-pwd:${t.icePwd}`, 'a=ice-options:trickle');
  for (const fp of t.fingerprints) out.push(`a=fingerprint:${fp}`);
  out.push(`a=setup:${t.setup}`);
}

function candidateLines(out: string[], t: TransportParams): void {
  for (const c of t.candidates) out.push(`a=${c}`);
  if (t.endOfCandidates) out.push('a=end-of-candidates');
}

function connectionLines(t: TransportParams): { port: number; c: string } {
  const d = t.defaultAddress;
  if (!d) return { port: 9, c: 'c=IN IP4 0.0.0.0' };
  return { port: d.port, c: `c=IN ${d.address.includes(':') ? 'IP6' : 'IP4'} ${d.address}` };
}

function writeMedia(out: string[], s: MediaSectionSpec, t: TransportParams): void {
  const pts = s.codecs.map((c) => c.payloadType);
  const conn = connectionLines(t);
  // RFC 8843 §7.3.3: a rejected m-section has port 0 and is left out of BUNDLE.
  const port = s.rejected ? 0 : conn.port;
  out.push(`m=${s.kind} ${port} UDP/TLS/RTP/SAVPF ${pts.length ? pts.join(' ') : '0'}`, s.rejected ? 'c=IN IP4 0.0.0.0' : conn.c);
  out.push('a=rtcp:9 IN IP4 0.0.0.0');
  transportLines(out, t);
  out.push(`a=mid:${s.mid}`);
  for (const e of s.extensions) out.push(`a=extmap:${e.id} ${e.uri}`);
  const dir = s.rejected || s.direction === 'stopped' ? 'inactive' : s.direction;
  out.push(`a=${dir}`);
  const sending = dir === 'sendrecv' || dir === 'sendonly';
  if (sending && s.trackId !== null) {
    // RFC 8830 §2: one a=msid per stream; "-" when the track has no stream.
    if (s.streamIds.length === 0) out.push(`a=msid:- ${s.trackId}`);
    for (const id of s.streamIds) out.push(`a=msid:${id} ${s.trackId}`);
  }
  out.push('a=rtcp-mux', 'a=rtcp-rsize');
  for (const c of s.codecs) {
    const [, name] = c.mimeType.split('/');
    out.push(`a=rtpmap:${c.payloadType} ${name}/${c.clockRate}${c.channels && c.channels > 1 ? `/${c.channels}` : ''}`);
    for (const fb of c.rtcpFeedback) out.push(`a=rtcp-fb:${c.payloadType} ${fb}`);
    if (c.sdpFmtpLine) out.push(`a=fmtp:${c.payloadType} ${c.sdpFmtpLine}`);
  }
  const receiveRids = s.receiveRids !== undefined && s.receiveRids.length > 0 && !s.rejected && (dir === 'sendrecv' || dir === 'recvonly') ? s.receiveRids : [];
  const sendRids = sending && !s.rejected && s.sendRids && s.sendRids.length > 1 ? s.sendRids : [];
  // RFC 8851 §4: one a=rid per layer (in the form Chromium writes: send layers in encoding
  // order); RFC 8853 §5.1: a single a=simulcast line lists the send and recv layers.
  for (const rid of sendRids) out.push(`a=rid:${rid} send`);
  for (const rid of receiveRids) out.push(`a=rid:${rid} recv`);
  const simulcast = [
    ...(sendRids.length > 0 ? [`send ${sendRids.join(';')}`] : []),
    ...(receiveRids.length > 0 ? [`recv ${receiveRids.join(';')}`] : []),
  ];
  if (simulcast.length > 0) out.push(`a=simulcast:${simulcast.join(' ')}`);
  if (sending && !s.rejected) {
    if (s.rtxSsrc !== null) out.push(`a=ssrc-group:FID ${s.ssrc} ${s.rtxSsrc}`);
    for (const ssrc of s.rtxSsrc !== null ? [s.ssrc, s.rtxSsrc] : [s.ssrc]) {
      out.push(`a=ssrc:${ssrc} cname:${s.cname}`);
      if (s.trackId !== null) out.push(`a=ssrc:${ssrc} msid:${s.streamIds[0] ?? '-'} ${s.trackId}`);
    }
  }
}

function writeApplication(out: string[], s: ApplicationSectionSpec, t: TransportParams): void {
  const conn = connectionLines(t);
  out.push(`m=application ${s.rejected ? 0 : conn.port} UDP/DTLS/SCTP webrtc-datachannel`, s.rejected ? 'c=IN IP4 0.0.0.0' : conn.c);
  transportLines(out, t);
  out.push(`a=mid:${s.mid}`);
  // RFC 8841 §5: sctp-port and max-message-size.
  out.push(`a=sctp-port:${s.sctpPort}`, `a=max-message-size:${s.maxMessageSize}`);
  if (s.sctpInit !== undefined && !s.rejected) out.push(`a=${SCTP_INIT_ATTRIBUTE}:${s.sctpInit}`);
  // Nonstandard: tells another purertc that UDP datagrams up to this size are received, so
  // it may probe (RFC 8899) for larger SCTP packets on a loopback path. Other stacks ignore
  // unknown attributes (RFC 8866 §5.13) and never see a large datagram.
  out.push(`a=${MAX_DATAGRAM_ATTRIBUTE}:${MAX_RECEIVED_DATAGRAM_BYTES}`);
}

/** Serializes a local description. */
export function writeDescription(d: DescriptionSpec): string {
  const out: string[] = [
    'v=0',
    `o=- ${d.sessionId} ${d.sessionVersion} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
  ];
  const bundled = d.sections.filter((s) => s.kind !== 'other' && !s.rejected).map((s) => s.mid);
  if (bundled.length) out.push(`a=group:BUNDLE ${bundled.join(' ')}`);
  out.push('a=extmap-allow-mixed', 'a=msid-semantic: WMS');
  const tag = bundled[0];
  for (const s of d.sections) {
    if (s.kind === 'application') writeApplication(out, s, d.transport);
    else if (s.kind === 'other') out.push(`m=${s.media} 0 ${s.protocol} ${s.formats.join(' ')}`.trimEnd(), 'c=IN IP4 0.0.0.0', `a=mid:${s.mid}`);
    else writeMedia(out, s, d.transport);
    // RFC 8843 §7.1.1 / JSEP: candidates of the bundle transport sit in the m-section of
    // the BUNDLE tag.
    if (s.mid === tag && s.kind !== 'other' && !s.rejected) candidateLines(out, d.transport);
  }
  return out.join('\r\n') + '\r\n';
}
