// The page half of data-channel scenarios: `installDcKit` defines, once per tab, a small
// kit on the page's global object (peers, channel recorders, echo, digests), as a page
// script would; Node calls its methods one `evaluate` at a time (dc-page.ts).
// Everything the kit does is inside `installDcKit`, because page functions travel as
// source text and may use nothing from their Node scope.
import type { ChannelEvent, ChannelInfo, EchoRecord, PeerReport } from './dc-types.js';
import type { Digest, PayloadSpec } from './payload.js';
import type { IceCandidateInit, PageDataChannel, PageGlobals, PagePeerConnection, PageRtcError } from './page-types.js';

/** One side of a message plan: send these payloads on `label`, each awaiting its echo. */
export interface MessagePlan {
  label: string;
  messages: PayloadSpec[];
  /**
   * For a partially reliable channel, where a message may be lost by design: send a
   * message again when its echo has not come within `attemptTimeoutMs`, up to this many
   * sends in all. Absent: one send, and the exchange's own timeout.
   */
  maxAttempts?: number;
  attemptTimeoutMs?: number;
}

/** The kit's methods; each takes one JSON argument and returns JSON. */
export interface DcKit {
  /** Creates peer `id` (kept in `peers[id]` too, so page-peer.ts steps work on it). */
  createPeer(arg: { id: string; configuration?: object }): void;
  createChannel(arg: { id: string; label: string; init?: object }): ChannelInfo;
  /** Creates a channel per label in one go (default init), as a script creating many would. */
  createChannels(arg: { id: string; labels: string[] }): void;
  /** Takes the icecandidate events queued since the last call (`null` is end of gathering). */
  takeCandidates(id: string): (IceCandidateInit | null)[];
  /** `addIceCandidate(candidate)`, or `addIceCandidate()` for null. */
  addCandidate(arg: { id: string; candidate: IceCandidateInit | null }): Promise<void>;
  waitConnectionState(arg: { id: string; state: string; timeoutMs: number }): Promise<PeerReport>;
  report(id: string): PeerReport;
  /** Waits until every labelled channel exists and has the given readyState. */
  waitChannels(arg: { id: string; labels: string[]; state: string; timeoutMs: number }): Promise<ChannelInfo[]>;
  setEcho(arg: { id: string; labels: string[]; echo: boolean }): void;
  /** Digests of the messages received on `label` since the last call, in arrival order. */
  takeReceived(arg: { id: string; label: string }): Promise<Digest[]>;
  /** Runs the plans side by side; in each, one message at a time awaits its echo. */
  exchange(arg: { id: string; plans: MessagePlan[]; timeoutMs: number }): Promise<EchoRecord[][]>;
  /** `channel.close()`; returns readyState right after it. */
  closeChannel(arg: { id: string; label: string }): string;
  events(arg: { id: string; label: string }): ChannelEvent[];
  /** `pc.close()`; returns the report taken right after it. */
  closePeer(id: string): PeerReport;
}

/** Installs the kit in the page; `payloadSource` is `makePayload.toString()` from payload.ts. */
export function installDcKit(arg: { payloadSource: string }): void {
  const page = globalThis as unknown as PageGlobals;
  if (page.dcKit) return;
  // esbuild (through tsx) may wrap named functions in `__name(fn, name)`: an identity here.
  const makePayload = new Function('__name', `return (${arg.payloadSource});`)((target: unknown) => target) as (spec: PayloadSpec) => string | Uint8Array;

  interface Recorded {
    channel: PageDataChannel;
    events: ChannelEvent[];
    inbox: (string | ArrayBuffer)[];
    echo: boolean;
  }
  interface Peer {
    pc: PagePeerConnection;
    candidates: (IceCandidateInit | null)[];
    connectionStates: string[];
    connectionEventsAtClose: number | null;
    channels: Map<string, Recorded>;
  }
  const peers = new Map<string, Peer>();
  const waiters = new Set<() => boolean>();
  const notify = (): void => {
    for (const waiter of [...waiters]) if (waiter()) waiters.delete(waiter);
  };
  /** Resolves with probe()'s first defined value, re-checked after every recorded event. */
  const until = <T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = (): boolean => {
        const value = probe();
        if (value === undefined) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      if (check()) return;
      waiters.add(check);
      timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what()} (waited ${timeoutMs} ms)`));
      }, timeoutMs);
    });
  const peer = (id: string): Peer => {
    const found = peers.get(id);
    if (!found) throw new Error(`no peer ${id}`);
    return found;
  };
  const recorded = (id: string, label: string): Recorded => {
    const found = peer(id).channels.get(label);
    if (!found) throw new Error(`peer ${id} has no channel labelled ${JSON.stringify(label)}`);
    return found;
  };
  const info = (channel: PageDataChannel): ChannelInfo => ({
    label: channel.label,
    protocol: channel.protocol,
    id: channel.id,
    ordered: channel.ordered,
    maxRetransmits: channel.maxRetransmits,
    maxPacketLifeTime: channel.maxPacketLifeTime,
    negotiated: channel.negotiated,
    readyState: channel.readyState,
  });
  const hex = (buffer: ArrayBuffer): string => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const digest = async (data: string | ArrayBuffer | Uint8Array): Promise<Digest> => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
    return { kind: typeof data === 'string' ? 'string' : 'binary', bytes: bytes.byteLength, sha256: hex(await page.crypto.subtle.digest('SHA-256', bytes)) };
  };
  const track = (owner: Peer, channel: PageDataChannel, announced: boolean): void => {
    channel.binaryType = 'arraybuffer';
    const entry: Recorded = { channel, events: [], inbox: [], echo: false };
    owner.channels.set(channel.label, entry);
    const log = (type: ChannelEvent['type'], detail?: string): void => {
      entry.events.push(detail === undefined ? { type, readyState: channel.readyState } : { type, readyState: channel.readyState, detail });
      notify();
    };
    if (announced) log('datachannel');
    for (const type of ['open', 'closing', 'close'] as const) channel.addEventListener(type, () => log(type));
    channel.addEventListener('error', (event) => {
      const error = (event as unknown as { error?: PageRtcError }).error;
      log('error', error ? `${error.name} ${error.errorDetail} ${error.sctpCauseCode}` : 'no RTCError');
    });
    channel.addEventListener('message', (event) => {
      const data = (event as unknown as { data: string | ArrayBuffer }).data;
      // Echo exactly what arrived, before anything else can run.
      if (entry.echo) {
        try {
          channel.send(data);
        } catch (error) {
          log('echo-failed', String(error));
        }
      }
      entry.inbox.push(data);
      notify();
    });
  };
  const report = (owner: Peer): PeerReport => ({
    connectionState: owner.pc.connectionState,
    signalingState: owner.pc.signalingState,
    connectionStates: [...owner.connectionStates],
    connectionEventsAtClose: owner.connectionEventsAtClose,
    maxMessageSize: owner.pc.sctp ? owner.pc.sctp.maxMessageSize : null,
    channels: [...owner.channels.values()].map(({ channel }) => info(channel)),
  });

  const kit: DcKit = {
    createPeer({ id, configuration }) {
      const pc = new page.RTCPeerConnection(configuration);
      const owner: Peer = { pc, candidates: [], connectionStates: [], connectionEventsAtClose: null, channels: new Map() };
      peers.set(id, owner);
      ((page.peers ??= {}) as Record<string, PagePeerConnection>)[id] = pc;
      pc.addEventListener('icecandidate', (event) => {
        const candidate = (event as unknown as { candidate: { toJSON(): IceCandidateInit } | null }).candidate;
        owner.candidates.push(candidate ? candidate.toJSON() : null);
      });
      pc.addEventListener('connectionstatechange', () => {
        owner.connectionStates.push(pc.connectionState);
        notify();
      });
      pc.addEventListener('datachannel', (event) => track(owner, (event as unknown as { channel: PageDataChannel }).channel, true));
    },
    createChannel({ id, label, init }) {
      const owner = peer(id);
      const channel = owner.pc.createDataChannel(label, init);
      track(owner, channel, false);
      return info(channel);
    },
    createChannels({ id, labels }) {
      const owner = peer(id);
      for (const label of labels) track(owner, owner.pc.createDataChannel(label), false);
    },
    takeCandidates(id) {
      return peer(id).candidates.splice(0);
    },
    async addCandidate({ id, candidate }) {
      const { pc } = peer(id);
      await (candidate ? pc.addIceCandidate(candidate) : pc.addIceCandidate());
    },
    waitConnectionState({ id, state, timeoutMs }) {
      const owner = peer(id);
      return until(
        () => (owner.pc.connectionState === state ? report(owner) : undefined),
        timeoutMs,
        () => `connectionState is ${owner.pc.connectionState} (ICE ${owner.pc.iceConnectionState}), not ${state}`,
      );
    },
    report: (id) => report(peer(id)),
    waitChannels({ id, labels, state, timeoutMs }) {
      const owner = peer(id);
      const states = (): string => labels.map((label) => `${label}: ${owner.channels.get(label)?.channel.readyState ?? 'absent'}`).join(', ');
      return until(
        () => {
          const found = labels.map((label) => owner.channels.get(label)?.channel);
          return found.every((channel) => channel?.readyState === state) ? found.map((channel) => info(channel!)) : undefined;
        },
        timeoutMs,
        () => `channels not all ${state}: ${states()}`,
      );
    },
    setEcho({ id, labels, echo }) {
      for (const label of labels) recorded(id, label).echo = echo;
    },
    async takeReceived({ id, label }) {
      const entry = recorded(id, label);
      const received = entry.inbox.splice(0);
      return Promise.all(received.map(digest));
    },
    exchange({ id, plans, timeoutMs }) {
      /** Whether received data is exactly `payload` (compared here, synchronously). */
      const matches = (data: string | ArrayBuffer, payload: string | Uint8Array): boolean => {
        if (typeof data === 'string' || typeof payload === 'string') return data === payload;
        const bytes = new Uint8Array(data);
        return bytes.length === payload.length && bytes.every((byte, i) => byte === payload[i]);
      };
      const run = async ({ label, messages, maxAttempts = 1, attemptTimeoutMs = timeoutMs }: MessagePlan): Promise<EchoRecord[]> => {
        const entry = recorded(id, label);
        const records: EchoRecord[] = [];
        let previous: string | Uint8Array | undefined;
        for (const spec of messages) {
          const payload = makePayload(spec);
          const sent = await digest(payload);
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
            // An ArrayBuffer of exactly the payload, as a page script would send it.
            entry.channel.send(typeof payload === 'string' ? payload : payload.slice().buffer);
            const what = (): string => `${label}: no echo of ${spec.kind} ${spec.size} B after ${attempts} send(s) (readyState ${entry.channel.readyState})`;
            const wait = until(take, attempts < maxAttempts ? attemptTimeoutMs : timeoutMs, what);
            echo = attempts < maxAttempts ? await wait.catch(() => undefined) : await wait;
          }
          records.push({ sent, echoed: await digest(echo), attempts, late });
          if (maxAttempts > 1) previous = payload;
        }
        return records;
      };
      return Promise.all(plans.map(run));
    },
    closeChannel({ id, label }) {
      const { channel } = recorded(id, label);
      channel.close();
      return channel.readyState;
    },
    events: ({ id, label }) => [...recorded(id, label).events],
    closePeer(id) {
      const owner = peer(id);
      owner.connectionEventsAtClose = owner.connectionStates.length;
      owner.pc.close();
      return report(owner);
    },
  };
  page.dcKit = kit;
}

/** Runs `dcKit[method](arg)` in the page. */
export function callDcKit(call: { method: string; arg: unknown }): unknown {
  const kit = (globalThis as unknown as PageGlobals).dcKit as Record<string, (arg: unknown) => unknown> | undefined;
  if (!kit) throw new Error('the data-channel kit is not installed in this page');
  return kit[call.method]!(call.arg);
}
