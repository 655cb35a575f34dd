// Constant tables of VP8's coefficient token coding, as RFC 6386 gives them: the default
// token probabilities (§13.5), the probabilities that a header updates each one (§13.4),
// the coefficient bands (§13.3), the extra-bit probabilities of the value categories
// (§13.2), the key frame mode probabilities (§11.2, §11.4), the ZEROMV mode contexts
// (§16.3) and the motion vector update probabilities (§17.2). The two large tables are
// kept as hex, one string per block type, in [type][band][context][node] order.

function unhex(parts: readonly string[]): Uint8Array {
  const hex = parts.join('');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Index of probability [type][band][ctx][node] in the flat tables (4 x 8 x 3 x 11). */
export function coeffProbIndex(type: number, band: number, ctx: number, node: number): number {
  return ((type * 8 + band) * 3 + ctx) * 11 + node;
}

/** RFC 6386 §13.4: coeff_update_probs, the chance that a frame header leaves each token probability as it is. */
export const COEFF_UPDATE_PROBS = unhex([
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb0f6ffffffffffffffffffdff1fcfffffffffffffffff9fdfdfffffffffffffffffff4fcffffffffffffffffeafefefffffffffffffffffdfffffffffffffffffffffff6feffffffffffffffffeffdfefffffffffffffffffefffeffffffffffffffff' +
  'fff8fefffffffffffffffffbfffefffffffffffffffffffffffffffffffffffffffffdfefffffffffffffffffbfefefffffffffffffffffefffefffffffffffffffffffefdfffefffffffffffffafffefffefffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'd9ffffffffffffffffffffe1fcf1fdfffffeffffffffeafaf1fafdfffdfefffffffffeffffffffffffffffffdffefeffffffffffffffffeefdfefefffffffffffffffff8fefffffffffffffffff9fefffffffffffffffffffffffffffffffffffffffffffdfffffffffffffffffff7feffffffffffffffffffffffffffffffffffffffff' +
  'fffdfefffffffffffffffffcfffffffffffffffffffffffffffffffffffffffffffffefefffffffffffffffffdfffffffffffffffffffffffffffffffffffffffffffffefdfffffffffffffffffafffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'bafbfaffffffffffffffffeafbf4fefffffffffffffffbfbf3fdfefffefffffffffffdfeffffffffffffffffecfdfefffffffffffffffffbfdfdfefefffffffffffffffefefffffffffffffffffefefefffffffffffffffffffffffffffffffffffffffffefffffffffffffffffffefefffffffffffffffffffeffffffffffffffffffff' +
  'fffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'f8fffffffffffffffffffffafefcfefffffffffffffff8fef9fdfffffffffffffffffdfdfffffffffffffffff6fdfdfffffffffffffffffcfefbfefefffffffffffffffefcfffffffffffffffff8fefdfffffffffffffffffdfffefefffffffffffffffffbfefffffffffffffffff5fbfefffffffffffffffffdfdfeffffffffffffffff' +
  'fffbfdfffffffffffffffffcfdfefffffffffffffffffffefffffffffffffffffffffcfffffffffffffffffff9fffefffffffffffffffffffffefffffffffffffffffffffdfffffffffffffffffafffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffff',
]);

/** RFC 6386 §13.5: default_coeff_probs, the token probabilities of a key frame that updates none. */
export const DEFAULT_COEFF_PROBS = unhex([
  '808080808080808080808080808080808080808080808080808080808080808080fd88feffe4db8080808080bd81f2ffe3d5ffdb8080806a7ee3fcd6d1ffff8080800162f8ffece2ffff808080b585eefeddeaff9a8080804e86caf7c6b4ffdb80808001b9f9fff3ff8080808080b896f7ffece080808080804d6ed8ffece68080808080' +
  '0165fbfff1ff8080808080aa8bf1fcecd1ffff8080802574c4f3e4ffffff80808001ccfefff5ff8080808080cfa0faffee8080808080806667e7ffd3ab80808080800198fcfff0ff8080808080b187f3ffeae180808080805081d3ffc2e080808080800101ff8080808080808080f601ff8080808080808080ff80808080808080808080',
  'c623eddfc1bba2a0919b3e832dc6ddacb0dc9dfcdd01442f92d095a7dda2ffdf800195f1ffdde0ffff808080b88deafddedcffc78080805163b5f2b0bef9caffff800181e8fdd6c5f2c4ffff806379d2fac9c6ffca808080175ba3f2aabbf7d2ffff8001c8f6ffeaff80808080806db2f1ffe7f5ffff8080802c82c9fdcdc0ffff808080' +
  '0184effbdbd1ffa58080805e88e1fbdabeffff8080801664aef5baa1ffc780808001b6f9ffe8eb80808080807c8ff1ffe3ea8080808080234db5fbc1d3ffcd808080019df7ffece7ffff808080798debffe1e3ffff8080802d63bcfbc3d9ffe08080800101fbffd5ff8080808080cb01f8ffff8080808080808901b1ffe0ff8080808080',
  'fd09f8fbcfd0ffc0808080af0de0f3c1b9f9c6ffff804911abdda1b3eca7ffea80015ff7fdd4b7ffff808080ef5af4fad3d1ffff8080809b4dc3f8bcc3ffff8080800118effbdadbffcd808080c933dbffc4ba8080808080452ebeefc9daffe480808001bffbffff808080808080dfa5f9ffd5ff80808080808d7cf8ffff808080808080' +
  '0110f8ffff808080808080be24e6ffecff80808080809501ff808080808080808001e2ff8080808080808080f7c0ff8080808080808080f080ff80808080808080800186fcffff808080808080d53efaffff808080808080375dff8080808080808080808080808080808080808080808080808080808080808080808080808080808080',
  'ca18d5ebbabfdca0f0afff7e26b6e8a9b8e4aeffbb803d2e8adb97b2f0aaffd8800170e6fac7bff79fffff80a66de4fcd3d7ffae808080274da2e8acb4f5b2ffff800134dcf6c6c7f9dcffff807c4abff3b7c1faddffff80184782db9aaaf3b6ffff8001b6e1f9dbf0ffe08080809596e2fcd8cdffab8080801c6caaf2b7c2fedfffff80' +
  '0151e6fccccbffc08080807b66d1f7bcc4ffe9808080145f99f3a4adffcb80808001def8ffd8d58080808080a8aff6fcebcdffff8080802f74d7ffd3d4ffff8080800179ecfdd4d6ffff8080808d54d5fcc9caffdb8080802a50a0f0a2b9ffcd8080800101ff8080808080808080f401ff8080808080808080ee01ff8080808080808080',
]);

/** RFC 6386 §13.3: coeff_bands, the band of each coefficient position. */
export const COEFF_BANDS: readonly number[] = [0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7];

/** RFC 6386 §13.2: the tree of DCT tokens (0..4 literal values, 5..10 categories 1..6, 11 end of block). */
export const COEFF_TREE: readonly number[] = [-11, 2, -0, 4, -1, 6, 8, 12, -2, 10, -3, -4, 14, 16, -5, -6, 18, 20, -7, -8, -9, -10];

/** RFC 6386 §13.2: the smallest value of each category token (dct_cat1..dct_cat6). */
export const CATEGORY_BASE: readonly number[] = [5, 7, 11, 19, 35, 67];

/** RFC 6386 §13.2: Pcat1..Pcat6, the probabilities of each category's extra bits, most significant first. */
export const CATEGORY_PROBS: readonly (readonly number[])[] = [
  [159],
  [165, 145],
  [173, 148, 140],
  [176, 155, 140, 135],
  [180, 157, 141, 134, 130],
  [254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129],
];

/** RFC 6386 §11.2: kf_ymode_tree (DC_PRED 0, V_PRED 1, H_PRED 2, TM_PRED 3, B_PRED 4). */
export const KF_YMODE_TREE: readonly number[] = [-4, 2, 4, 6, -0, -1, -2, -3];
/** RFC 6386 §11.2: kf_ymode_prob. */
export const KF_YMODE_PROBS: readonly number[] = [145, 156, 163, 128];
/** RFC 6386 §11.4: uv_mode_tree (DC_PRED 0, V_PRED 1, H_PRED 2, TM_PRED 3). */
export const UV_MODE_TREE: readonly number[] = [-0, 2, -1, 4, -2, -3];
/** RFC 6386 §11.4: kf_uv_mode_prob. */
export const KF_UV_MODE_PROBS: readonly number[] = [142, 114, 183];

/** RFC 6386 §16.3: vp8_mode_contexts[n][0], the probability of ZEROMV when the neighbours' census counts n for zero vectors. */
export const MODE_CONTEXTS_ZERO: readonly number[] = [7, 14, 135, 60, 159, 234];

/** RFC 6386 §17.2: vp8_mv_update_probs, rows then columns (19 each). */
export const MV_UPDATE_PROBS: readonly number[] = [
  237, 246, 253, 253, 254, 254, 254, 254, 254, 254, 254, 254, 254, 254, 250, 250, 252, 254, 254,
  231, 243, 245, 253, 254, 254, 254, 254, 254, 254, 254, 254, 254, 254, 251, 251, 254, 254, 254,
];
