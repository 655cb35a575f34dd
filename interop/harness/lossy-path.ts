// A lossy UDP path between a browser and purertc on loopback, for loss-repair scenarios.
// Two sockets: the browser is given `browserSide` as purertc's only candidate, purertc is
// given `nodeSide` as the browser's only one; every datagram crosses the path, which drops
// a seeded share of SRTP/SRTCP datagrams (RFC 7983: first byte 128-191) in each direction
// and, when armed, every packet of one whole video frame (its RTX copies too: RFC 4588 §4
// keeps the original's RTP timestamp). STUN and DTLS always pass, so the connection forms.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Where a datagram goes. */
export type Direction = 'toBrowser' | 'toNode';

/** A UDP address. */
export interface UdpAddress {
  address: string;
  port: number;
}

/** Counts of one direction. */
export interface PathCounts {
  forwarded: number;
  /** Media datagrams dropped at random, and those of the frame dropped on purpose. */
  dropped: number;
  frameDropped: number;
}

/** An armed frame drop: the frame's RTP timestamp and when its first packet was dropped. */
interface FrameDrop {
  payloadTypes: ReadonlySet<number>;
  /** Newest video timestamp seen when armed (older ones, RTX of earlier frames, pass). */
  newestSeen: number | undefined;
  timestamp: number | undefined;
  droppedAtMs: number | undefined;
  resolve: (result: { droppedAtMs: number; timestamp: number }) => void;
}

/** RFC 1982 serial comparison of 32-bit RTP timestamps: a after b. */
function newer(a: number, b: number): boolean {
  return a !== b && ((a - b) >>> 0) < 0x8000_0000;
}

/** A small seeded generator (mulberry32), so a run's losses can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** The path; `close()` frees both sockets. */
export class LossyPath {
  readonly counts: Record<Direction, PathCounts> = {
    toBrowser: { forwarded: 0, dropped: 0, frameDropped: 0 },
    toNode: { forwarded: 0, dropped: 0, frameDropped: 0 },
  };
  /** Each datagram dropped at random: when, which way, its size and whether it was RTCP. */
  readonly dropLog: { direction: Direction; atMs: number; bytes: number; rtcp: boolean }[] = [];
  /** Share of media datagrams dropped in each direction (0 to 1). */
  lossRate: number;
  /** Where datagrams for each end really go (the browser's is learned as it sends too). */
  browser: UdpAddress | undefined;
  node: UdpAddress | undefined;
  readonly #random: () => number;
  readonly #drops: Partial<Record<Direction, FrameDrop>> = {};
  /** The newest RTP timestamp seen per payload type, in each direction. */
  readonly #newest: Record<Direction, Map<number, number>> = { toBrowser: new Map(), toNode: new Map() };

  private constructor(
    private readonly browserSocket: Socket,
    private readonly nodeSocket: Socket,
    options: { lossRate: number; seed: number },
  ) {
    this.lossRate = options.lossRate;
    this.#random = seeded(options.seed);
    browserSocket.on('message', (data, from) => this.#fromBrowser(data, from));
    nodeSocket.on('message', (data) => this.#forward(data, 'toBrowser'));
  }

  /** Binds both sockets on `host` (a loopback address). */
  static async open(host: string, options: { lossRate: number; seed: number }): Promise<LossyPath> {
    const bind = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
        socket.once('error', reject);
        socket.bind(0, host, () => resolve(socket));
      });
    return new LossyPath(await bind(), await bind(), options);
  }

  /** The address the browser sends to (purertc's candidate, as the browser sees it). */
  get browserSide(): UdpAddress {
    const { address, port } = this.browserSocket.address();
    return { address, port };
  }

  /** The address purertc sends to (the browser's candidate, as purertc sees it). */
  get nodeSide(): UdpAddress {
    const { address, port } = this.nodeSocket.address();
    return { address, port };
  }

  /**
   * Drops every packet of the next video frame that goes `direction` (the first RTP
   * timestamp newer than all seen so far, on one of `payloadTypes`), and every later packet
   * with that timestamp; resolves when its first packet is dropped.
   */
  dropNextFrame(direction: Direction, payloadTypes: ReadonlySet<number>): Promise<{ droppedAtMs: number; timestamp: number }> {
    return new Promise((resolve) => {
      let newestSeen: number | undefined;
      for (const pt of payloadTypes) {
        const ts = this.#newest[direction].get(pt);
        if (ts !== undefined && (newestSeen === undefined || newer(ts, newestSeen))) newestSeen = ts;
      }
      this.#drops[direction] = { payloadTypes, newestSeen, timestamp: undefined, droppedAtMs: undefined, resolve };
    });
  }

  close(): void {
    this.browserSocket.close();
    this.nodeSocket.close();
  }

  #fromBrowser(data: Buffer, from: RemoteInfo): void {
    this.browser = { address: from.address, port: from.port };
    this.#forward(data, 'toNode');
  }

  #forward(data: Buffer, direction: Direction): void {
    const to = direction === 'toNode' ? this.node : this.browser;
    if (to === undefined) return;
    const counts = this.counts[direction];
    const first = data[0] ?? 0;
    // RFC 7983 §7: 128-191 is RTP or RTCP (SRTP and SRTCP on a DTLS-SRTP path).
    if (first >= 128 && first <= 191) {
      if (this.#dropsFrame(data, direction)) {
        counts.frameDropped++;
        return;
      }
      if (this.#random() < this.lossRate) {
        counts.dropped++;
        this.dropLog.push({ direction, atMs: performance.now(), bytes: data.length, rtcp: data.length > 1 && (data[1]! & 0x7f) >= 64 && (data[1]! & 0x7f) <= 95 });
        return;
      }
    }
    counts.forwarded++;
    (direction === 'toNode' ? this.nodeSocket : this.browserSocket).send(data, to.port, to.address);
  }

  /** Whether the datagram is RTP of the frame being dropped (the RTP header is not encrypted by SRTP). */
  #dropsFrame(data: Buffer, direction: Direction): boolean {
    if (data.length < 12) return false;
    const payloadType = data[1]! & 0x7f;
    // RFC 5761 §4: payload types 64-95 on a muxed port are RTCP.
    if (payloadType >= 64 && payloadType <= 95) return false;
    const timestamp = data.readUInt32BE(4);
    const newest = this.#newest[direction];
    const before = newest.get(payloadType);
    if (before === undefined || newer(timestamp, before)) newest.set(payloadType, timestamp);
    const drop = this.#drops[direction];
    if (drop === undefined || !drop.payloadTypes.has(payloadType)) return false;
    if (drop.timestamp === undefined) {
      if (drop.newestSeen !== undefined && !newer(timestamp, drop.newestSeen)) return false;
      drop.timestamp = timestamp;
      drop.droppedAtMs = performance.now();
      drop.resolve({ droppedAtMs: drop.droppedAtMs, timestamp });
    }
    return timestamp === drop.timestamp;
  }
}

/** The connection address and port of the first IPv4 UDP candidate in `sdp`. */
function firstUdpCandidate(sdp: string): UdpAddress | undefined {
  for (const line of sdp.split(/\r?\n/)) {
    // RFC 8839 §5.1: candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
    const f = line.replace(/^a=/, '').split(/\s+/);
    if (!f[0]?.startsWith('candidate:') || f[1] !== '1' || f[2]?.toLowerCase() !== 'udp' || !/^\d+\.\d+\.\d+\.\d+$/.test(f[4] ?? '')) continue;
    return { address: f[4]!, port: Number(f[5]) };
  }
  return undefined;
}

/**
 * `sdp` with its candidates replaced by one host candidate at `via`, in every m-section that
 * had any; also the end's own first IPv4 UDP candidate (where the path must send to reach it).
 */
export function candidatesVia(sdp: string, via: UdpAddress): { sdp: string; own: UdpAddress } {
  const own = firstUdpCandidate(sdp);
  if (own === undefined) throw new Error('the description has no IPv4 UDP candidate');
  const out: string[] = [];
  let placed = false;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) placed = false;
    if (!line.startsWith('a=candidate:')) {
      out.push(line);
      continue;
    }
    if (placed) continue;
    placed = true;
    out.push(`a=candidate:1 1 udp 2122260223 ${via.address} ${via.port} typ host`);
  }
  return { sdp: out.join('\r\n'), own };
}

/** The payload types of the first `kind` m-section (its m= line's format list). */
export function payloadTypesOf(sdp: string, kind: 'audio' | 'video'): Set<number> {
  const line = sdp.split(/\r?\n/).find((l) => l.startsWith(`m=${kind} `));
  return new Set((line?.split(' ').slice(3) ?? []).map(Number).filter(Number.isInteger));
}
