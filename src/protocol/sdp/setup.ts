// a=setup (RFC 4145 §4, as used for DTLS by RFC 8842 §5): which side connects.
import { badValue } from './grammar.js';

/** The a=setup roles. */
export type SetupRole = 'actpass' | 'active' | 'passive' | 'holdconn';

const ROLES: ReadonlySet<string> = new Set<SetupRole>(['actpass', 'active', 'passive', 'holdconn']);

/** Parses an `a=setup` value; throws ParseError for anything but the four roles. */
export function parseSetup(value: string): SetupRole {
  const role = value.trim();
  if (!ROLES.has(role)) badValue('setup', `unknown role ${JSON.stringify(value)}`);
  return role as SetupRole;
}

/** Writes an `a=setup` value. */
export function serializeSetup(role: SetupRole): string {
  return role;
}
