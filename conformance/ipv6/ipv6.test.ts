// IPv6 host candidates: two purertc peers connect over ::1 alone; with loopback gathered in
// both families they pair only within a family and prefer IPv6; and in a network namespace
// with ULA addresses (fd00::/8) and an IPv4 one, every host address is gathered (link-local
// left out), the families interleave in priority (RFC 8421 §4) and IPv6 is selected.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection } from '../../src/index.js';
import { requireNamespace, runInNamespace } from '../helpers/netns.js';
import { offerAnswer, trickleBetween } from '../helpers/pair.js';

type Pc = InstanceType<typeof RTCPeerConnection>;
type Stat = { type: string; id: string; address?: string; priority?: number; candidateType?: string; localCandidateId?: string; remoteCandidateId?: string; nominated?: boolean };

const ULA_CHILD = fileURLToPath(new URL('./ula-child.ts', import.meta.url));
/** One link with two ULA addresses (no duplicate address detection to wait for) and one IPv4 address. */
const ULA_SETUP = [
  'ip link set lo up',
  'ip link add prtcA type veth peer name prtcB',
  'ip addr add fd00:5c::1/64 dev prtcA nodad',
  'ip addr add fd00:5c::2/64 dev prtcB nodad',
  'ip addr add 10.233.0.1/24 dev prtcA',
  'ip link set prtcA up',
  'ip link set prtcB up',
];

const family = (address: string | undefined): 4 | 6 => (address?.includes(':') ? 6 : 4);

/** Connects a and b, trickling; resolves with a's gathered candidates once a channel echoes. */
async function connectAndEcho(a: Pc, b: Pc): Promise<string[]> {
  const gathered = trickleBetween(a, b);
  b.ondatachannel = ({ channel }) => {
    channel.onmessage = (m) => channel.send(`echo ${String(m.data)}`);
  };
  const channel = a.createDataChannel('v6');
  const echoed = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no echo within 8 s')), 8_000);
    channel.onopen = () => channel.send('hello');
    channel.onmessage = (m) => {
      clearTimeout(timer);
      resolve(m.data);
    };
  });
  await offerAnswer(a, b);
  assert.equal(await echoed, 'echo hello');
  return gathered;
}

/** The candidate pairs of a's stats as [local address, remote address, nominated]. */
async function pairs(pc: Pc): Promise<Array<[string | undefined, string | undefined, boolean]>> {
  const stats = [...((await pc.getStats()) as Map<string, Stat>).values()];
  const byId = new Map(stats.map((s) => [s.id, s]));
  return stats.filter((s) => s.type === 'candidate-pair').map((p) => [byId.get(p.localCandidateId!)?.address, byId.get(p.remoteCandidateId!)?.address, p.nominated === true]);
}

describe('IPv6 host candidates', function () {
  this.timeout(20_000);
  const open: Pc[] = [];
  let savedBind: string | undefined;
  beforeEach(() => {
    savedBind = process.env.PURERTC_BIND_ADDRESS;
  });
  afterEach(() => {
    for (const pc of open.splice(0)) pc.close();
    if (savedBind === undefined) delete process.env.PURERTC_BIND_ADDRESS;
    else process.env.PURERTC_BIND_ADDRESS = savedBind;
  });

  it('connects two peers over ::1 alone and echoes', async () => {
    const a = new RTCPeerConnection({ bindAddress: '::1' });
    const b = new RTCPeerConnection({ bindAddress: '::1' });
    open.push(a, b);
    const gathered = await connectAndEcho(a, b);
    assert.deepEqual(gathered.map((c) => c.split(' ')[4]), ['::1']);
    const selected = (await pairs(a)).filter((p) => p[2]);
    assert.deepEqual(selected.map((p) => [p[0], p[1]]), [['::1', '::1']]);
  });

  it('with loopback in both families (PURERTC_BIND_ADDRESS=127.0.0.1,::1): pairs within a family only, IPv6 first and selected', async () => {
    process.env.PURERTC_BIND_ADDRESS = '127.0.0.1,::1';
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    open.push(a, b);
    const gathered = await connectAndEcho(a, b);
    const byPriority = gathered.map((c) => c.split(' ')).sort((x, y) => Number(y[3]) - Number(x[3]));
    assert.deepEqual(byPriority.map((f) => f[4]), ['::1', '127.0.0.1'], 'IPv6 above IPv4 (RFC 8421 §4)');
    const all = await pairs(a);
    assert.equal(all.length, 2, `one pair per family: ${JSON.stringify(all)}`);
    for (const [local, remote] of all) assert.equal(family(local), family(remote), 'a pair across families');
    assert.deepEqual(all.filter((p) => p[2]).map((p) => p[0]), ['::1']);
  });

  it('in a namespace with ULA addresses and IPv4: gathers them all but link-local, interleaved, and connects over IPv6', async function () {
    await requireNamespace(this, 'the ULA test');
    const env = { ...process.env };
    delete env.PURERTC_BIND_ADDRESS;
    const run = await runInNamespace(ULA_SETUP, [process.execPath, '--import', 'tsx', ULA_CHILD], 30_000, env);
    assert.equal(run.code, 0, `child exited ${run.code}: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      echoed: boolean;
      linkLocal: number;
      hosts: Array<[string, number]>;
      crossFamilyPairs: number;
      pairs: number;
      selected: [string, string] | null;
    };
    assert.equal(r.echoed, true);
    const order = [...r.hosts].sort((x, y) => y[1] - x[1]).map((h) => h[0]);
    // The veth links have fe80:: addresses too: never gathered.
    assert.ok(r.linkLocal > 0, 'the namespace had no link-local address to leave out');
    assert.deepEqual(order, ['fd00:5c::1', '10.233.0.1', 'fd00:5c::2'], 'IPv6, IPv4, IPv6 (RFC 8421 §4)');
    assert.equal(r.crossFamilyPairs, 0);
    assert.equal(r.pairs, 2 * 2 + 1, 'two IPv6 bases by two remote IPv6 candidates, and the IPv4 pair');
    assert.ok(r.selected && family(r.selected[0]) === 6 && family(r.selected[1]) === 6, `selected ${JSON.stringify(r.selected)}`);
  });
});
