// Types every sans-IO engine shares (DESIGN.md "Engines are sans-IO").

/** A transport address. `family` is 4 or 6. */
export interface Address {
  address: string;
  port: number;
  family: 4 | 6;
  /**
   * 'tcp' for an address of an ICE-TCP candidate (RFC 6544), whose datagrams are the
   * frames of a TCP stream; absent for UDP, the transport everything else uses.
   */
  transport?: 'tcp';
}

/** A datagram an engine wants sent. */
export interface Transmit {
  /** Local address to send from (engines with several sockets say which). */
  from?: Address;
  to: Address;
  data: Uint8Array;
}

/** Randomness injected into engines so tests are deterministic. */
export interface Random {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A uniformly random 32-bit unsigned integer. */
  uint32(): number;
}

/** Formats an address for logs and map keys: `1.2.3.4:5` or `[::1]:5`. */
export function addressKey(a: Address): string {
  const key = a.family === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  return a.transport === 'tcp' ? `${key}/tcp` : key;
}

/** Whether two addresses are the same transport address. */
export function sameAddress(a: Address, b: Address): boolean {
  return a.port === b.port && a.address === b.address && a.family === b.family && a.transport === b.transport;
}

/** Whether an IP literal is a loopback address (127.0.0.0/8, ::1, or 127/8 mapped into IPv6). */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}
