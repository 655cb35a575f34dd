// The feedback a receive stream asks the session to send: generic NACKs for the packets its
// list says are due (RFC 4585 §6.2.1), and key frame requests when frames were lost — PLI
// (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) as negotiated, at most one per interval.
import { nackPairsFromSequences } from '../rtcp-nack.js';
import type { ReceiveStream } from './receive-stream.js';
import type { RtpSession } from './session.js';

/** Most NACK entries per packet: a 1200-byte datagram holds about 280 behind the compound prefix. */
const MAX_NACK_PAIRS = 250;

/** Queues the NACKs `stream` has due at `nowMs`, spaced by the session's RTT. */
export function queueNacks(session: RtpSession, stream: ReceiveStream, nowMs: number): void {
  const lost = stream.nackDue(nowMs, session.nackRttMs);
  if (lost.length === 0) return;
  const pairs = nackPairsFromSequences(lost);
  for (let i = 0; i < pairs.length; i += MAX_NACK_PAIRS) {
    session.pendingFeedback.push({ type: 'nack', senderSsrc: session.feedbackSsrc, mediaSsrc: stream.ssrc, pairs: pairs.slice(i, i + MAX_NACK_PAIRS) });
    stream.counters.nackCount++;
  }
}

/**
 * Asks for a key frame for `stream` unless one was asked within keyFrameRequestIntervalMs
 * (RFC 4585 §3.5.1 leaves the pacing of such requests to the sender of them). An `explicit`
 * request (from the API) raises no event; one caused by loss raises key-frame-needed.
 */
export function requestKeyFrame(session: RtpSession, stream: ReceiveStream, nowMs: number, explicit: boolean): void {
  const codecs = stream.slot.receiver.desc.codecs;
  let requested: 'pli' | 'fir' | false = false;
  if (nowMs - stream.lastKeyFrameRequestMs >= session.options.keyFrameRequestIntervalMs) {
    if (codecs.some((c) => c.feedback?.pli === true)) requested = 'pli';
    else if (codecs.some((c) => c.feedback?.fir === true)) requested = 'fir';
  }
  if (requested === 'pli') {
    session.pendingFeedback.push({ type: 'pli', senderSsrc: session.feedbackSsrc, mediaSsrc: stream.ssrc });
    stream.counters.pliCount++;
  } else if (requested === 'fir') {
    // RFC 5104 §4.3.1.2: media SSRC 0, the source in the entry, a new command sequence number.
    stream.firSequence = (stream.firSequence + 1) & 0xff;
    session.pendingFeedback.push({ type: 'fir', senderSsrc: session.feedbackSsrc, mediaSsrc: 0, entries: [{ ssrc: stream.ssrc, sequenceNumber: stream.firSequence }] });
    stream.counters.firCount++;
  }
  if (requested !== false) stream.lastKeyFrameRequestMs = nowMs;
  if (!explicit) session.events.push({ type: 'key-frame-needed', receiverId: stream.receiverId, ssrc: stream.ssrc, requested });
}
