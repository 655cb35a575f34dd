// The one error type the media file readers throw on malformed input.

/** Stable machine-readable reasons a media file was rejected. */
export type MediaFileErrorCode =
  | 'IVF_BAD_SIGNATURE' // the file does not start with DKIF
  | 'IVF_BAD_HEADER' // a header size below 32 bytes, or a field out of range
  | 'IVF_TRUNCATED' // the file ends inside the file header, a frame header or a frame
  | 'IVF_FRAME_TOO_LARGE' // a frame header announces more than the reader's bound
  | 'OGG_BAD_CAPTURE' // a page does not start with OggS
  | 'OGG_BAD_VERSION' // stream_structure_version is not 0
  | 'OGG_BAD_CRC' // the page checksum does not match
  | 'OGG_TRUNCATED' // the file ends inside a page, or a packet is left unfinished
  | 'OGG_BAD_SEQUENCE' // a page out of order, a stray continuation, a page after EOS
  | 'OGG_PACKET_TOO_LARGE' // a packet grows past the reader's bound
  | 'OGG_BAD_GRANULE' // a granule position outside what JavaScript numbers hold, or going back
  | 'OPUS_BAD_HEADER' // OpusHead or OpusTags malformed, missing or out of place
  | 'OPUS_BAD_PACKET' // an Opus packet that breaks RFC 6716 §3.4 (R1-R7)
  | 'H264_NO_START_CODE' // bytes other than zeros before the first start code
  | 'H264_BAD_BYTE_SEQUENCE' // 00 00 02, or three zeros followed by a byte other than 00/01
  | 'H264_EMPTY_NAL' // a start code followed at once by another, or by the end
  | 'H264_FORBIDDEN_BIT' // forbidden_zero_bit set in a NAL unit header
  | 'H264_NAL_TOO_LARGE'; // a NAL unit grows past the reader's bound

/** Thrown by the IVF, Ogg and Annex B readers on malformed input; never anything else. */
export class MediaFileError extends Error {
  /** Stable reason, safe to branch on. */
  readonly code: MediaFileErrorCode;

  /** Builds an error with a stable code and a human-readable message. */
  constructor(code: MediaFileErrorCode, message: string) {
    super(message);
    this.name = 'MediaFileError';
    this.code = code;
  }
}

/**
 * Runs one step of a reader that stays failed: a MediaFileError the step throws is handed to
 * `remember` (the reader throws it again on every later call) and rethrown.
 */
export function keepMediaFileError<T>(step: () => T, remember: (err: MediaFileError) => void): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof MediaFileError) remember(err);
    throw err;
  }
}
