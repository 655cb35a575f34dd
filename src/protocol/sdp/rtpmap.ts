// a=rtpmap (RFC 8866 §6.6): payload type -> encoding name, clock rate, channels.
import { badValue, fields, isToken, parseIntIn, parsePayloadType } from './grammar.js';

/** A parsed `a=rtpmap:<pt> <name>/<clock rate>[/<channels>]` value. */
export interface Rtpmap {
  payloadType: number;
  /** e.g. "opus", "VP8", "rtx"; case kept as written. */
  encodingName: string;
  clockRate: number;
  /** Audio channel count, when the encoding parameters field is present. */
  channels?: number;
}

/** Parses an `a=rtpmap` value; throws ParseError when malformed. */
export function parseRtpmap(value: string): Rtpmap {
  const f = fields(value);
  if (f.length !== 2) badValue('rtpmap', `expected "<pt> <encoding>", got ${JSON.stringify(value)}`);
  const payloadType = parsePayloadType(f[0]!, 'rtpmap');
  const parts = f[1]!.split('/');
  if (parts.length < 2 || parts.length > 3 || !isToken(parts[0]!)) {
    badValue('rtpmap', `expected "<name>/<rate>[/<channels>]", got ${JSON.stringify(f[1])}`);
  }
  const clockRate = parseIntIn(parts[1]!, 1, 0xffffffff, 'a=rtpmap clock rate');
  const map: Rtpmap = { payloadType, encodingName: parts[0]!, clockRate };
  if (parts.length === 3) map.channels = parseIntIn(parts[2]!, 1, 255, 'a=rtpmap channels');
  return map;
}

/** Writes an `a=rtpmap` value. */
export function serializeRtpmap(map: Rtpmap): string {
  const base = `${map.payloadType} ${map.encodingName}/${map.clockRate}`;
  return map.channels === undefined ? base : `${base}/${map.channels}`;
}
