// The standalone W3C objects: candidates, descriptions, errors, events, stats reports,
// media streams and tracks, media devices and DTMF, with the internal factories and hooks
// the peer connection classes use. Importing this registers each interface for the polyfill.
export {
  RTCIceCandidate,
  parsedCandidate,
  convertIceCandidateInit,
  type RTCIceCandidateInit,
  type RTCLocalIceCandidateInit,
  type RTCIceComponent,
  type RTCIceServerTransportProtocol,
} from './ice-candidate.js';
export {
  RTCSessionDescription,
  convertSdpType,
  convertSessionDescriptionInit,
  type RTCSdpType,
  type RTCSessionDescriptionInit,
} from './session-description.js';
export { RTCError, OverconstrainedError, type RTCErrorDetailType, type RTCErrorInit } from './error.js';
export {
  RTCPeerConnectionIceEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCTrackEvent,
  RTCDataChannelEvent,
  RTCDTMFToneChangeEvent,
  RTCErrorEvent,
  MediaStreamTrackEvent,
  type RTCPeerConnectionIceEventInit,
  type RTCPeerConnectionIceErrorEventInit,
  type RTCTrackEventInit,
  type RTCDataChannelEventInit,
  type RTCDTMFToneChangeEventInit,
  type RTCErrorEventInit,
  type MediaStreamTrackEventInit,
} from './events.js';
export { RTCStatsReport, createStatsReport } from './stats-report.js';
export {
  MediaStream,
  createMediaStream,
  addTrackToStream,
  removeTrackFromStream,
  type CreateStreamOptions,
} from './media-stream.js';
export {
  MediaStreamTrack,
  createMediaStreamTrack,
  getTrackSource,
  setTrackMuted,
  endTrack,
  type CreateTrackOptions,
  type MediaStreamTrackState,
} from './media-stream-track.js';
export { TrackSource, type TrackSourceInit, type MediaKind } from './track-source.js';
export type {
  MediaTrackConstraints,
  MediaTrackConstraintSet,
  MediaTrackCapabilities,
  MediaTrackSettings,
} from './constraints.js';
export {
  MediaDevices,
  MediaDeviceInfo,
  InputDeviceInfo,
  mediaDevices,
  type MediaStreamConstraints,
  type MediaTrackSupportedConstraints,
} from './media-devices.js';
export { RTCDTMFSender, createDTMFSender, type DTMFSenderOptions } from './dtmf-sender.js';
