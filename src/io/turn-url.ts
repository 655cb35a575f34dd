// TURN server URLs (RFC 7065 §3) as RTCIceServer gives them, resolved to an address and the
// transport to use: turn: over UDP (default) or TCP, turns: over TLS on TCP.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { RelayProtocol } from '../protocol/ice/index.js';
import type { Address } from '../protocol/types.js';

/** One TURN server to allocate on, from RTCConfiguration.iceServers. */
export interface TurnServerConfig {
  url: string;
  username: string;
  credential: string;
}

/** A TURN URL taken apart. */
export interface TurnUrl {
  host: string;
  port: number;
  protocol: RelayProtocol;
}

/**
 * Parses `turn:host[:port][?transport=udp|tcp]` and `turns:host[:port][?transport=tcp]`;
 * undefined for what purertc cannot use (turns over UDP would be DTLS, RFC 7350).
 */
export function parseTurnUrl(url: string): TurnUrl | undefined {
  const m = /^(turns?):(\[[^\]]+\]|[^:?[\]]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url);
  if (!m) return undefined;
  const secure = m[1]!.toLowerCase() === 'turns';
  const transport = (m[4] ?? (secure ? 'tcp' : 'udp')).toLowerCase();
  if (secure && transport !== 'tcp') return undefined;
  // RFC 7065 §3: 3478 for turn:, 5349 for turns: unless the URL names a port.
  const port = m[3] !== undefined ? Number(m[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65535) return undefined;
  return { host: m[2]!.replace(/^\[|\]$/g, ''), port, protocol: secure ? 'tls' : transport === 'tcp' ? 'tcp' : 'udp' };
}

/** Resolves a TURN host to an address (IP literals at once); undefined when it does not resolve. */
export async function resolveTurnHost(host: string, port: number): Promise<Address | undefined> {
  const literal = isIP(host);
  if (literal !== 0) return { address: host, port, family: literal === 6 ? 6 : 4 };
  try {
    const r = await lookup(host);
    return { address: r.address, port, family: r.family === 6 ? 6 : 4 };
  } catch {
    return undefined;
  }
}
