// The shapes packetizers and depacketizers exchange with the RTP layer: payload bytes and the
// few header fields they need (the RTP header itself is written and read elsewhere).

/** An encoded video frame handed to a packetizer. */
export interface EncodedVideoFrame {
  /** The codec bitstream of the frame (VP8/VP9 frame, H.264 Annex B access unit, AV1 temporal unit). */
  data: Uint8Array;
  /** Whether the encoder produced a key frame (IDR, intra-only with a sequence header). */
  keyFrame: boolean;
}

/** One RTP payload a packetizer produced, with the marker bit its header must carry. */
export interface PacketizedPayload {
  /** The RTP payload: descriptor or payload header, then media bytes. */
  payload: Uint8Array;
  /** The RTP marker bit: set on the last packet of a frame (access unit, temporal unit). */
  marker: boolean;
}

/** One received RTP packet as a depacketizer sees it. */
export interface ReceivedPayload {
  /** The RTP payload (after the header, extensions and padding). */
  payload: Uint8Array;
  /** The RTP marker bit. */
  marker: boolean;
  /** The RTP sequence number (16 bits). */
  sequenceNumber: number;
  /** The RTP timestamp (32 bits). */
  timestamp: number;
}

/** A complete frame a depacketizer reassembled. */
export interface DepacketizedFrame {
  /** The codec bitstream, as the encoder produced it (Annex B for H.264, OBUs with sizes for AV1). */
  data: Uint8Array;
  /** The RTP timestamp shared by the frame's packets. */
  timestamp: number;
  /** Sequence number of the frame's first packet. */
  firstSequenceNumber: number;
  /** Sequence number of the frame's last packet. */
  lastSequenceNumber: number;
  /** Whether the frame is independently decodable (key frame, IDR, new coded video sequence). */
  keyFrame: boolean;
  /** Frame width in pixels when the bitstream or descriptor says it (key frames). */
  width?: number;
  /** Frame height in pixels when the bitstream or descriptor says it (key frames). */
  height?: number;
  /** VP8/VP9 PictureID when the descriptor carries one. */
  pictureId?: number;
  /** Temporal layer index when the descriptor carries one. */
  temporalId?: number;
  /** Spatial layer index when the descriptor carries one (VP9, AV1 extension header). */
  spatialId?: number;
}

/** What a depacketizer counted; bad input is dropped and counted here, never thrown. */
export interface DepacketizerStats {
  /** Packets pushed. */
  packets: number;
  /** Packets whose payload did not parse (the frame they belonged to is dropped). */
  malformedPackets: number;
  /** Packets that belonged to no frame being assembled (its start was lost or reordered). */
  discardedPackets: number;
  /** Exact duplicates of the packet just before, ignored. */
  duplicatePackets: number;
  /** Frames emitted. */
  frames: number;
  /** Frames given up: a packet lost, reordered or malformed, fragments that did not join up. */
  droppedFrames: number;
  /** Of droppedFrames, those larger than the frame size cap. */
  oversizeFrames: number;
}
