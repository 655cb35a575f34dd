// Chunk type, parameter type and error cause code numbers (RFC 9260 §3.2, RFC 3758, RFC 6525).

/** Chunk types this stack understands (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1). */
export const ChunkType = {
  DATA: 0,
  INIT: 1,
  INIT_ACK: 2,
  SACK: 3,
  HEARTBEAT: 4,
  HEARTBEAT_ACK: 5,
  ABORT: 6,
  SHUTDOWN: 7,
  SHUTDOWN_ACK: 8,
  ERROR: 9,
  COOKIE_ECHO: 10,
  COOKIE_ACK: 11,
  SHUTDOWN_COMPLETE: 14,
  RE_CONFIG: 130,
  FORWARD_TSN: 192,
} as const;

/** INIT and INIT-ACK parameter types (RFC 9260 §3.3.2, RFC 3758 §3.1, RFC 5061 §4.2.7). */
export const ParamType = {
  HEARTBEAT_INFO: 1,
  STATE_COOKIE: 7,
  UNRECOGNIZED_PARAMETER: 8,
  COOKIE_PRESERVATIVE: 9,
  SUPPORTED_ADDRESS_TYPES: 12,
  SUPPORTED_EXTENSIONS: 0x8008,
  FORWARD_TSN_SUPPORTED: 0xc000,
} as const;

/** Error cause codes (RFC 9260 §3.3.10). */
export const CauseCode = {
  INVALID_STREAM_IDENTIFIER: 1,
  MISSING_MANDATORY_PARAMETER: 2,
  STALE_COOKIE: 3,
  OUT_OF_RESOURCE: 4,
  UNRECOGNIZED_CHUNK_TYPE: 6,
  INVALID_MANDATORY_PARAMETER: 7,
  UNRECOGNIZED_PARAMETERS: 8,
  NO_USER_DATA: 9,
  COOKIE_WHILE_SHUTTING_DOWN: 10,
  USER_INITIATED_ABORT: 12,
  PROTOCOL_VIOLATION: 13,
} as const;

/** Size of the common header (RFC 9260 §3.1). */
export const COMMON_HEADER_BYTES = 12;
/** Size of a chunk header (RFC 9260 §3.2). */
export const CHUNK_HEADER_BYTES = 4;
/** Size of a DATA chunk header including the chunk header (RFC 9260 §3.3.1). */
export const DATA_HEADER_BYTES = 16;
