// Public face of the interop harness.
export {
  BROWSER_KINDS,
  BrowserMissingError,
  EVALUATE_TIMEOUT_MS,
  LAUNCH_TIMEOUT_MS,
  PageError,
  findExecutable,
  launch,
  launchChromium,
  launchFirefox,
  type Browser,
  type BrowserKind,
  type LaunchOptions,
  type Page,
  type PageFunction,
} from './browser.js';
export { startPageServer, type PageServer } from './server.js';
export { TimeoutError, settleWithin, withTimeout } from './timeout.js';
export { ScenarioSkip, type Scenario, type ScenarioContext } from './scenario.js';
export type { IceCandidateInit, PageDataChannel, PageGlobals, PageRtcError, PagePeerConnection, PageStream, PageTrack, PageTransceiver, SessionDescription } from './page-types.js';
export { loadRTCPeerConnection, plainDescription, type NodeDataChannel, type NodePeerConnection, type NodePeerConnectionConstructor, type NodeTransceiver } from './purertc.js';
export { mediaSections, type MediaSection } from './sdp.js';
export { loudNotice } from './notice.js';
export { applyRemote, closePeer, createPeer, gatheredDescription, makeAnswer, makeOffer, peerState, type PeerSetup, type PeerState, type TransceiverState } from './page-peer.js';
export { LOOPBACK_NETWORK, NAMESPACE_NETWORK, candidateAddress, filterSdpCandidates, type InteropNetwork } from './network.js';
export { makePayload, digestOf, describeDigest, type Digest, type PayloadSpec } from './payload.js';
export type { ChannelEvent, ChannelInfo, EchoRecord, PeerReport } from './dc-types.js';
export { installKit, type RemoteDcKit } from './dc-page.js';
export type { DcKit, MessagePlan } from './page-kit.js';
export { NodeDcPeer } from './node-dc.js';
export { PAGE_PEER, openSession, type ChannelSpec, type DcSession, type SessionOptions, type Side } from './dc-session.js';
