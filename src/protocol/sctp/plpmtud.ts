// Packetization Layer Path MTU Discovery for SCTP (RFC 8899 §6.2): probe packets are a
// HEARTBEAT padded with a PAD chunk (RFC 4820) to the size being tried; a HEARTBEAT ACK
// confirms the size. Probes are not DATA: they do not count in flight and are not
// retransmitted.
import { readU32, writeU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import type { Chunk } from './chunk.js';

/** HEARTBEAT info of a probe: nonce, then this marker. */
const PROBE_MARKER = 0x504d5455; // "PMTU"
/** RFC 8899 §5.1.2 MAX_PROBES. */
const MAX_PROBES = 3;
/** RFC 4820 PAD chunk type. */
export const PAD_CHUNK_TYPE = 0x84;

/** What the search wants sent next. */
export interface ProbeRequest {
  size: number;
  chunks: Chunk[];
}

/** The search state of one association's path. */
export class PmtuSearch {
  /** The confirmed packet size (starts at BASE_PLPMTU). */
  mtu: number;
  private index = 0;
  private attempts = 0;
  private nonce: number | undefined;
  /** When the outstanding probe counts as lost. */
  probeDeadlineMs: number | undefined;
  /** When the next probe may go out. */
  nextProbeAtMs: number | undefined;

  /**
   * `base` is BASE_PLPMTU (what is used until a probe succeeds); `sizes` the larger packet
   * sizes to try, ascending.
   */
  constructor(
    readonly base: number,
    private readonly sizes: readonly number[],
    private readonly nextNonce: () => number,
  ) {
    this.mtu = base;
  }

  /** Starts (or restarts) the search: the first probe goes at `firstProbeAtMs`. */
  start(firstProbeAtMs: number): void {
    this.index = 0;
    this.attempts = 0;
    this.nonce = undefined;
    this.probeDeadlineMs = undefined;
    this.nextProbeAtMs = this.sizes.length > 0 ? firstProbeAtMs : undefined;
  }

  /** A probe to send now, if one is due (the caller pads it to `size`). */
  poll(nowMs: number, timeoutMs: number): ProbeRequest | undefined {
    if (this.probeDeadlineMs !== undefined && nowMs >= this.probeDeadlineMs) {
      this.probeDeadlineMs = undefined;
      this.nonce = undefined;
      // RFC 8899 §5.2: after MAX_PROBES losses at a size, the search is done.
      if (this.attempts >= MAX_PROBES) this.nextProbeAtMs = undefined;
      else this.nextProbeAtMs = nowMs;
    }
    if (this.nextProbeAtMs === undefined || nowMs < this.nextProbeAtMs || this.nonce !== undefined) return undefined;
    const size = this.sizes[this.index];
    if (size === undefined) {
      this.nextProbeAtMs = undefined;
      return undefined;
    }
    this.attempts++;
    this.nonce = this.nextNonce();
    this.probeDeadlineMs = nowMs + timeoutMs;
    this.nextProbeAtMs = undefined;
    const info = new Uint8Array(8);
    writeU32(info, 0, this.nonce);
    writeU32(info, 4, PROBE_MARKER);
    // Packet = 12 (common header) + 16 (HEARTBEAT: chunk header, Heartbeat Info parameter
    // header, 8 bytes of info) + PAD chunk (4 + padding) = `size`.
    const padLength = size - 12 - 16 - 4;
    return {
      size,
      chunks: [
        { type: ChunkType.HEARTBEAT, info },
        { type: 'unknown', chunkType: PAD_CHUNK_TYPE, flags: 0, value: new Uint8Array(Math.max(0, padLength)) },
      ],
    };
  }

  /** Whether a HEARTBEAT ACK's info belongs to a probe (and handles it). */
  onHeartbeatAck(info: Uint8Array, nowMs: number): boolean {
    if (info.length < 8 || readU32(info, 4) !== PROBE_MARKER) return false;
    const size = this.sizes[this.index];
    // A late or duplicated ACK of a probe this search no longer waits for changes nothing.
    if (this.nonce === undefined || readU32(info, 0) !== this.nonce || size === undefined) return true;
    this.mtu = size;
    this.index++;
    this.attempts = 0;
    this.nonce = undefined;
    this.probeDeadlineMs = undefined;
    this.nextProbeAtMs = this.index < this.sizes.length ? nowMs : undefined;
    return true;
  }

  /**
   * RFC 8899 §4.3 black-hole detection: data at the probed size keeps getting lost, so
   * fall back to BASE_PLPMTU; RFC 8899 §5.2: from BASE the search starts again, its first
   * probe at `searchAgainAtMs` (a probe is a padded HEARTBEAT, so a lost one costs no data).
   * A probe outstanding at the old size is forgotten. Returns whether the size changed.
   */
  onBlackHole(searchAgainAtMs: number): boolean {
    if (this.mtu === this.base) return false;
    this.mtu = this.base;
    this.start(searchAgainAtMs);
    return true;
  }

  /** The earliest time the search needs attention. */
  get timeoutMs(): number | undefined {
    if (this.probeDeadlineMs !== undefined) return this.probeDeadlineMs;
    return this.nextProbeAtMs;
  }
}
