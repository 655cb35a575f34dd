// MediaDevices (Media Capture §9.2, §10): enumerateDevices, getSupportedConstraints and a
// getUserMedia backed by synthetic devices, like a browser in fake-device mode. Nothing here
// touches globalThis.navigator; the polyfill decides whether to expose `mediaDevices`.
import { INTERNAL, boolean, dictionary, finishInterface, illegalConstructor, type Converter } from './webidl.js';
import { defineEventHandlers } from './event-handlers.js';
import { interfaces } from './interfaces.js';
import {
  CONSTRAINABLE,
  convertConstraints,
  copy,
  selectSettings,
  type MediaTrackCapabilities,
  type MediaTrackConstraints,
  type MediaTrackSettings,
} from './constraints.js';
import { OverconstrainedError } from './error.js';
import { FAKE_DEVICES, type FakeDevice, type MediaDeviceKind } from './fake-devices.js';
import { MediaStream } from './media-stream.js';
import { MediaStreamTrack, createMediaStreamTrack } from './media-stream-track.js';
import { TrackSource } from './track-source.js';
import { setFrameGenerator } from './encoded-media.js';
import { startFakeAudio, startFakeVideo } from './fake-media.js';

let makeInfo: (d: FakeDevice) => MediaDeviceInfo;

/** A media input or output device (Media Capture §9.2.1). Script cannot construct one. */
export class MediaDeviceInfo {
  #device: FakeDevice;

  static {
    makeInfo = (d) => (d.kind === 'audiooutput' ? new MediaDeviceInfo(INTERNAL, d) : new InputDeviceInfo(INTERNAL, d));
  }

  /** Internal: made by enumerateDevices(). */
  constructor(token?: typeof INTERNAL, device?: FakeDevice) {
    if (token !== INTERNAL || !device) throw illegalConstructor();
    this.#device = device;
  }

  /** Identifier of the device. */
  get deviceId(): string {
    return this.#device.deviceId;
  }
  /** audioinput, audiooutput or videoinput. */
  get kind(): MediaDeviceKind {
    return this.#device.kind;
  }
  /** Human-readable name. */
  get label(): string {
    return this.#device.label;
  }
  /** Devices of one physical unit share this id. */
  get groupId(): string {
    return this.#device.groupId;
  }
  /** [Default] toJSON: { deviceId, kind, label, groupId }. */
  toJSON(): Record<string, string> {
    return { deviceId: this.deviceId, kind: this.kind, label: this.label, groupId: this.groupId };
  }
}
finishInterface(MediaDeviceInfo, { lengths: { toJSON: 0 }, ctorLength: 0 });
interfaces.MediaDeviceInfo = MediaDeviceInfo;

/** An input device, which can report its capabilities (Media Capture §9.2.2). */
export class InputDeviceInfo extends MediaDeviceInfo {
  #capabilities: MediaTrackCapabilities;

  /** Internal: made by enumerateDevices(). */
  constructor(token?: typeof INTERNAL, device?: FakeDevice) {
    super(token, device);
    this.#capabilities = device!.capabilities;
  }

  /** What a track from this device can do. */
  getCapabilities(): MediaTrackCapabilities {
    return copy(this.#capabilities);
  }
}
finishInterface(InputDeviceInfo, { lengths: { getCapabilities: 0 }, ctorLength: 0 });
interfaces.InputDeviceInfo = InputDeviceInfo;

/** MediaStreamConstraints */
export interface MediaStreamConstraints {
  audio?: boolean | MediaTrackConstraints;
  video?: boolean | MediaTrackConstraints;
}

// WebIDL union (boolean or MediaTrackConstraints): null, undefined and objects are the
// dictionary, everything else a boolean.
const boolOrConstraints: Converter<boolean | MediaTrackConstraints> = (v, ctx) =>
  v === null || v === undefined || typeof v === 'object' || typeof v === 'function'
    ? convertConstraints(v, ctx)
    : boolean(v, ctx);

const convertStreamConstraints = dictionary('MediaStreamConstraints', {
  audio: { type: boolOrConstraints, default: false },
  video: { type: boolOrConstraints, default: false },
});

/** MediaTrackSupportedConstraints */
export type MediaTrackSupportedConstraints = Partial<Record<(typeof CONSTRAINABLE)[number], boolean>>;

// Chooses a device of `kind` for the constraints: devices matching an ideal deviceId first.
function openDevice(
  kind: 'audioinput' | 'videoinput',
  constraints: MediaTrackConstraints,
): { device: FakeDevice; settings: MediaTrackSettings } | { failed: string } {
  const devices = FAKE_DEVICES.filter((d) => d.kind === kind);
  const c = constraints.deviceId;
  const ideal = typeof c === 'object' && !Array.isArray(c) ? c.ideal : c;
  const wanted = typeof ideal === 'string' ? [ideal] : Array.isArray(ideal) ? ideal : [];
  devices.sort((a, b) => Number(wanted.includes(b.deviceId)) - Number(wanted.includes(a.deviceId)));
  let failed = '';
  for (const device of devices) {
    const r = selectSettings(device.capabilities, device.settings, constraints);
    if ('settings' in r) return { device, settings: r.settings };
    failed ||= r.failed;
  }
  return { failed };
}

/** Access to (synthetic) capture devices (Media Capture §9.2). Script cannot construct one. */
export class MediaDevices extends EventTarget {
  /** Event handler for `devicechange`. */
  declare ondevicechange: ((this: MediaDevices, ev: Event) => unknown) | null;

  /** Internal: use the exported `mediaDevices` instance. */
  constructor(token?: typeof INTERNAL) {
    if (token !== INTERNAL) throw illegalConstructor();
    super();
  }

  /** The fake devices, inputs first (§9.2 enumerateDevices). */
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    if (!(this instanceof MediaDevices)) throw new TypeError('Illegal invocation');
    return FAKE_DEVICES.map((d) => makeInfo(d));
  }

  /** Every constrainable property this implementation recognizes. */
  getSupportedConstraints(): MediaTrackSupportedConstraints {
    if (!(this instanceof MediaDevices)) throw new TypeError('Illegal invocation');
    const out: MediaTrackSupportedConstraints = {};
    for (const name of CONSTRAINABLE) out[name] = true;
    return out;
  }

  /**
   * A stream of synthetic tracks (§10.2): TypeError when neither audio nor video is
   * requested, OverconstrainedError when no fake device satisfies the constraints.
   */
  async getUserMedia(constraints: MediaStreamConstraints = {}): Promise<MediaStream> {
    if (!(this instanceof MediaDevices)) throw new TypeError('Illegal invocation');
    const c = convertStreamConstraints(constraints, "Failed to execute 'getUserMedia' on 'MediaDevices'");
    const requested: Array<['audio' | 'video', MediaTrackConstraints]> = [];
    for (const kind of ['audio', 'video'] as const) {
      const v = c[kind];
      if (v !== false && v !== undefined) requested.push([kind, v === true ? {} : v]);
    }
    // §10.2 getUserMedia step 3: at least one of audio and video must be requested.
    if (requested.length === 0) {
      throw new TypeError("Failed to execute 'getUserMedia' on 'MediaDevices': At least one of audio and video must be requested");
    }
    const tracks: MediaStreamTrack[] = [];
    for (const [kind, trackConstraints] of requested) {
      const opened = openDevice(kind === 'audio' ? 'audioinput' : 'videoinput', trackConstraints);
      if ('failed' in opened) {
        throw new OverconstrainedError(opened.failed, `No ${kind} device satisfies '${opened.failed}'.`);
      }
      const { device, settings } = opened;
      const source = new TrackSource({
        kind,
        label: device.label,
        capabilities: device.capabilities,
        settings: device.settings,
      });
      // The fake devices send real media: VP8 test pattern and an Opus tone (fake-media.ts).
      setFrameGenerator(source, kind === 'video' ? startFakeVideo : startFakeAudio);
      tracks.push(createMediaStreamTrack({ kind, source, settings, constraints: trackConstraints }));
    }
    return new MediaStream(tracks);
  }
}

defineEventHandlers(MediaDevices, ['devicechange']);
finishInterface(MediaDevices, {
  lengths: { enumerateDevices: 0, getSupportedConstraints: 0, getUserMedia: 0 },
  ctorLength: 0,
});
interfaces.MediaDevices = MediaDevices;

/** The one MediaDevices object (for `navigator.mediaDevices`, if the polyfill installs it). */
export const mediaDevices = new MediaDevices(INTERNAL);
