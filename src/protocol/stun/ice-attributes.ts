// The ICE attributes of RFC 8445 §7.1.1-7.1.3 (registered in §16.1): PRIORITY,
// USE-CANDIDATE, ICE-CONTROLLED and ICE-CONTROLLING.
import { StunAttr } from './constants.js';
import { ParseError } from './errors.js';
import { getAttribute, type StunAttribute, type StunMessage } from './message.js';

function bad(message: string): never {
  throw new ParseError('STUN_BAD_ATTRIBUTE', message);
}

function u64(type: number, tieBreaker: bigint): StunAttribute {
  if (tieBreaker < 0n || tieBreaker > 0xffffffffffffffffn) throw new RangeError('tie-breaker is a 64-bit unsigned value');
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, tieBreaker);
  return { type, value };
}

function getU64(msg: StunMessage, type: number): bigint | undefined {
  const a = getAttribute(msg, type);
  if (a === undefined) return undefined;
  if (a.value.length !== 8) bad(`attribute 0x${type.toString(16)} is not 8 bytes`);
  return new DataView(a.value.buffer, a.value.byteOffset, 8).getBigUint64(0);
}

/** A PRIORITY attribute (RFC 8445 §7.1.1). */
export function priorityAttr(priority: number): StunAttribute {
  if (!Number.isInteger(priority) || priority < 0 || priority > 0xffffffff) throw new RangeError(`bad priority ${priority}`);
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, priority);
  return { type: StunAttr.Priority, value };
}

/** PRIORITY, if present; throws {@link ParseError} when malformed. */
export function getPriority(msg: StunMessage): number | undefined {
  const a = getAttribute(msg, StunAttr.Priority);
  if (a === undefined) return undefined;
  if (a.value.length !== 4) bad('PRIORITY is not 4 bytes');
  return new DataView(a.value.buffer, a.value.byteOffset, 4).getUint32(0);
}

/** A USE-CANDIDATE attribute (RFC 8445 §7.1.2); it has no value. */
export function useCandidateAttr(): StunAttribute {
  return { type: StunAttr.UseCandidate, value: new Uint8Array(0) };
}

/** Whether USE-CANDIDATE is present. */
export function hasUseCandidate(msg: StunMessage): boolean {
  return getAttribute(msg, StunAttr.UseCandidate) !== undefined;
}

/** An ICE-CONTROLLING attribute carrying the tie-breaker (RFC 8445 §7.1.3). */
export function iceControllingAttr(tieBreaker: bigint): StunAttribute {
  return u64(StunAttr.IceControlling, tieBreaker);
}

/** An ICE-CONTROLLED attribute carrying the tie-breaker (RFC 8445 §7.1.3). */
export function iceControlledAttr(tieBreaker: bigint): StunAttribute {
  return u64(StunAttr.IceControlled, tieBreaker);
}

/** ICE-CONTROLLING's tie-breaker, if present; throws {@link ParseError} when malformed. */
export function getIceControlling(msg: StunMessage): bigint | undefined {
  return getU64(msg, StunAttr.IceControlling);
}

/** ICE-CONTROLLED's tie-breaker, if present; throws {@link ParseError} when malformed. */
export function getIceControlled(msg: StunMessage): bigint | undefined {
  return getU64(msg, StunAttr.IceControlled);
}
