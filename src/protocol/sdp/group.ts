// a=group (RFC 5888 §5): grouping of media sections by mid, e.g. BUNDLE (RFC 9143).
import { badValue, fields, isToken } from './grammar.js';

/** A parsed `a=group:<semantics> <mid> ...` value. */
export interface Group {
  /** e.g. "BUNDLE", "LS", "FID". */
  semantics: string;
  /** identification-tags (mids), in order; may be empty. */
  mids: string[];
}

/** Parses an `a=group` value; throws ParseError when malformed. */
export function parseGroup(value: string): Group {
  const f = fields(value);
  // RFC 5888 §5: semantics and identification-tag are tokens.
  if (f.length === 0 || !f.every(isToken)) {
    badValue('group', `expected "<semantics> <mid>...", got ${JSON.stringify(value)}`);
  }
  return { semantics: f[0]!, mids: f.slice(1) };
}

/** Writes an `a=group` value. */
export function serializeGroup(g: Group): string {
  return [g.semantics, ...g.mids].join(' ');
}
