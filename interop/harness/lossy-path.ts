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

/** An armed frame drop: which payload types, and the frame's RTP timestamp once chosen. */
interface FrameDrop {
  /** The codec's payload types (frames start on these) and all of the stream's (RTX too). */
  media: ReadonlySet<number>;
  all: ReadonlySet<number>;
  /** A frame ended (marker bit) since arming, or none was ever seen: the next media packet starts the frame to drop. */
  atFrameStart: boolean;
  /** The RTP timestamp of the frame that ended: FEC sent after it (in RED, on a media payload type) is not a new frame. */
  endedTimestamp: number | undefined;
  timestamp: number | undefined;
  resolve: (result: { droppedAtMs: number; timestamp: number }) => void;
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
  /** Each datagram dropped at random: when, which way, its size, whether it was RTCP, and an RTP packet's payload type. */
  readonly dropLog: { direction: Direction; atMs: number; bytes: number; rtcp: boolean; payloadType?: number }[] = [];
  /** Share of media datagrams dropped in each direction (0 to 1). */
  lossRate: number;
  /** Where datagrams for each end really go (the browser's is learned as it sends too). */
  browser: UdpAddress | undefined;
  node: UdpAddress | undefined;
  readonly #random: () => number;
  readonly #drops: Partial<Record<Direction, FrameDrop>> = {};
  /** The payload types seen in each direction. */
  readonly #seen: Record<Direction, Set<number>> = { toBrowser: new Set(), toNode: new Set() };

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
   * Drops every packet of the next video frame that goes `direction` (the first frame to
   * start on one of `payloadTypes.media` after a frame ended, or the stream's first frame
   * when none went yet), and every later packet on `payloadTypes.all` with its RTP
   * timestamp; resolves when its first packet is dropped.
   */
  dropNextFrame(direction: Direction, payloadTypes: { media: ReadonlySet<number>; all: ReadonlySet<number> }): Promise<{ droppedAtMs: number; timestamp: number }> {
    return new Promise((resolve) => {
      const seen = [...payloadTypes.media].some((pt) => this.#seen[direction].has(pt));
      this.#drops[direction] = { ...payloadTypes, atFrameStart: !seen, endedTimestamp: undefined, timestamp: undefined, resolve };
    });
  }

  /** How many RTP packets on `payloadTypes` were dropped at random going `direction` (since `sinceMs`, on performance.now()). */
  randomDrops(direction: Direction, payloadTypes: ReadonlySet<number>, sinceMs = 0): number {
    return this.dropLog.filter((d) => d.direction === direction && d.atMs >= sinceMs && d.payloadType !== undefined && payloadTypes.has(d.payloadType)).length;
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
        const payloadType = (data[1] ?? 0) & 0x7f;
        // RFC 5761 §4: payload types 64-95 on a muxed port are RTCP.
        const rtcp = data.length > 1 && payloadType >= 64 && payloadType <= 95;
        this.dropLog.push({ direction, atMs: performance.now(), bytes: data.length, rtcp, ...(rtcp ? {} : { payloadType }) });
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
    this.#seen[direction].add(payloadType);
    const drop = this.#drops[direction];
    if (drop === undefined || !drop.all.has(payloadType)) return false;
    if (drop.timestamp === undefined) {
      if (!drop.media.has(payloadType)) return false;
      if (!drop.atFrameStart || timestamp === drop.endedTimestamp) {
        // RFC 3550 §5.1 (RFC 7741 §4.1 for VP8): the marker bit ends a frame.
        if ((data[1]! & 0x80) !== 0) {
          drop.atFrameStart = true;
          drop.endedTimestamp = timestamp;
        }
        return false;
      }
      drop.timestamp = timestamp;
      drop.resolve({ droppedAtMs: performance.now(), timestamp });
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

/**
 * The payload types of the first `kind` m-section, from its m= and a=rtpmap lines: those a
 * frame's own packets may carry (its codecs, and RED, RFC 2198, which Chromium wraps video
 * in when the offer lists it) and all (RTX and FEC too).
 */
export function payloadTypesOf(sdp: string, kind: 'audio' | 'video'): { media: Set<number>; all: Set<number> } {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`m=${kind} `));
  const all = new Set((lines[start]?.split(' ').slice(3) ?? []).map(Number).filter(Number.isInteger));
  const media = new Set(all);
  for (let i = start + 1; start >= 0 && i < lines.length && !lines[i]!.startsWith('m='); i++) {
    const m = /^a=rtpmap:(\d+) (rtx|ulpfec|flexfec-03)\//i.exec(lines[i]!);
    if (m) media.delete(Number(m[1]));
  }
  return { media, all };
}
