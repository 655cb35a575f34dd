// Construction options of SctpAssociation and their defaults.
import type { Random } from '../types.js';
import { nodeHmacSha256, type HmacSha256 } from './cookie.js';

/** Options for `new SctpAssociation(...)`. */
export interface SctpAssociationOptions {
  /** Our SCTP port (5000 in WebRTC unless a=sctp-port says otherwise). */
  localPort: number;
  /** The peer's SCTP port. */
  remotePort: number;
  /** Source of verification tags, initial TSNs, the cookie secret and heartbeat nonces. */
  random: Random;
  /** Largest message `send` accepts (the peer's a=max-message-size); default 262144. */
  maxMessageSize?: number;
  /**
   * Largest message we accept (our a=max-message-size, RFC 8841 §6); default 0, any size.
   * A larger one is refused as it arrives (SctpMessageTooLargeEvent), never held whole.
   */
  maxReceiveMessageSize?: number;
  /** Largest SCTP packet we build (the DTLS record payload budget); default 1200. */
  mtu?: number;
  /** RTO.Initial in ms; default 1000 (RFC 9260 §16). */
  rtoInitialMs?: number;
  /** RTO.Min in ms; default 200, below RFC 9260's 1 s as modern stacks do on LAN paths. */
  rtoMinMs?: number;
  /** RTO.Max in ms; default 10000, below RFC 9260's 60 s so dead peers are noticed sooner. */
  rtoMaxMs?: number;
  /**
   * Largest RTO that timer back-off (RFC 9260 §6.3.3 E2) reaches, in ms; default 3000, as
   * libwebrtc: recovery within seconds once a lossy path heals. Set it to rtoMaxMs for
   * RFC 9260's plain doubling.
   */
  maxBackoffMs?: number;
  /** The receive window we advertise (a_rwnd) in bytes; default 4 MiB. */
  receiveWindowBytes?: number;
  /** Outbound streams we ask for (OS); default 65535. */
  outboundStreams?: number;
  /** Inbound streams we allow (MIS); default 65535. */
  inboundStreams?: number;
  /** Association.Max.Retrans (RFC 9260 §16); default 10. */
  maxRetransmissions?: number;
  /** Max.Init.Retransmits (RFC 9260 §16); default 8. */
  maxInitRetransmissions?: number;
  /** HB.interval in ms (RFC 9260 §16); default 30000; 0 disables heartbeats. */
  heartbeatIntervalMs?: number;
  /** Valid.Cookie.Life in ms (RFC 9260 §16); default 60000. */
  cookieLifetimeMs?: number;
  /** Delayed SACK timer in ms; default 200 (RFC 9260 §6.2: at most 500). */
  delayedAckMs?: number;
  /**
   * RFC 9260 §6.1 D Max.Burst: packets of new data one transmission opportunity may add to
   * the flight (default 4); 0 turns the limit off.
   */
  maxBurst?: number;
  /** HMAC-SHA-256 used to sign state cookies; default node:crypto. */
  hmac?: HmacSha256;
  /** Our Initiate Tag (non-zero); default drawn from `random`. A SNAP INIT (snap.ts) fixes it ahead. */
  initiateTag?: number;
  /** Our initial TSN; default drawn from `random`. */
  initialTsn?: number;
}

/** The receive window we advertise by default (a_rwnd). */
export const DEFAULT_RECEIVE_WINDOW_BYTES = 4 * 1024 * 1024;
/** Streams we ask for and allow by default (OS and MIS). */
export const DEFAULT_STREAMS = 65535;

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<SctpAssociationOptions, 'initiateTag' | 'initialTsn'>> & Pick<SctpAssociationOptions, 'initiateTag' | 'initialTsn'>;

/** Fills in defaults and checks ranges (API misuse throws RangeError). */
export function resolveOptions(o: SctpAssociationOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    localPort: o.localPort,
    remotePort: o.remotePort,
    random: o.random,
    maxMessageSize: o.maxMessageSize ?? 262144,
    maxReceiveMessageSize: o.maxReceiveMessageSize ?? 0,
    mtu: o.mtu ?? 1200,
    rtoInitialMs: o.rtoInitialMs ?? 1000,
    rtoMinMs: o.rtoMinMs ?? 200,
    rtoMaxMs: o.rtoMaxMs ?? 10000,
    maxBackoffMs: o.maxBackoffMs ?? 3000,
    receiveWindowBytes: o.receiveWindowBytes ?? DEFAULT_RECEIVE_WINDOW_BYTES,
    outboundStreams: o.outboundStreams ?? DEFAULT_STREAMS,
    inboundStreams: o.inboundStreams ?? DEFAULT_STREAMS,
    maxRetransmissions: o.maxRetransmissions ?? 10,
    maxInitRetransmissions: o.maxInitRetransmissions ?? 8,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 30000,
    cookieLifetimeMs: o.cookieLifetimeMs ?? 60000,
    delayedAckMs: o.delayedAckMs ?? 200,
    maxBurst: o.maxBurst ?? 4,
    hmac: o.hmac ?? nodeHmacSha256,
    initiateTag: o.initiateTag,
    initialTsn: o.initialTsn,
  };
  const port = (p: number): boolean => Number.isInteger(p) && p > 0 && p <= 0xffff;
  if (!port(r.localPort) || !port(r.remotePort)) throw new RangeError('SCTP ports must be 1..65535');
  if (!Number.isInteger(r.mtu) || r.mtu < 256 || r.mtu > 65535) throw new RangeError('mtu must be 256..65535');
  const streams = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!streams(r.outboundStreams) || !streams(r.inboundStreams)) throw new RangeError('stream counts must be 1..65535');
  if (!(r.maxMessageSize > 0)) throw new RangeError('maxMessageSize must be positive');
  if (!(r.maxReceiveMessageSize >= 0)) throw new RangeError('maxReceiveMessageSize must be 0 or positive');
  if (!(r.receiveWindowBytes >= 1500)) throw new RangeError('receiveWindowBytes must be at least 1500');
  if (!Number.isInteger(r.maxBurst) || r.maxBurst < 0) throw new RangeError('maxBurst must be a non-negative integer');
  const u32 = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0 && n <= 0xffffffff);
  if (!u32(r.initiateTag) || r.initiateTag === 0 || !u32(r.initialTsn)) throw new RangeError('initiateTag must be 1..2^32-1 and initialTsn 0..2^32-1');
  return r;
}
