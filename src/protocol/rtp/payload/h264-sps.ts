// The part of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that gives the
// picture dimensions, for the depacketizer to report a key frame's resolution.
import { BitReader } from './bits.js';
import { ParseError } from './errors.js';
import { NalType, nalType, unescapeRbsp } from './h264-nal.js';

/** What the depacketizer reads from an SPS. */
export interface H264Sps {
  /** profile_idc. */
  profileIdc: number;
  /** The constraint_set flags byte. */
  constraintFlags: number;
  /** level_idc. */
  levelIdc: number;
  /** seq_parameter_set_id. */
  id: number;
  /** Width in pixels after cropping. */
  width: number;
  /** Height in pixels after cropping. */
  height: number;
}

/** Profiles whose SPS carries chroma_format_idc and bit depths (ITU-T H.264 §7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  // ITU-T H.264 §7.3.2.1.1.1: delta_scale values until nextScale is 0.
  let last = 8;
  let next = 8;
  for (let j = 0; j < size && next !== 0; j++) {
    next = (last + r.se() + 256) % 256;
    if (next !== 0) last = next;
  }
}

/** Parses an SPS NAL unit (with its header byte); throws ParseError when it does not parse. */
export function parseH264Sps(nal: Uint8Array): H264Sps {
  if (nal.length < 4 || nalType(nal[0]!) !== NalType.SPS) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'not an SPS');
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  const id = r.ue();
  if (id > 31) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'SPS id above 31');
  let chromaFormat = 1;
  let separatePlanes = false;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormat = r.ue();
    if (chromaFormat > 3) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'chroma_format_idc above 3');
    if (chromaFormat === 3) separatePlanes = r.flag();
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      for (let i = 0; i < (chromaFormat !== 3 ? 8 : 12); i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (pocType === 1) {
    r.skip(1);
    r.se();
    r.se();
    const cycle = r.ue();
    if (cycle > 255) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'num_ref_frames_in_pic_order_cnt_cycle above 255');
    for (let i = 0; i < cycle; i++) r.se();
  } else if (pocType !== 2) {
    throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'pic_order_cnt_type above 2');
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.flag();
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let crop = [0, 0, 0, 0];
  if (r.flag()) crop = [r.ue(), r.ue(), r.ue(), r.ue()];
  // ITU-T H.264 §7.4.2.1.1: crop units follow ChromaArrayType and frame_mbs_only_flag.
  const chromaArrayType = separatePlanes ? 0 : chromaFormat;
  const subWidth = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeight = chromaArrayType === 1 ? 2 : 1;
  const cropX = chromaArrayType === 0 ? 1 : subWidth;
  const cropY = (chromaArrayType === 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
  const width = widthMbs * 16 - cropX * (crop[0]! + crop[1]!);
  const height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropY * (crop[2]! + crop[3]!);
  if (width <= 0 || height <= 0) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'SPS cropping leaves no picture');
  return { profileIdc, constraintFlags, levelIdc, id, width, height };
}
