// Errors SRTP throws: only for misuse by the caller, never for bad input from the network
// (that is dropped and counted, see SrtpStats).

/** Stable codes of SrtpError. */
export type SrtpErrorCode = 'unknown-profile' | 'bad-key' | 'not-rtp' | 'not-rtcp' | 'index-exhausted';

/** Thrown by protect and by constructors on misuse; `code` says which. */
export class SrtpError extends Error {
  /** Builds the error with its code and message. */
  constructor(
    readonly code: SrtpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SrtpError';
  }
}
