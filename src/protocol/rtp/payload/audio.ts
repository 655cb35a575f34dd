// Audio payload formats with one frame per packet: Opus (RFC 7587) and G.711 PCMU/PCMA
// (RFC 3551 §4.5.14).
import { checkBudget, need, ParseError } from './errors.js';
import type { PacketizedPayload } from './types.js';

/** The RTP clock rate of Opus, whatever the sampling rate inside (RFC 7587 §4.1). */
export const OPUS_CLOCK_RATE = 48000;
/** The RTP clock rate of PCMU and PCMA (RFC 3551 §4.5.14). */
export const G711_CLOCK_RATE = 8000;
/** The static payload type of PCMU (RFC 3551 Table 4). */
export const PCMU_PAYLOAD_TYPE = 0;
/** The static payload type of PCMA (RFC 3551 Table 4). */
export const PCMA_PAYLOAD_TYPE = 8;

/** Opus frame durations in 48 kHz samples by TOC configuration (RFC 6716 §3.1 Table 2). */
function opusFrameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config & 3]!; // SILK: 10, 20, 40, 60 ms
  if (config < 16) return [480, 960][config & 1]!; // Hybrid: 10, 20 ms
  return [120, 240, 480, 960][config & 3]!; // CELT: 2.5, 5, 10, 20 ms
}

/**
 * The duration of an Opus packet in 48 kHz samples, from its TOC byte and frame count
 * (RFC 6716 §3.1, §3.2.5); what the RTP timestamp advances by (RFC 7587 §4.1).
 */
export function opusPacketSamples(packet: Uint8Array): number {
  need(packet, 0, 1, 'Opus TOC');
  const toc = packet[0]!;
  const code = toc & 0x03;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 3) {
    need(packet, 1, 1, 'Opus frame count');
    frames = packet[1]! & 0x3f;
    if (frames === 0) throw new ParseError('PAYLOAD_BAD_VALUE', 'Opus code 3 packet with 0 frames');
  } else frames = 2;
  const samples = frames * opusFrameSamples(toc >> 3);
  // RFC 6716 §3.2.5: a packet lasts at most 120 ms.
  if (samples > 5760) throw new ParseError('PAYLOAD_BAD_VALUE', 'Opus packet longer than 120 ms');
  return samples;
}

/**
 * The payload of one Opus packet: the packet itself (RFC 7587 §4.2: one Opus packet per RTP
 * packet, never fragmented). The marker is left clear (RFC 7587 §4.1 uses it only after DTX,
 * which the sender knows and sets).
 */
export function packetizeOpus(packet: Uint8Array, maxPayloadBytes: number): PacketizedPayload {
  checkBudget(maxPayloadBytes, Math.max(1, packet.length), 'Opus');
  if (packet.length === 0) throw new RangeError('Opus: an empty packet cannot be sent');
  return { payload: packet, marker: false };
}

/** Reads an Opus payload: the packet and its duration in 48 kHz samples; throws ParseError when malformed. */
export function depacketizeOpus(payload: Uint8Array): { packet: Uint8Array; samples: number } {
  return { packet: payload, samples: opusPacketSamples(payload) };
}

/**
 * Cuts G.711 samples (one byte each, already mu-law or A-law coded) into payloads of
 * `ptimeMs` each (RFC 3551 §4.5.14: 8 samples per millisecond; 20 ms = 160 bytes); the last
 * may be shorter. The RTP timestamp advances by the payload length.
 */
export function packetizeG711(samples: Uint8Array, ptimeMs = 20): Uint8Array[] {
  if (!Number.isInteger(ptimeMs) || ptimeMs < 1 || ptimeMs > 1000) throw new RangeError('G.711: ptime is 1 to 1000 ms');
  const size = ptimeMs * (G711_CLOCK_RATE / 1000);
  const out: Uint8Array[] = [];
  for (let o = 0; o < samples.length; o += size) out.push(samples.subarray(o, o + size));
  return out;
}

/** The duration of a G.711 payload in 8 kHz samples: one per byte (RFC 3551 §4.5.14). */
export function g711PayloadSamples(payload: Uint8Array): number {
  return payload.length;
}
