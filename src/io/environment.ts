// Randomness and name resolution for the engines, from node:crypto and node:dns.
import { lookup } from 'node:dns/promises';
import { randomBytes, randomUint32 } from '../crypto/random.js';
import type { Address, Random } from '../protocol/types.js';

/** The engines' Random, backed by node:crypto. */
export function nodeRandom(): Random {
  return { bytes: randomBytes, uint32: () => randomUint32() };
}

/** Resolves `stun:host[:port]` URLs to addresses, each with its URL (unresolvable ones are skipped). */
export async function resolveStunServers(urls: string[]): Promise<Array<{ server: Address; url: string }>> {
  const out: Array<{ server: Address; url: string }> = [];
  for (const url of urls) {
    const m = /^stun:(\[[^\]]+\]|[^:?]+)(?::(\d+))?$/.exec(url);
    if (!m) continue;
    const host = m[1]!.replace(/^\[|\]$/g, '');
    try {
      const r = await lookup(host);
      out.push({ server: { address: r.address, port: m[2] ? Number(m[2]) : 3478, family: r.family === 6 ? 6 : 4 }, url });
    } catch {
      /* unresolvable: no srflx candidate from it */
    }
  }
  return out;
}
