// The long-term credential mechanism as a TURN client uses it (RFC 8489 §9.2, RFC 8656 §7):
// the first request goes without credentials; the 401 names the realm and a nonce; every
// later request carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY; a 438 brings a new nonce.
import {
  ParseError,
  StunAttr,
  getAttribute,
  getNonce,
  getRealm,
  longTermKey,
  nonceAttr,
  realmAttr,
  usernameAttr,
  verifyMessageIntegrity,
  type StunAttribute,
  type StunMessage,
} from '../stun/index.js';

/** The client's credentials and what the server has told it so far. */
export class LongTermCredentials {
  private realm: string | undefined;
  private nonce: string | undefined;
  private keyValue: Uint8Array | undefined;

  /** Keeps the username and password from RTCIceServer. */
  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Whether a realm and nonce are known, so requests can be authenticated. */
  get ready(): boolean {
    return this.keyValue !== undefined;
  }

  /** The HMAC key for MESSAGE-INTEGRITY (RFC 8489 §9.2.2), once the realm is known. */
  get key(): Uint8Array | undefined {
    return this.keyValue;
  }

  /**
   * Takes REALM and NONCE from a 401 or 438 error response (RFC 8489 §9.2.5); false when
   * either is missing or malformed, so the request cannot be retried.
   */
  learn(msg: StunMessage): boolean {
    let realm: string | undefined;
    let nonce: string | undefined;
    try {
      realm = getRealm(msg);
      nonce = getNonce(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      return false;
    }
    // RFC 8489 §9.2.5: a 438 may leave out REALM; the one known still holds.
    realm ??= this.realm;
    if (realm === undefined || nonce === undefined) return false;
    if (realm !== this.realm || this.keyValue === undefined) this.keyValue = longTermKey(this.username, realm, this.password);
    this.realm = realm;
    this.nonce = nonce;
    return true;
  }

  /** USERNAME, REALM and NONCE for an authenticated request (RFC 8489 §9.2.4). */
  attributes(): StunAttribute[] {
    if (this.realm === undefined || this.nonce === undefined) return [];
    return [usernameAttr(this.username), realmAttr(this.realm), nonceAttr(this.nonce)];
  }

  /**
   * RFC 8489 §9.2.5: a response to an authenticated request is checked with the key; a
   * success response without MESSAGE-INTEGRITY is discarded. An error response without one
   * is taken (it can only end what it answers), one with a wrong one is discarded.
   */
  responseValid(msg: StunMessage): boolean {
    const key = this.keyValue;
    if (key === undefined) return true;
    const present = getAttribute(msg, StunAttr.MessageIntegrity) !== undefined;
    if (!present) return msg.class !== 'success';
    return verifyMessageIntegrity(msg, key);
  }
}
