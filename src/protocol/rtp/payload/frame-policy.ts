// Where a video frame starts and whether it is a key frame, read from one packet's payload, for
// the RTP session's frame assembler (session/config.ts FramePolicy). Malformed payloads answer
// false: the depacketizer behind the assembler counts them.
import type { FramePolicy } from '../session/config.js';
import { ParseError } from './errors.js';
import { parseVp8Descriptor } from './vp8-descriptor.js';
import { parseVp9Descriptor } from './vp9-descriptor.js';

/** RFC 7741 §4.4: a VP8 frame starts with S=1 and PID=0; §9.1: P=0 in the frame tag is a key frame. */
export const VP8_FRAMES: FramePolicy = {
  isFrameStart: (payload) => guard(() => {
    const { descriptor } = parseVp8Descriptor(payload);
    return descriptor.partitionStart && descriptor.partitionId === 0;
  }),
  isKeyFrame: (payload) => guard(() => {
    const { descriptor, length } = parseVp8Descriptor(payload);
    return descriptor.partitionStart && descriptor.partitionId === 0 && length < payload.length && (payload[length]! & 0x01) === 0;
  }),
};

/** RFC 9628 §4.2: B starts a layer frame; a picture of spatial layer 0 without P is a key frame. */
export const VP9_FRAMES: FramePolicy = {
  isFrameStart: (payload) => guard(() => {
    const { descriptor } = parseVp9Descriptor(payload);
    return descriptor.beginsFrame && (descriptor.layer?.spatialId ?? 0) === 0;
  }),
  isKeyFrame: (payload) => guard(() => {
    const { descriptor } = parseVp9Descriptor(payload);
    return descriptor.beginsFrame && !descriptor.interPicturePredicted && (descriptor.layer?.spatialId ?? 0) === 0;
  }),
};

/** The policy for a codec's mime type (`video/VP8`, ...); undefined: frames end at the marker. */
export function framePolicyFor(mimeType: string): FramePolicy | undefined {
  switch (mimeType.toLowerCase()) {
    case 'video/vp8':
      return VP8_FRAMES;
    case 'video/vp9':
      return VP9_FRAMES;
    default:
      return undefined;
  }
}

function guard(read: () => boolean): boolean {
  try {
    return read();
  } catch (err) {
    if (err instanceof ParseError) return false;
    throw err;
  }
}
