// MediaStreamTrackEvent (Media Capture §4.4), in its own module so MediaStream can fire it
// without an import cycle through events.ts.
import { DOMString, dictionary, finishInterface, interfaceType, requireArgs } from './webidl.js';
import { eventInit, type EventInit } from './webidl-extra.js';
import { interfaces } from './interfaces.js';
import { MediaStreamTrack } from './media-stream-track.js';

const convertInit = dictionary(
  'MediaStreamTrackEventInit',
  { track: { type: interfaceType('MediaStreamTrack', MediaStreamTrack), required: true } },
  eventInit,
);

/** MediaStreamTrackEventInit */
export interface MediaStreamTrackEventInit extends EventInit {
  track: MediaStreamTrack;
}

/** The `addtrack` / `removetrack` events of MediaStream (Media Capture §4.4). */
export class MediaStreamTrackEvent extends Event {
  #track: MediaStreamTrack;

  /** `track` is required. */
  constructor(type: string, eventInitDict: MediaStreamTrackEventInit) {
    const ctx = "Failed to construct 'MediaStreamTrackEvent'";
    requireArgs(arguments.length, 2, ctx);
    const t = DOMString(type, `${ctx}: parameter 1`);
    const init = convertInit(eventInitDict, ctx);
    super(t, { bubbles: !!init.bubbles, cancelable: !!init.cancelable, composed: !!init.composed });
    this.#track = init.track!;
  }

  /** [SameObject] The track added or removed. */
  get track(): MediaStreamTrack {
    return this.#track;
  }
}
finishInterface(MediaStreamTrackEvent, { ctorLength: 2 });
interfaces.MediaStreamTrackEvent = MediaStreamTrackEvent;
