// RTCDataChannel (W3C WebRTC §6.2): a channel over the SCTP association. The API keeps
// the channel's slots and events; bytes move through a DataChannelTransport that the
// peer connection attaches once SCTP is up.
import { defineEventHandlers, type EventHandler } from './event-handlers.js';
import { queueTask } from './operations.js';
import { interfaces } from './interfaces.js';
import * as idl from './webidl.js';

/** RTCDataChannelState */
export type DataChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** The channel's configuration, fixed at creation. */
export interface DataChannelConfig {
  label: string;
  ordered: boolean;
  maxPacketLifeTime: number | null;
  maxRetransmits: number | null;
  protocol: string;
  negotiated: boolean;
  id: number | null;
}

/** What the channel needs from the transport below it. */
export interface DataChannelTransport {
  /** Sends one message: a string goes as text, bytes as binary (RFC 8831 §6.6 PPIDs). */
  send(channel: RTCDataChannel, data: string | Uint8Array): void;
  /** Starts the closing procedure (RFC 8831 §6.7: stream reset). */
  close(channel: RTCDataChannel): void;
  /** The current max message size. */
  maxMessageSize(): number;
}

const binaryTypeEnum = idl.enumeration('BinaryType', ['blob', 'arraybuffer'] as const);

/** Messages and payload bytes each way (W3C webrtc-stats RTCDataChannelStats). */
export interface DataChannelCounters {
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
}

/** The internal handle the peer connection uses to drive a channel. */
export interface DataChannelControl {
  config: DataChannelConfig;
  /** Attach (or detach) the transport. */
  setTransport(t: DataChannelTransport | null): void;
  /** Assign the stream id once the DTLS role is known. */
  setId(id: number): void;
  /** Announce the channel open (fires open, unless already fired). */
  open(): void;
  /** Set readyState to open without the event (the datachannel event comes first). */
  markOpen(): void;
  /** Deliver a received message (a string for text, bytes for binary) of `sizeBytes` payload bytes. */
  receive(data: string | Uint8Array, sizeBytes: number): void;
  /** The channel's message counters, kept up to date (read only). */
  readonly counters: Readonly<DataChannelCounters>;
  /** The transport's closing procedure finished (fires close). */
  closed(error?: DOMException, eventsLater?: boolean): void;
  /** The remote side started closing (fires closing). */
  remoteClosing(): void;
  /** bytes left the send buffer (may fire bufferedamountlow). */
  drained(bytes: number): void;
}

/** A data channel. */
export class RTCDataChannel extends EventTarget {
  /** Handler for the `open` event. */
  declare onopen: EventHandler<RTCDataChannel, Event>;
  /** Handler for the `bufferedamountlow` event. */
  declare onbufferedamountlow: EventHandler<RTCDataChannel, Event>;
  /** Handler for the `error` event. */
  declare onerror: EventHandler<RTCDataChannel, Event>;
  /** Handler for the `closing` event. */
  declare onclosing: EventHandler<RTCDataChannel, Event>;
  /** Handler for the `close` event. */
  declare onclose: EventHandler<RTCDataChannel, Event>;
  /** Handler for the `message` event. */
  declare onmessage: EventHandler<RTCDataChannel, MessageEvent>;
  #config: DataChannelConfig;
  #readyState: DataChannelState = 'connecting';
  #bufferedAmount = 0;
  #bufferedAmountLowThreshold = 0;
  #binaryType: 'blob' | 'arraybuffer' = 'arraybuffer';
  #transport: DataChannelTransport | null = null;
  #closeRequested = false;
  #openFired = false;
  #counters: DataChannelCounters = { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 };

  /** Not constructible from script. */
  constructor(token: typeof idl.INTERNAL, config: DataChannelConfig, control: (c: DataChannelControl) => void) {
    if (token !== idl.INTERNAL) throw idl.illegalConstructor();
    super();
    this.#config = config;
    control(this.#control());
  }

  #control(): DataChannelControl {
    const control: DataChannelControl = {
      config: this.#config,
      setTransport: (t) => {
        this.#transport = t;
        if (t && this.#closeRequested) t.close(this);
      },
      setId: (id) => {
        this.#config.id = id;
      },
      open: () => {
        if (this.#openFired || (this.#readyState !== 'connecting' && this.#readyState !== 'open')) return;
        this.#readyState = 'open';
        this.#openFired = true;
        this.dispatchEvent(new Event('open'));
      },
      markOpen: () => {
        if (this.#readyState === 'connecting') this.#readyState = 'open';
      },
      receive: (data, sizeBytes) => {
        // A message can overtake the queued "announce open" task; the channel is open by then.
        if (this.#readyState === 'connecting' || (this.#readyState === 'open' && !this.#openFired)) control.open();
        if (this.#readyState !== 'open') return;
        // W3C webrtc-stats: messagesReceived counts the message events fired.
        this.#counters.messagesReceived++;
        this.#counters.bytesReceived += sizeBytes;
        let payload: unknown;
        if (typeof data === 'string') payload = data;
        else if (this.#binaryType === 'blob') payload = new Blob([data]);
        else payload = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer;
        const MessageEventCtor = (globalThis as { MessageEvent?: typeof MessageEvent }).MessageEvent;
        const ev = MessageEventCtor ? new MessageEventCtor('message', { data: payload }) : Object.assign(new Event('message'), { data: payload });
        this.dispatchEvent(ev);
      },
      closed: (error, eventsLater) => {
        if (this.#readyState === 'closed') return;
        // W3C §6.2: [[BufferedAmount]] "does not reset to zero once the channel closes".
        this.#readyState = 'closed';
        const announce = (): void => {
          if (error) {
            const ErrorEvent = interfaces.RTCErrorEvent as (new (t: string, i: object) => Event) | undefined;
            if (ErrorEvent) this.dispatchEvent(new ErrorEvent('error', { error }));
          }
          this.dispatchEvent(new Event('close'));
        };
        if (eventsLater) queueTask(announce);
        else announce();
      },
      remoteClosing: () => {
        if (this.#readyState === 'closed' || this.#readyState === 'closing') return;
        this.#readyState = 'closing';
        this.dispatchEvent(new Event('closing'));
      },
      counters: this.#counters,
      drained: (bytes) => {
        // W3C §6.2 bufferedAmount: "When the underlying data transport has sent data from
        // its queue, the user agent MUST queue a task that reduces [[BufferedAmount]]": never
        // synchronously, so the value never drops (nor bufferedamountlow fires) inside send().
        queueTask(() => {
          const before = this.#bufferedAmount;
          this.#bufferedAmount = Math.max(0, before - bytes);
          if (before > this.#bufferedAmountLowThreshold && this.#bufferedAmount <= this.#bufferedAmountLowThreshold) {
            this.dispatchEvent(new Event('bufferedamountlow'));
          }
        });
      },
    };
    return control;
  }

  /** The label given at creation. */
  get label(): string {
    return this.#config.label;
  }
  /** Ordered delivery. */
  get ordered(): boolean {
    return this.#config.ordered;
  }
  /** Partial reliability by time, or null. */
  get maxPacketLifeTime(): number | null {
    return this.#config.maxPacketLifeTime;
  }
  /** Partial reliability by count, or null. */
  get maxRetransmits(): number | null {
    return this.#config.maxRetransmits;
  }
  /** The subprotocol. */
  get protocol(): string {
    return this.#config.protocol;
  }
  /** Negotiated out of band. */
  get negotiated(): boolean {
    return this.#config.negotiated;
  }
  /** The SCTP stream id, or null until assigned. */
  get id(): number | null {
    return this.#config.id;
  }
  /** RTCDataChannelState */
  get readyState(): DataChannelState {
    return this.#readyState;
  }
  /** Bytes queued but not yet sent. */
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }
  /** Threshold for bufferedamountlow. */
  get bufferedAmountLowThreshold(): number {
    return this.#bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(value: unknown) {
    this.#bufferedAmountLowThreshold = idl.unsignedLongEnforced(value, "Failed to set 'bufferedAmountLowThreshold'");
  }
  /** How binary messages are delivered. */
  get binaryType(): 'blob' | 'arraybuffer' {
    return this.#binaryType;
  }
  set binaryType(value: unknown) {
    void this.#binaryType; // brand check: a wrong `this` throws TypeError
    // HTML: an invalid value is ignored, not an error.
    try {
      this.#binaryType = binaryTypeEnum(value, 'binaryType');
    } catch {
      /* ignored per the IDL attribute's enum semantics */
    }
  }

  /** W3C §6.2 close(). */
  close(): void {
    if (this.#readyState === 'closing' || this.#readyState === 'closed') return;
    this.#closeRequested = true;
    this.#readyState = 'closing';
    // W3C §6.2 closing procedure: messages already sent go out first. Those waiting behind
    // a Blob that is still being read are not on the transport yet: the stream is reset
    // once the queue has drained (#drainBlobQueue).
    if (this.#blobQueue.length > 0) return;
    if (this.#transport) {
      this.#transport.close(this);
    } else {
      // Nothing reached the wire yet: the closing procedure ends at once (in a task).
      setImmediate(() => this.#control().closed());
    }
  }

  /** W3C §6.2 send(). */
  send(data: unknown): void {
    idl.requireArgs(arguments.length, 1, "Failed to execute 'send' on 'RTCDataChannel'");
    let message: string | Uint8Array | Blob;
    let size: number;
    if (data instanceof ArrayBuffer) {
      message = new Uint8Array(data.slice(0));
      size = message.byteLength;
    } else if (ArrayBuffer.isView(data)) {
      // The bytes are copied now: later writes to the view must not change the message.
      message = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
      size = message.byteLength;
    } else if (data instanceof Blob) {
      message = data;
      size = data.size;
    } else {
      message = idl.USVString(data, 'data');
      size = Buffer.byteLength(message, 'utf8');
    }
    // W3C §6.2 send() steps: not open -> InvalidStateError; too large -> TypeError.
    if (this.#readyState !== 'open' || !this.#transport) {
      throw new DOMException(`RTCDataChannel.readyState is '${this.#readyState}'.`, 'InvalidStateError');
    }
    if (size > this.#transport.maxMessageSize()) {
      throw new TypeError(`Message of ${size} bytes exceeds maxMessageSize.`);
    }
    this.#bufferedAmount += size;
    // W3C webrtc-stats messagesSent/bytesSent: counted as send() takes the message.
    this.#counters.messagesSent++;
    this.#counters.bytesSent += size;
    if (this.#blobQueue.length > 0 || message instanceof Blob) {
      // A Blob is read asynchronously; everything sent after it waits for it (order holds).
      this.#blobQueue.push(message);
      if (this.#blobQueue.length === 1) void this.#drainBlobQueue();
      return;
    }
    this.#transport.send(this, message);
  }

  #blobQueue: Array<string | Uint8Array | Blob> = [];

  async #drainBlobQueue(): Promise<void> {
    while (this.#blobQueue.length > 0) {
      const head = this.#blobQueue[0]!;
      let message: string | Uint8Array;
      try {
        message = head instanceof Blob ? new Uint8Array(await head.arrayBuffer()) : head;
      } catch {
        // An unreadable Blob fails the channel (W3C §6.2 send() with a Blob).
        this.#blobQueue = [];
        if (this.#readyState === 'open' || this.#readyState === 'connecting') this.close();
        else this.#finishClose();
        return;
      }
      // Sending goes on while our own close() waits for the queue; the remote closing the
      // channel, or the transport going away, drops what is left.
      const sending = this.#readyState === 'open' || (this.#readyState === 'closing' && this.#closeRequested);
      if (!sending || !this.#transport) {
        this.#blobQueue = [];
        this.#finishClose();
        return;
      }
      this.#blobQueue.shift();
      this.#transport.send(this, message);
    }
    this.#finishClose();
  }

  /** A close() that waited for queued Blob sends resets the stream now. */
  #finishClose(): void {
    if (!this.#closeRequested || this.#readyState !== 'closing') return;
    if (this.#transport) this.#transport.close(this);
    else setImmediate(() => this.#control().closed());
  }
}

defineEventHandlers(RTCDataChannel, ['open', 'bufferedamountlow', 'error', 'closing', 'close', 'message']);
idl.finishInterface(RTCDataChannel, { ctorLength: 0, lengths: { send: 1 } });
interfaces.RTCDataChannel = RTCDataChannel;
