// What a TURN client keeps per peer: permissions by IP address (RFC 8656 §9) with the data
// waiting for them, and channel bindings by transport address (§12), with their refresh times.
import { addressKey, type Address } from '../types.js';
import { MAX_CHANNEL, MIN_CHANNEL } from './attributes.js';

/** RFC 8656 §9: a permission lasts 300 s; it is refreshed a minute early. */
export const PERMISSION_REFRESH_MS = 240_000;
/** RFC 8656 §12: a channel binding lasts 600 s; it is refreshed a minute early. */
export const CHANNEL_REFRESH_MS = 540_000;

/** A permission for one peer IP address. */
export interface Permission {
  ip: string;
  state: 'pending' | 'installed';
  refreshAtMs: number;
  /** Datagrams waiting for the permission, in order. */
  queue: Array<{ peer: Address; data: Uint8Array }>;
}

/** A channel bound (or being bound) to one peer transport address. */
export interface Channel {
  number: number;
  peer: Address;
  state: 'pending' | 'bound';
  refreshAtMs: number;
}

/** The permissions and channels of one allocation. */
export class RelayPeers {
  private readonly permissions = new Map<string, Permission>();
  private readonly channels = new Map<string, Channel>();
  private readonly byNumber = new Map<number, Channel>();
  private nextChannel = MIN_CHANNEL;

  /** The permission for a peer's IP address, if one exists or is being made. */
  permission(ip: string): Permission | undefined {
    return this.permissions.get(ip);
  }

  /** Starts a permission for an IP address (pending until the server answers). */
  addPermission(ip: string): Permission {
    const p: Permission = { ip, state: 'pending', refreshAtMs: Infinity, queue: [] };
    this.permissions.set(ip, p);
    return p;
  }

  /** Forgets a permission; returns it (with its queue) if it existed. */
  removePermission(ip: string): Permission | undefined {
    const p = this.permissions.get(ip);
    this.permissions.delete(ip);
    return p;
  }

  /** The channel to a peer transport address, if any. */
  channel(peer: Address): Channel | undefined {
    return this.channels.get(addressKey(peer));
  }

  /** The channel with this number, if this client asked for it. */
  channelByNumber(channel: number): Channel | undefined {
    return this.byNumber.get(channel);
  }

  /** A new pending channel for a peer; undefined once all 4096 numbers are taken (RFC 8656 §12). */
  addChannel(peer: Address): Channel | undefined {
    if (this.nextChannel > MAX_CHANNEL) return undefined;
    const c: Channel = { number: this.nextChannel++, peer, state: 'pending', refreshAtMs: Infinity };
    this.channels.set(addressKey(peer), c);
    this.byNumber.set(c.number, c);
    return c;
  }

  /** Forgets a pending channel whose binding failed (its number is not reused). */
  removeChannel(c: Channel): void {
    this.channels.delete(addressKey(c.peer));
    this.byNumber.delete(c.number);
  }

  /** Installed permissions and bound channels whose refresh is due at `nowMs`, marked as taken. */
  due(nowMs: number): { permissions: Permission[]; channels: Channel[] } {
    const permissions: Permission[] = [];
    const channels: Channel[] = [];
    for (const p of this.permissions.values()) {
      if (p.state !== 'installed' || nowMs < p.refreshAtMs) continue;
      p.refreshAtMs = Infinity;
      permissions.push(p);
    }
    for (const c of this.channels.values()) {
      if (c.state !== 'bound' || nowMs < c.refreshAtMs) continue;
      c.refreshAtMs = Infinity;
      channels.push(c);
    }
    return { permissions, channels };
  }

  /** The earliest refresh, or Infinity. */
  nextRefreshMs(): number {
    let t = Infinity;
    for (const p of this.permissions.values()) if (p.state === 'installed') t = Math.min(t, p.refreshAtMs);
    for (const c of this.channels.values()) if (c.state === 'bound') t = Math.min(t, c.refreshAtMs);
    return t;
  }

  /** Forgets everything. */
  clear(): void {
    this.permissions.clear();
    this.channels.clear();
    this.byNumber.clear();
  }
}
