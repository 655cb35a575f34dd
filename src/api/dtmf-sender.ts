// RTCDTMFSender (WebRTC 1.0 §7.2): insertDTMF validation and the Playout task that walks
// the tone buffer and fires `tonechange`. Whether DTMF can be sent, and actually sending the
// telephone-event packets, belong to the RTCRtpSender that creates this object.
import { DOMString, INTERNAL, finishInterface, illegalConstructor, requireArgs, unsignedLong } from './webidl.js';
import { defineEventHandlers } from './event-handlers.js';
import { interfaces } from './interfaces.js';
import { RTCDTMFToneChangeEvent } from './events.js';

/** Hooks an RTCRtpSender gives its DTMF sender. */
export interface DTMFSenderOptions {
  /** WebRTC 1.0 §7.2 "determine if DTMF can be sent": the canInsertDTMF attribute. */
  canInsertDTMF: () => boolean;
  /**
   * False when the transceiver is stopping/stopped or its currentDirection is recvonly or
   * inactive: insertDTMF then throws InvalidStateError and a running playout stops.
   * Defaults to `canInsertDTMF` (Chromium also refuses tones while that is false).
   */
  canSend?: () => boolean;
  /** Called when a tone starts (',' pauses are not tones); sends RFC 4733 events. */
  playTone?: (tone: string, durationMs: number) => void;
  /** Timer used for the Playout task (default: an unref'd setTimeout); for tests. */
  schedule?: (fn: () => void, delayMs: number) => void;
}

const VALID_TONES = /^[0-9A-D#*,]*$/;
// §7.2 insertDTMF step 11.5: ',' delays the next tone by 2 seconds.
const COMMA_DELAY_MS = 2000;

function defaultSchedule(fn: () => void, delayMs: number): void {
  setTimeout(fn, delayMs).unref();
}

let construct: (options: DTMFSenderOptions) => RTCDTMFSender;

/** Sends DTMF tones on an audio RTCRtpSender (WebRTC 1.0 §7.2). Script cannot construct one. */
export class RTCDTMFSender extends EventTarget {
  #options: DTMFSenderOptions;
  #canSend: () => boolean;
  #schedule: (fn: () => void, delayMs: number) => void;
  #toneBuffer = '';
  #durationMs = 100;
  #interToneGapMs = 70;
  #playoutScheduled = false;
  /** Event handler for `tonechange`. */
  declare ontonechange: ((this: RTCDTMFSender, ev: RTCDTMFToneChangeEvent) => unknown) | null;

  static {
    construct = (options) => new RTCDTMFSender(INTERNAL, options);
  }

  /** Internal: use {@link createDTMFSender}. */
  constructor(token?: typeof INTERNAL, options?: DTMFSenderOptions) {
    if (token !== INTERNAL || !options) throw illegalConstructor();
    super();
    this.#options = options;
    this.#canSend = options.canSend ?? options.canInsertDTMF;
    this.#schedule = options.schedule ?? defaultSchedule;
  }

  /** Queues `tones` for playout, replacing any tones not yet played (§7.2). */
  insertDTMF(tones: string, duration: number = 100, interToneGap: number = 70): void {
    const ctx = "Failed to execute 'insertDTMF' on 'RTCDTMFSender'";
    requireArgs(arguments.length, 1, ctx);
    const t = DOMString(tones, `${ctx}: parameter 1`);
    let d = duration === undefined ? 100 : unsignedLong(duration, `${ctx}: parameter 2`);
    let gap = interToneGap === undefined ? 70 : unsignedLong(interToneGap, `${ctx}: parameter 3`);
    // Steps 3-4: stopping transceiver, or currentDirection recvonly/inactive.
    if (!this.#canSend()) {
      throw new DOMException('This RTCDTMFSender cannot send DTMF now.', 'InvalidStateError');
    }
    // Step 5: a-d are normalized to uppercase.
    const upper = t.toUpperCase();
    // Step 6: anything but 0-9, A-D, #, * and ',' is unrecognized.
    if (!VALID_TONES.test(upper)) {
      throw new DOMException(`Invalid DTMF tones '${t}'.`, 'InvalidCharacterError');
    }
    this.#toneBuffer = upper;
    // Steps 8-9: clamp duration to 40..6000 ms, interToneGap to at least 30 ms.
    if (d < 40) d = 40;
    if (d > 6000) d = 6000;
    if (gap < 30) gap = 30;
    this.#durationMs = d;
    this.#interToneGapMs = gap;
    // Step 10: an empty buffer starts nothing.
    if (upper === '') return;
    // Step 11: at most one Playout task is scheduled at a time.
    if (this.#playoutScheduled) return;
    this.#playoutScheduled = true;
    this.#schedule(() => this.#playout(), 0);
  }

  // §7.2 step 11, the Playout task.
  #playout(): void {
    this.#playoutScheduled = false;
    if (!this.#canSend()) return;
    if (this.#toneBuffer === '') {
      this.dispatchEvent(new RTCDTMFToneChangeEvent('tonechange', { tone: '' }));
      return;
    }
    const tone = this.#toneBuffer[0]!;
    this.#toneBuffer = this.#toneBuffer.slice(1);
    let delayMs: number;
    if (tone === ',') {
      delayMs = COMMA_DELAY_MS;
    } else {
      this.#options.playTone?.(tone, this.#durationMs);
      delayMs = this.#durationMs + this.#interToneGapMs;
    }
    this.#playoutScheduled = true;
    this.#schedule(() => this.#playout(), delayMs);
    this.dispatchEvent(new RTCDTMFToneChangeEvent('tonechange', { tone }));
  }

  /** Whether the sender can send DTMF now. */
  get canInsertDTMF(): boolean {
    return this.#options.canInsertDTMF();
  }
  /** The tones not yet played. */
  get toneBuffer(): string {
    return this.#toneBuffer;
  }
}

defineEventHandlers(RTCDTMFSender, ['tonechange']);
finishInterface(RTCDTMFSender, { lengths: { insertDTMF: 1 }, ctorLength: 0 });
interfaces.RTCDTMFSender = RTCDTMFSender;

/** Internal factory: the `dtmf` object of an audio RTCRtpSender. */
export function createDTMFSender(options: DTMFSenderOptions): RTCDTMFSender {
  return construct(options);
}
