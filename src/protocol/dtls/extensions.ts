// Hello extensions (RFC 5246 §7.4.1.4) as a raw list, plus the typed bodies this stack uses.
import { Reader, concat, parseU16List, u16, u16List, vec16, vec8 } from './bytes.js';
import { ExtensionType } from './constants.js';
import { ParseError } from './errors.js';

/** One extension: its type and opaque data. */
export interface Extension {
  /** ExtensionType. */
  type: number;
  /** extension_data. */
  data: Uint8Array;
}

/** Parses the optional extensions block that ends a hello (absent when no bytes remain). */
export function readExtensions(r: Reader): Extension[] {
  if (r.remaining === 0) return [];
  const block = new Reader(r.vec16());
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (block.remaining > 0) {
    const type = block.u16();
    const data = block.vec16();
    // RFC 5246 §7.4.1.4: there MUST NOT be more than one extension of the same type.
    if (seen.has(type)) throw new ParseError('DTLS_BAD_VALUE', `duplicate extension ${type}`);
    seen.add(type);
    out.push({ type, data });
  }
  return out;
}

/** Serializes an extensions block; an empty list is omitted entirely. */
export function writeExtensions(list: readonly Extension[]): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  return vec16(concat(...list.map((e) => concat(u16(e.type), vec16(e.data)))));
}

/** The data of the extension of `type`, or undefined. */
export function findExtension(list: readonly Extension[], type: number): Uint8Array | undefined {
  return list.find((e) => e.type === type)?.data;
}

/** supported_groups (RFC 8422 §5.1.1): NamedGroup named_group_list<2..2^16-1>. */
export function supportedGroupsExtension(groups: readonly number[]): Extension {
  return { type: ExtensionType.supportedGroups, data: u16List(groups) };
}

/** Parses supported_groups data. */
export function parseSupportedGroups(data: Uint8Array): number[] {
  const r = new Reader(data);
  const list = parseU16List(r.vec16(2));
  r.end('supported_groups');
  return list;
}

/** ec_point_formats (RFC 8422 §5.1.2) with the formats given. */
export function ecPointFormatsExtension(formats: readonly number[]): Extension {
  return { type: ExtensionType.ecPointFormats, data: vec8(Uint8Array.from(formats)) };
}

/** Parses ec_point_formats data. */
export function parseEcPointFormats(data: Uint8Array): number[] {
  const r = new Reader(data);
  const list = Array.from(r.vec8(1));
  r.end('ec_point_formats');
  return list;
}

/** signature_algorithms (RFC 5246 §7.4.1.4.1): SignatureAndHashAlgorithm list<2..2^16-2>. */
export function signatureAlgorithmsExtension(schemes: readonly number[]): Extension {
  return { type: ExtensionType.signatureAlgorithms, data: u16List(schemes) };
}

/** Parses signature_algorithms data. */
export function parseSignatureAlgorithms(data: Uint8Array): number[] {
  const r = new Reader(data);
  const list = parseU16List(r.vec16(2));
  r.end('signature_algorithms');
  return list;
}

/** use_srtp data (RFC 5764 §4.1.1). */
export interface UseSrtp {
  /** SRTPProtectionProfiles, in preference order. */
  profiles: number[];
  /** srtp_mki<0..255>. */
  mki: Uint8Array;
}

/** use_srtp extension. */
export function useSrtpExtension(value: UseSrtp): Extension {
  return { type: ExtensionType.useSrtp, data: concat(u16List(value.profiles), vec8(value.mki)) };
}

/** Parses use_srtp data. */
export function parseUseSrtp(data: Uint8Array): UseSrtp {
  const r = new Reader(data);
  const profiles = parseU16List(r.vec16(2));
  const mki = r.vec8();
  r.end('use_srtp');
  return { profiles, mki };
}

/** extended_master_secret (RFC 7627 §5.1): its data is empty. */
export function extendedMasterSecretExtension(): Extension {
  return { type: ExtensionType.extendedMasterSecret, data: new Uint8Array(0) };
}

/** renegotiation_info for an initial handshake (RFC 5746 §3.2): an empty renegotiated_connection. */
export function renegotiationInfoExtension(): Extension {
  return { type: ExtensionType.renegotiationInfo, data: Uint8Array.of(0) };
}
