// a=rtcp-fb (RFC 4585 §4.2): RTCP feedback capabilities per payload type.
import { badValue, fields, isToken, parsePayloadType } from './grammar.js';

/** A parsed `a=rtcp-fb:<pt|*> <type> [<subtype> [<parameters>]]` value. */
export interface RtcpFeedback {
  /** A payload type, or '*' for every format of the m-line. */
  payloadType: number | '*';
  /** e.g. "nack", "ccm", "goog-remb", "transport-cc", "trr-int". */
  type: string;
  /** e.g. "pli" for "nack pli", "fir" for "ccm fir", the value of "trr-int". */
  subtype?: string;
  /** Anything after the subtype, verbatim (e.g. "smaxpr=120" for "ccm tmmbr"). */
  parameters?: string;
}

/** Parses an `a=rtcp-fb` value; throws ParseError when malformed. */
export function parseRtcpFeedback(value: string): RtcpFeedback {
  const f = fields(value);
  if (f.length < 2) badValue('rtcp-fb', `expected "<pt> <type>", got ${JSON.stringify(value)}`);
  // RFC 4585 §4.2: rtcp-fb-pt = "*" / fmt
  const payloadType = f[0] === '*' ? '*' : parsePayloadType(f[0]!, 'rtcp-fb');
  if (!isToken(f[1]!)) badValue('rtcp-fb', `bad feedback type ${JSON.stringify(f[1])}`);
  const fb: RtcpFeedback = { payloadType, type: f[1]! };
  if (f.length >= 3) fb.subtype = f[2]!;
  if (f.length >= 4) fb.parameters = f.slice(3).join(' ');
  return fb;
}

/** Writes an `a=rtcp-fb` value. */
export function serializeRtcpFeedback(fb: RtcpFeedback): string {
  let out = `${fb.payloadType} ${fb.type}`;
  if (fb.subtype !== undefined) out += ` ${fb.subtype}`;
  if (fb.parameters !== undefined) out += ` ${fb.parameters}`;
  return out;
}
