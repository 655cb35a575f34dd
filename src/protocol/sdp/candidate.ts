// The ICE `candidate` attribute value (RFC 8839 §5.1, with RFC 6544 §4.5 `tcptype`):
//   candidate:<foundation> <component> <transport> <priority> <address> <port>
//     typ <type> [raddr <address>] [rport <port>] *(<name> <value>)
// A stateless codec: `parseCandidate` returns a value or throws ParseError.
import { ParseError } from './errors.js';

/** Candidate types defined by RFC 8445 §5.1.1. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
/** Transports a candidate may use (RFC 8839 `UDP`, RFC 6544 `TCP`). */
export type CandidateTransport = 'udp' | 'tcp';
/** RFC 6544 §4.5 TCP candidate roles. */
export type TcpCandidateType = 'active' | 'passive' | 'so';

/** One parsed `candidate` attribute. */
export interface Candidate {
  /** ice-chars (RFC 8839 §5.1: 1 to 32; longer ones are taken); equal for candidates of the same type, base and server. */
  foundation: string;
  /** Component ID, 1 to 256 (1 = RTP, 2 = RTCP). */
  component: number;
  /** Transport, lowercase. */
  transport: CandidateTransport;
  /** The transport token as written on the wire (`UDP`, `udp`, ...); serialized when set. */
  transportToken?: string;
  /** 32-bit unsigned priority (RFC 8445 §5.1.2). */
  priority: number;
  /** IPv4, IPv6 or FQDN (for example an mDNS `.local` name). */
  address: string;
  /** Port, 0 to 65535. */
  port: number;
  /** Candidate type. */
  type: CandidateType;
  /** `raddr`: the related address, for srflx, prflx and relay candidates. */
  relatedAddress?: string;
  /** `rport`: the related port. */
  relatedPort?: number;
  /** `tcptype` (RFC 6544), for TCP candidates. */
  tcpType?: TcpCandidateType;
  /** Every other `name value` pair, in order (`generation`, `ufrag`, `network-id`, ...). */
  extensions: Array<[string, string]>;
}

// RFC 8839 §5.1 gives a foundation 1 to 32 ice-chars; Chromium takes longer ones, and so
// does purertc (the candidate line bounds it).
const ICE_CHARS = /^[A-Za-z0-9+/]+$/;
const DIGITS = /^[0-9]+$/;
// RFC 8866 §9 `byte-string`: any octet but NUL, CR and LF; we split on blanks, so also none.
const TOKENISH = /^[^\0\r\n \t]+$/;
const TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);
const TCP_TYPES: ReadonlySet<string> = new Set(['active', 'passive', 'so']);

function fail(message: string): never {
  throw new ParseError('SDP_BAD_ATTRIBUTE_VALUE', `candidate: ${message}`);
}

function parseUint(s: string | undefined, what: string, max: number, maxDigits: number): number {
  if (s === undefined || !DIGITS.test(s) || s.length > maxDigits) fail(`bad ${what} '${s ?? ''}'`);
  const n = Number(s);
  if (n > max) fail(`${what} ${s} out of range`);
  return n;
}

function parseAddress(s: string | undefined, what: string): string {
  if (s === undefined || !TOKENISH.test(s)) fail(`bad ${what} '${s ?? ''}'`);
  return s;
}

/** The last candidate strings parsed (the API, the ICE agent and the SDP each read one). */
const recent = new Map<string, Candidate>();
const RECENT_MAX = 32;

/**
 * Parses a candidate attribute value. Accepts `candidate:...`, `a=candidate:...` or the
 * bare value after the colon. Throws {@link ParseError} on anything RFC 8839 §5.1 rejects.
 * Each call returns a new object.
 */
export function parseCandidate(value: string): Candidate {
  let c = recent.get(value);
  if (c === undefined) {
    c = parseCandidateText(value);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(value, c);
  }
  return { ...c, extensions: c.extensions.map(([name, val]) => [name, val]) };
}

function parseCandidateText(value: string): Candidate {
  let s = value.trim();
  if (s.startsWith('a=')) s = s.slice(2);
  if (s.slice(0, 10).toLowerCase() === 'candidate:') s = s.slice(10);
  const f = s.split(/[ \t]+/);
  if (f.length < 8) fail(`expected at least 8 fields, got ${f.length}`);

  const foundation = f[0]!;
  if (!ICE_CHARS.test(foundation)) fail(`bad foundation '${foundation}'`);
  // RFC 8839 §5.1: component-id = 1*3DIGIT, between 1 and 256.
  const component = parseUint(f[1], 'component', 256, 3);
  if (component < 1) fail('component 0');
  const transportToken = f[2]!;
  const transport = transportToken.toLowerCase();
  if (transport !== 'udp' && transport !== 'tcp') fail(`unsupported transport '${transportToken}'`);
  // RFC 8839 §5.1: priority = 1*10DIGIT, a 32-bit unsigned value (RFC 8445 §5.1.2).
  const priority = parseUint(f[3], 'priority', 0xffffffff, 10);
  const address = parseAddress(f[4], 'address');
  const port = parseUint(f[5], 'port', 65535, 5);
  if (f[6]!.toLowerCase() !== 'typ') fail(`expected 'typ', got '${f[6]}'`);
  const type = f[7]!.toLowerCase();
  if (!TYPES.has(type)) fail(`unknown candidate type '${f[7]}'`);

  const c: Candidate = {
    foundation,
    component,
    transport,
    priority,
    address,
    port,
    type: type as CandidateType,
    extensions: [],
  };
  if (transportToken !== transport) c.transportToken = transportToken;

  let i = 8;
  if (f[i]?.toLowerCase() === 'raddr') {
    c.relatedAddress = parseAddress(f[i + 1], 'raddr');
    i += 2;
  }
  if (f[i]?.toLowerCase() === 'rport') {
    c.relatedPort = parseUint(f[i + 1], 'rport', 65535, 5);
    i += 2;
  }
  // RFC 8839 §5.1: *(SP extension-att-name SP extension-att-value)
  for (; i < f.length; i += 2) {
    const name = f[i]!;
    const val = f[i + 1];
    if (val === undefined) fail(`extension '${name}' has no value`);
    if (!TOKENISH.test(name)) fail(`bad extension name '${name}'`);
    if (name.toLowerCase() === 'tcptype') {
      // RFC 6544 §4.5: tcp-type = "active" / "passive" / "so"
      if (c.tcpType !== undefined) fail('duplicate tcptype');
      const t = val.toLowerCase();
      if (!TCP_TYPES.has(t)) fail(`bad tcptype '${val}'`);
      c.tcpType = t as TcpCandidateType;
    } else {
      c.extensions.push([name, val]);
    }
  }
  return c;
}

/** Serializes a candidate to its attribute value, `candidate:...` (no `a=`). */
export function serializeCandidate(c: Candidate): string {
  const parts = [
    `candidate:${c.foundation}`,
    String(c.component),
    c.transportToken?.toLowerCase() === c.transport ? c.transportToken : c.transport,
    String(c.priority >>> 0),
    c.address,
    String(c.port),
    'typ',
    c.type,
  ];
  if (c.relatedAddress !== undefined) parts.push('raddr', c.relatedAddress);
  if (c.relatedPort !== undefined) parts.push('rport', String(c.relatedPort));
  if (c.tcpType !== undefined) parts.push('tcptype', c.tcpType);
  for (const [name, value] of c.extensions) parts.push(name, value);
  return parts.join(' ');
}

/** The value of the first extension named `name` (case-sensitive), if any. */
export function candidateExtension(c: Candidate, name: string): string | undefined {
  for (const [n, v] of c.extensions) if (n === name) return v;
  return undefined;
}
