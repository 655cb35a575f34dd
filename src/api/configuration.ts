// RTCConfiguration: WebIDL conversion and the checks of W3C WebRTC §4.4.1.3
// ("set a configuration"), including the ICE server URL grammar of RFC 7064 / RFC 7065.
import { SRTP_PROFILES } from '../protocol/srtp/index.js';
import { RTCCertificateConverter, type RTCCertificate } from './certificate.js';
import { UdpMux } from '../io/index.js';
import * as idl from './webidl.js';

/** RTCIceTransportPolicy */
export type IceTransportPolicy = 'relay' | 'all';
/** RTCBundlePolicy */
export type BundlePolicy = 'balanced' | 'max-compat' | 'max-bundle';

/** A validated ICE server entry. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** A converted RTCConfiguration plus purertc's nonstandard members. */
export interface Configuration {
  iceServers: IceServer[];
  iceTransportPolicy: IceTransportPolicy;
  bundlePolicy: BundlePolicy;
  rtcpMuxPolicy: 'require' | 'negotiate';
  certificates: RTCCertificate[];
  iceCandidatePoolSize: number;
  /** Nonstandard: local UDP port range for host candidates. */
  portRange?: { min: number; max: number };
  /** Nonstandard: address host candidates bind to (e.g. '127.0.0.1'). */
  bindAddress?: string;
  /** Nonstandard: the DTLS-SRTP profiles offered or accepted, by IANA name, in order of preference. */
  srtpProfiles?: string[];
  /** Nonstandard: a UDP port shared with other connections (host candidates on its port only). */
  udpMux?: UdpMux;
  /** Nonstandard: PEM certificates trusted for turns: servers, besides the system's roots. */
  turnTrustedCertificates?: string[];
  /** Nonstandard: the transports host candidates are gathered on ('udp', 'tcp' for ICE-TCP). */
  iceProtocols?: Array<'udp' | 'tcp'>;
}

/** The DTLS-SRTP profile ids of the IANA names in `names` (validated by toConfiguration). */
export function srtpProfileIds(names: readonly string[]): number[] {
  const byName = new Map([...SRTP_PROFILES.values()].map((p) => [p.name, p.id]));
  return names.map((name) => byName.get(name)!);
}

const iceServer = idl.dictionary('RTCIceServer', {
  urls: {
    type: idl.union<string | string[]>('(USVString or sequence<USVString>)', [
      [(v) => typeof v === 'object' && v !== null, idl.sequence(idl.USVString)],
    ], idl.USVString),
    required: true,
  },
  username: { type: idl.DOMString },
  credential: { type: idl.DOMString },
});

const portRange = idl.dictionary('RTCPortRange', {
  min: { type: idl.unsignedShortEnforced, required: true },
  max: { type: idl.unsignedShortEnforced, required: true },
});


const convertConfiguration = idl.dictionary('RTCConfiguration', {
  iceServers: { type: idl.sequence(iceServer), default: () => [] },
  iceTransportPolicy: { type: idl.enumeration('RTCIceTransportPolicy', ['relay', 'all'] as const), default: 'all' },
  bundlePolicy: { type: idl.enumeration('RTCBundlePolicy', ['balanced', 'max-compat', 'max-bundle'] as const), default: 'balanced' },
  // 'negotiate' is no longer in the IDL, but browsers still accept it (WPT RTCConfiguration-rtcpMuxPolicy).
  rtcpMuxPolicy: { type: idl.enumeration('RTCRtcpMuxPolicy', ['require', 'negotiate'] as const), default: 'require' },
  certificates: { type: idl.sequence(RTCCertificateConverter), default: () => [] },
  iceCandidatePoolSize: { type: idl.octetEnforced, default: 0 },
  // Nonstandard members; they never change standard behaviour.
  portRange: { type: portRange },
  bindAddress: { type: idl.DOMString },
  srtpProfiles: { type: idl.sequence(idl.DOMString) },
  udpMux: { type: idl.interfaceType('UdpMux', UdpMux as unknown as abstract new () => UdpMux) },
  turnTrustedCertificates: { type: idl.sequence(idl.DOMString) },
  iceProtocols: { type: idl.sequence(idl.enumeration('RTCIceProtocol', ['udp', 'tcp'] as const)) },
});

/** RFC 7064 §3.1 / RFC 7065 §3.1 URI syntax; returns the scheme. Throws SyntaxError. */
export function parseIceUrl(url: string): { scheme: 'stun' | 'stuns' | 'turn' | 'turns'; host: string; port: number | null; transport: string | null } {
  const m = /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]+)(?::(\d{1,5}))?(?:\?transport=([A-Za-z0-9._~-]+))?$/.exec(url);
  if (!m) throw new DOMException(`'${url}' is not a valid STUN or TURN URL.`, 'SyntaxError');
  const scheme = m[1] as 'stun' | 'stuns' | 'turn' | 'turns';
  if (m[4] !== undefined && (scheme === 'stun' || scheme === 'stuns')) {
    throw new DOMException(`'${url}': STUN URLs take no query.`, 'SyntaxError');
  }
  const port = m[3] !== undefined ? Number(m[3]) : null;
  if (port !== null && port > 65535) throw new DOMException(`'${url}' has an invalid port.`, 'SyntaxError');
  return { scheme, host: m[2]!, port, transport: m[4] ?? null };
}

/** Nonstandard srtpProfiles: one or more distinct names of profiles this stack implements, else TypeError. */
function checkSrtpProfiles(names: string[], context: string): string[] {
  const known = [...SRTP_PROFILES.values()].map((p) => p.name);
  if (names.length === 0) throw new TypeError(`${context}: srtpProfiles is empty (known: ${known.join(', ')}).`);
  for (const name of names) {
    if (!known.includes(name)) throw new TypeError(`${context}: '${name}' is not an SRTP profile purertc implements (${known.join(', ')}).`);
  }
  if (new Set(names).size !== names.length) throw new TypeError(`${context}: srtpProfiles names a profile twice.`);
  return [...names];
}

/** Converts and validates an RTCConfiguration (throws TypeError / SyntaxError / InvalidAccessError). */
export function toConfiguration(value: unknown, context: string): Configuration {
  const c = convertConfiguration(value, context) as Record<string, unknown>;
  const servers: IceServer[] = [];
  for (const s of c.iceServers as Array<{ urls: string | string[]; username?: string; credential?: string }>) {
    const urls = typeof s.urls === 'string' ? [s.urls] : s.urls;
    // W3C §4.4.1.3 step 11: empty urls -> SyntaxError; then each URL parsed.
    if (urls.length === 0) throw new DOMException('iceServers entry has no urls.', 'SyntaxError');
    for (const url of urls) {
      const { scheme } = parseIceUrl(url);
      if (scheme === 'turn' || scheme === 'turns') {
        if (s.username === undefined || s.credential === undefined) {
          throw new DOMException(`TURN server ${url} needs a username and a credential.`, 'InvalidAccessError');
        }
        // RFC 8489 §14.3: the username is at most 509 bytes.
        if (Buffer.byteLength(s.username, 'utf8') > 509) {
          throw new DOMException('TURN username is longer than 509 bytes.', 'InvalidAccessError');
        }
      }
    }
    const server: IceServer = { urls: [...urls] };
    if (s.username !== undefined) server.username = s.username;
    if (s.credential !== undefined) server.credential = s.credential;
    servers.push(server);
  }
  const out: Configuration = {
    iceServers: servers,
    iceTransportPolicy: c.iceTransportPolicy as IceTransportPolicy,
    bundlePolicy: c.bundlePolicy as BundlePolicy,
    rtcpMuxPolicy: c.rtcpMuxPolicy as 'require' | 'negotiate',
    certificates: c.certificates as RTCCertificate[],
    iceCandidatePoolSize: c.iceCandidatePoolSize as number,
  };
  if (c.portRange) {
    const r = c.portRange as { min: number; max: number };
    if (r.min > r.max) throw new TypeError(`${context}: portRange.min is greater than portRange.max.`);
    out.portRange = r;
  }
  if (c.bindAddress !== undefined) out.bindAddress = c.bindAddress as string;
  if (c.srtpProfiles !== undefined) out.srtpProfiles = checkSrtpProfiles(c.srtpProfiles as string[], context);
  if (c.udpMux !== undefined) out.udpMux = c.udpMux as UdpMux;
  if (c.turnTrustedCertificates !== undefined) out.turnTrustedCertificates = [...(c.turnTrustedCertificates as string[])];
  if (c.iceProtocols !== undefined) out.iceProtocols = [...new Set(c.iceProtocols as Array<'udp' | 'tcp'>)];
  return out;
}

/** The RTCConfiguration dictionary getConfiguration() returns (a fresh object each call). */
export function configurationToDict(c: Configuration): Record<string, unknown> {
  const out: Record<string, unknown> = {
    iceServers: c.iceServers.map((s) => ({ ...s, urls: [...s.urls] })),
    iceTransportPolicy: c.iceTransportPolicy,
    bundlePolicy: c.bundlePolicy,
    rtcpMuxPolicy: c.rtcpMuxPolicy,
    certificates: [...c.certificates],
    iceCandidatePoolSize: c.iceCandidatePoolSize,
  };
  if (c.portRange) out.portRange = { ...c.portRange };
  if (c.bindAddress !== undefined) out.bindAddress = c.bindAddress;
  if (c.srtpProfiles !== undefined) out.srtpProfiles = [...c.srtpProfiles];
  if (c.udpMux !== undefined) out.udpMux = c.udpMux;
  if (c.turnTrustedCertificates !== undefined) out.turnTrustedCertificates = [...c.turnTrustedCertificates];
  if (c.iceProtocols !== undefined) out.iceProtocols = [...c.iceProtocols];
  return out;
}
