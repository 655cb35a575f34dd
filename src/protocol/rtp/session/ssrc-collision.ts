// SSRC collisions with the peer (RFC 3550 §8.2): when the peer's packets carry one of our
// SSRCs, our encoding draws a new one, says BYE for the old and reports the change.
import type { RtpSession } from './session.js';
import type { SendStream } from './send-stream.js';

/** RFC 3550 §8.2: the peer sends with one of our SSRCs; our stream moves to a new one (a BYE goes for the old). */
export function resolveCollision(session: RtpSession, stream: SendStream): void {
  session.counters.ssrcCollisions++;
  const old = stream.ssrc;
  let ssrc = old;
  // A free SSRC among 2^32 is found at the first draw but for astronomically rare luck.
  for (let i = 0; i < 16 && (ssrc === old || session.sendBySsrc.has(ssrc) || session.demux.lookup(ssrc) !== undefined); i++) ssrc = session.options.random.uint32();
  if (ssrc === old) return;
  if (stream.hasSent) session.sendBye([old], 'SSRC collision');
  session.sendBySsrc.delete(old);
  stream.ssrc = ssrc;
  session.sendBySsrc.set(ssrc, stream);
  session.events.push({ type: 'local-ssrc-changed', senderId: stream.sender.id, encodingIndex: stream.encodingIndex, oldSsrc: old, newSsrc: ssrc });
}
