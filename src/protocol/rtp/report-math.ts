// The arithmetic behind report blocks (RFC 3550 §6.4.1, Appendix A.3): NTP time, its
// compact middle 32 bits, round-trip time from LSR and DLSR, and the loss fields.

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/** A 64-bit NTP timestamp: whole seconds since 1900 (mod 2^32) and a 32-bit fraction. */
export interface NtpTime {
  seconds: number;
  fraction: number;
}

/** The NTP time of `unixMs` (ms since 1970; fractions of a ms kept). Seconds wrap in 2036 (era 1), as on the wire. */
export function ntpFromMs(unixMs: number): NtpTime {
  const totalSeconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - totalSeconds * 1000) / 1000) * 0x100000000);
  const seconds = (((totalSeconds + NTP_UNIX_OFFSET_SECONDS) % 0x100000000) + 0x100000000) % 0x100000000;
  return { seconds, fraction: Math.min(fraction, 0xffffffff) };
}

/** The Unix time in ms of an NTP time, taking it to be in era 0 (before 2036). */
export function ntpToMs(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET_SECONDS) * 1000 + (fraction / 0x100000000) * 1000;
}

/** RFC 3550 §6.4.1: the middle 32 bits of an NTP time (16.16 fixed-point seconds), as LSR carries them. */
export function compactNtp(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/** The compact NTP form of `unixMs`. */
export function compactNtpFromMs(unixMs: number): number {
  const t = ntpFromMs(unixMs);
  return compactNtp(t.seconds, t.fraction);
}

/** A duration in compact NTP units (1/65536 s), such as DLSR, in ms. */
export function compactNtpToMs(units: number): number {
  return ((units >>> 0) * 1000) / 0x10000;
}

/** A duration in ms as compact NTP units (1/65536 s), rounded, as DLSR is sent. */
export function msToCompactNtp(ms: number): number {
  return Math.round((ms * 0x10000) / 1000) >>> 0;
}

/**
 * RFC 3550 §6.4.1: the round-trip time in ms measured by a report block, from the compact
 * NTP time the block arrived (`arrival`), its LSR and DLSR: A - LSR - DLSR, modulo 2^32.
 * Undefined when LSR is 0 (no SR received yet); 0 when clocks make it come out negative.
 */
export function roundTripMs(arrival: number, lastSr: number, delaySinceLastSr: number): number | undefined {
  if (lastSr === 0) return undefined;
  const rtt = (arrival - lastSr - delaySinceLastSr) >>> 0;
  // A "negative" RTT (the top bit set) means skewed or bogus timestamps.
  if (rtt >= 0x80000000) return 0;
  return compactNtpToMs(rtt);
}

/**
 * RFC 3550 Appendix A.3: the fraction lost (in 1/256) over an interval in which
 * `expectedInterval` packets were expected and `receivedInterval` received; 0 when none
 * were lost or duplicates outnumber the losses.
 */
export function fractionLost(expectedInterval: number, receivedInterval: number): number {
  const lost = expectedInterval - receivedInterval;
  if (expectedInterval <= 0 || lost <= 0) return 0;
  return Math.min(255, Math.floor((lost * 256) / expectedInterval));
}

/** RFC 3550 Appendix A.3: cumulative packets lost (expected - received), clamped to the 24-bit signed field. */
export function cumulativeLost(expected: number, received: number): number {
  return Math.max(-0x800000, Math.min(0x7fffff, expected - received));
}
