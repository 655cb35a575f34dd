// Counters an association keeps for diagnostics and getStats (STYLE.md habit 7).

/** Counters of one association; bad input shows up here instead of being thrown. */
export interface SctpStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** Packets dropped for a CRC32c mismatch (RFC 9260 §6.8). */
  badChecksum: number;
  /** Packets or chunks dropped because they did not parse. */
  parseErrors: number;
  /** Packets dropped for a wrong verification tag or port (RFC 9260 §8.5). */
  badVerificationTag: number;
  /** Chunks dropped for other reasons (wrong state, unknown type, no room). */
  droppedChunks: number;
  dataChunksSent: number;
  dataChunksReceived: number;
  duplicateTsnsReceived: number;
  retransmissions: number;
  fastRetransmits: number;
  t3Expirations: number;
  sacksSent: number;
  sacksReceived: number;
  forwardTsnsSent: number;
  forwardTsnsReceived: number;
  /** Messages abandoned under a partial-reliability policy (RFC 3758). */
  messagesAbandoned: number;
  messagesSent: number;
  messagesReceived: number;
}

/** A zeroed stats object. */
export function newStats(): SctpStats {
  return {
    packetsSent: 0,
    packetsReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
    badChecksum: 0,
    parseErrors: 0,
    badVerificationTag: 0,
    droppedChunks: 0,
    dataChunksSent: 0,
    dataChunksReceived: 0,
    duplicateTsnsReceived: 0,
    retransmissions: 0,
    fastRetransmits: 0,
    t3Expirations: 0,
    sacksSent: 0,
    sacksReceived: 0,
    forwardTsnsSent: 0,
    forwardTsnsReceived: 0,
    messagesAbandoned: 0,
    messagesSent: 0,
    messagesReceived: 0,
  };
}
