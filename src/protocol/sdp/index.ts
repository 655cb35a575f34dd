// Public face of the SDP grammar layer: the line model, its parser and serializer, and
// typed views of the attribute values WebRTC uses. No offer/answer logic lives here.
export { ParseError, type SdpErrorCode } from './errors.js';
export type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMedia,
  SdpOrigin,
  SdpSession,
  SdpTiming,
} from './types.js';
export { parseSdp, serializeSdp, parseConnection, serializeConnection } from './session.js';
export {
  getAttribute,
  getAttributes,
  hasAttribute,
  getDirection,
  setDirection,
  isDirection,
  isExtmapAllowMixed,
  type SdpDirection,
} from './attributes.js';
export { parseRtpmap, serializeRtpmap, type Rtpmap } from './rtpmap.js';
export { parseFmtp, serializeFmtp, parseFmtpParameters, serializeFmtpParameters, type Fmtp } from './fmtp.js';
export { parseRtcpFeedback, serializeRtcpFeedback, type RtcpFeedback } from './rtcp-fb.js';
export { parseExtmap, serializeExtmap, type Extmap, type ExtmapDirection } from './extmap.js';
export { parseRtcp, serializeRtcp, type Rtcp } from './rtcp.js';
export {
  parseSsrc,
  serializeSsrc,
  parseSsrcGroup,
  serializeSsrcGroup,
  type SsrcAttribute,
  type SsrcGroup,
} from './ssrc.js';
export {
  parseMsid,
  serializeMsid,
  parseMsidSemantic,
  serializeMsidSemantic,
  type Msid,
  type MsidSemantic,
} from './msid.js';
export { parseGroup, serializeGroup, type Group } from './group.js';
export {
  parseFingerprint,
  serializeFingerprint,
  fingerprintBytes,
  formatFingerprintValue,
  type Fingerprint,
} from './fingerprint.js';
export { parseSetup, serializeSetup, type SetupRole } from './setup.js';
export { parseRid, serializeRid, isRidId, type Rid, type RidDirection } from './rid.js';
export { parseSimulcast, serializeSimulcast, type Simulcast, type SimulcastRid } from './simulcast.js';
export { parseSctpPort, serializeSctpPort, parseMaxMessageSize, serializeMaxMessageSize } from './sctp.js';
export { parseIceOptions, serializeIceOptions } from './ice-options.js';
