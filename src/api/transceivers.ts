// The API objects of one connection's transceivers (W3C WebRTC §5): an RTCRtpTransceiver
// with its sender and receiver per jsep/ record, made on first use, the remote MediaStreams
// by id, and what a description applied does to them — receiver tracks muted, added to or
// removed from streams, track events, receiver tracks ended (W3C §4.4.1.6).
import type { ApplyResult } from '../jsep/session.js';
import type { Direction, TransceiverRecord } from '../jsep/model.js';
import type { JsepSession } from '../jsep/session.js';
import { RTCTrackEvent } from './events.js';
import { MediaStream, addTrackToStream, createMediaStream, removeTrackFromStream } from './media-stream.js';
import { MediaStreamTrack, createMediaStreamTrack, endTrack, setTrackMuted } from './media-stream-track.js';
import { queueTask } from './operations.js';
import type { PeerConnectionHooks } from './pc-internal.js';
import { RTCRtpReceiver } from './rtp-receiver.js';
import { RTCRtpSender, setSenderTrack, validateSendEncodings, type Encoding } from './rtp-sender.js';
import { RTCRtpTransceiver } from './rtp-transceiver.js';
import * as idl from './webidl.js';

export interface TransceiverEntry {
  api: RTCRtpTransceiver;
  sender: RTCRtpSender;
  receiver: RTCRtpReceiver;
}

export class Transceivers {
  readonly #entries = new Map<TransceiverRecord, TransceiverEntry>();
  readonly #remoteStreams = new Map<string, MediaStream>();

  constructor(
    private readonly jsep: JsepSession,
    private readonly hooks: () => PeerConnectionHooks,
  ) {}

  /** Every record with its API objects, in creation order. */
  entries(): IterableIterator<[TransceiverRecord, TransceiverEntry]> {
    return this.#entries.entries();
  }

  /** The API objects of every transceiver made so far. */
  values(): IterableIterator<TransceiverEntry> {
    return this.#entries.values();
  }

  /** The API objects of `record`, made on first use (a sender with `track` and `encodings`). */
  entryFor(record: TransceiverRecord, track: MediaStreamTrack | null = null, encodings: Encoding[] = []): TransceiverEntry {
    const existing = this.#entries.get(record);
    if (existing) return existing;
    const hooks = this.hooks();
    const receiverTrack = createMediaStreamTrack({
      kind: record.kind,
      id: record.receiver.trackId,
      label: `remote ${record.kind}`,
      remote: true,
      muted: true,
    });
    const sender = new RTCRtpSender(
      idl.INTERNAL,
      record,
      hooks,
      track,
      encodings.length ? encodings : validateSendEncodings(record.kind, []),
      () => ({ currentDirection: record.currentDirection, stopping: record.stopping }),
    );
    const receiver = new RTCRtpReceiver(idl.INTERNAL, record, hooks, receiverTrack);
    const api = new RTCRtpTransceiver(idl.INTERNAL, record, hooks, sender, receiver, () => {
      // W3C §5.4 stop the RTCRtpTransceiver: the sender stops sending now (an RTCP BYE for
      // what it sent); the receiver's track ends in a queued task.
      hooks.media().sender.attach();
      queueTask(() => endTrack(receiver.track));
    });
    const entry = { api, sender, receiver };
    this.#entries.set(record, entry);
    return entry;
  }

  /** A new transceiver (addTransceiver, or addTrack with none to reuse). */
  add(kind: 'audio' | 'video', track: MediaStreamTrack | null, direction: Direction, streamIds: string[], encodings: Encoding[], byAddTrack: boolean): TransceiverEntry {
    const record = this.jsep.addTransceiver(kind, direction, byAddTrack);
    record.sender.trackId = track?.id ?? null;
    record.sender.trackKind = track ? kind : null;
    record.sender.streamIds = streamIds;
    if (encodings.length > 1) record.sender.rids = encodings.map((e) => e.rid!);
    return this.entryFor(record, track, encodings);
  }

  /** W3C §5.1 addTrack step 7: a transceiver of `kind` whose sender never sent and has no track. */
  reusable(kind: 'audio' | 'video'): TransceiverRecord | undefined {
    return this.jsep.transceivers.find((rec) => {
      const e = this.entryFor(rec);
      return (
        rec.kind === kind &&
        !rec.stopping &&
        !rec.stopped &&
        e.sender.track === null &&
        // "has ever been used to send": a negotiated sending direction in a stable description.
        rec.currentDirection !== 'sendrecv' &&
        rec.currentDirection !== 'sendonly'
      );
    });
  }

  /** addTrack on a reused transceiver: its sender takes `track`, and the direction gains send. */
  adoptTrack(record: TransceiverRecord, track: MediaStreamTrack, streamIds: string[]): RTCRtpSender {
    const e = this.entryFor(record);
    setSenderTrack(e.sender, track);
    record.sender.trackId = track.id;
    record.sender.trackKind = record.kind;
    record.sender.streamIds = streamIds;
    // A rollback keeps a remote-offer transceiver that addTrack adopted (W3C §4.4.1.6);
    // one made by addTransceiver stays unable to pair with a remote offer (JSEP §5.10).
    if (record.mid !== null) record.createdByAddTrack = true;
    if (record.direction === 'recvonly') record.direction = 'sendrecv';
    else if (record.direction === 'inactive') record.direction = 'sendonly';
    return e.sender;
  }

  /** The record whose sender is `sender`, if this connection made it. */
  recordOf(sender: RTCRtpSender): TransceiverRecord | undefined {
    for (const [record, e] of this.#entries) if (e.sender === sender) return record;
    return undefined;
  }

  /** removeTrack: the sender drops its track, and the direction loses send. */
  releaseTrack(record: TransceiverRecord, sender: RTCRtpSender): void {
    setSenderTrack(sender, null);
    record.sender.trackId = null;
    record.sender.trackKind = null;
    if (record.direction === 'sendrecv') record.direction = 'recvonly';
    else if (record.direction === 'sendonly') record.direction = 'inactive';
  }

  /**
   * W3C §4.4.1.6, after signalingstatechange: receiver tracks muted, added to and removed
   * from remote streams, track events at `target`, receiver tracks of stopped transceivers
   * ended in a queued task; removed transceivers leave only then, as their tracks took part.
   */
  announce(result: ApplyResult, target: EventTarget): void {
    for (const t of result.muted) setTrackMuted(this.entryFor(t).receiver.track, true);
    for (const [streamId, t, added] of result.streamChanges) {
      const stream = this.#remoteStream(streamId);
      const track = this.entryFor(t).receiver.track;
      // Both hooks check membership in the stream's set (no copy of its tracks per change).
      if (added) addTrackToStream(stream, track);
      else removeTrackFromStream(stream, track);
    }
    for (const ev of result.trackEvents) {
      const entry = this.entryFor(ev.transceiver);
      const streams = ev.streamIds.map((id) => this.#remoteStream(id));
      target.dispatchEvent(new RTCTrackEvent('track', { receiver: entry.receiver, track: entry.receiver.track, streams, transceiver: entry.api }));
    }
    for (const t of result.stopped) {
      const track = this.entryFor(t).receiver.track;
      queueTask(() => endTrack(track));
    }
    for (const t of result.removed) this.#entries.delete(t);
  }

  /** close(): every transceiver stopped, its receiver track ended. */
  closeAll(): void {
    for (const rec of this.jsep.transceivers) {
      const e = this.entryFor(rec);
      rec.stopping = true;
      rec.stopped = true;
      rec.direction = 'stopped';
      rec.currentDirection = 'stopped';
      endTrack(e.receiver.track);
    }
  }

  #remoteStream(id: string): MediaStream {
    let s = this.#remoteStreams.get(id);
    if (!s) {
      s = createMediaStream({ id });
      this.#remoteStreams.set(id, s);
    }
    return s;
  }
}
