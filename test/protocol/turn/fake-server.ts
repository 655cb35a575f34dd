// A small TURN server for the client's tests (RFC 8656 with RFC 8489 long-term
// credentials): it answers what the client sends, in memory, and records what it saw.
import {
  StunAttr,
  StunMethod,
  errorCodeAttr,
  getAttribute,
  getNonce,
  getUsername,
  longTermKey,
  nonceAttr,
  parseMessage,
  realmAttr,
  serializeMessage,
  verifyMessageIntegrity,
  xorMappedAddressAttr,
  type StunAttribute,
  type StunMessage,
} from '../../../src/protocol/stun/index.js';
import {
  TurnAttr,
  dataAttr,
  getChannelNumber,
  getData,
  getLifetime,
  getXorPeerAddress,
  isChannelData,
  lifetimeAttr,
  parseChannelData,
  serializeChannelData,
  xorPeerAddressAttr,
} from '../../../src/protocol/turn/index.js';
import { addressKey, type Address } from '../../../src/protocol/types.js';

/** The server's relayed address for the one allocation. */
export const RELAYED: Address = { family: 4, address: '198.51.100.7', port: 50000 };
/** The address the server sees the client at. */
export const MAPPED: Address = { family: 4, address: '203.0.113.9', port: 40000 };
export const REALM = 'example.org';
export const USER = 'alice';
export const PASSWORD = 'secret';

/** What the server does and saw. */
export class FakeTurnServer {
  nonce = 'nonce-1';
  /** Lifetime granted (seconds). */
  lifetimeSec = 600;
  /** Answer every authenticated request with 438 once, after changing the nonce. */
  staleOnce = false;
  /** Answer Refresh with 437 (the allocation is gone). */
  forgetAllocation = false;
  /** Answer CreatePermission with 403. */
  forbidPeers = false;
  /** Drop every message (an unreachable server). */
  silent = false;
  allocated = false;
  /** Requests seen, by method name, in order. */
  readonly requests: Array<{ method: number; msg: StunMessage }> = [];
  readonly permissions = new Set<string>();
  readonly channels = new Map<number, Address>();
  /** What peers received through the relay, in order. */
  readonly delivered: Array<{ peer: string; data: string; via: 'send' | 'channel' }> = [];
  lifetimesAsked: number[] = [];

  /** Answers one message from the client; returns the messages to send back. */
  handle(bytes: Uint8Array): Uint8Array[] {
    if (this.silent) return [];
    if (isChannelData(bytes)) {
      const cd = parseChannelData(bytes);
      const peer = this.channels.get(cd.channel);
      if (peer) this.delivered.push({ peer: addressKey(peer), data: new TextDecoder().decode(cd.data), via: 'channel' });
      return [];
    }
    const msg = parseMessage(bytes);
    if (msg.class === 'indication') {
      const peer = getXorPeerAddress(msg)!;
      if (this.permissions.has(peer.address)) {
        this.delivered.push({ peer: addressKey(peer), data: new TextDecoder().decode(getData(msg)!), via: 'send' });
      }
      return [];
    }
    this.requests.push({ method: msg.method, msg });
    const username = getUsername(msg);
    if (username === undefined) return [this.error(msg, 401, 'Unauthorized', [realmAttr(REALM), nonceAttr(this.nonce)])];
    const key = longTermKey(USER, REALM, PASSWORD);
    if (username !== USER || !verifyMessageIntegrity(msg, key)) {
      return [this.error(msg, 401, 'Unauthorized', [realmAttr(REALM), nonceAttr(this.nonce)])];
    }
    if (this.staleOnce || getNonce(msg) !== this.nonce) {
      this.staleOnce = false;
      this.nonce += '+';
      return [this.error(msg, 438, 'Stale Nonce', [realmAttr(REALM), nonceAttr(this.nonce)])];
    }
    switch (msg.method) {
      case StunMethod.Allocate:
        this.allocated = true;
        return [this.success(msg, key, [
          { type: TurnAttr.XorRelayedAddress, value: xorMappedAddressAttr(RELAYED, msg.transactionId).value },
          xorMappedAddressAttr(MAPPED, msg.transactionId),
          lifetimeAttr(this.lifetimeSec),
        ])];
      case StunMethod.Refresh: {
        const asked = getLifetime(msg) ?? 600;
        this.lifetimesAsked.push(asked);
        if (this.forgetAllocation || !this.allocated) return [this.error(msg, 437, 'Allocation Mismatch', [], key)];
        if (asked === 0) this.allocated = false;
        return [this.success(msg, key, [lifetimeAttr(asked === 0 ? 0 : this.lifetimeSec)])];
      }
      case StunMethod.CreatePermission: {
        if (this.forbidPeers) return [this.error(msg, 403, 'Forbidden', [], key)];
        this.permissions.add(getXorPeerAddress(msg)!.address);
        return [this.success(msg, key, [])];
      }
      case StunMethod.ChannelBind: {
        const peer = getXorPeerAddress(msg)!;
        this.channels.set(getChannelNumber(msg)!, peer);
        this.permissions.add(peer.address);
        return [this.success(msg, key, [])];
      }
      default:
        return [this.error(msg, 400, 'Bad Request', [], key)];
    }
  }

  /** A datagram from `peer` to the relayed address, as the server forwards it to the client. */
  fromPeer(peer: Address, data: Uint8Array, pad = false): Uint8Array {
    for (const [channel, p] of this.channels) if (addressKey(p) === addressKey(peer)) return serializeChannelData(channel, data, pad);
    const transactionId = new Uint8Array(12).fill(9);
    return serializeMessage({ class: 'indication', method: StunMethod.Data, transactionId, attributes: [xorPeerAddressAttr(peer, transactionId), dataAttr(data)] });
  }

  /** The requests of one method seen so far. */
  seen(method: number): StunMessage[] {
    return this.requests.filter((r) => r.method === method).map((r) => r.msg);
  }

  private success(msg: StunMessage, key: Uint8Array, attributes: StunAttribute[]): Uint8Array {
    return serializeMessage({ class: 'success', method: msg.method, transactionId: msg.transactionId, attributes }, { integrityKey: key, fingerprint: true });
  }

  private error(msg: StunMessage, code: number, reason: string, extra: StunAttribute[], key?: Uint8Array): Uint8Array {
    const attributes = [errorCodeAttr(code, reason), ...extra];
    return serializeMessage({ class: 'error', method: msg.method, transactionId: msg.transactionId, attributes }, key ? { integrityKey: key } : {});
  }
}

/** Whether a message carries MESSAGE-INTEGRITY. */
export function hasIntegrity(msg: StunMessage): boolean {
  return getAttribute(msg, StunAttr.MessageIntegrity) !== undefined;
}
