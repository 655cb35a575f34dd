// Alert messages (RFC 5246 §7.2): a level and a description, two bytes.
import { Reader } from './bytes.js';
import { AlertLevel } from './constants.js';
import { ParseError } from './errors.js';

/** An alert record's plaintext. */
export interface Alert {
  /** AlertLevel: 1 warning, 2 fatal. */
  level: number;
  /** AlertDescription. */
  description: number;
}

/** Parses a two-byte alert. */
export function parseAlert(bytes: Uint8Array): Alert {
  const r = new Reader(bytes);
  const level = r.u8();
  const description = r.u8();
  r.end('alert');
  if (level !== AlertLevel.warning && level !== AlertLevel.fatal) {
    throw new ParseError('DTLS_BAD_VALUE', `alert level ${level}`);
  }
  return { level, description };
}

/** Serializes an alert. */
export function serializeAlert(alert: Alert): Uint8Array {
  return Uint8Array.of(alert.level, alert.description);
}

/** The ChangeCipherSpec record's one-byte body (RFC 5246 §7.1). */
export const CHANGE_CIPHER_SPEC = Uint8Array.of(1);

/** Whether a ChangeCipherSpec record's payload is well formed. */
export function isChangeCipherSpec(payload: Uint8Array): boolean {
  return payload.length === 1 && payload[0] === 1;
}
