// Resolves the `.local` names browsers put in their host candidates by multicast DNS
// (RFC 6762): a one-shot query (§5.1) for A and AAAA records to 224.0.0.251 and ff02::fb
// on port 5353, from an ephemeral port, so a responder answers by unicast (§6.7).
import dgram from 'node:dgram';
import { buildMdnsQuery, mdnsAddresses } from '../protocol/mdns/index.js';

/** How long a name may take to resolve before its candidate is ignored (draft-ietf-mmusic-mdns-ice-candidates §3.2.1). */
export const MDNS_TIMEOUT_MS = 3_000;
/** When the one-shot query is sent again, from the first send (ms); answers may be lost like any datagram. */
const RESEND_AT_MS = [250, 1_000];
/** RFC 6762 §3: the mDNS group addresses and port. */
const MDNS_PORT = 5353;
const GROUPS: ReadonlyArray<{ type: 'udp4' | 'udp6'; group: string }> = [
  { type: 'udp4', group: '224.0.0.251' },
  { type: 'udp6', group: 'ff02::fb' },
];

/** Names being resolved now: one query serves every connection that asks meanwhile. */
const inflight = new Map<string, Promise<string[]>>();

/** The addresses of an mDNS name ([] when nothing answers within `timeoutMs`); never rejects. */
export function resolveMdnsName(name: string, timeoutMs = MDNS_TIMEOUT_MS): Promise<string[]> {
  const key = name.toLowerCase();
  const known = inflight.get(key);
  if (known) return known;
  const p = query(name, timeoutMs).finally(() => inflight.delete(key));
  inflight.set(key, p);
  return p;
}

function query(name: string, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    let message: Uint8Array;
    try {
      message = buildMdnsQuery(name);
    } catch {
      resolve([]);
      return;
    }
    const sockets: dgram.Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    const finish = (addresses: string[]): void => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) {
        try {
          s.close();
        } catch {
          /* never bound */
        }
      }
      resolve(addresses);
    };
    const ready: Array<{ socket: dgram.Socket; group: string }> = [];
    const sendOn = (r: { socket: dgram.Socket; group: string }): void => {
      try {
        r.socket.send(message, MDNS_PORT, r.group, () => undefined);
      } catch {
        /* closed meanwhile */
      }
    };
    for (const { type, group } of GROUPS) {
      const socket = dgram.createSocket({ type, ipv6Only: type === 'udp6' });
      sockets.push(socket);
      // A family this host lacks, or without a route to the group, reports errors here: the other may answer.
      socket.on('error', () => undefined);
      socket.on('message', (data, rinfo) => {
        // RFC 6762 §6: responses are sent from port 5353; anything else is not an answer.
        if (rinfo.port !== MDNS_PORT) return;
        const addresses = mdnsAddresses(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), name);
        if (addresses.length > 0) finish(addresses);
      });
      socket.unref();
      socket.bind(0, () => {
        if (done) return;
        const r = { socket, group };
        ready.push(r);
        sendOn(r);
      });
    }
    for (const at of RESEND_AT_MS) timers.push(setTimeout(() => !done && ready.forEach(sendOn), at).unref());
    timers.push(setTimeout(() => finish([]), timeoutMs).unref());
  });
}
