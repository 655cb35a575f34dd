// The relay of examples/media-relay: one publisher's audio and video, as encoded frames,
// forwarded to every viewer without decoding. Each kind has one EncodedTrackSource whose
// track every viewer's peer connection sends; the publisher's receivers feed them through
// receiverFrames. A viewer's PLI reaches the relay as `keyframerequest` on the video
// source, and the relay passes it on to the publisher with requestKeyFrame.
import {
  EncodedTrackSource,
  RTCPeerConnection,
  RTCRtpReceiver,
  receiverFrames,
  requestKeyFrame,
  type EncodedMediaFrame,
} from '../../src/index.js';
import { answerOffer, type Description } from '../media-common/signalling.js';

/** What the relay has moved so far. */
export interface RelayCounts {
  /** Frames taken from the publisher, per kind. */
  framesIn: { audio: number; video: number };
  /** Key frames among the video frames. */
  keyFramesIn: number;
  /** Key-frame requests from viewers, and how many of them went on to the publisher (the rest were throttled). */
  keyFrameRequests: number;
  keyFrameRequestsForwarded: number;
}

/** Options of MediaRelay. */
export interface MediaRelayOptions {
  /** Nonstandard RTCConfiguration.bindAddress for every peer connection (127.0.0.1 keeps it on loopback). */
  bindAddress?: string;
  /** Called with a line worth printing. */
  log?: (line: string) => void;
}

/** Forwards one publisher's tracks to any number of viewers. */
export class MediaRelay {
  /** One source per kind; every viewer sends their tracks. */
  readonly sources = { audio: new EncodedTrackSource({ kind: 'audio', label: 'relayed audio' }), video: new EncodedTrackSource({ kind: 'video', label: 'relayed video' }) };
  readonly counts: RelayCounts = { framesIn: { audio: 0, video: 0 }, keyFramesIn: 0, keyFrameRequests: 0, keyFrameRequestsForwarded: 0 };
  #publisher: RTCPeerConnection | null = null;
  #videoReceiver: RTCRtpReceiver | null = null;
  readonly #viewers = new Set<RTCPeerConnection>();
  readonly #log: (line: string) => void;
  readonly #config: { bindAddress?: string };

  constructor(options: MediaRelayOptions = {}) {
    this.#log = options.log ?? (() => undefined);
    this.#config = options.bindAddress !== undefined ? { bindAddress: options.bindAddress } : {};
    this.sources.video.onkeyframerequest = () => {
      this.counts.keyFrameRequests++;
      if (this.#videoReceiver !== null && requestKeyFrame(this.#videoReceiver)) this.counts.keyFrameRequestsForwarded++;
    };
  }

  /** How many viewers are connected or connecting. */
  get viewerCount(): number {
    return this.#viewers.size;
  }

  /** Answers a publisher's offer (it sends audio and/or video); a new publisher replaces the one before. */
  async publish(offer: Description): Promise<Description> {
    this.#publisher?.close();
    const pc = new RTCPeerConnection(this.#config);
    this.#publisher = pc;
    pc.ontrack = ({ receiver, track }) => {
      const kind = track.kind as 'audio' | 'video';
      this.#log(`publisher: ${kind} track`);
      if (kind === 'video') this.#videoReceiver = receiver as RTCRtpReceiver;
      void this.#forward(receiverFrames(receiver), kind);
    };
    this.#watch(pc, 'publisher', () => {
      if (this.#publisher === pc) this.#publisher = this.#videoReceiver = null;
    });
    return answerOffer(pc, offer);
  }

  /** Answers a viewer's offer (it receives audio and video): the relayed tracks go to it. */
  async view(offer: Description): Promise<Description> {
    const pc = new RTCPeerConnection(this.#config);
    this.#viewers.add(pc);
    // Added before the offer is applied, the tracks take its recvonly m-sections (W3C webrtc §4.4.1.5).
    pc.addTrack(this.sources.audio.track);
    pc.addTrack(this.sources.video.track);
    this.#watch(pc, `viewer ${this.#viewers.size}`, () => this.#viewers.delete(pc));
    const answer = await answerOffer(pc, offer);
    // A new viewer needs a key frame to start from; its own PLI would ask too, a little later.
    if (this.#videoReceiver !== null) requestKeyFrame(this.#videoReceiver);
    return answer;
  }

  /** Closes every peer connection; the sources' tracks end. */
  close(): void {
    this.#publisher?.close();
    for (const pc of this.#viewers) pc.close();
    this.#viewers.clear();
    this.sources.audio.track.stop();
    this.sources.video.track.stop();
  }

  /** Pushes each frame of a publisher's track into the source of its kind, until the publisher goes. */
  async #forward(frames: AsyncIterableIterator<EncodedMediaFrame>, kind: 'audio' | 'video'): Promise<void> {
    for await (const frame of frames) {
      this.counts.framesIn[kind]++;
      if (kind === 'video' && frame.keyFrame) this.counts.keyFramesIn++;
      // The frame as received: codec, bytes, timestamp and key-frame flag go out unchanged.
      this.sources[kind].push(frame);
    }
  }

  #watch(pc: RTCPeerConnection, name: string, gone: () => void): void {
    pc.onconnectionstatechange = () => {
      this.#log(`${name}: ${pc.connectionState}`);
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        gone();
        pc.close();
      }
    };
  }
}
