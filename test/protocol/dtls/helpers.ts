// Shared helpers for the DTLS tests: a seeded Random, certificates, and two connections
// on a simulated network in simulated time (no sleeps).
import { generateSelfSignedCertificate, fingerprint, type GeneratedCertificate } from '../../../src/crypto/index.js';
import { DtlsConnection, type DtlsEvent, type DtlsOptions } from '../../../src/protocol/dtls/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';

export { seededRandom };

const certCache = new Map<string, Promise<GeneratedCertificate>>();

/** A (cached) self-signed certificate of the given type. */
export function testCertificate(type: 'ecdsa-p256' | 'rsa', name = 'a'): Promise<GeneratedCertificate> {
  const key = `${type}/${name}`;
  let p = certCache.get(key);
  if (!p) {
    p =
      type === 'rsa'
        ? generateSelfSignedCertificate({ key: { type: 'rsa', modulusLength: 2048, publicExponent: 65537 } })
        : generateSelfSignedCertificate({ key: { type: 'ecdsa-p256' } });
    certCache.set(key, p);
  }
  return p;
}

/** The sha-256 SDP fingerprint list for a certificate. */
export function fingerprintsOf(cert: GeneratedCertificate): Array<{ algorithm: string; value: string }> {
  return [{ algorithm: 'sha-256', value: fingerprint(cert.der, 'sha-256') }];
}

/** Impairments of the simulated link. */
export interface NetworkOptions {
  /** Probability a datagram is lost. */
  loss?: number;
  /** Probability a datagram is duplicated. */
  duplicate?: number;
  /** Extra random delay in ms (0..jitterMs), which reorders datagrams. */
  jitterMs?: number;
  /** Base one-way delay in ms. */
  delayMs?: number;
}

interface InFlight {
  atMs: number;
  to: 0 | 1;
  data: Uint8Array;
  order: number;
}

/** Two connections joined by a lossy, reordering, duplicating link, in simulated time. */
export class SimulatedPair {
  nowMs = 0;
  readonly events: [DtlsEvent[], DtlsEvent[]] = [[], []];
  private queue: InFlight[] = [];
  private order = 0;
  private readonly rng: ReturnType<typeof seededRandom>;

  /** `ends[0]` and `ends[1]` exchange datagrams through the impaired link. */
  constructor(
    readonly ends: [DtlsConnection, DtlsConnection],
    private readonly net: NetworkOptions = {},
    seed = 1,
  ) {
    this.rng = seededRandom(seed * 7919 + 13);
  }

  /** Drains output of both ends onto the link and collects events. */
  pump(): void {
    for (const i of [0, 1] as const) {
      const c = this.ends[i];
      for (let d = c.pollTransmit(); d; d = c.pollTransmit()) this.sendOnLink(i === 0 ? 1 : 0, d);
      for (let e = c.pollEvent(); e; e = c.pollEvent()) this.events[i].push(e);
    }
  }

  /** Runs until `done()` or until simulated `limitMs` passes; returns whether done() held. */
  run(done: () => boolean, limitMs = 120_000): boolean {
    this.pump();
    while (!done()) {
      const next = this.nextEventMs();
      if (next === undefined || next > limitMs) return false;
      this.nowMs = Math.max(this.nowMs, next);
      this.deliverDue();
      for (const c of this.ends) {
        const t = c.pollTimeout();
        if (t !== undefined && t <= this.nowMs) c.handleTimeout(this.nowMs);
      }
      this.pump();
    }
    return true;
  }

  /** Whether both ends reported 'connected'. */
  bothConnected(): boolean {
    return this.events.every((list) => list.some((e) => e.type === 'connected'));
  }

  private sendOnLink(to: 0 | 1, data: Uint8Array): void {
    const { loss = 0, duplicate = 0, jitterMs = 0, delayMs = 1 } = this.net;
    const copies = this.rng.next() < duplicate ? 2 : 1;
    for (let k = 0; k < copies; k++) {
      if (this.rng.next() < loss) continue;
      const atMs = this.nowMs + delayMs + this.rng.next() * jitterMs;
      this.queue.push({ atMs, to, data: Uint8Array.from(data), order: this.order++ });
    }
  }

  private nextEventMs(): number | undefined {
    let next: number | undefined;
    for (const p of this.queue) next = next === undefined ? p.atMs : Math.min(next, p.atMs);
    for (const c of this.ends) {
      const t = c.pollTimeout();
      if (t !== undefined) next = next === undefined ? t : Math.min(next, t);
    }
    return next;
  }

  private deliverDue(): void {
    const due = this.queue.filter((p) => p.atMs <= this.nowMs).sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    this.queue = this.queue.filter((p) => p.atMs > this.nowMs);
    for (const p of due) this.ends[p.to].handleInput(p.data, this.nowMs);
  }
}

/** Builds a client and a server that know each other's fingerprints. */
export async function makePair(
  opts: {
    clientCert?: 'ecdsa-p256' | 'rsa';
    serverCert?: 'ecdsa-p256' | 'rsa';
    seed?: number;
    client?: Partial<DtlsOptions>;
    server?: Partial<DtlsOptions>;
  } = {},
): Promise<[DtlsConnection, DtlsConnection]> {
  const cc = await testCertificate(opts.clientCert ?? 'ecdsa-p256', 'client');
  const sc = await testCertificate(opts.serverCert ?? 'ecdsa-p256', 'server');
  const seed = opts.seed ?? 1;
  const client = new DtlsConnection({
    role: 'client',
    certificate: cc,
    remoteFingerprints: fingerprintsOf(sc),
    random: seededRandom(seed),
    srtpProfiles: [1, 7],
    initialRtoMs: 100,
    ...opts.client,
  });
  const server = new DtlsConnection({
    role: 'server',
    certificate: sc,
    remoteFingerprints: fingerprintsOf(cc),
    random: seededRandom(seed + 1000),
    srtpProfiles: [7, 1],
    initialRtoMs: 100,
    ...opts.server,
  });
  return [client, server];
}
