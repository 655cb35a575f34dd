// MediaStreamTrack (Media Capture §4.3): one audio or video track. The W3C object is a thin
// view over a shared TrackSource; clones share the source, so muting or ending it reaches
// every clone.
import { randomUUID } from 'node:crypto';
import { DOMString, INTERNAL, boolean, finishInterface, illegalConstructor } from './webidl.js';
import { defineEventHandlers } from './event-handlers.js';
import { interfaces } from './interfaces.js';
import {
  convertConstraints,
  copy,
  selectSettings,
  type MediaTrackCapabilities,
  type MediaTrackConstraints,
  type MediaTrackSettings,
} from './constraints.js';
import { OverconstrainedError } from './error.js';
import { TrackSource, type MediaKind, type SourceObserver } from './track-source.js';

/** MediaStreamTrackState */
export type MediaStreamTrackState = 'live' | 'ended';

// mst-content-hint §2: the hints valid for each kind ('' means none).
const CONTENT_HINTS: Record<MediaKind, ReadonlySet<string>> = {
  audio: new Set(['', 'speech', 'speech-recognition', 'music']),
  video: new Set(['', 'motion', 'detail', 'text']),
};

interface TrackState {
  id: string;
  source: TrackSource;
  enabled: boolean;
  muted: boolean;
  readyState: MediaStreamTrackState;
  contentHint: string;
  constraints: MediaTrackConstraints;
  settings: MediaTrackSettings;
}

let sourceOf: (t: MediaStreamTrack) => TrackSource;
let construct: (state: TrackState) => MediaStreamTrack;

/** A single media track (Media Capture §4.3). Script cannot construct one. */
export class MediaStreamTrack extends EventTarget {
  #id: string;
  #kind: MediaKind;
  #label: string;
  #enabled: boolean;
  #muted: boolean;
  #readyState: MediaStreamTrackState;
  #contentHint: string;
  #constraints: MediaTrackConstraints;
  #settings: MediaTrackSettings;
  /** Where media comes from; frames will attach here. */
  #source: TrackSource;
  #observer: SourceObserver;
  /** Event handler for `mute`. */
  declare onmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  /** Event handler for `unmute`. */
  declare onunmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  /** Event handler for `ended`. */
  declare onended: ((this: MediaStreamTrack, ev: Event) => unknown) | null;

  static {
    sourceOf = (t) => t.#source;
    construct = (state) => new MediaStreamTrack(INTERNAL, state);
  }

  /** Internal: tracks come from getUserMedia, RTCRtpReceiver or clone(). */
  constructor(token?: typeof INTERNAL, state?: TrackState) {
    if (token !== INTERNAL || !state) throw illegalConstructor();
    super();
    this.#id = state.id;
    this.#source = state.source;
    this.#kind = state.source.kind;
    this.#label = state.source.label;
    this.#enabled = state.enabled;
    this.#muted = state.muted;
    this.#readyState = state.readyState;
    this.#contentHint = state.contentHint;
    this.#constraints = state.constraints;
    this.#settings = state.settings;
    this.#observer = {
      onSourceMuted: (muted) => {
        // Media Capture §4.3.1.1 "set a track's muted state".
        if (this.#readyState === 'ended' || this.#muted === muted) return;
        this.#muted = muted;
        this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
      },
      onSourceEnded: () => {
        // Media Capture §4.3.1.2: the track ends for a reason other than stop().
        if (this.#readyState === 'ended') return;
        this.#readyState = 'ended';
        this.dispatchEvent(new Event('ended'));
      },
    };
    if (this.#readyState === 'live') this.#source.attach(this.#observer);
  }

  /** 'audio' or 'video'. */
  get kind(): string {
    return this.#kind;
  }
  /** A unique identifier (a UUID). */
  get id(): string {
    return this.#id;
  }
  /** Human-readable source label, e.g. the device name. */
  get label(): string {
    return this.#label;
  }
  /** When false the track renders silence or black frames. */
  get enabled(): boolean {
    return this.#enabled;
  }
  set enabled(value: boolean) {
    this.#enabled = boolean(value, "Failed to set the 'enabled' property on 'MediaStreamTrack'");
  }
  /** Whether the source is currently unable to provide media. */
  get muted(): boolean {
    return this.#muted;
  }
  /** 'live' or 'ended'. */
  get readyState(): MediaStreamTrackState {
    return this.#readyState;
  }
  /** A hint to encoders about the content (mst-content-hint); invalid values are ignored. */
  get contentHint(): string {
    return this.#contentHint;
  }
  set contentHint(value: string) {
    const hint = DOMString(value, "Failed to set the 'contentHint' property on 'MediaStreamTrack'");
    if (CONTENT_HINTS[this.#kind].has(hint)) this.#contentHint = hint;
  }

  /** A new track with a new id and the same source, state and constraints (§4.3.1.3). */
  clone(): MediaStreamTrack {
    return construct({
      id: randomUUID(),
      source: this.#source,
      enabled: this.#enabled,
      muted: this.#muted,
      readyState: this.#readyState,
      contentHint: this.#contentHint,
      constraints: copy(this.#constraints),
      settings: copy(this.#settings),
    });
  }

  /** Ends the track without firing `ended`; the source stops when no track uses it. */
  stop(): void {
    if (this.#readyState === 'ended') return;
    this.#readyState = 'ended';
    this.#source.detach(this.#observer);
  }

  /** What the source can do. */
  getCapabilities(): MediaTrackCapabilities {
    return copy(this.#source.capabilities);
  }
  /** The constraints last applied successfully. */
  getConstraints(): MediaTrackConstraints {
    return copy(this.#constraints);
  }
  /** The current value of each constrainable property. */
  getSettings(): MediaTrackSettings {
    return copy(this.#settings);
  }

  /** Applies new constraints; rejects with OverconstrainedError when they cannot be met. */
  async applyConstraints(constraints: MediaTrackConstraints = {}): Promise<undefined> {
    const c = convertConstraints(constraints, "Failed to execute 'applyConstraints' on 'MediaStreamTrack'");
    if (this.#readyState === 'ended') {
      this.#constraints = c;
      return undefined;
    }
    const result = selectSettings(this.#source.capabilities, this.#source.settings, c);
    if ('failed' in result) {
      throw new OverconstrainedError(result.failed, `Cannot satisfy constraint '${result.failed}'.`);
    }
    this.#constraints = c;
    this.#settings = result.settings;
    return undefined;
  }
}

defineEventHandlers(MediaStreamTrack, ['mute', 'unmute', 'ended']);
finishInterface(MediaStreamTrack, {
  lengths: {
    clone: 0,
    stop: 0,
    getCapabilities: 0,
    getConstraints: 0,
    getSettings: 0,
    applyConstraints: 0,
  },
  ctorLength: 0,
});
interfaces.MediaStreamTrack = MediaStreamTrack;

/** Options for {@link createMediaStreamTrack}. */
export interface CreateTrackOptions {
  /** 'audio' or 'video' (ignored when `source` is given). */
  kind: MediaKind;
  /** Label (ignored when `source` is given). */
  label?: string;
  /** True for a receiver's track. */
  remote?: boolean;
  /** Initial muted state (a new remote track starts muted per WebRTC 1.0 §5.3). */
  muted?: boolean;
  /** Track id; a fresh UUID by default. */
  id?: string;
  /** An existing source to share; a new one is made from the options above otherwise. */
  source?: TrackSource;
  /** Source capabilities (for a new source). */
  capabilities?: MediaTrackCapabilities;
  /** Initial settings (default: the source's). */
  settings?: MediaTrackSettings;
  /** Constraints the track was created with (getUserMedia). */
  constraints?: MediaTrackConstraints;
}

/** Internal factory: a live MediaStreamTrack on a new or given source. */
export function createMediaStreamTrack(options: CreateTrackOptions): MediaStreamTrack {
  const source =
    options.source ??
    new TrackSource({
      kind: options.kind,
      label: options.label ?? '',
      remote: options.remote ?? false,
      muted: options.muted ?? false,
      capabilities: options.capabilities ?? {},
      settings: options.settings ?? {},
    });
  return construct({
    id: options.id ?? randomUUID(),
    source,
    enabled: true,
    muted: source.muted,
    readyState: source.ended ? 'ended' : 'live',
    contentHint: '',
    constraints: copy(options.constraints ?? {}),
    settings: copy(options.settings ?? source.settings),
  });
}

/** Internal: the source behind a track (shared by its clones). */
export function getTrackSource(track: MediaStreamTrack): TrackSource {
  return sourceOf(track);
}

/**
 * Internal hook: sets the muted state of the track's source; every live track of that
 * source fires `mute`/`unmute` synchronously (callers queue the task the spec asks for).
 */
export function setTrackMuted(track: MediaStreamTrack, muted: boolean): void {
  sourceOf(track).setMuted(muted);
}

/**
 * Internal hook: the source ended (remote track removed, device unplugged); every live
 * track of that source becomes `ended` and fires `ended` synchronously.
 */
export function endTrack(track: MediaStreamTrack): void {
  sourceOf(track).end();
}
