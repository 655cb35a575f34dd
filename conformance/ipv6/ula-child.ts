// The ULA child, run inside a network namespace (conformance/ipv6/ipv6.test.ts) whose one
// link has two ULA addresses (fd00::/8) and one IPv4 address, with no PURERTC_BIND_ADDRESS:
// two purertc peers gather on every host address, connect and echo. Prints one JSON line:
// the offerer's host candidates (address, priority), its candidate pairs by family, and how
// many link-local addresses the namespace had (none may be gathered).
import os from 'node:os';
import { RTCPeerConnection } from '../../src/index.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

type Pc = InstanceType<typeof RTCPeerConnection>;
type Stat = { type: string; id: string; address?: string; priority?: number; candidateType?: string; localCandidateId?: string; remoteCandidateId?: string; nominated?: boolean; state?: string };

const TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const a: Pc = new RTCPeerConnection();
  const b: Pc = new RTCPeerConnection();
  const gathered = trickleBetween(a, b, () => undefined);
  b.ondatachannel = ({ channel }) => {
    channel.onmessage = (m) => channel.send(`echo ${String(m.data)}`);
  };
  const channel = a.createDataChannel('ula');
  const echoed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), TIMEOUT_MS);
    channel.onopen = () => channel.send('hello');
    channel.onmessage = (m) => {
      clearTimeout(timer);
      resolve(m.data === 'echo hello');
    };
  });
  await offerAnswer(a, b);
  const ok = await echoed;
  // Every pair has been formed by now; checks of the lower ones may still be running.
  const stats = [...((await a.getStats()) as Map<string, Stat>).values()];
  const byId = new Map(stats.map((s) => [s.id, s]));
  const family = (address: string | undefined): number => (address?.includes(':') ? 6 : 4);
  const pairs = stats
    .filter((s) => s.type === 'candidate-pair')
    .map((p) => [byId.get(p.localCandidateId!)?.address, byId.get(p.remoteCandidateId!)?.address, p.nominated === true] as const);
  const selected = pairs.find((p) => p[2]);
  a.close();
  b.close();
  console.log(
    JSON.stringify({
      echoed: ok,
      linkLocal: Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).filter((i) => i.address.toLowerCase().startsWith('fe80')).length,
      gathered,
      hosts: stats.filter((s) => s.type === 'local-candidate' && s.candidateType === 'host').map((s) => [s.address, s.priority]),
      crossFamilyPairs: pairs.filter(([l, r]) => family(l) !== family(r)).length,
      pairs: pairs.length,
      selected: selected ? [selected[0], selected[1]] : null,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
