// MediaStream (Media Capture §4.2): an ordered set of tracks with an id. Script-driven
// addTrack/removeTrack fire no events; the internal hooks below (used when a remote
// description adds or removes tracks) fire addtrack/removetrack.
import { randomUUID } from 'node:crypto';
import { DOMString, finishInterface, interfaceType, requireArgs, sequence } from './webidl.js';
import { defineEventHandlers } from './event-handlers.js';
import { interfaces } from './interfaces.js';
import { MediaStreamTrack } from './media-stream-track.js';
import { MediaStreamTrackEvent } from './media-stream-track-event.js';

const trackType = interfaceType('MediaStreamTrack', MediaStreamTrack);
const trackSequence = sequence(trackType);

let tracksOf: (s: MediaStream) => Set<MediaStreamTrack>;
let setId: (s: MediaStream, id: string) => void;

/** A set of tracks that play together (Media Capture §4.2). */
export class MediaStream extends EventTarget {
  #id: string = randomUUID();
  #tracks = new Set<MediaStreamTrack>();
  /** Event handler for `addtrack`. */
  declare onaddtrack: ((this: MediaStream, ev: MediaStreamTrackEvent) => unknown) | null;
  /** Event handler for `removetrack`. */
  declare onremovetrack: ((this: MediaStream, ev: MediaStreamTrackEvent) => unknown) | null;

  static {
    tracksOf = (s) => s.#tracks;
    setId = (s, id) => {
      s.#id = id;
    };
  }

  /** new MediaStream(), new MediaStream(stream) or new MediaStream(tracks) (§4.2.1). */
  constructor(streamOrTracks?: MediaStream | Iterable<MediaStreamTrack>) {
    super();
    if (arguments.length === 0) return;
    const ctx = "Failed to construct 'MediaStream'";
    // WebIDL overload resolution: a MediaStream, else a sequence<MediaStreamTrack>.
    const tracks =
      streamOrTracks instanceof MediaStream
        ? [...streamOrTracks.#tracks]
        : trackSequence(streamOrTracks, `${ctx}: parameter 1`);
    for (const t of tracks) this.#tracks.add(t);
  }

  /** The stream's identifier (a UUID unless set from a remote msid). */
  get id(): string {
    return this.#id;
  }
  /** True while at least one track is not ended. */
  get active(): boolean {
    for (const t of this.#tracks) if (t.readyState !== 'ended') return true;
    return false;
  }

  /** The audio tracks, in insertion order. */
  getAudioTracks(): MediaStreamTrack[] {
    return [...this.#tracks].filter((t) => t.kind === 'audio');
  }
  /** The video tracks, in insertion order. */
  getVideoTracks(): MediaStreamTrack[] {
    return [...this.#tracks].filter((t) => t.kind === 'video');
  }
  /** All tracks, in insertion order. */
  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }
  /** The track with this id, or null. */
  getTrackById(trackId: string): MediaStreamTrack | null {
    const ctx = "Failed to execute 'getTrackById' on 'MediaStream'";
    requireArgs(arguments.length, 1, ctx);
    const id = DOMString(trackId, `${ctx}: parameter 1`);
    for (const t of this.#tracks) if (t.id === id) return t;
    return null;
  }
  /** Adds a track (no event; no-op if already present). */
  addTrack(track: MediaStreamTrack): void {
    const ctx = "Failed to execute 'addTrack' on 'MediaStream'";
    requireArgs(arguments.length, 1, ctx);
    this.#tracks.add(trackType(track, `${ctx}: parameter 1`));
  }
  /** Removes a track (no event; no-op if absent). */
  removeTrack(track: MediaStreamTrack): void {
    const ctx = "Failed to execute 'removeTrack' on 'MediaStream'";
    requireArgs(arguments.length, 1, ctx);
    this.#tracks.delete(trackType(track, `${ctx}: parameter 1`));
  }
  /** A new stream with a new id holding a clone of every track. */
  clone(): MediaStream {
    const s = new MediaStream();
    for (const t of this.#tracks) s.#tracks.add(t.clone());
    return s;
  }
}

defineEventHandlers(MediaStream, ['addtrack', 'removetrack']);
finishInterface(MediaStream, {
  lengths: {
    getAudioTracks: 0,
    getVideoTracks: 0,
    getTracks: 0,
    getTrackById: 1,
    addTrack: 1,
    removeTrack: 1,
    clone: 0,
  },
  ctorLength: 0,
});
interfaces.MediaStream = MediaStream;

/** Options for {@link createMediaStream}. */
export interface CreateStreamOptions {
  /** Stream id (a remote msid); a fresh UUID by default. */
  id?: string;
  /** Initial tracks. */
  tracks?: Iterable<MediaStreamTrack>;
}

/** Internal factory: a stream with a chosen id (e.g. a remote stream from `a=msid`). */
export function createMediaStream(options: CreateStreamOptions = {}): MediaStream {
  const s = new MediaStream();
  if (options.id !== undefined) setId(s, options.id);
  for (const t of options.tracks ?? []) tracksOf(s).add(t);
  return s;
}

/**
 * Internal hook, WebRTC 1.0 §4.4.1.6 "add a track to a MediaStream": adds `track` and fires
 * `addtrack` synchronously. Returns false (and fires nothing) if it was already there.
 */
export function addTrackToStream(stream: MediaStream, track: MediaStreamTrack): boolean {
  const set = tracksOf(stream);
  if (set.has(track)) return false;
  set.add(track);
  stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
  return true;
}

/**
 * Internal hook, WebRTC 1.0 §4.4.1.6 "remove a track from a MediaStream": removes `track`
 * and fires `removetrack` synchronously. Returns false if it was not there.
 */
export function removeTrackFromStream(stream: MediaStream, track: MediaStreamTrack): boolean {
  const set = tracksOf(stream);
  if (!set.delete(track)) return false;
  stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
  return true;
}
