// RTP payload for DTMF and other named telephone events (RFC 4733 §2.3): the 4-byte event,
// and the packet sequence a sender emits for one event.
import { need, ParseError } from './errors.js';

/** The RTP clock rate browsers use for telephone-event alongside Opus is 48000; 8000 with G.711. */
export const TELEPHONE_EVENT_CLOCK_RATES = [8000, 48000] as const;

/** One telephone event payload (RFC 4733 §2.3). */
export interface TelephoneEvent {
  /** The event code (0-255; DTMF 0-15, RFC 4733 §3.2). */
  event: number;
  /** E: the end of the event. */
  end: boolean;
  /** Volume in -dBm0 (0-63); 0 for events without a volume. */
  volume: number;
  /** Duration so far, in RTP timestamp units (0-65535). */
  duration: number;
}

/** Parses the 4-byte event; extra bytes (several events, RFC 4733 §2.5.1.5) are ignored. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  need(payload, 0, 4, 'telephone-event');
  // RFC 4733 §2.3: |event|E|R|volume|duration| (8, 1, 1, 6, 16 bits); R is ignored.
  return { event: payload[0]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

/** Writes the 4-byte event (R = 0). */
export function serializeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  if (e.event < 0 || e.event > 255 || e.volume < 0 || e.volume > 63 || e.duration < 0 || e.duration > 0xffff) throw new RangeError('telephone-event: a field is out of range');
  return Uint8Array.of(e.event, (e.end ? 0x80 : 0) | e.volume, e.duration >> 8, e.duration & 0xff);
}

/** The event code of a DTMF character (RFC 4733 §3.2 Table 7): 0-9, *, #, A-D. */
export function dtmfEvent(tone: string): number {
  const i = '0123456789*#ABCD'.indexOf(tone.toUpperCase());
  if (tone.length !== 1 || i < 0) throw new ParseError('PAYLOAD_BAD_VALUE', `not a DTMF tone: ${JSON.stringify(tone)}`);
  return i;
}

/** One packet of an event's sequence. */
export interface TelephoneEventPacket {
  /** The 4-byte payload. */
  payload: Uint8Array;
  /** The marker bit: set on the first packet of the event (RFC 4733 §2.5.1.1). */
  marker: boolean;
  /** Added to the event's start timestamp: the RTP timestamp of this packet. */
  timestampOffset: number;
  /** When to send it, in timestamp units after the first packet (the copies of the final packet share one). */
  sendOffset: number;
}

/**
 * The packets a sender emits for one event lasting `durationUnits` (RFC 4733 §2.5.1): a first
 * packet with the marker, an update every `intervalUnits` carrying the duration so far, the
 * final packet with E set sent three times (§2.5.1.4), and, past 0xFFFF units, a new segment
 * whose timestamp is moved on by 0xFFFF (§2.5.1.3).
 */
export function telephoneEventPackets(event: number, volume: number, durationUnits: number, intervalUnits: number): TelephoneEventPacket[] {
  if (!Number.isInteger(durationUnits) || durationUnits < 1 || durationUnits > 0xffff * 64) throw new RangeError('telephone-event: duration out of range');
  if (!Number.isInteger(intervalUnits) || intervalUnits < 1 || intervalUnits > 0xffff) throw new RangeError('telephone-event: interval out of range');
  const out: TelephoneEventPacket[] = [];
  let segment = 0;
  for (let elapsed = Math.min(intervalUnits, durationUnits); ; elapsed = Math.min(elapsed + intervalUnits, durationUnits)) {
    if (elapsed - segment > 0xffff) {
      // RFC 4733 §2.5.1.3: the segment reports 0xFFFF; the next starts 0xFFFF later.
      out.push({ payload: serializeTelephoneEvent({ event, end: false, volume, duration: 0xffff }), marker: false, timestampOffset: segment, sendOffset: segment + 0xffff });
      segment += 0xffff;
    }
    const end = elapsed === durationUnits;
    const payload = serializeTelephoneEvent({ event, end, volume, duration: elapsed - segment });
    for (let k = 0; k < (end ? 3 : 1); k++) out.push({ payload, marker: out.length === 0, timestampOffset: segment, sendOffset: elapsed });
    if (end) return out;
  }
}
