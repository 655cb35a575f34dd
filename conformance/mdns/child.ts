// The mDNS child, run inside a network namespace (conformance/mdns/mdns.test.ts): an mDNS
// responder on 224.0.0.251:5353 that answers for one name, and two pairs of purertc peers.
// In each pair the offerer's host candidate reaches the answerer as a .local name instead of
// its address, and the answerer's candidates never reach the offerer, so the offerer cannot
// send the first check: the pair connects only if the answerer resolves the name. The first
// pair's name is the responder's; the second's is not answered, and that pair must not
// connect. Prints one JSON line.
import dgram from 'node:dgram';
import { RTCPeerConnection } from '../../src/index.js';
import { DnsType, buildMdnsResponse, parseDnsMessage, sameDnsName } from '../../src/protocol/mdns/index.js';

const OFFERER_ADDRESS = process.env.MDNS_OFFERER_ADDRESS ?? '10.232.0.1';
const ANSWERER_ADDRESS = process.env.MDNS_ANSWERER_ADDRESS ?? '10.232.0.2';
const KNOWN = '4a8e2f35-0c4b-4f8e-9a51-6f1d2c7b9e01.local';
const UNKNOWN = 'c1d3a9b7-5e2f-4d68-8b0a-93e4f7a6b512.local';
/** Bound for the answered pair to echo. */
const ECHO_TIMEOUT_MS = 10_000;
/** How long the unanswered pair is watched (past the resolver's 3 s timeout). */
const WATCH_MS = 4_500;

type Pc = InstanceType<typeof RTCPeerConnection>;

/** The responder: answers A queries for KNOWN (legacy unicast, RFC 6762 §6.7, or multicast). */
async function responder(): Promise<{ queries: Map<string, number>; close(): void }> {
  const queries = new Map<string, number>();
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((r) => socket.bind(5353, '0.0.0.0', r));
  socket.addMembership('224.0.0.251');
  socket.on('message', (data, rinfo) => {
    let msg;
    try {
      msg = parseDnsMessage(new Uint8Array(data));
    } catch {
      return;
    }
    if (msg.response) return;
    for (const q of msg.questions) {
      queries.set(q.name.toLowerCase(), (queries.get(q.name.toLowerCase()) ?? 0) + 1);
      if (!sameDnsName(q.name, KNOWN) || q.type !== DnsType.A) continue;
      const legacy = rinfo.port !== 5353;
      const answer = buildMdnsResponse(KNOWN, [OFFERER_ADDRESS], legacy ? { id: msg.id, questions: [q] } : {});
      socket.send(answer, legacy ? rinfo.port : 5353, legacy ? rinfo.address : '224.0.0.251');
    }
  });
  return { queries, close: () => socket.close() };
}

async function pair(name: string): Promise<{ offerer: Pc; answerer: Pc; echoed: Promise<boolean>; handed: string[] }> {
  const offerer: Pc = new RTCPeerConnection({ bindAddress: OFFERER_ADDRESS });
  const answerer: Pc = new RTCPeerConnection({ bindAddress: ANSWERER_ADDRESS });
  const handed: string[] = [];
  // The offerer's host candidates reach the answerer under the name; the answerer's go nowhere.
  offerer.onicecandidate = (e) => {
    if (!e.candidate) return;
    const text = e.candidate.candidate.replace(` ${OFFERER_ADDRESS} `, ` ${name} `);
    if (text) handed.push(text);
    void answerer.addIceCandidate({ candidate: text, sdpMid: e.candidate.sdpMid }).catch(() => undefined);
  };
  answerer.ondatachannel = ({ channel }) => {
    channel.onmessage = (m) => channel.send(`echo ${String(m.data)}`);
  };
  const channel = offerer.createDataChannel('mdns');
  const echoed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ECHO_TIMEOUT_MS).unref();
    channel.onopen = () => channel.send('hello');
    channel.onmessage = (m) => {
      clearTimeout(timer);
      resolve(m.data === 'echo hello');
    };
  });
  await offerer.setLocalDescription();
  // The description goes without its candidates (they trickle, renamed, above).
  const sdp = offerer.localDescription!.sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:')).join('\r\n');
  await answerer.setRemoteDescription({ type: 'offer', sdp });
  await answerer.setLocalDescription();
  const answer = answerer.localDescription!.sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:')).join('\r\n');
  await offerer.setRemoteDescription({ type: 'answer', sdp: answer });
  return { offerer, answerer, echoed, handed };
}

async function main(): Promise<void> {
  const r = await responder();
  const started = performance.now();
  const known = await pair(KNOWN);
  const unknown = await pair(UNKNOWN);
  const knownEchoed = await known.echoed;
  const knownMs = Math.round(performance.now() - started);
  await new Promise((res) => setTimeout(res, Math.max(0, WATCH_MS - (performance.now() - started))));
  const unknownState = unknown.answerer.iceConnectionState;
  const unknownConnected = unknown.offerer.connectionState === 'connected' || unknown.answerer.connectionState === 'connected';
  const stats = (await unknown.answerer.getStats()) as Map<string, { type: string }>;
  const unknownRemoteCandidates = [...stats.values()].filter((s) => s.type === 'remote-candidate').length;
  for (const p of [known, unknown]) {
    p.offerer.close();
    p.answerer.close();
  }
  r.close();
  console.log(
    JSON.stringify({
      knownEchoed,
      knownMs,
      knownHanded: known.handed,
      unknownHanded: unknown.handed,
      unknownState,
      unknownConnected,
      unknownRemoteCandidates,
      queries: Object.fromEntries(r.queries),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
