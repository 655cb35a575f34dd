// SRTP keys from the DTLS handshake (RFC 5764 §4.2).
import { SrtpContext, type SrtpContextOptions } from './context.js';
import { SrtpError } from './errors.js';
import { srtpProfile } from './profiles.js';

/** The RFC 5705 exporter label of DTLS-SRTP (RFC 5764 §4.2). */
export const DTLS_SRTP_EXPORTER_LABEL = 'EXTRACTOR-dtls_srtp';

/** The two contexts of one DTLS-SRTP association. */
export interface SrtpContextPair {
  /** Protects what this end sends (keyed with this end's write key). */
  local: SrtpContext;
  /** Unprotects what the peer sends. */
  remote: SrtpContext;
}

/** Context options other than the profile and keys. */
export type SrtpPairOptions = Omit<SrtpContextOptions, 'profile' | 'masterKey' | 'masterSalt'>;

/** How many exporter bytes `profileId` needs: 2 * (key + salt) (RFC 5764 §4.2). */
export function srtpKeyingMaterialBytes(profileId: number): number {
  const p = srtpProfile(profileId);
  if (p === undefined) throw new SrtpError('unknown-profile', `SRTP protection profile ${profileId} is not implemented`);
  return 2 * (p.keyBytes + p.saltBytes);
}

/**
 * The local and remote contexts from exporter output and this end's DTLS role. RFC 5764
 * §4.2 lays the material out as client_write_SRTP_master_key, server_write_SRTP_master_key,
 * client_write_SRTP_master_salt, server_write_SRTP_master_salt; the client protects with the
 * client keys and the server with the server keys.
 */
export function srtpContextsFromKeyingMaterial(profileId: number, material: Uint8Array, role: 'client' | 'server', options: SrtpPairOptions = {}): SrtpContextPair {
  const p = srtpProfile(profileId);
  if (p === undefined) throw new SrtpError('unknown-profile', `SRTP protection profile ${profileId} is not implemented`);
  const k = p.keyBytes;
  const s = p.saltBytes;
  if (material.length !== 2 * (k + s)) throw new SrtpError('bad-key', `${p.name} takes ${2 * (k + s)} bytes of keying material, not ${material.length}`);
  const clientKey = material.subarray(0, k);
  const serverKey = material.subarray(k, 2 * k);
  const clientSalt = material.subarray(2 * k, 2 * k + s);
  const serverSalt = material.subarray(2 * k + s, 2 * (k + s));
  const client = new SrtpContext({ ...options, profile: p, masterKey: clientKey, masterSalt: clientSalt });
  const server = new SrtpContext({ ...options, profile: p, masterKey: serverKey, masterSalt: serverSalt });
  return role === 'client' ? { local: client, remote: server } : { local: server, remote: client };
}

/** What srtpContextsFromDtls needs of a connected DTLS connection (DtlsConnection has it). */
export interface DtlsSrtpSource {
  /** The negotiated SRTP protection profile, if use_srtp was agreed. */
  readonly srtpProfile: number | undefined;
  /** This end's DTLS role. */
  readonly dtlsRole: 'client' | 'server';
  /** RFC 5705 keying material exporter. */
  exportKeyingMaterial(label: string, length: number): Uint8Array;
}

/** The contexts of a connected DTLS connection; undefined when use_srtp was not negotiated. */
export function srtpContextsFromDtls(dtls: DtlsSrtpSource, options: SrtpPairOptions = {}): SrtpContextPair | undefined {
  const id = dtls.srtpProfile;
  if (id === undefined) return undefined;
  const material = dtls.exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, srtpKeyingMaterialBytes(id));
  return srtpContextsFromKeyingMaterial(id, material, dtls.dtlsRole, options);
}
