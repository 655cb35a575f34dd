// A seeded, impairing UDP relay on 127.0.0.1 between two peer connections. Each real
// endpoint a peer signals (a host candidate) is stood for by one relay socket, and the other
// peer is told the relay socket's port instead (`rewriteCandidate`, `rewriteSdp`): a
// datagram that reaches the socket standing for X, from Y, leaves toward X from the socket
// standing for Y, so each peer sees one consistent address for the other and ICE connects
// through the relay. While `impairUntil` is ahead, a share of the datagrams is dropped or
// mutated (bits flipped, or cut short); afterwards everything is forwarded cleanly.
import dgram from 'node:dgram';
import { mulberry32 } from '../../test/helpers/seeded-random.js';
import { candidateAddress } from './loopback.js';

/** What the relay did. */
export interface RelayCounters {
  forwarded: number;
  dropped: number;
  flipped: number;
  truncated: number;
}

/** The relay; `close()` it when done. */
export class LossyRelay {
  readonly counters: RelayCounters = { forwarded: 0, dropped: 0, flipped: 0, truncated: 0 };
  /** Wall-clock ms (performance.now) until which datagrams are impaired. */
  private impairUntilMs = -Infinity;
  private rate = 0;
  private readonly rng: () => number;
  /** Relay socket standing for each real endpoint (`port`). */
  private readonly standIns = new Map<number, Promise<dgram.Socket>>();
  private readonly sockets: dgram.Socket[] = [];
  private closed = false;

  /** A relay whose drops and mutations follow `seed`. */
  constructor(seed: number) {
    this.rng = mulberry32(seed * 7919 + 5);
  }

  /** Impairs `rate` (0..1) of the datagrams for the next `durationMs`, then none. */
  impairFor(durationMs: number, rate: number): number {
    this.rate = rate;
    this.impairUntilMs = performance.now() + durationMs;
    return this.impairUntilMs;
  }

  /** A candidate line with its loopback host address replaced by the relay socket standing for it. */
  async rewriteCandidate(candidate: string): Promise<string> {
    const address = candidateAddress(candidate);
    const m = /^((?:a=)?candidate:\S+ \d+ \S+ \d+ )(\S+) (\d+)( typ .*)$/i.exec(candidate.trim());
    if (address === undefined || m === null || !address.startsWith('127.')) return candidate;
    const socket = await this.standIn(Number(m[3]));
    return `${m[1]}127.0.0.1 ${socket.address().port}${m[4]}`;
  }

  /** A description with every a=candidate line rewritten (see rewriteCandidate). */
  async rewriteSdp(sdp: string): Promise<string> {
    const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
    const lines = await Promise.all(sdp.split(eol).map((l) => (l.startsWith('a=candidate:') ? this.rewriteCandidate(l) : Promise.resolve(l))));
    return lines.join(eol);
  }

  /** Closes every relay socket. */
  close(): void {
    this.closed = true;
    for (const s of this.sockets) s.close();
  }

  /** The relay socket standing for 127.0.0.1:`port`, bound on first use. */
  private standIn(port: number): Promise<dgram.Socket> {
    let made = this.standIns.get(port);
    if (made === undefined) {
      made = new Promise((resolve, reject) => {
        const socket = dgram.createSocket('udp4');
        this.sockets.push(socket);
        socket.on('error', reject);
        socket.on('message', (data, from) => void this.forward(data, from.port, port));
        socket.bind(0, '127.0.0.1', () => resolve(socket));
      });
      this.standIns.set(port, made);
    }
    return made;
  }

  /** A datagram from 127.0.0.1:`fromPort` to the endpoint `toPort` stands for. */
  private async forward(data: Buffer, fromPort: number, toPort: number): Promise<void> {
    const via = await this.standIn(fromPort);
    if (this.closed) return;
    let out: Uint8Array = data;
    // Draw the same numbers whatever happens, so one datagram's fate does not shift the next.
    const [rImpair, rKind, rA, rB] = [this.rng(), this.rng(), this.rng(), this.rng()];
    if (performance.now() < this.impairUntilMs && rImpair < this.rate) {
      if (rKind < 0.5) {
        this.counters.dropped++;
        return;
      }
      if (rKind < 0.75) {
        this.counters.truncated++;
        out = data.subarray(0, Math.floor(rA * data.length));
      } else {
        this.counters.flipped++;
        out = Uint8Array.from(data);
        for (let k = 0, x = Math.floor(rB * 0xffffffff) >>> 0; k < 1 + Math.floor(rA * 4); k++) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          const bit = x % (out.length * 8);
          out[bit >>> 3]! ^= 1 << (bit & 7);
        }
      }
    }
    this.counters.forwarded++;
    via.send(out, toPort, '127.0.0.1');
  }
}
