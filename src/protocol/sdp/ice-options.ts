// a=ice-options (RFC 8839 §5.6): ICE option tags such as "trickle".
import { badValue, fields, isToken } from './grammar.js';

/**
 * Parses an `a=ice-options` value into its tags; throws ParseError when empty or when a
 * tag is not a token. RFC 8839 §5.6 restricts tags to ice-chars; any token is accepted
 * here, since older Chromium sent "google-ice".
 */
export function parseIceOptions(value: string): string[] {
  const tags = fields(value);
  if (tags.length === 0 || !tags.every(isToken)) badValue('ice-options', `bad option tags ${JSON.stringify(value)}`);
  return tags;
}

/** Writes an `a=ice-options` value. */
export function serializeIceOptions(tags: readonly string[]): string {
  return tags.join(' ');
}
