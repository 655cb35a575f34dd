// a=rtcp (RFC 3605 §2.1): the RTCP port and, optionally, address.
import { fields, parseIntIn } from './grammar.js';
import { parseConnection, serializeConnection } from './session.js';
import type { SdpConnection } from './types.js';

/** A parsed `a=rtcp:<port> [<nettype> <addrtype> <address>]` value. */
export interface Rtcp {
  port: number;
  connection?: SdpConnection;
}

/** Parses an `a=rtcp` value; throws ParseError when malformed. */
export function parseRtcp(value: string): Rtcp {
  const f = fields(value);
  const port = parseIntIn(f[0] ?? '', 0, 65535, 'a=rtcp port');
  if (f.length === 1) return { port };
  return { port, connection: parseConnection(f.slice(1).join(' ')) };
}

/** Writes an `a=rtcp` value. */
export function serializeRtcp(rtcp: Rtcp): string {
  return rtcp.connection ? `${rtcp.port} ${serializeConnection(rtcp.connection)}` : `${rtcp.port}`;
}
