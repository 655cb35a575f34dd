// a=msid (RFC 8830 §2) and a=msid-semantic (the WMS line browsers still send).
import { badValue, fields, isToken } from './grammar.js';

/** A parsed `a=msid:<stream id> [<track id>]` value. */
export interface Msid {
  /** The MediaStream id; "-" means no stream. */
  streamId: string;
  /** The appdata, which WebRTC uses for the track id. */
  trackId?: string;
}

/** A parsed `a=msid-semantic:<semantic> [<id> ...]` value, e.g. "WMS *". */
export interface MsidSemantic {
  semantic: string;
  identifiers: string[];
}

// RFC 8830 §2: msid-id = 1*64token-char, msid-appdata = 1*64token-char
function isMsidToken(text: string): boolean {
  return text.length <= 64 && isToken(text);
}

/** Parses an `a=msid` value; throws ParseError when malformed. */
export function parseMsid(value: string): Msid {
  const f = fields(value);
  if (f.length < 1 || f.length > 2 || !f.every(isMsidToken)) {
    badValue('msid', `expected "<id> [<appdata>]" of 1-64 token chars, got ${JSON.stringify(value)}`);
  }
  return f.length === 2 ? { streamId: f[0]!, trackId: f[1]! } : { streamId: f[0]! };
}

/** Writes an `a=msid` value. */
export function serializeMsid(msid: Msid): string {
  return msid.trackId === undefined ? msid.streamId : `${msid.streamId} ${msid.trackId}`;
}

/** Parses an `a=msid-semantic` value (Chromium writes "a=msid-semantic: WMS"). */
export function parseMsidSemantic(value: string): MsidSemantic {
  const f = fields(value);
  if (f.length === 0 || !isToken(f[0]!)) badValue('msid-semantic', `bad semantic in ${JSON.stringify(value)}`);
  return { semantic: f[0]!, identifiers: f.slice(1) };
}

/** Writes an `a=msid-semantic` value as the grammar has it, without Chromium's leading space. */
export function serializeMsidSemantic(s: MsidSemantic): string {
  return [s.semantic, ...s.identifiers].join(' ');
}
