// STUN numbers from the IANA registries of RFC 8489 §18, RFC 8445 §16 and RFC 8656 §18.

/** RFC 8489 §5: the fixed value in bytes 4-7 of every message. */
export const MAGIC_COOKIE = 0x2112a442;

/** RFC 8489 §5: the header is 20 bytes. */
export const HEADER_LENGTH = 20;

/** The four message classes (RFC 8489 §5), by name. */
export type StunClass = 'request' | 'indication' | 'success' | 'error';

/** Methods: Binding (RFC 8489 §18.2) and those TURN uses (RFC 8656 §17). */
export const StunMethod = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  Send: 0x006,
  Data: 0x007,
  CreatePermission: 0x008,
  ChannelBind: 0x009,
} as const;

/** Attribute types this folder reads or writes (RFC 8489 §18.3, RFC 8445 §16.1). */
export const StunAttr = {
  MappedAddress: 0x0001,
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  UnknownAttributes: 0x000a,
  Realm: 0x0014,
  Nonce: 0x0015,
  MessageIntegritySha256: 0x001c,
  PasswordAlgorithm: 0x001d,
  Userhash: 0x001e,
  XorMappedAddress: 0x0020,
  Priority: 0x0024,
  UseCandidate: 0x0025,
  PasswordAlgorithms: 0x8002,
  AlternateDomain: 0x8003,
  Software: 0x8022,
  AlternateServer: 0x8023,
  Fingerprint: 0x8028,
  IceControlled: 0x8029,
  IceControlling: 0x802a,
} as const;

/** Error codes used by STUN and ICE (RFC 8489 §14.8, RFC 8445 §7.3.1.1). */
export const StunErrorCodes = {
  TryAlternate: 300,
  BadRequest: 400,
  Unauthenticated: 401,
  UnknownAttribute: 420,
  StaleNonce: 438,
  RoleConflict: 487,
  ServerError: 500,
} as const;

/** RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required. */
export function isComprehensionRequired(type: number): boolean {
  return type < 0x8000;
}
