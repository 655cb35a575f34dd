// Applying a new description to a running session: new lookup tables, learned SSRCs kept where
// their receiver survives, receive streams kept while their SSRC still maps to the same
// receiver, send streams kept by sender id and SSRC (and resumed by them when a later
// description brings them back).
import { Extmap } from '../extmap.js';
import type { EncodingDescription, RtpSessionDescription } from './config.js';
import { RtpDemux } from './demux.js';
import { SendStream } from './send-stream.js';
import type { RtpSession } from './session.js';

/** Send streams remembered after a description took them away (session.retiredSendStreams). */
const MAX_RETIRED_SEND_STREAMS = 64;

/** Installs `description` in `session`; returns the send streams that sent and went away or inactive (they say BYE). */
export function applyDescription(session: RtpSession, description: RtpSessionDescription): SendStream[] {
  const o = session.options;
  session.description = description;
  session.extmap = new Extmap(description.extensions ?? [], { allowMixed: description.extmapAllowMixed === true });
  const old = session.demux;
  session.demux = new RtpDemux(description.receivers ?? [], session.extmap, { maxStreams: o.maxReceiveStreams, cooldownMs: o.ssrcSwitchCooldownMs });
  for (const entry of old.entries) {
    const next = session.demux.entries.find((e) => e.desc.id === entry.desc.id);
    if (next === undefined) continue;
    for (const slot of entry.slots.values()) {
      if (!slot.signalled && slot.ssrc !== undefined) session.demux.rebind(next, slot.key, slot.rid, slot.ssrc, slot.rtxSsrc, slot.boundMs);
    }
  }
  for (const [ssrc, stream] of session.receiveStreams) {
    const now = session.demux.lookup(ssrc);
    if (now === undefined || now.rtx || now.slot.receiver.desc.id !== stream.receiverId) session.removeReceiveStream(ssrc);
  }
  session.observers.retain(new Set((description.receivers ?? []).map((r) => r.id)));
  const previous = session.sendStreams;
  const next: SendStream[] = [];
  const stopped: SendStream[] = [];
  for (const sender of description.senders ?? []) {
    sender.encodings.forEach((encoding: EncodingDescription, i: number) => {
      const kept = previous.find((s) => s.sender.id === sender.id && s.ssrc === encoding.ssrc) ?? takeRetired(session, sender.id, encoding);
      if (kept !== undefined) {
        kept.sender = sender;
        kept.encodingIndex = i;
        if (kept.active && encoding.active === false && kept.hasSent) stopped.push(kept);
        kept.setActive(encoding.active !== false);
        kept.maxBitrateBps = encoding.maxBitrateBps;
        next.push(kept);
      } else {
        next.push(new SendStream(sender, i, encoding, o.random, o.historyMaxPackets, o.historyMaxAgeMs));
      }
    });
  }
  session.sendStreams = next;
  session.sendBySsrc.clear();
  for (const s of next) session.sendBySsrc.set(s.ssrc, s);
  const gone = previous.filter((s) => !next.includes(s));
  // A stream made inactive before (setParameters, a stopped transceiver) said BYE then.
  const leaving = gone.filter((s) => s.hasSent && s.active);
  for (const s of gone) {
    // What waited in the pacer is not sent (counted as discarded).
    s.setActive(false);
    session.retiredSendStreams.delete(s.ssrc);
    session.retiredSendStreams.set(s.ssrc, s);
  }
  // Bounded: the oldest retired streams are forgotten first.
  for (const ssrc of session.retiredSendStreams.keys()) {
    if (session.retiredSendStreams.size <= MAX_RETIRED_SEND_STREAMS) break;
    session.retiredSendStreams.delete(ssrc);
  }
  return [...leaving, ...stopped];
}

/** The retired stream of `encoding`'s SSRC, taken out, if it was this sender's with the same RTX SSRC and rid. */
function takeRetired(session: RtpSession, senderId: string, encoding: EncodingDescription): SendStream | undefined {
  const retired = session.retiredSendStreams.get(encoding.ssrc);
  if (retired === undefined) return undefined;
  session.retiredSendStreams.delete(encoding.ssrc);
  return retired.sender.id === senderId && retired.rtxSsrc === encoding.rtxSsrc && retired.rid === encoding.rid ? retired : undefined;
}
