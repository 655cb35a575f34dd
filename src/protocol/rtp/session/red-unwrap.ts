// Video RED (RFC 2198) on receive: Chromium wraps its video in RED whenever red and ulpfec
// are negotiated (one block, the primary, with the media or the ULPFEC payload type). The
// primary block of a media payload type replaces the packet's payload; ULPFEC (RFC 5109)
// is not carried yet, so a FEC block is refused.
import { ParseError } from '../payload/errors.js';
import { parseRed } from '../payload/red.js';
import type { CodecDescription } from './config.js';
import type { IncomingMedia } from './receive-stream.js';

/** Why a RED packet was not unwrapped. */
export type RedDropReason = 'red-malformed' | 'red-not-media';

/**
 * The media packet inside `p` when its payload type is a video RED codec of `codecByPt`,
 * `p` itself when it is not RED, or why it was dropped.
 */
export function unwrapRed(p: IncomingMedia, codecByPt: ReadonlyMap<number, CodecDescription>): IncomingMedia | RedDropReason {
  if (codecByPt.get(p.payloadType)?.red !== true) return p;
  let primary: { payloadType: number; data: Uint8Array };
  try {
    // RFC 2198 §3: the last block (F=0) is the primary encoding at the packet's own timestamp.
    primary = parseRed(p.payload).primary;
  } catch (err) {
    if (err instanceof ParseError) return 'red-malformed';
    throw err;
  }
  const inner = codecByPt.get(primary.payloadType);
  if (inner === undefined || inner.red === true) return 'red-not-media';
  return { sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, marker: p.marker, payloadType: primary.payloadType, payload: primary.data };
}
