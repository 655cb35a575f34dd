// Dictionaries the RTCPeerConnection methods take (W3C WebRTC §4.4, §5.1, §6.1).
import * as idl from './webidl.js';

/** RTCSdpType */
export const sdpTypeEnum = idl.enumeration('RTCSdpType', ['offer', 'pranswer', 'answer', 'rollback'] as const);

/** RTCOfferOptions (with the legacy offerToReceive members). */
export const offerOptions = idl.dictionary('RTCOfferOptions', {
  iceRestart: { type: idl.boolean, default: false },
  offerToReceiveAudio: { type: idl.boolean },
  offerToReceiveVideo: { type: idl.boolean },
});

/** RTCAnswerOptions */
export const answerOptions = idl.dictionary('RTCAnswerOptions', {});

/** RTCSessionDescriptionInit */
export const sessionDescriptionInit = idl.dictionary('RTCSessionDescriptionInit', {
  type: { type: sdpTypeEnum, required: true },
  sdp: { type: idl.DOMString, default: '' },
});

/** RTCLocalSessionDescriptionInit */
export const localSessionDescriptionInit = idl.dictionary('RTCLocalSessionDescriptionInit', {
  type: { type: sdpTypeEnum },
  sdp: { type: idl.DOMString, default: '' },
});

/** RTCIceCandidateInit */
export const iceCandidateInit = idl.dictionary('RTCIceCandidateInit', {
  candidate: { type: idl.DOMString, default: '' },
  sdpMid: { type: idl.nullable(idl.DOMString), default: null },
  sdpMLineIndex: { type: idl.nullable(idl.unsignedShort), default: null },
  usernameFragment: { type: idl.nullable(idl.DOMString), default: null },
});

/** RTCDataChannelInit */
export const dataChannelInit = idl.dictionary('RTCDataChannelInit', {
  ordered: { type: idl.boolean, default: true },
  maxPacketLifeTime: { type: idl.unsignedShortEnforced },
  maxRetransmits: { type: idl.unsignedShortEnforced },
  protocol: { type: idl.USVString, default: '' },
  negotiated: { type: idl.boolean, default: false },
  id: { type: idl.unsignedShortEnforced },
  // Nonstandard but widely used; accepted and ignored like browsers that dropped it.
  priority: { type: idl.enumeration('RTCPriorityType', ['very-low', 'low', 'medium', 'high'] as const), default: 'low' },
});
