// The RTP codecs and header extensions purertc offers, in the order and with the payload
// types browsers use, and the matching rules of RFC 8829 §5.3.1 / RFC 3264 §6.1. Only what
// purertc can carry is listed: a payload format with a packetizer or depacketizer in
// src/protocol/rtp/payload (G.722 and comfort noise have none). Video RED and ulpfec stay
// listed, as Chromium lists them and applications edit them with setCodecPreferences; the
// RTP session does not take them as media (jsep/rtp-config.ts).

/** Media kinds that carry RTP. */
export type MediaKind = 'audio' | 'video';

/** One RTP codec as negotiated in SDP (rtpmap + fmtp + rtcp-fb). */
export interface CodecParams {
  payloadType: number;
  /** `audio/opus`, `video/VP8`, ... */
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** The a=fmtp parameter string, if any. */
  sdpFmtpLine?: string;
  /** a=rtcp-fb values (`nack`, `nack pli`, `transport-cc`, ...). */
  rtcpFeedback: string[];
}

/** One RTP header extension as negotiated (a=extmap). */
export interface HeaderExtensionParams {
  id: number;
  uri: string;
}

const VIDEO_FB = ['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli'];

function rtx(pt: number, apt: number): CodecParams {
  return { payloadType: pt, mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: `apt=${apt}`, rtcpFeedback: [] };
}

/** Audio codecs in preference order. */
export const AUDIO_CODECS: readonly CodecParams[] = [
  {
    payloadType: 111,
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    sdpFmtpLine: 'minptime=10;useinbandfec=1',
    rtcpFeedback: ['transport-cc'],
  },
  { payloadType: 63, mimeType: 'audio/red', clockRate: 48000, channels: 2, sdpFmtpLine: '111/111', rtcpFeedback: [] },
  { payloadType: 0, mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, rtcpFeedback: [] },
  { payloadType: 8, mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, rtcpFeedback: [] },
  { payloadType: 110, mimeType: 'audio/telephone-event', clockRate: 48000, channels: 1, rtcpFeedback: [] },
  { payloadType: 126, mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, rtcpFeedback: [] },
];

/** Video codecs in preference order (each followed by its RTX). */
export const VIDEO_CODECS: readonly CodecParams[] = [
  { payloadType: 96, mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: VIDEO_FB },
  rtx(97, 96),
  { payloadType: 98, mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0', rtcpFeedback: VIDEO_FB },
  rtx(99, 98),
  {
    payloadType: 102,
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
    rtcpFeedback: VIDEO_FB,
  },
  rtx(103, 102),
  {
    payloadType: 106,
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    rtcpFeedback: VIDEO_FB,
  },
  rtx(107, 106),
  // Main and High profiles as Chromium offers them (RFC 6184 §8.1 profile-level-id).
  {
    payloadType: 116,
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f',
    rtcpFeedback: VIDEO_FB,
  },
  rtx(117, 116),
  {
    payloadType: 112,
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f',
    rtcpFeedback: VIDEO_FB,
  },
  rtx(113, 112),
  { payloadType: 45, mimeType: 'video/AV1', clockRate: 90000, sdpFmtpLine: 'level-idx=5;profile=0;tier=0', rtcpFeedback: VIDEO_FB },
  rtx(46, 45),
  { payloadType: 123, mimeType: 'video/red', clockRate: 90000, rtcpFeedback: [] },
  rtx(122, 123),
  { payloadType: 39, mimeType: 'video/ulpfec', clockRate: 90000, rtcpFeedback: [] },
];

/** Header extensions offered for audio. */
export const AUDIO_EXTENSIONS: readonly HeaderExtensionParams[] = [
  { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
  { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
  { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
  { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
];

/** Header extensions offered for video. */
export const VIDEO_EXTENSIONS: readonly HeaderExtensionParams[] = [
  { id: 14, uri: 'urn:ietf:params:rtp-hdrext:toffset' },
  { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
  { id: 13, uri: 'urn:3gpp:video-orientation' },
  { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
  { id: 5, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay' },
  { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
  { id: 10, uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id' },
  { id: 11, uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id' },
];

/** Our codecs for a kind. */
export function localCodecs(kind: MediaKind): readonly CodecParams[] {
  return kind === 'audio' ? AUDIO_CODECS : VIDEO_CODECS;
}

/** Our header extensions for a kind. */
export function localExtensions(kind: MediaKind): readonly HeaderExtensionParams[] {
  return kind === 'audio' ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS;
}

function fmtpMap(line: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  if (!line) return m;
  for (const part of line.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) m.set(part.trim().toLowerCase(), '');
    else m.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return m;
}

/** Codec identity for matching: mime type, clock rate, channels and the fmtp keys that matter. */
export function codecsMatch(a: Omit<CodecParams, 'payloadType' | 'rtcpFeedback'>, b: Omit<CodecParams, 'payloadType' | 'rtcpFeedback'>): boolean {
  if (a.mimeType.toLowerCase() !== b.mimeType.toLowerCase()) return false;
  if (a.clockRate !== b.clockRate) return false;
  const mime = a.mimeType.toLowerCase();
  if (mime.startsWith('audio/') && (a.channels ?? 1) !== (b.channels ?? 1)) return false;
  const fa = fmtpMap(a.sdpFmtpLine);
  const fb = fmtpMap(b.sdpFmtpLine);
  if (mime === 'video/h264') {
    // RFC 6184 §8.2.2: profile (first two bytes of profile-level-id) and packetization-mode must agree.
    const pa = (fa.get('profile-level-id') ?? '42001f').slice(0, 4).toLowerCase();
    const pb = (fb.get('profile-level-id') ?? '42001f').slice(0, 4).toLowerCase();
    return pa === pb && (fa.get('packetization-mode') ?? '0') === (fb.get('packetization-mode') ?? '0');
  }
  if (mime === 'video/vp9') return (fa.get('profile-id') ?? '0') === (fb.get('profile-id') ?? '0');
  if (mime === 'video/av1') return (fa.get('profile') ?? '0') === (fb.get('profile') ?? '0');
  return true;
}

/** The public capability list (RTCRtpSender/Receiver.getCapabilities). */
export function capabilities(kind: string): {
  codecs: Array<{ mimeType: string; clockRate: number; channels?: number; sdpFmtpLine?: string }>;
  headerExtensions: Array<{ uri: string }>;
} | null {
  if (kind !== 'audio' && kind !== 'video') return null;
  const codecs = localCodecs(kind).map((c) => {
    const out: { mimeType: string; clockRate: number; channels?: number; sdpFmtpLine?: string } = {
      mimeType: c.mimeType,
      clockRate: c.clockRate,
    };
    if (c.channels !== undefined) out.channels = c.channels;
    if (c.sdpFmtpLine !== undefined) out.sdpFmtpLine = c.sdpFmtpLine;
    return out;
  });
  return { codecs, headerExtensions: localExtensions(kind).map((e) => ({ uri: e.uri })) };
}
