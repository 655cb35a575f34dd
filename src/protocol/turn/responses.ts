// Reading a TURN server's responses without throwing: malformed attributes count as absent.
import { ParseError, getErrorCode, type StunMessage } from '../stun/index.js';
import { getLifetime } from './attributes.js';

/** RFC 8656 §7.3: refresh a minute before expiry, or at half of a short lifetime. */
export function refreshDelayMs(lifetimeSec: number): number {
  return lifetimeSec > 120 ? (lifetimeSec - 60) * 1000 : lifetimeSec * 500;
}

/** LIFETIME, or undefined when absent or malformed. */
export function lifetimeOf(msg: StunMessage): number | undefined {
  try {
    return getLifetime(msg);
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** The ERROR-CODE number, or undefined when absent or malformed. */
export function errorCodeOf(msg: StunMessage): number | undefined {
  try {
    return getErrorCode(msg)?.code;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** The ERROR-CODE reason phrase, or undefined when absent or malformed. */
export function reasonOf(msg: StunMessage): string | undefined {
  try {
    return getErrorCode(msg)?.reason;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}
