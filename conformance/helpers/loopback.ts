// Keeps the conformance tests on loopback. Host candidates of purertc are bound to
// 127.0.0.1 (PURERTC_BIND_ADDRESS); native stacks are asked to do the same where they can,
// and whatever they still gather on other interfaces is filtered out of the signalling.
// libwebrtc (@roamhq/wrtc) cannot be limited to one interface: it pairs its non-loopback
// host candidates with our 127.0.0.1 one and sends checks from them, which purertc would
// answer. The guard below drops any datagram a Node socket in this process would send to
// a non-loopback address, and counts it, so no test can ever reach another host.
import dgram from 'node:dgram';
import { isIP } from 'node:net';

/** Whether an IP literal is a loopback address (127/8, ::1, ::ffff:127/104). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost') return true;
  if (isIP(a) === 4) return a.startsWith('127.');
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  return a.startsWith('::ffff:127.');
}

/** The connection-address field of an SDP candidate (`[a=]candidate:f c t p ADDR port typ ...`). */
export function candidateAddress(candidate: string): string | undefined {
  const m = /^(?:a=)?candidate:\S+ \d+ \S+ \d+ (\S+) \d+ typ /i.exec(candidate.trim());
  return m?.[1];
}

/** Whether a candidate line names a loopback address. */
export function isLoopbackCandidate(candidate: string): boolean {
  const address = candidateAddress(candidate);
  return address !== undefined && isLoopbackAddress(address);
}

/** The description with every a=candidate line that is not on loopback removed. */
export function loopbackOnlySdp(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((line) => !line.startsWith('a=candidate:') || isLoopbackCandidate(line))
    .join(eol);
}

/** Datagrams the guard refused to send, as `address:port` strings. */
export const guardDrops: string[] = [];
let installed = false;

type SendArgs = unknown[];

/** The destination of a `dgram.Socket#send` call, whichever of its overloads is used. */
function destination(socket: dgram.Socket, args: SendArgs): { address: string | undefined; port: unknown } {
  // send(msg, offset, length, port?, address?, cb?) or send(msg, port?, address?, cb?)
  const offsetForm = typeof args[1] === 'number' && typeof args[2] === 'number' && args.length >= 4 && typeof args[3] !== 'function';
  const port = offsetForm ? args[3] : args[1];
  const address = offsetForm ? args[4] : args[2];
  if (typeof address === 'string') return { address, port };
  if (port === undefined || typeof port === 'function') {
    // A connected socket: the destination is its remote address.
    try {
      const r = socket.remoteAddress();
      return { address: r.address, port: r.port };
    } catch {
      return { address: undefined, port };
    }
  }
  // A port without an address: Node sends to localhost.
  return { address: 'localhost', port };
}

/** Installs (once per process) the guard that drops datagrams to non-loopback addresses. */
export function installLoopbackGuard(): void {
  if (installed) return;
  installed = true;
  const proto = dgram.Socket.prototype as unknown as { send: (this: dgram.Socket, ...args: SendArgs) => void };
  const send = proto.send;
  proto.send = function guardedSend(this: dgram.Socket, ...args: SendArgs): void {
    const { address, port } = destination(this, args);
    if (address === undefined || !isLoopbackAddress(address)) {
      guardDrops.push(`${address}:${String(port)}`);
      const cb = args.find((a) => typeof a === 'function') as ((e: Error | null, n: number) => void) | undefined;
      if (cb) queueMicrotask(() => cb(null, 0));
      return;
    }
    send.apply(this, args);
  };
}
