// mDNS resolution of remote .local candidates (RFC 6762 one-shot queries,
// draft-ietf-mmusic-mdns-ice-candidates §3.2.1), in a network namespace with a responder the
// test runs (conformance/mdns/child.ts): a pair whose offerer cannot send the first check
// connects only through the name being resolved, and a name nobody answers leaves its pair
// without a remote candidate.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { requireNamespace, runInNamespace } from '../helpers/netns.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** lo, a veth pair for the two sides, and the multicast route the queries take. */
const SETUP = [
  'ip link set lo up',
  'ip link add prtcA type veth peer name prtcB',
  'ip addr add 10.232.0.1/24 dev prtcA',
  'ip addr add 10.232.0.2/24 dev prtcB',
  'ip link set prtcA up',
  'ip link set prtcB up',
  'ip route add 224.0.0.0/4 dev prtcA',
];

interface MdnsResult {
  knownEchoed: boolean;
  knownMs: number;
  knownHanded: string[];
  unknownHanded: string[];
  unknownState: string;
  unknownConnected: boolean;
  unknownRemoteCandidates: number;
  queries: Record<string, number>;
}

describe('mDNS candidates resolved in a network namespace', function () {
  this.timeout(40_000);

  it('connects through a resolved .local name when the other side cannot check first, and ignores one nobody answers', async function () {
    await requireNamespace(this, 'the mDNS test');
    const env = { ...process.env };
    delete env.PURERTC_BIND_ADDRESS;
    const run = await runInNamespace(SETUP, [process.execPath, '--import', 'tsx', CHILD], 30_000, env);
    assert.equal(run.code, 0, `child exited ${run.code}: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as MdnsResult;
    console.log(`      resolved and echoed in ${r.knownMs} ms; queries seen by the responder: ${JSON.stringify(r.queries)}`);
    // Only names were handed over: the address had to come from the responder.
    for (const c of [...r.knownHanded, ...r.unknownHanded]) assert.match(c, / [0-9a-f-]{36}\.local \d+ typ host/);
    assert.ok(r.knownHanded.length > 0 && r.unknownHanded.length > 0);
    assert.equal(r.knownEchoed, true, 'the pair with the answered name did not echo');
    const [known, unknown] = Object.keys(r.queries).sort((a, b) => (a.startsWith('4a8e') ? -1 : b.startsWith('4a8e') ? 1 : 0));
    assert.ok(known?.startsWith('4a8e') && (r.queries[known] ?? 0) >= 1, 'the answered name was queried');
    assert.ok(unknown && (r.queries[unknown] ?? 0) >= 2, 'the unanswered name was queried again before giving up');
    assert.equal(r.unknownConnected, false);
    assert.equal(r.unknownRemoteCandidates, 0, 'an unresolved name became a candidate');
    assert.ok(['new', 'checking'].includes(r.unknownState), r.unknownState);
  });
});
