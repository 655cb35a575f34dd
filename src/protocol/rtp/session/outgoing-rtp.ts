// Writes the RTP packet a send stream lets go: MID, rid (or repaired-rid) and transport-wide
// sequence elements added to the caller's, and for a retransmission over RTX the RFC 4588 §4
// form (RTX SSRC and payload type, its own sequence number, the OSN before the payload).
import { ExtensionUri, midExtension, repairedRidExtension, ridExtension, transportCcExtension } from '../extension-values.js';
import type { Extmap } from '../extmap.js';
import type { HeaderExtension } from '../header-extensions.js';
import { serializeRtpPacket, type RtpPacketInit } from '../packet.js';
import type { Outgoing, SendStream } from './send-stream.js';

/** Hands out transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: one counter per transport). */
export interface TransportSequencer {
  next(): number;
}

/** A written packet and the transport-wide sequence number it carries, if any. */
export interface WrittenRtp {
  data: Uint8Array;
  transportSequence: number | undefined;
}

/**
 * The datagram for `o` from `stream`. Throws RangeError when the caller's extensions or the
 * negotiated values cannot be written (the session counts the packet as discarded).
 */
export function writeOutgoingRtp(stream: SendStream, o: Outgoing, extmap: Extmap, sequencer: TransportSequencer): WrittenRtp {
  const p = o.packet;
  const rtx = o.rtxPayloadType !== undefined;
  const extensions: HeaderExtension[] = [];
  const add = (e: HeaderExtension | undefined): void => {
    if (e !== undefined) extensions.push(e);
  };
  // RFC 8843 §15.1: the MID names the m= section on a bundle.
  if (stream.sender.mid !== undefined) add(extmap.element(midExtension, stream.sender.mid));
  // RFC 8852 §3: a repair stream names the rid it repairs, not its own.
  if (stream.rid !== undefined) add(extmap.element(rtx ? repairedRidExtension : ridExtension, stream.rid));
  let transportSequence: number | undefined;
  if (stream.codec(p.payloadType)?.feedback?.transportCc === true && extmap.id(ExtensionUri.TRANSPORT_WIDE_CC) !== undefined) {
    transportSequence = sequencer.next() & 0xffff;
    add(extmap.element(transportCcExtension, transportSequence));
  }
  for (const e of p.extensions) if (!extensions.some((x) => x.id === e.id)) extensions.push(e);
  let init: RtpPacketInit;
  if (rtx) {
    const payload = new Uint8Array(p.payload.length + 2);
    payload[0] = p.sequenceNumber >>> 8;
    payload[1] = p.sequenceNumber & 0xff;
    payload.set(p.payload, 2);
    init = { ssrc: stream.rtxSsrc!, payloadType: o.rtxPayloadType!, sequenceNumber: stream.takeRtxSequence(), timestamp: p.timestamp, marker: p.marker, payload, extensions };
  } else {
    init = { ssrc: stream.ssrc, payloadType: p.payloadType, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, marker: p.marker, payload: p.payload, extensions, paddingLength: p.paddingLength };
  }
  return { data: serializeRtpPacket(init, { extmapAllowMixed: extmap.allowMixed }), transportSequence };
}
