// Public face of STUN (RFC 8489): the message codec, typed attributes, integrity and
// fingerprint, and the sans-IO client transaction. ICE and TURN build on this.
export { ParseError, type StunErrorCode } from './errors.js';
export {
  HEADER_LENGTH,
  MAGIC_COOKIE,
  StunAttr,
  StunErrorCodes,
  StunMethod,
  isComprehensionRequired,
  type StunClass,
} from './constants.js';
export {
  getAttribute,
  isStun,
  messageType,
  newTransactionId,
  padded,
  parseMessage,
  serializeMessage,
  splitMessageType,
  transactionKey,
  type SerializeOptions,
  type StunAttribute,
  type StunMessage,
} from './message.js';
export {
  alternateServerAttr,
  decodeAddressValue,
  decodeXorAddressValue,
  encodeAddressValue,
  encodeXorAddressValue,
  getAlternateServer,
  getMappedAddress,
  getXorMappedAddress,
  mappedAddressAttr,
  xorMappedAddressAttr,
} from './address.js';
export {
  getNonce,
  getRealm,
  getSoftware,
  getUsername,
  nonceAttr,
  realmAttr,
  softwareAttr,
  usernameAttr,
} from './text.js';
export { errorCodeAttr, getErrorCode, getUnknownAttributes, unknownAttributesAttr, type StunError } from './error-code.js';
export {
  getIceControlled,
  getIceControlling,
  getPriority,
  hasUseCandidate,
  iceControlledAttr,
  iceControllingAttr,
  priorityAttr,
  useCandidateAttr,
} from './ice-attributes.js';
export {
  integrityValue,
  longTermKey,
  saslPrep,
  shortTermKey,
  verifyMessageIntegrity,
  verifyMessageIntegritySha256,
  type IntegrityAlgorithm,
} from './integrity.js';
export { FINGERPRINT_XOR, checkFingerprint, fingerprintValue } from './fingerprint.js';
export { crc32 } from './crc32.js';
export { canonicalIp, formatIp, ipFamily, parseIp } from './ip.js';
export {
  StunTransaction,
  type StunTransactionEvent,
  type StunTransactionOptions,
  type StunTransactionState,
} from './transaction.js';
