// SDP text <-> line model (RFC 8866 §5). Grammar only: no offer/answer meaning.
import { ParseError } from './errors.js';
import { assertLineSafe, fields, isToken, parseIntIn, splitFirst } from './grammar.js';
import type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMedia,
  SdpOrigin,
  SdpSession,
  SdpTiming,
} from './types.js';

// RFC 8866 §5: the only type letters defined; anything else is rejected below.
const KNOWN_TYPES = new Set('vosiuepcbtrzkam');

/**
 * Parses SDP text into the line model. Accepts CRLF or bare LF, ignores blank lines and
 * trailing spaces/tabs, and throws ParseError on anything malformed.
 *
 * Deliberate leniency: RFC 8866 §5 fixes the order of lines within a section; after the
 * leading v=/o=/s= this parser accepts the other lines of a section in any order (as
 * libwebrtc does for media sections) and `serializeSdp` writes them back in RFC order.
 */
export function parseSdp(text: string): SdpSession {
  const lines = text.split('\n');
  let session: SdpSession | undefined;
  let partialOrigin: SdpOrigin | undefined;
  let version: number | undefined;
  let media: SdpMedia | undefined;
  let sessionLines = 0;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = trimEndBlanks(line);
    if (trimmed === '') continue;
    if (/[\0\r]/.test(trimmed)) throw new ParseError('SDP_BAD_CHARACTER', 'NUL or lone CR in line', lineNo);
    if (trimmed.length < 2 || trimmed[1] !== '=') {
      const shown = JSON.stringify(trimmed.slice(0, 40));
      throw new ParseError('SDP_BAD_LINE', `expected <type>=<value>, got ${shown}`, lineNo);
    }
    const type = trimmed[0]!;
    let value = trimmed.slice(2);
    // RFC 8866 §5.3: "s= " (a single space) is a valid session name; keep it.
    if (type === 's' && value === '' && line.length > 2) value = ' ';
    // RFC 8866 §5: a parser MUST ignore or reject a description with an unknown type letter.
    if (!KNOWN_TYPES.has(type)) {
      throw new ParseError('SDP_UNKNOWN_LINE_TYPE', `unknown line type ${JSON.stringify(type)}`, lineNo);
    }

    // RFC 8866 §5: v=, o= and s= are required and come first, in that order.
    if (session === undefined) {
      const expected = 'vos'[sessionLines]!;
      if (type !== expected) {
        throw new ParseError('SDP_MISSING_LINE', `expected ${expected}= line, got ${type}=`, lineNo);
      }
      sessionLines++;
      if (type === 'v') {
        // RFC 8866 §5.1: the version is 0; there is no minor version.
        if (value !== '0') {
          throw new ParseError('SDP_BAD_VERSION', `unsupported version ${JSON.stringify(value)}`, lineNo);
        }
        version = 0;
      } else if (type === 'o') {
        partialOrigin = parseOrigin(value, lineNo);
      } else {
        // RFC 8866 §5.3: the s= line MUST NOT be empty.
        if (value === '') throw new ParseError('SDP_BAD_SESSION_NAME', 'empty s= line', lineNo);
        // Both are set: the 'vos' order check above admitted this s= only after v= and o=.
        session = {
          version: version!,
          origin: partialOrigin!,
          sessionName: value,
          emails: [],
          phones: [],
          bandwidths: [],
          timing: [],
          attributes: [],
          media: [],
        };
      }
      continue;
    }

    if (type === 'm') {
      media = parseMediaLine(value, lineNo);
      session.media.push(media);
      continue;
    }
    if (type === 'a') {
      const attribute = parseAttribute(value);
      if (attribute) (media ?? session).attributes.push(attribute);
      else session.ignoredAttributes = (session.ignoredAttributes ?? 0) + 1;
      continue;
    }
    if (type === 'b') {
      (media ?? session).bandwidths.push(parseBandwidth(value, lineNo));
      continue;
    }

    if (media !== undefined) {
      // RFC 8866 §5.14: a media description holds only m=, i=, c=, b=, k= and a= lines.
      switch (type) {
        case 'i':
          media.title = once(media.title, value, 'i', lineNo);
          break;
        case 'c':
          // Deviation: RFC 8866 §5.7 allows several media-level c= lines for layered
          // multicast; WebRTC never uses that, and the model holds one.
          media.connection = once(media.connection, parseConnection(value, lineNo), 'c', lineNo);
          break;
        case 'k':
          media.key = once(media.key, value, 'k', lineNo);
          break;
        default:
          throw new ParseError('SDP_UNEXPECTED_LINE', `${type}= line inside a media description`, lineNo);
      }
      continue;
    }

    switch (type) {
      case 'i':
        session.info = once(session.info, value, 'i', lineNo);
        break;
      case 'u':
        session.uri = once(session.uri, value, 'u', lineNo);
        break;
      case 'e':
        session.emails.push(value);
        break;
      case 'p':
        session.phones.push(value);
        break;
      case 'c':
        session.connection = once(session.connection, parseConnection(value, lineNo), 'c', lineNo);
        break;
      case 't':
        session.timing.push(parseTiming(value, lineNo));
        break;
      case 'r': {
        // RFC 8866 §5.10: r= lines belong to the t= line before them.
        const last = session.timing[session.timing.length - 1];
        if (last === undefined) throw new ParseError('SDP_UNEXPECTED_LINE', 'r= line before any t= line', lineNo);
        (last.repeats ??= []).push(value);
        break;
      }
      case 'z':
        session.zone = once(session.zone, value, 'z', lineNo);
        break;
      case 'k':
        session.key = once(session.key, value, 'k', lineNo);
        break;
      default: // v, o, s again
        throw new ParseError('SDP_DUPLICATE_LINE', `second ${type}= line`, lineNo);
    }
  }

  if (session === undefined) {
    throw new ParseError('SDP_MISSING_LINE', `missing ${'vos'[sessionLines]}= line`);
  }
  // RFC 8866 §5.9: a session description has one or more t= lines.
  if (session.timing.length === 0) throw new ParseError('SDP_MISSING_LINE', 'missing t= line');
  return session;
}

/** Writes the line model as SDP text: CRLF line ends, lines in RFC 8866 §5 order. */
export function serializeSdp(s: SdpSession): string {
  const out: string[] = [];
  const put = (type: string, value: string): void => {
    out.push(`${type}=${assertLineSafe(value, `${type}= line`)}`);
  };
  put('v', String(s.version));
  const o = s.origin;
  put('o', `${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  put('s', s.sessionName);
  if (s.info !== undefined) put('i', s.info);
  if (s.uri !== undefined) put('u', s.uri);
  for (const e of s.emails) put('e', e);
  for (const p of s.phones) put('p', p);
  if (s.connection) put('c', serializeConnection(s.connection));
  for (const b of s.bandwidths) put('b', `${b.type}:${b.value}`);
  for (const t of s.timing) {
    put('t', `${t.start} ${t.stop}`);
    for (const r of t.repeats ?? []) put('r', r);
  }
  if (s.zone !== undefined) put('z', s.zone);
  if (s.key !== undefined) put('k', s.key);
  for (const a of s.attributes) put('a', serializeAttribute(a));
  for (const m of s.media) {
    const port = m.numPorts === undefined ? `${m.port}` : `${m.port}/${m.numPorts}`;
    put('m', [m.kind, port, m.protocol, ...m.formats].join(' '));
    if (m.title !== undefined) put('i', m.title);
    if (m.connection) put('c', serializeConnection(m.connection));
    for (const b of m.bandwidths) put('b', `${b.type}:${b.value}`);
    if (m.key !== undefined) put('k', m.key);
    for (const a of m.attributes) put('a', serializeAttribute(a));
  }
  out.push('');
  return out.join('\r\n');
}

/**
 * `text` without trailing spaces and tabs. A scan from the end: the regular expression
 * /[ \t]+$/ retries from every blank of a run, so a line of n blanks followed by another
 * character cost O(n^2) (a 64 KiB line of blanks took seconds).
 */
function trimEndBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function once<T>(previous: T | undefined, value: T, type: string, lineNo: number): T {
  if (previous !== undefined) throw new ParseError('SDP_DUPLICATE_LINE', `second ${type}= line in one section`, lineNo);
  return value;
}

function parseOrigin(value: string, lineNo: number): SdpOrigin {
  const f = fields(value);
  // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
  if (f.length !== 6 || !/^[0-9]+$/.test(f[1]!) || !/^[0-9]+$/.test(f[2]!) || !isToken(f[3]!) || !isToken(f[4]!)) {
    throw new ParseError('SDP_BAD_ORIGIN', `malformed o= line ${JSON.stringify(value)}`, lineNo);
  }
  return { username: f[0]!, sessionId: f[1]!, sessionVersion: f[2]!, netType: f[3]!, addrType: f[4]!, address: f[5]! };
}

/** Parses the value of a `c=` line (also used by `a=rtcp`). */
export function parseConnection(value: string, lineNo?: number): SdpConnection {
  const f = fields(value);
  if (f.length !== 3 || !isToken(f[0]!) || !isToken(f[1]!)) {
    throw new ParseError('SDP_BAD_CONNECTION', `malformed connection ${JSON.stringify(value)}`, lineNo);
  }
  return { netType: f[0]!, addrType: f[1]!, address: f[2]! };
}

/** Writes the value of a `c=` line. */
export function serializeConnection(c: SdpConnection): string {
  return `${c.netType} ${c.addrType} ${c.address}`;
}

function parseBandwidth(value: string, lineNo: number): SdpBandwidth {
  // RFC 8866 §5.8: b=<bwtype>:<bandwidth>
  const [type, amount] = splitFirst(value, ':');
  if (!isToken(type) || amount === undefined) {
    throw new ParseError('SDP_BAD_BANDWIDTH', `malformed b= line ${JSON.stringify(value)}`, lineNo);
  }
  return { type, value: parseIntIn(amount, 0, Number.MAX_SAFE_INTEGER, 'b= bandwidth', 'SDP_BAD_BANDWIDTH') };
}

function parseTiming(value: string, lineNo: number): SdpTiming {
  const f = fields(value);
  // RFC 8866 §5.9: t=<start-time> <stop-time>, both decimal NTP seconds.
  if (f.length !== 2 || !/^[0-9]{1,20}$/.test(f[0]!) || !/^[0-9]{1,20}$/.test(f[1]!)) {
    throw new ParseError('SDP_BAD_TIMING', `malformed t= line ${JSON.stringify(value)}`, lineNo);
  }
  return { start: f[0]!, stop: f[1]! };
}

function parseMediaLine(value: string, lineNo: number): SdpMedia {
  const bad = (why: string): never => {
    throw new ParseError('SDP_BAD_MEDIA', `${why} in m= line ${JSON.stringify(value)}`, lineNo);
  };
  // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  // Deviation: an m= line without any <fmt> is accepted, as some stacks write rejected ones so.
  const f = fields(value);
  if (f.length < 3) bad('too few fields');
  const [kind, portField, protocol] = f as [string, string, string];
  if (!isToken(kind)) bad('bad media type');
  const [portText, numPortsText] = splitFirst(portField, '/');
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) bad('bad port');
  if (numPortsText !== undefined && !/^[0-9]{1,5}$/.test(numPortsText)) bad('bad number of ports');
  if (numPortsText !== undefined && !(Number(numPortsText) >= 1 && Number(numPortsText) <= 65535)) {
    bad('bad number of ports');
  }
  if (!protocol.split('/').every(isToken)) bad('bad protocol');
  const formats = f.slice(3);
  if (!formats.every(isToken)) bad('bad format');
  const media: SdpMedia = { kind, port: Number(portText), protocol, formats, bandwidths: [], attributes: [] };
  if (numPortsText !== undefined) media.numPorts = Number(numPortsText);
  return media;
}

function parseAttribute(value: string): SdpAttribute | undefined {
  // RFC 8866 §5.13: a=<attribute-name>[:<attribute-value>], the name being a token.
  // Deviation: a line whose name is not a token is ignored (and counted), not an error:
  // no attribute it could be is understood, and §5.13 has unknown attributes ignored.
  // Chromium ignores such lines too (WPT protocol/rtp-demuxing rewrites a=ssrc: so).
  const [key, attrValue] = splitFirst(value, ':');
  if (!isToken(key)) return undefined;
  return attrValue === undefined ? { key } : { key, value: attrValue };
}

function serializeAttribute(a: SdpAttribute): string {
  return a.value === undefined ? a.key : `${a.key}:${a.value}`;
}
