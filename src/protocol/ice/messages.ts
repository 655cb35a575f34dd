// The STUN messages ICE exchanges: connectivity-check requests (RFC 8445 §7.2.2), their
// validation on receipt (§7.3, RFC 8489 §6.3 and §9.1.3) and the responses (§7.3.1).
import type { Address } from '../types.js';
import {
  ParseError,
  StunAttr,
  StunMethod,
  errorCodeAttr,
  getIceControlled,
  getIceControlling,
  getPriority,
  getUsername,
  hasUseCandidate,
  iceControlledAttr,
  iceControllingAttr,
  isComprehensionRequired,
  priorityAttr,
  serializeMessage,
  unknownAttributesAttr,
  useCandidateAttr,
  usernameAttr,
  verifyMessageIntegrity,
  xorMappedAddressAttr,
  type StunAttribute,
  type StunMessage,
} from '../stun/index.js';

/** What goes into one connectivity check or consent request. */
export interface CheckParams {
  transactionId: Uint8Array;
  localUfrag: string;
  remoteUfrag: string;
  /** The remote password: RFC 8445 §7.2.2 short-term credential. */
  remoteKey: Uint8Array;
  /** PRIORITY: what a peer-reflexive candidate from this base would get (§7.2.2). */
  priority: number;
  controlling: boolean;
  tieBreaker: bigint;
  useCandidate: boolean;
}

/** A request that passed authentication, with its ICE attributes. */
export interface ValidRequest {
  ok: true;
  priority: number;
  controlling: bigint | undefined;
  controlled: bigint | undefined;
  useCandidate: boolean;
}

/** A request to reject with an error response. */
export interface RejectedRequest {
  ok: false;
  code: number;
  reason: string;
  /** Whether the request passed integrity: only then is the error response protected. */
  authenticated: boolean;
  unknown?: number[];
}

const KNOWN: ReadonlySet<number> = new Set(Object.values(StunAttr));

/** Serializes a Binding request for a check (RFC 8445 §7.2.2), with MI and FINGERPRINT. */
export function buildCheck(p: CheckParams): Uint8Array {
  // RFC 8445 §7.2.2: USERNAME is "remote ufrag:local ufrag"; PRIORITY MUST be included;
  // ICE-CONTROLLING or ICE-CONTROLLED MUST carry the tie-breaker.
  const attributes: StunAttribute[] = [
    usernameAttr(`${p.remoteUfrag}:${p.localUfrag}`),
    priorityAttr(p.priority),
    p.controlling ? iceControllingAttr(p.tieBreaker) : iceControlledAttr(p.tieBreaker),
  ];
  if (p.useCandidate) attributes.push(useCandidateAttr());
  return serializeMessage(
    { class: 'request', method: StunMethod.Binding, transactionId: p.transactionId, attributes },
    { integrityKey: p.remoteKey, fingerprint: true },
  );
}

/** RFC 8445 §7.3.1: success response with XOR-MAPPED-ADDRESS, MI (local password), FINGERPRINT. */
export function buildSuccess(request: StunMessage, source: Address, localKey: Uint8Array): Uint8Array {
  return serializeMessage(
    {
      class: 'success',
      method: StunMethod.Binding,
      transactionId: request.transactionId,
      attributes: [xorMappedAddressAttr(source, request.transactionId)],
    },
    { integrityKey: localKey, fingerprint: true },
  );
}

/**
 * An error response. RFC 8489 §9.1.3: it carries MESSAGE-INTEGRITY only when the request
 * authenticated; 400 and 401 for missing or wrong credentials MUST NOT.
 */
export function buildError(request: StunMessage, rejected: RejectedRequest, localKey: Uint8Array): Uint8Array {
  const attributes = [errorCodeAttr(rejected.code, rejected.reason)];
  if (rejected.unknown) attributes.push(unknownAttributesAttr(rejected.unknown));
  return serializeMessage(
    { class: 'error', method: StunMethod.Binding, transactionId: request.transactionId, attributes },
    rejected.authenticated ? { integrityKey: localKey, fingerprint: true } : { fingerprint: true },
  );
}

/** The ufrag pair in a check's USERNAME ("receiver:sender"), or undefined. */
export function splitUsername(msg: StunMessage): [string, string] | undefined {
  let username: string | undefined;
  try {
    username = getUsername(msg);
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
  if (username === undefined) return undefined;
  const colon = username.indexOf(':');
  return colon < 0 ? undefined : [username.slice(0, colon), username.slice(colon + 1)];
}

/**
 * Authenticates a Binding request with the short-term credential mechanism (RFC 8489
 * §9.1.3) against our ufrag and password and reads its ICE attributes.
 */
export function validateRequest(msg: StunMessage, localUfrag: string, localKey: Uint8Array): ValidRequest | RejectedRequest {
  const hasMi = msg.attributes.some((a) => a.type === StunAttr.MessageIntegrity);
  const hasUsername = msg.attributes.some((a) => a.type === StunAttr.Username);
  // RFC 8489 §9.1.3: without both MESSAGE-INTEGRITY and USERNAME, reject with 400.
  if (!hasMi || !hasUsername) return { ok: false, code: 400, reason: 'Bad Request', authenticated: false };
  const ufrags = splitUsername(msg);
  // RFC 8489 §9.1.3: an unknown username or a failing MESSAGE-INTEGRITY gets 401.
  if (ufrags === undefined || ufrags[0] !== localUfrag) return { ok: false, code: 401, reason: 'Unauthenticated', authenticated: false };
  if (!verifyMessageIntegrity(msg, localKey)) return { ok: false, code: 401, reason: 'Unauthenticated', authenticated: false };
  // RFC 8489 §6.3.1: unknown comprehension-required attributes get 420 and a list of them.
  const unknown = msg.attributes.filter((a) => isComprehensionRequired(a.type) && !KNOWN.has(a.type)).map((a) => a.type);
  if (unknown.length > 0) return { ok: false, code: 420, reason: 'Unknown Attribute', authenticated: true, unknown };
  try {
    const priority = getPriority(msg);
    // RFC 8445 §7.2.2: a check MUST include PRIORITY.
    if (priority === undefined) return { ok: false, code: 400, reason: 'Bad Request', authenticated: true };
    return {
      ok: true,
      priority,
      controlling: getIceControlling(msg),
      controlled: getIceControlled(msg),
      useCandidate: hasUseCandidate(msg),
    };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, code: 400, reason: 'Bad Request', authenticated: true };
    throw e;
  }
}
