// The Node half of data-channel scenarios: a purertc peer with the same recorders as the
// page kit (page-kit.ts), so both sides report events, digests and echoes alike.
import type { ChannelEvent, ChannelInfo, EchoRecord, PeerReport } from './dc-types.js';
import type { IceCandidateInit } from './page-types.js';
import type { MessagePlan } from './page-kit.js';
import { digestOf, makePayload, type Digest } from './payload.js';
import { loadRTCPeerConnection, type NodeDataChannel, type NodePeerConnection } from './purertc.js';

interface Recorded {
  channel: NodeDataChannel;
  events: ChannelEvent[];
  inbox: (string | ArrayBuffer)[];
  echo: boolean;
}

/** A purertc peer connection with its channels, candidates and state changes recorded. */
export class NodeDcPeer {
  /** icecandidate events not yet taken (`null` is end of gathering). */
  private readonly candidates: (IceCandidateInit | null)[] = [];
  private readonly connectionStates: string[] = [];
  private connectionEventsAtClose: number | null = null;
  private readonly channels = new Map<string, Recorded>();
  private readonly waiters = new Set<() => boolean>();
  private candidateListener: (() => void) | undefined;

  private constructor(readonly pc: NodePeerConnection) {
    pc.addEventListener('icecandidate', (event) => {
      const candidate = (event as unknown as { candidate: { toJSON(): IceCandidateInit } | null }).candidate;
      this.candidates.push(candidate ? candidate.toJSON() : null);
      this.candidateListener?.();
    });
    pc.addEventListener('connectionstatechange', () => {
      this.connectionStates.push(pc.connectionState);
      this.notify();
    });
    pc.addEventListener('icegatheringstatechange', () => this.notify());
    pc.addEventListener('datachannel', (event) => this.track((event as unknown as { channel: NodeDataChannel }).channel, true));
  }

  /** A purertc peer bound to `bindAddress` (nonstandard RTCConfiguration member), with `extra` members. */
  static async create(bindAddress: string, extra: Record<string, unknown> = {}): Promise<NodeDcPeer> {
    const RTCPeerConnection = await loadRTCPeerConnection();
    return new NodeDcPeer(new RTCPeerConnection({ ...extra, bindAddress }));
  }

  /** Takes the queued candidates; `onMore` is called whenever another one is queued. */
  takeCandidates(onMore?: () => void): (IceCandidateInit | null)[] {
    this.candidateListener = onMore;
    return this.candidates.splice(0);
  }

  createChannel(label: string, init?: object): ChannelInfo {
    const channel = this.pc.createDataChannel(label, init);
    this.track(channel, false);
    return info(channel);
  }

  waitConnectionState(state: string, timeoutMs: number): Promise<PeerReport> {
    return this.until(
      () => (this.pc.connectionState === state ? this.report() : undefined),
      timeoutMs,
      () => `purertc connectionState is ${this.pc.connectionState} (ICE ${this.pc.iceConnectionState}), not ${state}`,
    );
  }

  /** Waits for iceGatheringState `complete`; returns the peer connection then. */
  waitGathered(timeoutMs: number): Promise<NodePeerConnection> {
    return this.until(
      () => (this.pc.iceGatheringState === 'complete' ? this.pc : undefined),
      timeoutMs,
      () => `purertc iceGatheringState is ${this.pc.iceGatheringState}, not complete`,
    );
  }

  report(): PeerReport {
    return {
      connectionState: this.pc.connectionState,
      signalingState: this.pc.signalingState,
      connectionStates: [...this.connectionStates],
      connectionEventsAtClose: this.connectionEventsAtClose,
      maxMessageSize: this.pc.sctp ? this.pc.sctp.maxMessageSize : null,
      channels: [...this.channels.values()].map(({ channel }) => info(channel)),
    };
  }

  /** Waits until every labelled channel exists and has the given readyState. */
  waitChannels(labels: readonly string[], state: string, timeoutMs: number): Promise<ChannelInfo[]> {
    return this.until(
      () => {
        const found = labels.map((label) => this.channels.get(label)?.channel);
        return found.every((channel) => channel?.readyState === state) ? found.map((channel) => info(channel!)) : undefined;
      },
      timeoutMs,
      () => `purertc channels not all ${state}: ${labels.map((label) => `${label}: ${this.channels.get(label)?.channel.readyState ?? 'absent'}`).join(', ')}`,
    );
  }

  setEcho(labels: readonly string[], echo: boolean): void {
    for (const label of labels) this.recorded(label).echo = echo;
  }

  /** Digests of the messages received on `label` since the last call, in arrival order. */
  takeReceived(label: string): Digest[] {
    return this.recorded(label).inbox.splice(0).map(digestOf);
  }

  /** Runs the plans side by side; in each, one message at a time awaits its echo. */
  exchange(plans: readonly MessagePlan[], timeoutMs: number): Promise<EchoRecord[][]> {
    const run = async ({ label, messages, maxAttempts = 1, attemptTimeoutMs = timeoutMs }: MessagePlan): Promise<EchoRecord[]> => {
      const entry = this.recorded(label);
      const records: EchoRecord[] = [];
      let previous: string | Uint8Array | undefined;
      for (const spec of messages) {
        const payload = makePayload(spec);
        const sent = digestOf(payload);
        let echo: string | ArrayBuffer | undefined;
        let attempts = 0;
        let late = 0;
        // On a lossy plan a message may be sent more than once, so a second echo of the
        // previous message may still come: it is set aside, anything else is the echo.
        const take = (): string | ArrayBuffer | undefined => {
          for (let data = entry.inbox.shift(); data !== undefined; data = entry.inbox.shift()) {
            if (previous === undefined || !matches(data, previous)) return data;
            late += 1;
          }
          return undefined;
        };
        while (echo === undefined) {
          attempts += 1;
          entry.channel.send(payload);
          const what = (): string => `${label}: purertc got no echo of ${spec.kind} ${spec.size} B after ${attempts} send(s) (readyState ${entry.channel.readyState})`;
          const wait = this.until(take, attempts < maxAttempts ? attemptTimeoutMs : timeoutMs, what);
          echo = attempts < maxAttempts ? await wait.catch(() => undefined) : await wait;
        }
        records.push({ sent, echoed: digestOf(echo), attempts, late });
        if (maxAttempts > 1) previous = payload;
      }
      return records;
    };
    return Promise.all(plans.map(run));
  }

  /** `channel.close()`; returns readyState right after it. */
  closeChannel(label: string): string {
    const { channel } = this.recorded(label);
    channel.close();
    return channel.readyState;
  }

  events(label: string): ChannelEvent[] {
    return [...this.recorded(label).events];
  }

  /** `pc.close()`; returns the report taken right after it. Safe to call twice. */
  close(): PeerReport {
    if (this.connectionEventsAtClose === null) this.connectionEventsAtClose = this.connectionStates.length;
    this.pc.close();
    return this.report();
  }

  private recorded(label: string): Recorded {
    const found = this.channels.get(label);
    if (!found) throw new Error(`purertc has no channel labelled ${JSON.stringify(label)}`);
    return found;
  }

  private track(channel: NodeDataChannel, announced: boolean): void {
    channel.binaryType = 'arraybuffer';
    const entry: Recorded = { channel, events: [], inbox: [], echo: false };
    this.channels.set(channel.label, entry);
    const log = (type: ChannelEvent['type'], detail?: string): void => {
      entry.events.push(detail === undefined ? { type, readyState: channel.readyState } : { type, readyState: channel.readyState, detail });
      this.notify();
    };
    if (announced) log('datachannel');
    for (const type of ['open', 'closing', 'close'] as const) channel.addEventListener(type, () => log(type));
    channel.addEventListener('error', (event) => {
      const error = (event as unknown as { error?: { name: string; errorDetail?: string; sctpCauseCode?: number | null } }).error;
      log('error', error ? `${error.name} ${error.errorDetail} ${error.sctpCauseCode}` : 'no RTCError');
    });
    channel.addEventListener('message', (event) => {
      const data = (event as unknown as { data: string | ArrayBuffer }).data;
      if (entry.echo) {
        try {
          channel.send(data);
        } catch (error) {
          log('echo-failed', String(error));
        }
      }
      entry.inbox.push(data);
      this.notify();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) if (waiter()) this.waiters.delete(waiter);
  }

  /** Resolves with probe()'s first defined value, re-checked after every recorded event. */
  private until<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): boolean => {
        const value = probe();
        if (value === undefined) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      if (check()) return;
      this.waiters.add(check);
      timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${what()} (waited ${timeoutMs} ms)`));
      }, timeoutMs);
      timer.unref();
    });
  }
}

/** Whether received data is exactly `payload`. */
function matches(data: string | ArrayBuffer, payload: string | Uint8Array): boolean {
  if (typeof data === 'string' || typeof payload === 'string') return data === payload;
  return Buffer.from(data).equals(payload);
}

function info(channel: NodeDataChannel): ChannelInfo {
  return {
    label: channel.label,
    protocol: channel.protocol,
    id: channel.id,
    ordered: channel.ordered,
    maxRetransmits: channel.maxRetransmits,
    maxPacketLifeTime: channel.maxPacketLifeTime,
    negotiated: channel.negotiated,
    readyState: channel.readyState,
  };
}
