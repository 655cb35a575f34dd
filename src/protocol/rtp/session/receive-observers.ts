// What a session notes of each received media packet besides its stream: the receiver's
// sources (W3C webrtc §5.3.4, with the RFC 6464 audio level) and, for a tapped receiver, a
// copy of the packet for the nonstandard raw RTP reader.
import { ParseError } from '../errors.js';
import { audioLevelExtension, type AudioLevel } from '../extension-values.js';
import type { Extmap } from '../extmap.js';
import type { HeaderExtension } from '../header-extensions.js';
import { rtpHeaderExtensions, type RtpPacket } from '../packet.js';
import type { RtpSessionEvent } from './events.js';
import { SourceTable } from './sources.js';

/** The per-receiver observers of one session. */
export class ReceiveObservers {
  private readonly sources = new Map<string, SourceTable>();
  private readonly tapped = new Set<string>();

  /** Turns the packet copies of a receiver on or off. */
  setTap(receiverId: string, on: boolean): void {
    if (on) this.tapped.add(receiverId);
    else this.tapped.delete(receiverId);
  }

  /** The sources table of a receiver (empty until a packet came). */
  table(receiverId: string): SourceTable {
    let t = this.sources.get(receiverId);
    if (t === undefined) this.sources.set(receiverId, (t = new SourceTable()));
    return t;
  }

  /** Drops the tables of receivers no longer described. */
  retain(receiverIds: ReadonlySet<string>): void {
    for (const id of this.sources.keys()) if (!receiverIds.has(id)) this.sources.delete(id);
  }

  /**
   * Notes `received` (the packet as it came) whose media form is `media` (RTX and RED
   * unwrapped; `mediaSsrc` its stream) for receiver `receiverId`.
   */
  onPacket(
    receiverId: string,
    rid: string | undefined,
    received: RtpPacket,
    media: { sequenceNumber: number; timestamp: number; marker: boolean; payloadType: number; payload: Uint8Array },
    mediaSsrc: number,
    retransmission: boolean,
    extmap: Extmap,
    nowMs: number,
    events: RtpSessionEvent[],
  ): void {
    if (!retransmission) {
      let level: AudioLevel | undefined;
      try {
        level = extmap.read(received, audioLevelExtension);
      } catch (err) {
        // A malformed level is not worth dropping the packet for: the source is noted without one.
        if (!(err instanceof ParseError)) throw err;
      }
      this.table(receiverId).onPacket(mediaSsrc, received.csrcs, received.timestamp, level, nowMs);
    }
    if (!this.tapped.has(receiverId)) return;
    events.push({
      type: 'rtp-packet',
      receiverId,
      rid,
      packet: {
        ssrc: mediaSsrc,
        payloadType: media.payloadType,
        sequenceNumber: media.sequenceNumber,
        timestamp: media.timestamp,
        marker: media.marker,
        csrcs: [...received.csrcs],
        extensions: copyExtensions(received),
        payload: media.payload.slice(),
        retransmission,
        receivedMs: nowMs,
      },
    });
  }
}

/** The packet's elements copied; a block that does not parse (already let through by the demux) gives none. */
function copyExtensions(p: RtpPacket): HeaderExtension[] {
  try {
    return rtpHeaderExtensions(p).map((e) => ({ id: e.id, data: e.data.slice() }));
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return [];
  }
}
