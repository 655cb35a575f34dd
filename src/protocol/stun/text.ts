// UTF-8 text attributes: USERNAME (RFC 8489 §14.3), REALM (§14.9), NONCE (§14.10) and
// SOFTWARE (§14.14), with the length limits each section sets.
import { StunAttr } from './constants.js';
import { ParseError } from './errors.js';
import { getAttribute, type StunAttribute, type StunMessage } from './message.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

// RFC 8489 §14.3: USERNAME MUST be less than 513 bytes. §14.9, §14.10, §14.14: REALM,
// NONCE and SOFTWARE MUST be fewer than 128 characters, which can be as long as 763 bytes.
const MAX_BYTES: Record<number, number> = {
  [StunAttr.Username]: 512,
  [StunAttr.Realm]: 763,
  [StunAttr.Nonce]: 763,
  [StunAttr.Software]: 763,
};

function textAttr(type: number, text: string): StunAttribute {
  const value = encoder.encode(text);
  if (value.length > MAX_BYTES[type]!) throw new RangeError(`attribute 0x${type.toString(16)} longer than ${MAX_BYTES[type]} bytes`);
  return { type, value };
}

function getText(msg: StunMessage, type: number): string | undefined {
  const a = getAttribute(msg, type);
  if (a === undefined) return undefined;
  if (a.value.length > MAX_BYTES[type]!) throw new ParseError('STUN_BAD_ATTRIBUTE', `attribute 0x${type.toString(16)} too long`);
  try {
    return decoder.decode(a.value);
  } catch {
    throw new ParseError('STUN_BAD_ATTRIBUTE', `attribute 0x${type.toString(16)} is not UTF-8`);
  }
}

/** A USERNAME attribute. */
export function usernameAttr(username: string): StunAttribute {
  return textAttr(StunAttr.Username, username);
}

/** A REALM attribute. */
export function realmAttr(realm: string): StunAttribute {
  return textAttr(StunAttr.Realm, realm);
}

/** A NONCE attribute. */
export function nonceAttr(nonce: string): StunAttribute {
  return textAttr(StunAttr.Nonce, nonce);
}

/** A SOFTWARE attribute. */
export function softwareAttr(software: string): StunAttribute {
  return textAttr(StunAttr.Software, software);
}

/** USERNAME, if present; throws {@link ParseError} when malformed. */
export function getUsername(msg: StunMessage): string | undefined {
  return getText(msg, StunAttr.Username);
}

/** REALM, if present; throws {@link ParseError} when malformed. */
export function getRealm(msg: StunMessage): string | undefined {
  return getText(msg, StunAttr.Realm);
}

/** NONCE, if present; throws {@link ParseError} when malformed. */
export function getNonce(msg: StunMessage): string | undefined {
  return getText(msg, StunAttr.Nonce);
}

/** SOFTWARE, if present; throws {@link ParseError} when malformed. */
export function getSoftware(msg: StunMessage): string | undefined {
  return getText(msg, StunAttr.Software);
}
