// Resolves the `.local` names browsers put in their host candidates by multicast DNS
// (RFC 6762): a one-shot query (§5.1) for A and AAAA records to 224.0.0.251 and ff02::fb
// on port 5353, from an ephemeral port (a responder may answer by unicast, §6.7) and from
// port 5353 on the group with the QU bit (§5.4), which Chromium's responder answers.
import dgram from 'node:dgram';
import { buildMdnsQuery, mdnsAddresses } from '../protocol/mdns/index.js';

/** How long a name may take to resolve before its candidate is ignored (draft-ietf-mmusic-mdns-ice-candidates §3.2.1). */
export const MDNS_TIMEOUT_MS = 3_000;
/** When the query is sent again (ms from the start): answers may be lost, and a responder still probing for its name (RFC 6762 §8.1, about 1 s) answers only afterwards. */
const RESEND_AT_MS = [250, 1_000, 2_000];
/** RFC 6762 §3: the mDNS group addresses and port. */
const MDNS_PORT = 5353;
const GROUPS: ReadonlyArray<{ type: 'udp4' | 'udp6'; group: string }> = [
  { type: 'udp4', group: '224.0.0.251' },
  { type: 'udp6', group: 'ff02::fb' },
];

/** A socket a query goes out on, to which group, and the query when not the plain one. */
interface Sender {
  socket: dgram.Socket;
  group: string;
  message?: Uint8Array;
}

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
    let unicastQuery: Uint8Array;
    try {
      message = buildMdnsQuery(name);
      unicastQuery = buildMdnsQuery(name, { unicastResponse: true });
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
    const onMessage = (data: Buffer, rinfo: dgram.RemoteInfo): void => {
      // RFC 6762 §6: responses are sent from port 5353; anything else is not an answer.
      if (rinfo.port !== MDNS_PORT) return;
      const addresses = mdnsAddresses(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), name);
      if (addresses.length > 0) finish(addresses);
    };
    const ready: Sender[] = [];
    const sendOn = (r: Sender): void => {
      try {
        r.socket.send(r.message ?? message, MDNS_PORT, r.group, () => undefined);
      } catch {
        /* closed meanwhile */
      }
    };
    for (const { type, group } of GROUPS) {
      const socket = dgram.createSocket({ type, ipv6Only: type === 'udp6' });
      sockets.push(socket);
      // A family this host lacks, or without a route to the group, reports errors here: the other may answer.
      socket.on('error', () => undefined);
      socket.on('message', onMessage);
      socket.unref();
      socket.bind(0, () => {
        if (done) return;
        const r = { socket, group };
        ready.push(r);
        sendOn(r);
      });
    }
    // RFC 6762 §5.2, §6: the query also goes from port 5353, as a continuous querier's
    // would, and the answers come by multicast to the group: listen there too, sharing the
    // port with any responder on this host (SO_REUSEADDR).
    const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    sockets.push(listener);
    listener.on('error', () => undefined);
    listener.on('message', onMessage);
    listener.unref();
    listener.bind(MDNS_PORT, () => {
      if (done) return;
      try {
        listener.addMembership(GROUPS[0]!.group);
      } catch {
        /* no multicast here: the unicast answers still count */
        return;
      }
      // Chromium 156's responder was seen answering this one and no query from an ephemeral
      // port (§6.7 legacy); its answers reached this socket.
      const r = { socket: listener, group: GROUPS[0]!.group, message: unicastQuery };
      ready.push(r);
      sendOn(r);
    });
    for (const at of RESEND_AT_MS) timers.push(setTimeout(() => !done && ready.forEach(sendOn), at).unref());
    timers.push(setTimeout(() => finish([]), timeoutMs).unref());
  });
}
