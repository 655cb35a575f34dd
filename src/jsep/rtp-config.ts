// The RTP session's configuration from a negotiated offer/answer: per bundled audio/video
// m-section, a receiver with the payload types we asked to receive (our description, RFC 3264
// §5.1) and a sender with those the peer asked to receive (its description), each with clock
// rate, RTX apt (RFC 4588 §8.6) and the rtcp-fb both sides listed (RFC 4585 §4.2); the
// bundle's extmap (RFC 8285, RFC 8843 §9.1); the peer's a=ssrc and a=ssrc-group:FID; our own
// SSRCs as our description states them; rids (RFC 8853); rtcp-rsize (RFC 5506).
import { getAttributes, hasAttribute, type SdpMedia } from '../protocol/sdp/index.js';
import { framePolicyFor } from '../protocol/rtp/payload/index.js';
import { ExtensionUri } from '../protocol/rtp/index.js';
import type {
  CodecDescription,
  EncodingDescription,
  ReceiverDescription,
  RtpFeedback,
  RtpSessionDescription,
  SenderDescription,
  SignalledSsrc,
} from '../protocol/rtp/session/index.js';
import { codecsMatch, type CodecParams } from './codecs.js';
import { sectionByMid, type ParsedDescription, type ParsedSection } from './remote.js';
import { simulcastSendRids } from './simulcast.js';

/** Header extensions the RTP session reads or writes; others are left out of its extmap. */
export const SESSION_EXTENSIONS: ReadonlySet<string> = new Set([
  ExtensionUri.MID,
  ExtensionUri.RID,
  ExtensionUri.REPAIRED_RID,
  ExtensionUri.ABS_SEND_TIME,
  ExtensionUri.TRANSPORT_WIDE_CC,
  ExtensionUri.AUDIO_LEVEL,
]);

/** Formats that are not media of their own: RTX repairs, video RED and ulpfec protect others (RFC 5109; no FEC here). */
const NON_MEDIA = new Set(['video/rtx', 'audio/rtx', 'video/red', 'video/ulpfec']);
/** Video RED (RFC 2198): received (its primary block unwrapped, as Chromium sends video when red and ulpfec are negotiated), never sent. */
const VIDEO_RED = 'video/red';

/**
 * The session description for the negotiated pair `local` (ours) and `remote` (theirs), in
 * either offer/answer order. Sections rejected on either side, outside the bundle or without
 * a mid carry nothing.
 */
export function rtpSessionDescription(local: ParsedDescription, remote: ParsedDescription): RtpSessionDescription {
  const receivers: ReceiverDescription[] = [];
  const senders: SenderDescription[] = [];
  const extensions = new Map<number, string>();
  let reducedSize = true;
  for (const ours of local.sections) {
    if ((ours.kind !== 'audio' && ours.kind !== 'video') || ours.rejected || ours.mid === null) continue;
    const theirs = sectionByMid(remote, ours.mid);
    if (theirs === undefined || theirs.rejected || theirs.kind !== ours.kind) continue;
    const kind = ours.kind;
    const mid = ours.mid;
    // The answer may only name extensions of the offer with their ids (RFC 8285 §6): the
    // ones both list are negotiated.
    for (const e of ours.extensions) {
      if (SESSION_EXTENSIONS.has(e.uri) && theirs.extensions.some((t) => t.id === e.id && t.uri === e.uri)) extensions.set(e.id, e.uri);
    }
    reducedSize &&= hasAttribute(mediaOf(local, ours).attributes, 'rtcp-rsize') && hasAttribute(mediaOf(remote, theirs).attributes, 'rtcp-rsize');
    // RFC 3264 §6.1: each side's direction is its own point of view.
    const weSend = sends(ours.direction) && receives(theirs.direction);
    const weReceive = receives(ours.direction) && sends(theirs.direction);
    if (weReceive) {
      const codecs = negotiated(ours.codecs, theirs.codecs, true);
      if (codecs.length > 0) {
        const receiver: ReceiverDescription = { id: mid, mid, kind, codecs, ssrcs: ssrcPairs(mediaOf(remote, theirs)) };
        // RFC 8853 §5.1: the rids we receive are the layers the peer sends.
        const rids = simulcastSendRids(mediaOf(remote, theirs));
        if (rids.length > 0) receiver.rids = rids;
        receivers.push(receiver);
      }
    }
    if (weSend) {
      const codecs = negotiated(theirs.codecs, ours.codecs);
      const encodings = ourEncodings(mediaOf(local, ours));
      if (codecs.length > 0 && encodings.length > 0) senders.push({ id: mid, mid, kind, codecs, encodings });
    }
  }
  const allowMixed = hasAttribute(local.session.attributes, 'extmap-allow-mixed') && hasAttribute(remote.session.attributes, 'extmap-allow-mixed');
  return {
    extensions: [...extensions].map(([id, uri]) => ({ id, uri })),
    extmapAllowMixed: allowMixed,
    reducedSizeRtcp: reducedSize && (receivers.length > 0 || senders.length > 0),
    receivers,
    senders,
  };
}

function sends(d: string): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

function receives(d: string): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

function mediaOf(d: ParsedDescription, s: ParsedSection): SdpMedia {
  return d.session.media[s.index]!;
}

/**
 * The codecs of `own` (with its payload types) that `other` also lists, each with the RTX
 * payload type of `own` whose apt names it and the feedback both list; `receiving` keeps video RED.
 */
function negotiated(own: readonly CodecParams[], other: readonly CodecParams[], receiving = false): CodecDescription[] {
  const out: CodecDescription[] = [];
  for (const c of own) {
    const red = receiving && c.mimeType.toLowerCase() === VIDEO_RED;
    if (NON_MEDIA.has(c.mimeType.toLowerCase()) && !red) continue;
    const match = other.find((o) => codecsMatch(c, o));
    if (red) {
      // RFC 3264 §5.1: we receive any format our description lists. Chromium answers without
      // red (setCodecPreferences) yet sends RED and its RTX when our offer listed them.
      const rtx = own.find((r) => r.mimeType.toLowerCase().endsWith('/rtx') && aptOf(r) === c.payloadType);
      out.push(rtx === undefined ? { payloadType: c.payloadType, clockRate: c.clockRate, red } : { payloadType: c.payloadType, clockRate: c.clockRate, rtxPayloadType: rtx.payloadType, red });
      continue;
    }
    if (match === undefined) continue;
    const codec: CodecDescription = { payloadType: c.payloadType, clockRate: c.clockRate };
    const rtx = own.find((r) => r.mimeType.toLowerCase().endsWith('/rtx') && aptOf(r) === c.payloadType);
    // RFC 4588 §8.6: RTX is negotiated when both sides list it for the codec.
    if (rtx !== undefined && other.some((r) => r.mimeType.toLowerCase().endsWith('/rtx') && aptOf(r) === match.payloadType)) codec.rtxPayloadType = rtx.payloadType;
    const feedback = commonFeedback(c.rtcpFeedback, match.rtcpFeedback);
    if (feedback !== undefined) codec.feedback = feedback;
    const frames = framePolicyFor(c.mimeType);
    if (frames !== undefined) codec.frames = frames;
    out.push(codec);
  }
  // A receiver with RED and no media codec has nothing to unwrap into.
  return out.every((c) => c.red === true) ? [] : out;
}

function aptOf(c: CodecParams): number | undefined {
  const m = /(?:^|;)\s*apt=(\d+)/.exec(c.sdpFmtpLine ?? '');
  return m ? Number(m[1]) : undefined;
}

/** RFC 4585 §4.2: feedback is used when both sides list it. */
function commonFeedback(a: readonly string[], b: readonly string[]): RtpFeedback | undefined {
  const both = (v: string): boolean => a.some((x) => x.trim().toLowerCase() === v) && b.some((x) => x.trim().toLowerCase() === v);
  const fb: RtpFeedback = {};
  if (both('nack')) fb.nack = true;
  if (both('nack pli')) fb.pli = true;
  if (both('ccm fir')) fb.fir = true;
  if (both('transport-cc')) fb.transportCc = true;
  return Object.keys(fb).length > 0 ? fb : undefined;
}

/** A section's a=ssrc values with RFC 4588 §8.2 a=ssrc-group:FID pairing (the second SSRC repairs the first). */
function ssrcPairs(m: SdpMedia): SignalledSsrc[] {
  const ssrcs: number[] = [];
  for (const v of getAttributes(m.attributes, 'ssrc')) {
    const n = Number(v.trim().split(/\s+/)[0]);
    if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff && !ssrcs.includes(n)) ssrcs.push(n);
  }
  const repairOf = new Map<number, number>();
  const repairs = new Set<number>();
  for (const v of getAttributes(m.attributes, 'ssrc-group')) {
    const [semantics, ...rest] = v.trim().split(/\s+/);
    if (semantics !== 'FID' || rest.length < 2) continue;
    const [media, rtx] = rest.map(Number) as [number, number];
    if (!Number.isInteger(media) || !Number.isInteger(rtx)) continue;
    repairOf.set(media, rtx);
    repairs.add(rtx);
  }
  const out: SignalledSsrc[] = [];
  for (const ssrc of ssrcs) {
    if (repairs.has(ssrc)) continue;
    const rtxSsrc = repairOf.get(ssrc);
    out.push(rtxSsrc === undefined ? { ssrc } : { ssrc, rtxSsrc });
  }
  return out;
}

/** Our encodings as our description states them (purertc writes one SSRC and its FID RTX SSRC). */
function ourEncodings(m: SdpMedia): EncodingDescription[] {
  return ssrcPairs(m).map((p) => (p.rtxSsrc === undefined ? { ssrc: p.ssrc } : { ssrc: p.ssrc, rtxSsrc: p.rtxSsrc }));
}
