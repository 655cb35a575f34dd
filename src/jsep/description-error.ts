// The error every JSEP check throws; the API maps its kind to a DOMException or RTCError.

/** Why a description is not acceptable (maps to a DOMException or RTCError). */
export class DescriptionError extends Error {
  constructor(
    readonly kind: 'syntax' | 'operation' | 'invalid-state' | 'invalid-modification' | 'invalid-access',
    message: string,
    readonly lineNumber?: number,
  ) {
    super(message);
  }
}
