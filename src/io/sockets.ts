// UDP sockets for host candidates: one per usable local address (RFC 8445 §5.1.1.1).
import dgram from 'node:dgram';
import dns from 'node:dns';
import { isIP } from 'node:net';
import os from 'node:os';
import type { Address } from '../protocol/types.js';

/** Requested UDP socket buffer size. */
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Whether dgram's setRecvBufferSize/setSendBufferSize size the kernel's socket buffers.
 * Deno's node:dgram (seen in Deno 2.9.6: ext/node/polyfills/internal_binding/udp_wrap.ts,
 * `UDP.bufferSize`) only records the size, reports it back from getRecvBufferSize as if
 * the kernel had taken it, and allocates a read buffer of that recorded size (doubled on
 * Linux) for every datagram it receives: after setRecvBufferSize(4 MiB) each datagram
 * costs an 8 MiB allocation (about 450 µs per datagram here, against 31 µs without),
 * while the kernel buffer stays at its default. The API reports the same values in both
 * cases, so no probe tells them apart and the runtime is named.
 */
const socketBuffersSizable = typeof (globalThis as { Deno?: unknown }).Deno === 'undefined';

/** A bound socket and the host candidate base it gives. */
export interface BoundSocket {
  socket: dgram.Socket;
  base: Address;
}

/** Where to bind. */
export interface BindOptions {
  /** Bind only this address (nonstandard RTCConfiguration.bindAddress). */
  bindAddress?: string | undefined;
  /** Local port range (nonstandard RTCConfiguration.portRange). */
  portRange?: { min: number; max: number } | undefined;
}

/**
 * Process-wide default bind addresses (PURERTC_BIND_ADDRESS, comma-separated), e.g.
 * `127.0.0.1` or `127.0.0.1,::1` for tests: loopback gathering, in both families if asked.
 */
function defaultBindAddresses(): string[] {
  return (process.env.PURERTC_BIND_ADDRESS ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** The transports host candidates are gathered on. */
export type IceProtocol = 'udp' | 'tcp';

/**
 * The process-wide default of the transports gathered (PURERTC_ICE_PROTOCOLS, comma-separated
 * `udp` and `tcp`; unset: UDP only). `tcp` alone gathers ICE-TCP candidates (RFC 6544) and no
 * UDP host candidates, as when UDP is blocked. Unknown names are ignored; none left: UDP.
 */
export function defaultIceProtocols(): IceProtocol[] {
  const named = (process.env.PURERTC_ICE_PROTOCOLS ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p): p is IceProtocol => p === 'udp' || p === 'tcp');
  return named.length > 0 ? [...new Set(named)] : ['udp'];
}

/**
 * The addresses host candidates use: every non-internal IPv4 and global/ULA IPv6 address
 * (link-local IPv6 needs scope ids and browsers leave it out too); loopback (127.0.0.1, ::1)
 * only when nothing else exists, or when PURERTC_BIND_ADDRESS names it.
 */
export function hostAddresses(): Address[] {
  const out: Address[] = [];
  const loopback: Address[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      const family = a.family === 'IPv6' ? 6 : 4;
      if (family === 6 && a.address.toLowerCase().startsWith('fe80')) continue;
      const addr: Address = { address: a.address, port: 0, family };
      if (a.internal) loopback.push(addr);
      else out.push(addr);
    }
  }
  return out.length ? out : loopback;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram's address lookup, answered at once for an IP address (every address ICE sends to
 * is one). node's default defers even those to a later tick through dns.lookup, which
 * makes bind() finish a turn later and costs every send() a tick of its own.
 */
function literalLookup(hostname: string, options: unknown, callback: LookupCallback): void {
  const family = isIP(hostname);
  if (family !== 0) {
    callback(null, hostname, family);
    return;
  }
  dns.lookup(hostname, options as dns.LookupOneOptions, callback);
}

/** Binds one UDP socket on an address and port (0: any), with the buffers and error handling every host socket has. */
export function bindOne(address: Address, port: number, onMessage: (data: Uint8Array, from: Address, s: BoundSocket) => void): Promise<BoundSocket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({
      type: address.family === 6 ? 'udp6' : 'udp4',
      ipv6Only: address.family === 6,
      lookup: literalLookup as unknown as dgram.SocketOptions['lookup'],
    });
    const bound: BoundSocket = { socket, base: { ...address } };
    socket.on('message', (msg, rinfo) => {
      onMessage(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), { address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 6 : 4 }, bound);
    });
    socket.once('error', reject);
    socket.bind(port, address.address, () => {
      socket.off('error', reject);
      // Errors after bind (e.g. ICMP unreachable surfaced by the OS) are dropped and counted by
      // ICE's timeouts; they must never reach the event loop as exceptions.
      socket.on('error', () => undefined);
      // Room for a full SCTP window arriving in one burst, so loopback and LAN bursts are not
      // dropped by a small default buffer (the kernel caps this at net.core.rmem_max).
      if (socketBuffersSizable) {
        try {
          socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
          socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
        } catch {
          /* the default size then */
        }
      }
      bound.base.port = socket.address().port;
      resolve(bound);
    });
  });
}

/** The addresses to bind: the one asked for (or those of PURERTC_BIND_ADDRESS), else every host address. */
export function bindAddresses(bindAddress: string | undefined): Address[] {
  const only = bindAddress !== undefined ? [bindAddress] : defaultBindAddresses();
  return only.length > 0 ? only.map((address) => ({ address, port: 0, family: address.includes(':') ? 6 : 4 })) : hostAddresses();
}

/** Binds a socket on each host address; returns the ones that bound. */
export async function bindSockets(
  options: BindOptions,
  onMessage: (data: Uint8Array, from: Address, s: BoundSocket) => void,
): Promise<BoundSocket[]> {
  const addresses = bindAddresses(options.bindAddress);
  const out: BoundSocket[] = [];
  for (const a of addresses) {
    const range = options.portRange;
    if (!range) {
      try {
        out.push(await bindOne(a, 0, onMessage));
      } catch {
        /* address not usable */
      }
      continue;
    }
    for (let port = range.min; port <= range.max; port++) {
      try {
        out.push(await bindOne(a, port, onMessage));
        break;
      } catch {
        /* port taken: try the next one */
      }
    }
  }
  return out;
}
