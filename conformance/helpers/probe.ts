// Recorders attached to channels and peer connections the moment they exist, so no event
// is missed between creation and the line of the test that reads it, and waits that fail
// with a message saying what never happened instead of hanging.
import type { ChannelLike, EventLike, PeerLike, Target } from './peers.js';

/** A received message, normalised. */
export type Received = { kind: 'string'; text: string } | { kind: 'binary'; bytes: Uint8Array; type: string };

/** One recorded event with the readyState seen when it fired. */
export interface Recorded {
  type: string;
  readyState: string;
}

/** Rejects with `what` if `promise` does not settle within `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Calls `check` after every notification until it returns true; fails after `timeoutMs`. */
class Waiters {
  private readonly list = new Set<() => void>();

  notify(): void {
    for (const w of [...this.list]) w();
  }

  until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        if (!check()) return;
        this.list.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.list.delete(done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      this.list.add(done);
    });
  }
}

function normalise(data: unknown): Received {
  if (typeof data === 'string') return { kind: 'string', text: data };
  const type = Object.prototype.toString.call(data).slice(8, -1);
  if (data instanceof ArrayBuffer) return { kind: 'binary', bytes: new Uint8Array(data.slice(0)), type };
  if (ArrayBuffer.isView(data)) return { kind: 'binary', bytes: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)), type };
  throw new TypeError(`unexpected message data of type ${type}`);
}

const CHANNEL_EVENTS = ['open', 'closing', 'close', 'error', 'bufferedamountlow'] as const;

/** Everything a channel reported, in order. */
export class ChannelProbe {
  readonly events: Recorded[] = [];
  readonly messages: Received[] = [];
  /** `error` events' `error` member, in order. */
  readonly errors: unknown[] = [];
  private readonly waiters = new Waiters();

  constructor(
    readonly channel: ChannelLike,
    readonly side: string,
  ) {
    channel.binaryType = 'arraybuffer';
    for (const type of CHANNEL_EVENTS) {
      channel.addEventListener(type, (e: EventLike & { error?: unknown }) => {
        this.events.push({ type: e.type, readyState: channel.readyState });
        if (type === 'error') this.errors.push(e.error);
        this.waiters.notify();
      });
    }
    channel.addEventListener('message', (e: EventLike & { data: unknown }) => {
      this.messages.push(normalise(e.data));
      this.waiters.notify();
    });
  }

  /** The recorded event types, in order. */
  get types(): string[] {
    return this.events.map((e) => e.type);
  }

  /** Waits for an event of this type (already seen counts). */
  event(type: string, timeoutMs: number): Promise<void> {
    return this.waiters.until(
      () => this.events.some((e) => e.type === type),
      timeoutMs,
      () => `'${type}' on ${this.side}'s channel '${this.channel.label}' (events so far: ${this.types.join(', ') || 'none'}; readyState ${this.channel.readyState})`,
    );
  }

  /** Waits until at least `count` messages have arrived; returns them all. */
  async receive(count: number, timeoutMs: number): Promise<Received[]> {
    await this.waiters.until(
      () => this.messages.length >= count,
      timeoutMs,
      () => `${count} messages on ${this.side}'s channel '${this.channel.label}' (got ${this.messages.length})`,
    );
    return this.messages;
  }
}

/** A datachannel event as recorded: the channel, and its readyState when the event fired. */
export interface Announced {
  probe: ChannelProbe;
  readyStateAtEvent: string;
}

/** Records a peer connection's datachannel and connectionstatechange events. */
export class PeerProbe {
  readonly announced: Announced[] = [];
  readonly connectionStates: string[] = [];
  private readonly waiters = new Waiters();

  constructor(
    readonly pc: PeerLike,
    readonly side: string,
  ) {
    pc.addEventListener('datachannel', (e: EventLike & { channel: ChannelLike }) => {
      // The probe goes on before the handler returns: messages can follow at once.
      this.announced.push({ probe: new ChannelProbe(e.channel, side), readyStateAtEvent: e.channel.readyState });
      this.waiters.notify();
    });
    pc.addEventListener('connectionstatechange', () => {
      this.connectionStates.push(pc.connectionState);
      this.waiters.notify();
    });
  }

  /** Creates a channel and probes it at once. */
  create(label: string, init?: Parameters<PeerLike['createDataChannel']>[1]): ChannelProbe {
    return new ChannelProbe(this.pc.createDataChannel(label, init), this.side);
  }

  /** Waits for the remote to announce a channel with this label. */
  async incoming(label: string, timeoutMs: number): Promise<Announced> {
    await this.waiters.until(
      () => this.announced.some((a) => a.probe.channel.label === label),
      timeoutMs,
      () => `a datachannel event for '${label}' on ${this.side} (seen: ${this.announced.map((a) => `'${a.probe.channel.label}'`).join(', ') || 'none'})`,
    );
    return this.announced.find((a) => a.probe.channel.label === label)!;
  }

  /** Waits until connectionState has this value. */
  state(state: string, timeoutMs: number): Promise<void> {
    return this.waiters.until(
      () => this.pc.connectionState === state,
      timeoutMs,
      () => `connectionState '${state}' on ${this.side} (now '${this.pc.connectionState}', changes: ${this.connectionStates.join(' -> ') || 'none'})`,
    );
  }
}

/** Resolves on the next event of this type (for targets without `once` support). */
export function nextEvent(target: Target, type: string, timeoutMs: number, what: string): Promise<EventLike> {
  return withTimeout(
    new Promise<EventLike>((resolve) => {
      const listener = (e: EventLike): void => {
        target.removeEventListener(type, listener);
        resolve(e);
      };
      target.addEventListener(type, listener);
    }),
    timeoutMs,
    what,
  );
}
