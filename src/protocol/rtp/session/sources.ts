// The synchronization and contributing sources a receiver heard lately (W3C webrtc §5.3.4
// getSynchronizationSources / getContributingSources): per source the last packet's arrival,
// its RTP timestamp and, for the SSRC, the RFC 6464 audio level; entries older than 10 s go.
import type { AudioLevel } from '../extension-values.js';

/** W3C webrtc §5.3.4: sources older than 10 s are not reported. */
export const SOURCE_MAX_AGE_MS = 10_000;
/** Sources kept per kind at most (RFC 3550 §5.1: a packet has at most 15 CSRCs). */
const MAX_SOURCES = 64;

/** One source as last heard. */
export interface RtpSourceEntry {
  /** The SSRC or CSRC. */
  source: number;
  /** When its last packet arrived, on the session's nowMs clock. */
  receivedMs: number;
  /** The RTP timestamp of that packet. */
  rtpTimestamp: number;
  /** RFC 6464 level in -dBov (0 loudest, 127 silence), when the packet carried ssrc-audio-level. */
  audioLevel?: number;
}

/** The sources of one receiver. */
export class SourceTable {
  private readonly ssrcs = new Map<number, RtpSourceEntry>();
  private readonly csrcs = new Map<number, RtpSourceEntry>();

  /** Notes a media packet of `ssrc` with its CSRCs that arrived at `nowMs`. */
  onPacket(ssrc: number, csrcs: readonly number[], rtpTimestamp: number, level: AudioLevel | undefined, nowMs: number): void {
    const entry: RtpSourceEntry = { source: ssrc, receivedMs: nowMs, rtpTimestamp };
    if (level !== undefined) entry.audioLevel = level.level;
    put(this.ssrcs, entry, nowMs);
    for (const c of csrcs) put(this.csrcs, { source: c, receivedMs: nowMs, rtpTimestamp }, nowMs);
  }

  /** The sources heard within the last 10 s, most recent first. */
  list(kind: 'ssrc' | 'csrc', nowMs: number): RtpSourceEntry[] {
    const map = kind === 'ssrc' ? this.ssrcs : this.csrcs;
    prune(map, nowMs);
    return [...map.values()].sort((a, b) => b.receivedMs - a.receivedMs).map((e) => ({ ...e }));
  }
}

function put(map: Map<number, RtpSourceEntry>, entry: RtpSourceEntry, nowMs: number): void {
  map.delete(entry.source);
  map.set(entry.source, entry);
  if (map.size > MAX_SOURCES) prune(map, nowMs);
  // Still too many fresh ones: the least recently heard (the first in insertion order) goes.
  while (map.size > MAX_SOURCES) map.delete(map.keys().next().value!);
}

function prune(map: Map<number, RtpSourceEntry>, nowMs: number): void {
  for (const [k, e] of map) if (nowMs - e.receivedMs > SOURCE_MAX_AGE_MS) map.delete(k);
}
