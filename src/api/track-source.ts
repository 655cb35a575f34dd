// The source behind one or more MediaStreamTracks (Media Capture §4.3.1): a capture device,
// a synthetic generator or an RTP receiver. Clones of a track share its source, so muting
// or ending the source reaches every track. Encoded frames go from a source to its sinks
// (RTP senders) in encoded-media.ts; getUserMedia's sources make theirs in fake-media.ts.
import type { MediaTrackCapabilities, MediaTrackSettings } from './constraints.js';

/** Kind of media a source produces. */
export type MediaKind = 'audio' | 'video';

/** How a source is created. */
export interface TrackSourceInit {
  /** 'audio' or 'video'. */
  kind: MediaKind;
  /** The label tracks of this source get. */
  label?: string;
  /** True for a source fed by an RTCRtpReceiver. */
  remote?: boolean;
  /** Initial muted state (remote sources start muted). */
  muted?: boolean;
  /** What the source can do, for getCapabilities() and applyConstraints(). */
  capabilities?: MediaTrackCapabilities;
  /** Settings tracks start with. */
  settings?: MediaTrackSettings;
}

/** Callbacks a track registers with its source (internal). */
export interface SourceObserver {
  /** The source's muted state changed. */
  onSourceMuted(muted: boolean): void;
  /** The source ended (device gone, remote track removed). */
  onSourceEnded(): void;
}

/** The shared source of a set of tracks (internal; not a W3C interface). */
export class TrackSource {
  /** 'audio' or 'video'. */
  readonly kind: MediaKind;
  /** Label given to tracks of this source. */
  readonly label: string;
  /** True for remote (RTP-fed) sources. */
  readonly remote: boolean;
  /** What the source can do. */
  readonly capabilities: MediaTrackCapabilities;
  /** Settings a new track of this source starts with. */
  readonly settings: MediaTrackSettings;
  #muted: boolean;
  #ended = false;
  #stopped = false;
  readonly #observers = new Set<SourceObserver>();
  readonly #onStop = new Set<() => void>();

  /** Builds a live source. */
  constructor(init: TrackSourceInit) {
    this.kind = init.kind;
    this.label = init.label ?? '';
    this.remote = init.remote ?? false;
    this.#muted = init.muted ?? false;
    this.capabilities = init.capabilities ?? {};
    this.settings = init.settings ?? {};
  }

  /** Whether the source currently produces no media. */
  get muted(): boolean {
    return this.#muted;
  }
  /** Whether the source ended on its own (all its tracks got `ended`). */
  get ended(): boolean {
    return this.#ended;
  }
  /** Whether the source was stopped because no live track uses it any more. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Registers a live track. */
  attach(observer: SourceObserver): void {
    this.#observers.add(observer);
  }

  /** Unregisters a track that stopped; stops the source when it was the last one. */
  detach(observer: SourceObserver): void {
    this.#observers.delete(observer);
    if (this.#observers.size === 0 && !this.#stopped) {
      this.#stopped = true;
      for (const f of this.#onStop) f();
    }
  }

  /** Runs `f` once when the last track of this source stops or the source ends. */
  onStop(f: () => void): void {
    this.#onStop.add(f);
  }

  /** Sets the muted state; every track fires mute/unmute (synchronously). */
  setMuted(muted: boolean): void {
    if (this.#muted === muted || this.#ended) return;
    this.#muted = muted;
    for (const o of [...this.#observers]) o.onSourceMuted(muted);
  }

  /** Ends the source; every live track goes to `ended` and fires `ended` (synchronously). */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const observers = [...this.#observers];
    this.#observers.clear();
    for (const o of observers) o.onSourceEnded();
    if (!this.#stopped) {
      this.#stopped = true;
      for (const f of this.#onStop) f();
    }
  }
}
