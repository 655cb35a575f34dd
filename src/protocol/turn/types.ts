// The TurnClient's options, events and counters.
import type { Address, Random } from '../types.js';

/** How the client reaches its server: UDP, TCP or TLS over TCP (RFC 8656 §3.1). */
export type TurnTransport = 'udp' | 'tcp' | 'tls';

/** Where the allocation is in its life (RFC 8656 §7). */
export type TurnState = 'new' | 'allocating' | 'allocated' | 'failed' | 'closed';

/** Construction parameters. Durations are milliseconds unless named in seconds. */
export interface TurnClientOptions {
  /** The server's transport address (every Transmit goes there). */
  server: Address;
  transport: TurnTransport;
  username: string;
  password: string;
  /** Randomness for transaction IDs. */
  random: Random;
  /** UDP: initial RTO (RFC 8489 §6.2.1: 500 ms). */
  rtoMs?: number;
  /** UDP: Rc, requests sent in all (RFC 8489 §6.2.1: 7). */
  maxRequests?: number;
  /** TCP/TLS: how long a request waits for its answer (RFC 8489 §6.2.2: 39.5 s). */
  streamTimeoutMs?: number;
  /** LIFETIME asked for in Allocate and Refresh (RFC 8656 §7.1 default 600 s). */
  lifetimeSec?: number;
  /** Datagrams held per peer while its permission is being installed; more are dropped. */
  maxQueuedPerPeer?: number;
}

/** What the client reports; drain with `pollEvent`. */
export type TurnEvent =
  /** The allocation exists: `relayed` is the relay candidate, `mapped` its related address. */
  | { type: 'allocated'; relayed: Address; mapped: Address | undefined; lifetimeSec: number }
  /**
   * The allocation failed or was lost: `code` is the server's error code, undefined when
   * the server never answered (or the connection to it ended).
   */
  | { type: 'failed'; code: number | undefined; reason: string }
  /** Application data a peer sent through the relay. */
  | { type: 'data'; peer: Address; data: Uint8Array }
  /** The server refused a permission for this peer (its queued data was dropped). */
  | { type: 'permission-failed'; peer: Address; code: number | undefined };

/** Counters; bad input is dropped and counted here. */
export interface TurnClientStats {
  /** Input that parsed as neither STUN nor ChannelData. */
  malformed: number;
  /** Responses that matched no request. */
  responsesIgnored: number;
  /** Responses whose MESSAGE-INTEGRITY did not verify (or was missing from a success). */
  integrityFailures: number;
  /** ChannelData on a channel this client never bound. */
  unknownChannel: number;
  /** Data indications without a peer address or data. */
  badIndications: number;
  /** Datagrams to peers dropped: no allocation, queue full, or permission refused. */
  sendsDropped: number;
  /** Send indications and ChannelData messages sent. */
  indicationsSent: number;
  channelDataSent: number;
  /** Data indications and ChannelData messages received. */
  indicationsReceived: number;
  channelDataReceived: number;
  /** Nonces renewed after a 438 (RFC 8489 §9.2.5). */
  staleNonces: number;
  /** Allocation refreshes that succeeded. */
  refreshes: number;
}
