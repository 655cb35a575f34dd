// H.264 profile-level-id (RFC 6184 §8.1): which profile and level a three-byte hex value
// names, whether two formats are the same codec, and the level an answer carries (with
// level-asymmetry-allowed). The SDP layer passes in parsed a=fmtp parameters.

/** The profiles WebRTC stacks negotiate (RFC 6184 Table 5; Constrained High from ITU-T H.264 A.2.11). */
export type H264Profile = 'constrained-baseline' | 'baseline' | 'main' | 'extended' | 'constrained-high' | 'high' | 'high-10' | 'high-422' | 'high-444' | 'high-10-intra' | 'high-422-intra' | 'high-444-intra' | 'cavlc-444-intra';

/** A parsed profile-level-id. */
export interface H264ProfileLevel {
  /** The profile the profile_idc and profile-iop bytes name together. */
  profile: H264Profile;
  /** level_idc (31 for level 3.1); 11 for level 1b, told apart by `level1b`. */
  levelIdc: number;
  /** Level 1b (level_idc 11 with constraint_set3 in Baseline/Main/Extended, or level_idc 9). */
  level1b: boolean;
}

/**
 * The profile-level-id taken when the parameter is absent. RFC 6184 §8.1 infers Baseline level 1
 * (42000a); deliberate deviation: Chromium infers Constrained Baseline level 3.1, and matching it
 * keeps the formats it accepts from the same offer the ones we accept.
 */
export const DEFAULT_PROFILE_LEVEL_ID = '42e01f';

/** The level_idc values of ITU-T H.264 Table A-1 (level 1b aside). */
const LEVELS = new Set([10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62]);

// RFC 6184 §8.1 Table 5: profile_idc and a profile-iop pattern ('x' = any bit) per profile.
const PATTERNS: Array<[number, string, H264Profile]> = [
  [0x42, 'x1xx0000', 'constrained-baseline'],
  [0x4d, '1xxx0000', 'constrained-baseline'],
  [0x58, '11xx0000', 'constrained-baseline'],
  [0x42, 'x0xx0000', 'baseline'],
  [0x58, '10xx0000', 'baseline'],
  [0x4d, '0x0x0000', 'main'],
  [0x58, '00xx0000', 'extended'],
  [0x64, '00000000', 'high'],
  [0x64, '00001100', 'constrained-high'],
  [0x6e, '00000000', 'high-10'],
  [0x7a, '00000000', 'high-422'],
  [0xf4, '00000000', 'high-444'],
  [0x6e, '00010000', 'high-10-intra'],
  [0x7a, '00010000', 'high-422-intra'],
  [0xf4, '00010000', 'high-444-intra'],
  [0x2c, '00010000', 'cavlc-444-intra'],
];

function matches(iop: number, pattern: string): boolean {
  for (let i = 0; i < 8; i++) {
    const c = pattern[i]!;
    if (c !== 'x' && ((iop >> (7 - i)) & 1) !== Number(c)) return false;
  }
  return true;
}

/** Parses a profile-level-id (six hex digits); undefined when malformed or of a profile not listed. */
export function parseProfileLevelId(value: string): H264ProfileLevel | undefined {
  if (!/^[0-9a-fA-F]{6}$/.test(value)) return undefined;
  const n = parseInt(value, 16);
  const profileIdc = n >> 16;
  const iop = (n >> 8) & 0xff;
  const levelIdc = n & 0xff;
  const entry = PATTERNS.find(([idc, pattern]) => idc === profileIdc && matches(iop, pattern));
  if (!entry) return undefined;
  const profile = entry[2];
  // RFC 6184 §8.1: level_idc 11 with constraint_set3_flag (0x10) is level 1b in Baseline, Main
  // and Extended; ITU-T H.264 A.3.1 also names level_idc 9 as 1b.
  const bme = profile === 'constrained-baseline' || profile === 'baseline' || profile === 'main' || profile === 'extended';
  if (levelIdc === 9 || (levelIdc === 11 && bme && (iop & 0x10) !== 0)) return { profile, levelIdc: 11, level1b: true };
  if (!LEVELS.has(levelIdc)) return undefined;
  return { profile, levelIdc, level1b: false };
}

/** Orders levels with 1b between 1 and 1.1; negative when `a` is lower. */
export function compareLevels(a: H264ProfileLevel, b: H264ProfileLevel): number {
  const rank = (l: H264ProfileLevel): number => (l.level1b ? 10.5 : l.levelIdc);
  return rank(a) - rank(b);
}

/** Writes a profile-level-id in the form Chromium uses for the profile and level. */
export function serializeProfileLevelId(pl: H264ProfileLevel): string {
  const iops: Record<H264Profile, [number, number]> = {
    'constrained-baseline': [0x42, 0xe0],
    baseline: [0x42, 0x00],
    main: [0x4d, 0x00],
    extended: [0x58, 0x00],
    'constrained-high': [0x64, 0x0c],
    high: [0x64, 0x00],
    'high-10': [0x6e, 0x00],
    'high-422': [0x7a, 0x00],
    'high-444': [0xf4, 0x00],
    'high-10-intra': [0x6e, 0x10],
    'high-422-intra': [0x7a, 0x10],
    'high-444-intra': [0xf4, 0x10],
    'cavlc-444-intra': [0x2c, 0x10],
  };
  let [idc, iop] = iops[pl.profile];
  let level = pl.levelIdc;
  if (pl.level1b) {
    // RFC 6184 §8.1: Baseline/Main/Extended say 1b as level 11 with constraint_set3; the others as 9.
    if (idc === 0x42 || idc === 0x4d || idc === 0x58) iop |= 0x10;
    else level = 9;
  }
  return [idc, iop, level].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parameters as the SDP layer parses an a=fmtp line (parseFmtpParameters). */
export type FmtpParameters = ReadonlyMap<string, string | undefined>;

function profileLevelOf(params: FmtpParameters): H264ProfileLevel | undefined {
  return parseProfileLevelId(params.get('profile-level-id') ?? DEFAULT_PROFILE_LEVEL_ID);
}

function packetizationMode(params: FmtpParameters): string {
  // RFC 6184 §8.1: packetization-mode defaults to 0.
  return params.get('packetization-mode') ?? '0';
}

/**
 * Whether two H.264 formats are the same codec for offer/answer (RFC 6184 §8.2.2): the same
 * profile (levels may differ) and the same packetization-mode.
 */
export function isSameH264Format(a: FmtpParameters, b: FmtpParameters): boolean {
  const pa = profileLevelOf(a);
  const pb = profileLevelOf(b);
  return pa !== undefined && pb !== undefined && pa.profile === pb.profile && packetizationMode(a) === packetizationMode(b);
}

/**
 * The profile-level-id of an answer to `offered`, from what we can receive (`local`), or
 * undefined when the formats do not match. RFC 6184 §8.2.2: the answer keeps the offered
 * profile and a level no higher than offered, unless both sides say level-asymmetry-allowed=1,
 * in which case it states the level we can receive.
 */
export function answerProfileLevelId(offered: FmtpParameters, local: FmtpParameters): string | undefined {
  if (!isSameH264Format(offered, local)) return undefined;
  const po = profileLevelOf(offered)!;
  const pl = profileLevelOf(local)!;
  const asymmetry = offered.get('level-asymmetry-allowed') === '1' && local.get('level-asymmetry-allowed') === '1';
  const level = asymmetry || compareLevels(pl, po) < 0 ? pl : po;
  return serializeProfileLevelId({ profile: po.profile, levelIdc: level.levelIdc, level1b: level.level1b });
}
