// Public face of the W3C API layer: every interface, plus the polyfill installer.
export { installGlobals, type InstallOptions } from './install.js';
export { interfaces } from './interfaces.js';
export { RTCPeerConnection } from './peer-connection.js';
export { RTCSessionDescription } from './session-description.js';
export { RTCIceCandidate } from './ice-candidate.js';
export { RTCCertificate, serializeCertificate, deserializeCertificate, type SerializedCertificate } from './certificate.js';
export { RTCRtpTransceiver } from './rtp-transceiver.js';
export { RTCRtpSender } from './rtp-sender.js';
export { RTCRtpReceiver } from './rtp-receiver.js';
export { RTCDataChannel } from './data-channel.js';
export { RTCIceTransport, RTCDtlsTransport, RTCSctpTransport, RTCIceCandidatePair } from './transports.js';
export { RTCError, OverconstrainedError } from './error.js';
export {
  RTCPeerConnectionIceEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCTrackEvent,
  RTCDataChannelEvent,
  RTCDTMFToneChangeEvent,
  RTCErrorEvent,
  MediaStreamTrackEvent,
} from './events.js';
export { RTCDTMFSender } from './dtmf-sender.js';
export { RTCStatsReport } from './stats-report.js';
export { MediaStream } from './media-stream.js';
export { MediaStreamTrack } from './media-stream-track.js';
export { MediaDevices, MediaDeviceInfo, InputDeviceInfo, mediaDevices } from './media-devices.js';
export { EncodedTrackSource, KeyFrameRequestEvent, receiverFrames, requestKeyFrame, type EncodedMediaFrame, type KeyFrameRequestReason, type ReceiverFramesOptions } from './encoded-media.js';
export { RtpTrackSource, receiverRtp, type ReceivedRtp, type RtpPacketInput } from './rtp-track-source.js';
export { UdpMux, type UdpMuxOptions, type UdpMuxStats } from '../io/index.js';
