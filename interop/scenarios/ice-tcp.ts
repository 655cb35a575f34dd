// ICE-TCP (RFC 6544) with a live Chromium, UDP blocked: in the suite's private namespace an
// nftables table drops every UDP packet while the scenario runs, and purertc gathers TCP
// candidates only (nonstandard `iceProtocols: ['tcp']`). Chromium's active candidate
// connects to purertc's passive one; a channel echoes 0 B to 256 KiB both ways, and both
// sides' getStats show a selected pair whose local candidate is TCP. Both offerers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PAGE_PEER, ScenarioSkip, openSession, type Scenario, type Side } from '../harness/index.js';
import { echoBothWays, messagePlans } from '../harness/dc-checks.js';

const TIMEOUT_MS = 20_000;
const SIZES = [0, 1, 1024, 16 * 1024, 64 * 1024, 256 * 1024];
/** The nftables table this scenario adds in the namespace and removes afterwards. */
const TABLE = 'purertc_icetcp';
const BLOCK_UDP = `table inet ${TABLE} {
  chain in { type filter hook input priority 0; meta l4proto udp drop; }
  chain out { type filter hook output priority 0; meta l4proto udp drop; }
}
`;

/** Runs nft with a bound; throws with its message when it fails. */
function nft(args: string[], input?: string): void {
  const r = spawnSync('nft', args, { input, encoding: 'utf8', timeout: 5_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`nft ${args.join(' ')}: ${r.stderr.trim()}`);
}

type PageStats = Map<string, Record<string, unknown>>;

/** Page: the selected pair's local candidate (protocol, tcpType, type) of the kit's peer. */
async function pageSelected(id: string): Promise<{ protocol?: string; tcpType?: string; candidateType?: string; bytesReceived?: number }> {
  const pc = (globalThis as unknown as { peers: Record<string, { getStats(): Promise<PageStats> }> }).peers[id]!;
  const stats = [...(await pc.getStats()).values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
  const local = stats.find((s) => s.id === pair?.localCandidateId);
  return { protocol: local?.protocol as string, tcpType: local?.tcpType as string, candidateType: local?.candidateType as string, bytesReceived: pair?.bytesReceived as number };
}

/** Page: the kit peer's candidates, pairs and transport as JSON, for the notes of a failure. */
async function pageIceStats(id: string): Promise<string> {
  const pc = (globalThis as unknown as { peers: Record<string, { getStats(): Promise<PageStats> }> }).peers[id]!;
  return JSON.stringify([...(await pc.getStats()).values()].filter((s) => /candidate|transport/.test(String(s.type))));
}

function iceTcpScenario(offerer: Side): Scenario {
  return {
    name: `ice-tcp/chromium: ${offerer === 'browser' ? 'browser offers' : 'purertc offers'}, UDP blocked, purertc gathers TCP only: a channel echoes 0 B to 256 KiB over ICE-TCP`,
    browsers: ['chromium'],
    isolated: true,
    timeoutMs: TIMEOUT_MS,
    async run(context) {
      // The rule must only ever touch a namespace this suite made.
      if (context.network.name !== 'namespace') throw new Error('ice-tcp runs only inside the private namespace');
      if (spawnSync('nft', ['--version'], { timeout: 5_000 }).status !== 0) throw new ScenarioSkip('nftables (nft) is not installed');
      nft(['-f', '-'], BLOCK_UDP);
      context.defer(() => nft(['delete', 'table', 'inet', TABLE]));

      const page = await context.page('chromium');
      let session;
      try {
        session = await openSession(context, page, context.network, {
          offerer,
          trickle: offerer === 'browser',
          offererChannels: [{ label: 'tcp' }],
          timeoutMs: 10_000,
          nodeConfiguration: { iceProtocols: ['tcp'] },
        });
      } catch (e) {
        context.log(`Chromium's ICE stats:\n${await page.evaluate(pageIceStats, PAGE_PEER).catch((err: Error) => err.message)}`);
        context.log(spawnSync('ss', ['-tan'], { encoding: 'utf8', timeout: 5_000 }).stdout);
        throw e;
      }
      const { browser, node } = session;
      context.log(`browser candidates handed to purertc:\n${session.handed.join('\n')}`);
      await Promise.all([node.waitChannels(['tcp'], 'open', 5_000), browser.waitChannels({ id: PAGE_PEER, labels: ['tcp'], state: 'open', timeoutMs: 5_000 })]);
      await echoBothWays(session, messagePlans(['tcp'], SIZES, 4242), 10_000);

      const ours = [...((await node.pc.getStats()) as PageStats).values()];
      assert.ok(!ours.some((s) => s.type === 'local-candidate' && s.protocol !== 'tcp'), 'purertc gathered TCP candidates only');
      const transport = ours.find((s) => s.type === 'transport');
      const pair = ours.find((s) => s.id === transport?.selectedCandidatePairId);
      const local = ours.find((s) => s.id === pair?.localCandidateId);
      const remote = ours.find((s) => s.id === pair?.remoteCandidateId);
      context.log(
        `purertc selected: local ${String(local?.candidateType)} ${String(local?.protocol)} ${String(local?.tcpType)}, ` +
          `remote ${String(remote?.candidateType)} ${String(remote?.protocol)} ${String(remote?.tcpType)}; pair bytes ${String(pair?.bytesSent)} / ${String(pair?.bytesReceived)}`,
      );
      assert.equal(local?.protocol, 'tcp', "purertc's selected pair is TCP");
      assert.equal(local?.tcpType, 'passive', "Chromium's active candidate connected to purertc's passive one");
      assert.equal(remote?.protocol, 'tcp');
      assert.ok((pair?.bytesReceived as number) > 256 * 1024 && (pair?.responsesReceived as number) > 0, 'the TCP pair carried the echoes and measured round trips');
      const theirs = await page.evaluate(pageSelected, PAGE_PEER);
      context.log(`Chromium selected: local ${String(theirs.candidateType)} ${String(theirs.protocol)} ${String(theirs.tcpType)}; ${String(theirs.bytesReceived)} B received`);
      assert.equal(theirs.protocol, 'tcp', "Chromium's selected pair is TCP");
      assert.equal(theirs.tcpType, 'active');
      assert.ok((theirs.bytesReceived ?? 0) > 256 * 1024, "Chromium's TCP pair carried the echoes");
      session.checkHandover();
      node.close();
    },
  };
}

/** Both offerers. */
export const scenarios: Scenario[] = (['node', 'browser'] as const).map(iceTcpScenario);
