// RTP and RTCP wire formats: the RTP packet parser with its header extensions and typed
// values, and the RTCP datagram parser with every packet type, NACK expansion and transport
// feedback (whose huge claimed counts must stay bounded). Seeds are the packets the unit
// tests build (test/protocol/rtp/seeds.ts).
import {
  absSendTimeExtension,
  audioLevelExtension,
  buildTransportFeedback,
  classifyDatagram,
  getRtpHeaderExtension,
  midExtension,
  ParseError,
  parseRtcp,
  parseRtpPacket,
  ridExtension,
  rtpHeaderExtensions,
  sequencesFromNackPairs,
  serializeRtcp,
  serializeRtpPacket,
  transportCcExtension,
  twccArrivals,
  type ExtensionCodec,
} from '../../../src/protocol/rtp/index.js';
import { rtcpSeeds, rtpSeeds } from '../../protocol/rtp/seeds.js';
import { bytesFrom } from '../harness/mutate.js';
import { check, describe, PropertyFailure, returnsOrThrows, type Meter, type Target } from '../harness/target.js';

const CODECS: ExtensionCodec<unknown>[] = [midExtension, ridExtension, absSendTimeExtension, transportCcExtension, audioLevelExtension];
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Runs `fn`, turning anything but a RangeError into a property failure; true when it returned. */
function returnsOrRangeError(fn: () => void, what: string): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    if (err instanceof PropertyFailure) throw err;
    throw new PropertyFailure(`${what} threw ${describe(err)} instead of RangeError`);
  }
}

/** parseRtpPacket, the extension elements and typed values, and both serializer round trips. */
export const rtpPacket: Target<Uint8Array> = {
  name: 'rtp-packet',
  description: 'parseRtpPacket with its RFC 8285 extensions and typed values on mutated RTP packets; views stay inside the input; raw and element round trips',
  shortRuns: 6000,
  arbitrary: () => bytesFrom(rtpSeeds(), { maxBytes: 1500 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      classifyDatagram(input);
      returnsOrThrows(ParseError, () => {
        const p = parseRtpPacket(input);
        check(p.payload.buffer === input.buffer && p.payload.byteOffset >= input.byteOffset && p.payload.byteOffset + p.payload.length <= input.byteOffset + input.length, () => 'payload view outside the input');
        check(p.headerLength + p.payload.length + p.paddingLength === input.length, () => 'header, payload and padding do not add up to the packet');
        // parseRtpPacket validated the block: walking it again must not throw.
        let elements;
        try {
          elements = rtpHeaderExtensions(p);
        } catch (err) {
          throw new PropertyFailure(`extensions of a parsed packet threw ${describe(err)}`);
        }
        for (const e of elements) {
          const found = getRtpHeaderExtension(p, e.id);
          const first = elements.find((x) => x.id === e.id)!.data;
          check(found !== undefined && found.byteOffset === first.byteOffset && found.length === first.length, () => `getRtpHeaderExtension(${e.id}) is not the first such element`);
          for (const codec of CODECS) returnsOrThrows(ParseError, () => codec.parse(e.data), `${codec.uri} parse`);
        }
        // The raw round trip: the same bytes, except padding octets other than the count, written as zeros.
        const again = serializeRtpPacket(p);
        const expected = Uint8Array.from(input);
        expected.fill(0, input.length - p.paddingLength, input.length - 1);
        check(hexOf(again) === hexOf(expected), () => 'raw round trip changed the bytes');
        // The element round trip: re-encoding the elements keeps them.
        if (elements.length > 0) {
          const rebuilt = parseRtpPacket(serializeRtpPacket({ ...p, extensions: elements }, { extmapAllowMixed: true }));
          const back = rtpHeaderExtensions(rebuilt);
          check(back.length === elements.length && back.every((e, i) => e.id === elements[i]!.id && hexOf(e.data) === hexOf(elements[i]!.data)), () => 'element round trip changed the extensions');
          check(hexOf(rebuilt.payload) === hexOf(p.payload), () => 'element round trip changed the payload');
        }
      }, 'parseRtpPacket');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};

/** parseRtcp (with and without requireCompound), NACK and TWCC expansion, serialize idempotence, the TWCC builder. */
export const rtcpCompound: Target<Uint8Array> = {
  name: 'rtcp-compound',
  description: 'parseRtcp on mutated compound, reduced-size and feedback datagrams; NACK and transport feedback expansion bounded; serialize returns or throws RangeError and is stable; the TWCC builder re-reports what a parsed feedback reported',
  shortRuns: 5000,
  arbitrary: () => bytesFrom(rtcpSeeds(), { maxBytes: 1500 }),
  run(input: Uint8Array, meter: Meter): void {
    meter.input(() => {
      returnsOrThrows(ParseError, () => parseRtcp(input, { requireCompound: true }), 'parseRtcp (compound required)');
      returnsOrThrows(ParseError, () => {
        const packets = parseRtcp(input);
        check(packets.length <= input.length / 4, () => `${packets.length} packets from ${input.length} bytes`);
        for (const p of packets) {
          if (p.type === 'nack') {
            const lost = sequencesFromNackPairs(p.pairs);
            check(lost.length <= 17 * p.pairs.length && p.pairs.length <= input.length / 4, () => 'NACK expansion beyond 17 per entry');
          } else if (p.type === 'twcc') {
            check(p.statuses.length > 0 && p.statuses.length <= 0xffff && p.deltas.length <= p.statuses.length, () => 'transport feedback counts out of bounds');
            const arrivals = twccArrivals(p);
            check(arrivals.length === p.statuses.length, () => 'twccArrivals length differs from the status count');
            if (arrivals.length <= 2000) {
              // The builder reports again what was reported: the same received sequence numbers.
              const rebuilt = buildTransportFeedback(arrivals, { senderSsrc: p.senderSsrc, mediaSsrc: p.mediaSsrc, feedbackCount: p.feedbackCount });
              const received = (list: typeof arrivals): string => list.filter((a) => a.arrivalUs !== undefined).map((a) => a.sequence).join(',');
              check(received(rebuilt.flatMap(twccArrivals)) === received(arrivals), () => 'the builder reported a different set of received packets');
            }
          }
        }
        // Serializing what was parsed works or refuses with RangeError (a text that grew past
        // 255 bytes as U+FFFD); once written, parsing and writing again changes nothing.
        let once: Uint8Array | undefined;
        returnsOrRangeError(() => void (once = serializeRtcp(packets)), 'serializeRtcp');
        if (once !== undefined) {
          const reparsed = parseRtcp(once);
          check(reparsed.map((p) => p.type).join() === packets.map((p) => p.type).join(), () => 'round trip changed the packet types');
          check(hexOf(serializeRtcp(reparsed)) === hexOf(once), () => 'serialize is not stable after one round trip');
        }
      }, 'parseRtcp');
    });
  },
  encode: (b) => b,
  decode: (b) => b,
};
