// HelloVerifyRequest cookies (RFC 6347 §4.2.1): an HMAC of the ClientHello's parameters
// under a per-connection secret, checked in constant time.
import { timingSafeEqual } from 'node:crypto';
import { hmac } from '../../crypto/mac.js';
import { concat, u16, u16List, vec8 } from './bytes.js';
import { DTLS1_0, HandshakeType } from './constants.js';
import { ParseError } from './errors.js';
import { serializeWholeMessage, type HandshakeFragment } from './handshake.js';
import { parseClientHello, type ClientHello } from './messages/client-hello.js';
import { serializeHelloVerifyRequest } from './messages/hello-verify-request.js';
import { HandshakeReassembler } from './reassembler.js';

/** Cookie size: a full HMAC-SHA256. */
export const COOKIE_BYTES = 32;

/** Makes and checks cookies with one secret. */
export class CookieJar {
  /** `secret` comes from the connection's Random. */
  constructor(private readonly secret: Uint8Array) {}

  /**
   * RFC 6347 §4.2.1 suggests Cookie = HMAC(Secret, Client-IP, Client-Parameters); the
   * engine serves one peer, so the address is left to the driver. The parameters are the
   * ones the client MUST repeat in its second ClientHello: version, random, session_id,
   * cipher_suites and compression_methods.
   */
  make(hello: ClientHello): Uint8Array {
    const params = concat(
      u16(hello.version),
      hello.random,
      vec8(hello.sessionId),
      u16List(hello.cipherSuites),
      vec8(Uint8Array.from(hello.compressionMethods)),
    );
    return hmac('sha256', this.secret, params);
  }

  /** Whether the hello carries the cookie we would have made for it (constant-time compare). */
  check(hello: ClientHello): boolean {
    if (hello.cookie.length !== COOKIE_BYTES) return false;
    return timingSafeEqual(hello.cookie, this.make(hello));
  }
}

/** Largest fragmented ClientHello the server joins before the cookie exchange. */
export const MAX_CLIENT_HELLO_BYTES = 4096;

/**
 * The server's front door before the cookie exchange: joins a ClientHello split by a small
 * MTU (one message_seq at a time, bounded in size) and screens it with the cookie jar.
 */
export class HelloGate {
  private readonly jar: CookieJar;
  private readonly parts = new HandshakeReassembler();

  /** `secret` keys the cookies (from the connection's Random). */
  constructor(secret: Uint8Array) {
    this.jar = new CookieJar(secret);
  }

  /**
   * The verdict on a fragment, or undefined while a fragmented ClientHello is incomplete.
   * `verifiedPeer`: the driver has already proven the sender owns its address (an ICE
   * check succeeded with it), which is what the cookie exchange would prove.
   */
  offer(fragment: HandshakeFragment, epoch: number, verifiedPeer = false): HelloScreen | undefined {
    let f = fragment;
    if (f.body.length !== f.length && f.msgType === HandshakeType.clientHello && f.length <= MAX_CLIENT_HELLO_BYTES) {
      if (f.messageSeq !== this.parts.nextSeq) this.parts.reset(f.messageSeq);
      if (this.parts.add(f, epoch) !== 'buffered') return { kind: 'drop', malformed: false };
      const whole = this.parts.pop();
      if (!whole) return undefined;
      f = { msgType: whole.msgType, length: whole.body.length, messageSeq: whole.messageSeq, fragmentOffset: 0, body: whole.body };
    }
    return screenClientHello(this.jar, f, epoch, verifiedPeer);
  }
}

/** What to do with a ClientHello fragment received before the cookie exchange completed. */
export type HelloScreen =
  | { kind: 'accept'; hello: ClientHello; messageSeq: number; body: Uint8Array }
  | { kind: 'reply'; helloVerifyRequest: Uint8Array }
  | { kind: 'drop'; malformed: boolean };

/**
 * Before the cookie exchange the server keeps no handshake state (RFC 6347 §4.2.1): a
 * ClientHello must arrive whole, in epoch 0, and is answered with a HelloVerifyRequest
 * (a whole handshake message, header included) until its cookie checks out.
 */
export function screenClientHello(jar: CookieJar, f: HandshakeFragment, epoch: number, verifiedPeer = false): HelloScreen {
  if (f.msgType !== HandshakeType.clientHello || f.fragmentOffset !== 0 || f.body.length !== f.length || epoch !== 0) {
    return { kind: 'drop', malformed: false };
  }
  let hello: ClientHello;
  try {
    hello = parseClientHello(f.body);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return { kind: 'drop', malformed: true };
  }
  // RFC 6347 §4.2.1: the cookie proves the client can receive at its address; a peer whose
  // address ICE connectivity checks already proved (RFC 8445 §7.2.5) needs no second round
  // trip, so such a ClientHello is accepted as it is.
  if (verifiedPeer || jar.check(hello)) return { kind: 'accept', hello, messageSeq: f.messageSeq, body: f.body };
  // RFC 6347 §4.2.1: DTLS 1.2 servers SHOULD put DTLS 1.0 in HelloVerifyRequest.server_version.
  const body = serializeHelloVerifyRequest({ version: DTLS1_0, cookie: jar.make(hello) });
  return { kind: 'reply', helloVerifyRequest: serializeWholeMessage(HandshakeType.helloVerifyRequest, f.messageSeq, body) };
}
