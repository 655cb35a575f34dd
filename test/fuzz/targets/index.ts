// Every fuzz target, in the order the short run and the CLI run them.
import type { AnyTarget } from '../harness/target.js';
import { dcepManager, dcepMessage } from './dcep.js';
import { dtlsConnection } from './dtls-connection.js';
import { dtlsMessages, dtlsReassembler, dtlsRecords } from './dtls.js';
import { iceTcpFraming } from './ice-tcp.js';
import { iceCandidateApi, jsepApply } from './jsep.js';
import { mediaAnnexB, mediaIvf, mediaOggOpus } from './media-files.js';
import { mdnsMessage } from './mdns.js';
import { rtcpCompound, rtpPacket } from './rtp.js';
import { rtpDepacketizers, rtpPayloadParsers } from './rtp-payload.js';
import { rtpSession } from './rtp-session.js';
import { sctpAssociation, sctpChunks, sctpPacket } from './sctp.js';
import { sdpAttributes, sdpSession } from './sdp.js';
import { srtpUnprotect } from './srtp.js';
import { transportStack } from './stack.js';
import { iceAgent, stunMessage } from './stun-ice.js';
import { turnClient, turnMessages } from './turn.js';

/** All targets. */
export const TARGETS: readonly AnyTarget[] = [
  sdpSession,
  sdpAttributes,
  jsepApply,
  iceCandidateApi,
  stunMessage,
  iceAgent,
  turnMessages,
  turnClient,
  dtlsRecords,
  dtlsMessages,
  dtlsReassembler,
  dtlsConnection,
  sctpPacket,
  sctpChunks,
  sctpAssociation,
  dcepMessage,
  dcepManager,
  srtpUnprotect,
  transportStack,
  rtpPacket,
  rtcpCompound,
  rtpPayloadParsers,
  rtpDepacketizers,
  rtpSession,
  mediaIvf,
  mediaOggOpus,
  mediaAnnexB,
  mdnsMessage,
  iceTcpFraming,
];
