// Nonstandard: one UDP port shared by many peer connections (a UDP mux). Incoming
// datagrams find their connection by the local ufrag a STUN Binding request's USERNAME
// names (RFC 8445 §7.2.2), and by the remote transport address from then on; every address
// a connection sends to is its own too, so the answers to its checks find it; a STUN
// response goes to the connection that sent the request (its transaction ID), so many
// connections can ask one STUN server for their reflexive address.
import type dgram from 'node:dgram';
import { muxTransaction, muxUfrag } from '../protocol/ice/index.js';
import type { Address } from '../protocol/types.js';
import { bindAddresses, bindOne } from './sockets.js';

/** Where a UdpMux binds. */
export interface UdpMuxOptions {
  /** The UDP port every socket of the mux binds (0 or absent: one the system picks, then the same on each address). */
  port?: number;
  /** Bind this one address only (default: PURERTC_BIND_ADDRESS, else every host address). */
  address?: string;
}

/** What a UdpMux has counted since it was bound. */
export interface UdpMuxStats {
  /** Datagrams handed to a connection found by the USERNAME's ufrag. */
  routedByUfrag: number;
  /** STUN responses handed to the connection whose request they answer. */
  routedByTransaction: number;
  /** Datagrams handed to a connection found by the sender's address. */
  routedByAddress: number;
  /** Binding requests whose ufrag no connection on the mux has: dropped. */
  unknownUfrag: number;
  /** Other datagrams from an address no connection has sent to or heard a check from: dropped. */
  unknownSource: number;
  /** Connections on the mux now. */
  connections: number;
  /** Remote addresses the mux routes by now. */
  addresses: number;
}

/** One connection's use of the mux (what PeerTransport holds in place of its own sockets). */
export interface MuxEndpoint {
  /** The mux's local addresses: the host candidate bases of the connection. */
  readonly bases: Address[];
  /** Sends a datagram from the base `from` (or the first of `to`'s family); the address `to` becomes this connection's. */
  send(data: Uint8Array, to: Address, from?: Address): void;
  /** Routes checks naming this ufrag here instead of the old one (ICE restart). */
  setUfrag(ufrag: string): void;
  /** Releases the ufrag and every address: nothing more arrives. */
  close(): void;
}

type Receiver = (data: Uint8Array, from: Address, base: Address) => void;

interface Entry {
  ufrag: string;
  receive: Receiver;
  addresses: Set<string>;
  closed: boolean;
}

const key = (a: Address): string => `${a.address}|${a.port}`;

/** STUN requests in flight the mux remembers, oldest forgotten first: room for every connection of a busy mux to have its checks and gathering requests out at once. */
const MAX_TRANSACTIONS = 28_000;

/** Nonstandard: one UDP port that many RTCPeerConnections share (RTCConfiguration.udpMux). */
export class UdpMux {
  private readonly byUfrag = new Map<string, Entry>();
  private readonly byAddress = new Map<string, Entry>();
  private readonly byTransaction = new Map<string, Entry>();
  private readonly counters = { routedByUfrag: 0, routedByTransaction: 0, routedByAddress: 0, unknownUfrag: 0, unknownSource: 0 };
  private sockets: Array<{ socket: dgram.Socket; base: Address }> = [];
  private closedFlag = false;

  private constructor() {}

  /** Binds the mux's sockets: one per address, all on one port. Rejects if none could be bound. */
  static async bind(options: UdpMuxOptions = {}): Promise<UdpMux> {
    const mux = new UdpMux();
    let port = options.port ?? 0;
    for (const a of bindAddresses(options.address)) {
      try {
        const bound = await bindOne(a, port, (data, from, s) => mux.route(data, from, s.base));
        mux.sockets.push(bound);
        port = bound.base.port;
      } catch {
        /* this address cannot take the port: no candidate on it */
      }
    }
    if (mux.sockets.length === 0) throw new Error(`UdpMux: no address could bind port ${options.port ?? 0}`);
    return mux;
  }

  /** The port every socket of the mux is bound to. */
  get port(): number {
    return this.sockets[0]?.base.port ?? 0;
  }

  /** The local transport addresses (one per bound address). */
  get addresses(): Address[] {
    return this.sockets.map((s) => ({ ...s.base }));
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** The counters, copied now. */
  stats(): UdpMuxStats {
    return { ...this.counters, connections: this.byUfrag.size, addresses: this.byAddress.size };
  }

  /** Closes the sockets. Connections still on the mux stop receiving and sending. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const e of this.byUfrag.values()) e.closed = true;
    this.byUfrag.clear();
    this.byAddress.clear();
    this.byTransaction.clear();
    for (const s of this.sockets) s.socket.close();
  }

  /**
   * Adds a connection that answers checks naming `ufrag` (used by PeerTransport). Throws
   * InvalidStateError on a closed mux and OperationError when the ufrag is taken.
   */
  attach(ufrag: string, receive: Receiver): MuxEndpoint {
    if (this.closedFlag) throw new DOMException('The UdpMux is closed.', 'InvalidStateError');
    if (this.byUfrag.has(ufrag)) throw new DOMException(`ufrag ${ufrag} is already on this UdpMux.`, 'OperationError');
    const entry: Entry = { ufrag, receive, addresses: new Set(), closed: false };
    this.byUfrag.set(ufrag, entry);
    return {
      bases: this.addresses,
      send: (data, to, from) => this.send(entry, data, to, from),
      setUfrag: (next) => {
        if (entry.closed || next === entry.ufrag || this.byUfrag.has(next)) return;
        this.byUfrag.delete(entry.ufrag);
        entry.ufrag = next;
        this.byUfrag.set(next, entry);
      },
      close: () => this.detach(entry),
    };
  }

  private detach(entry: Entry): void {
    if (entry.closed) return;
    entry.closed = true;
    // Requests in flight may still name the entry: it keeps no reference to the connection.
    entry.receive = () => undefined;
    if (this.byUfrag.get(entry.ufrag) === entry) this.byUfrag.delete(entry.ufrag);
    for (const k of entry.addresses) if (this.byAddress.get(k) === entry) this.byAddress.delete(k);
    entry.addresses.clear();
  }

  /** Makes `from` this connection's, unless another connection has it already. */
  private claim(entry: Entry, a: Address): void {
    const k = key(a);
    if (this.byAddress.has(k)) return;
    this.byAddress.set(k, entry);
    entry.addresses.add(k);
  }

  private send(entry: Entry, data: Uint8Array, to: Address, from?: Address): void {
    if (entry.closed || this.closedFlag) return;
    const family = to.address.includes(':') ? 6 : 4;
    const s =
      (from && this.sockets.find((x) => x.base.port === from.port && x.base.address === from.address)) ??
      this.sockets.find((x) => x.base.family === family);
    if (!s) return;
    this.claim(entry, to);
    const tx = muxTransaction(data);
    if (tx?.request) {
      if (this.byTransaction.size >= MAX_TRANSACTIONS) this.byTransaction.delete(this.byTransaction.keys().next().value!);
      this.byTransaction.set(tx.key, entry);
    }
    s.socket.send(data, to.port, to.address);
  }

  private route(data: Uint8Array, from: Address, base: Address): void {
    if (this.closedFlag) return;
    // A connectivity check names its receiver (RFC 8445 §7.2.2): that decides, whatever the address.
    const ufrag = muxUfrag(data);
    if (ufrag !== undefined) {
      const entry = this.byUfrag.get(ufrag);
      if (!entry) {
        this.counters.unknownUfrag++;
        return;
      }
      this.counters.routedByUfrag++;
      this.claim(entry, from);
      entry.receive(data, from, base);
      return;
    }
    const tx = muxTransaction(data);
    if (tx?.response) {
      const asker = this.byTransaction.get(tx.key);
      if (asker) {
        this.byTransaction.delete(tx.key);
        if (!asker.closed) {
          this.counters.routedByTransaction++;
          asker.receive(data, from, base);
          return;
        }
      }
    }
    const entry = this.byAddress.get(key(from));
    if (!entry) {
      this.counters.unknownSource++;
      return;
    }
    this.counters.routedByAddress++;
    entry.receive(data, from, base);
  }
}
