// Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit SSNs (RFC 9260 §1.6).

/** `a + n` modulo 2^32. */
export function tsnAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** Signed distance `b - a` for 32-bit serial numbers, in (-2^31, 2^31]. */
export function tsnDiff(a: number, b: number): number {
  return (b - a) | 0;
}

/** RFC 1982 §3.2: `a < b` in 32-bit serial arithmetic. */
export function tsnLt(a: number, b: number): boolean {
  return a !== b && ((b - a) | 0) > 0;
}

/** `a <= b` in 32-bit serial arithmetic. */
export function tsnLte(a: number, b: number): boolean {
  return a === b || ((b - a) | 0) > 0;
}

/** The larger of two TSNs in serial arithmetic. */
export function tsnMax(a: number, b: number): number {
  return tsnLt(a, b) ? b : a;
}

/** `a + n` modulo 2^16. */
export function ssnAdd(a: number, n: number): number {
  return (a + n) & 0xffff;
}

/** RFC 1982 §3.2: `a < b` in 16-bit serial arithmetic. */
export function ssnLt(a: number, b: number): boolean {
  const d = (b - a) & 0xffff;
  return d !== 0 && d < 0x8000;
}

/** `a <= b` in 16-bit serial arithmetic. */
export function ssnLte(a: number, b: number): boolean {
  return a === b || ssnLt(a, b);
}
