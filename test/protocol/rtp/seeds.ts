// RTP and RTCP packets the tests build, kept in one place as fuzz seeds (test/fuzz/targets/rtp.ts).
import {
  audioLevelExtension,
  buildTransportFeedback,
  ExtensionUri,
  Extmap,
  midExtension,
  nackPairsFromSequences,
  serializeRtcp,
  serializeRtpPacket,
  transportCcExtension,
  absSendTimeExtension,
  type HeaderExtension,
  type RtcpPacket,
} from '../../../src/protocol/rtp/index.js';
import { hex } from './helpers.js';

const EXTMAP = new Extmap(
  [
    { id: 1, uri: ExtensionUri.AUDIO_LEVEL },
    { id: 2, uri: ExtensionUri.ABS_SEND_TIME },
    { id: 3, uri: ExtensionUri.TRANSPORT_WIDE_CC },
    { id: 4, uri: ExtensionUri.MID },
  ],
  { allowMixed: true },
);

/** RTP packets: plain, with CSRCs and padding, one-byte and two-byte extensions, the RFC 8285 figures. */
export function rtpSeeds(): Uint8Array[] {
  const payload = Uint8Array.from({ length: 60 }, (_, i) => i);
  const extensions: HeaderExtension[] = [
    EXTMAP.element(audioLevelExtension, { voiceActivity: true, level: 40 })!,
    EXTMAP.element(absSendTimeExtension, 0x123456)!,
    EXTMAP.element(transportCcExtension, 0xfffe)!,
    EXTMAP.element(midExtension, '0')!,
  ];
  return [
    hex('80 e0 12 34  de ad be ef  01 02 03 04  61 62'),
    hex('b2 08 ff ff  00 00 00 01  ca fe ba be  00 00 00 0a  00 00 00 0b  ab cd 00 01  11 22 33 44  aa bb cc  00 00 00 04'),
    hex('90 60 00 01  00 00 00 00  00 00 00 01  be de 00 03  10 aa 21 bb bb  00 00  33 cc cc cc cc'),
    hex('90 60 00 01  00 00 00 00  00 00 00 01  10 0f 00 03  01 00 02 01  dd 00 03 04  ee ee ee ee'),
    serializeRtpPacket({ payloadType: 111, sequenceNumber: 65535, timestamp: 960, ssrc: 0x1234, marker: true, payload, extensions }),
    serializeRtpPacket({ payloadType: 96, sequenceNumber: 7, timestamp: 90000, ssrc: 0x1234, payload, paddingLength: 17, extensions: [...extensions, { id: 20, data: new Uint8Array(20) }] }, { extmapAllowMixed: true }),
  ];
}

/** RTCP datagrams: SR + SDES + BYE, RR, every feedback message, and transport feedback with each chunk kind. */
export function rtcpSeeds(): Uint8Array[] {
  const block = { ssrc: 0x55667788, fractionLost: 64, cumulativeLost: -2, highestSequence: 0x11234, jitter: 16, lastSr: 0xa3b4c5d6, delaySinceLastSr: 0x18000 };
  const sr: RtcpPacket = { type: 'sr', ssrc: 1, ntpSeconds: 0xe1c2a3b4, ntpFraction: 0x80000000, rtpTimestamp: 123456, packetCount: 500, octetCount: 384000, reports: [block], extension: new Uint8Array(0) };
  const sdes: RtcpPacket = { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'cname-abc' }, { type: 6, text: 'purertc' }] }] };
  const arrivals = [];
  let t = 1_000_000;
  for (let i = 0; i < 60; i++) {
    t += i % 9 === 0 ? 80_000 : i % 4 === 0 ? -300 : 700;
    if (i % 5 !== 2) arrivals.push({ sequence: (65520 + i) & 0xffff, arrivalUs: i % 7 === 0 ? undefined : t });
  }
  const twcc = buildTransportFeedback(arrivals, { senderSsrc: 1, mediaSsrc: 2, feedbackCount: 3 });
  return [
    serializeRtcp([sr, sdes, { type: 'bye', ssrcs: [1], reason: 'done' }]),
    serializeRtcp([{ type: 'rr', ssrc: 2, reports: [block, { ...block, ssrc: 9 }], extension: new Uint8Array(0) }, sdes]),
    serializeRtcp([
      { type: 'rr', ssrc: 2, reports: [], extension: new Uint8Array(0) },
      { type: 'nack', senderSsrc: 2, mediaSsrc: 1, pairs: nackPairsFromSequences([65530, 65531, 65535, 0, 9, 10, 30, 46, 47]) },
      { type: 'pli', senderSsrc: 2, mediaSsrc: 1 },
      { type: 'fir', senderSsrc: 2, mediaSsrc: 0, entries: [{ ssrc: 1, sequenceNumber: 7 }] },
      { type: 'remb', senderSsrc: 2, mediaSsrc: 0, bitrateBps: 1_000_000, ssrcs: [1, 3] },
      { type: 'app', subtype: 3, ssrc: 2, name: 'qwer', data: hex('01020304') },
    ]),
    serializeRtcp(twcc),
    hex('af cd 00 07  00 00 00 01  00 00 00 02  ff fe 00 11  12 34 56 00  ac 01 e4 00  01 02 03 04  ff fb 06 01'),
    hex('af cd 00 06  00 00 00 01  00 00 00 02  00 05 00 03  00 00 01 07  20 03 04 08  10 00 00 03'),
  ];
}
