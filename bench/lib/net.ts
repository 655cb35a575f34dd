// The network a bench process measures on, and what its signalling passes on.
//
// Headline figures come from the path users have: two processes on two hosts joined by an
// Ethernet-sized link (a veth pair with a 1500-byte MTU between two network namespaces),
// every stack at its defaults, and nothing that only works between two purertc peers.
// purertc announces such features in its SDP (`a=x-purertc-max-datagram`: large datagrams
// on loopback and no SCTP Max.Burst toward a purertc peer; `a=sctp-init`: SNAP, which no
// other stack here has switched on), so the headline signalling drops those lines and each
// purertc peer sees the other as it would see any other stack. With `peerExtensions` they
// are kept, on loopback, and the figures are reported apart and labelled.
//
// Cases that hold both peers in one process (open time in one process, setup rate) cannot
// use the veth link (Linux delivers traffic between local addresses over `lo` whatever the
// interface), so they run on loopback and say so.

/** Where a bench process's peers are. */
export type BenchPath = 'veth' | 'loopback';

/** The network settings every process of one job shares. */
export interface BenchNet {
  path: BenchPath;
  /** Keep purertc's peer-only SDP lines (reported apart, labelled). */
  peerExtensions: boolean;
}

/** The veth link: the offerer's end, the answerer's end, their prefix length and MTU. */
export const VETH = { offerer: '10.232.0.1', answerer: '10.232.0.2', prefixLength: 24, mtu: 1500, offererDev: 'bnA', answererDev: 'bnB' } as const;

const DEFAULT_NET: BenchNet = { path: 'loopback', peerExtensions: false };
let current: BenchNet = DEFAULT_NET;
let side: 'offerer' | 'answerer' = 'offerer';

/** Sets this process's network settings and which end of the link it is (once, at start). */
export function setBenchNet(net: BenchNet | undefined, role: 'offerer' | 'answerer'): void {
  current = net ?? DEFAULT_NET;
  side = role;
}

/** This process's network settings. */
export function benchNet(): BenchNet {
  return current;
}

/** The one address this process's peer connections bind to and gather on. */
export function localAddress(): string {
  return current.path === 'veth' ? VETH[side] : '127.0.0.1';
}

/** Whether a candidate's address is one the bench passes on (the link's ends, or 127.0.0.1 on loopback). */
export function isBenchAddress(address: string): boolean {
  return current.path === 'veth' ? address === VETH.offerer || address === VETH.answerer : address === '127.0.0.1';
}

/** SDP attributes that only another purertc reads. */
const PEER_EXTENSION_LINES = /^a=(?:x-purertc-max-datagram|sctp-init):/;

/** The SDP as signalled: without purertc's peer-only lines unless `peerExtensions` is set. */
export function signalledSdp(sdp: string): string {
  if (current.peerExtensions) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((l) => !PEER_EXTENSION_LINES.test(l))
    .join(eol);
}

/** One line for the report: the path and what was signalled. */
export function describeNet(net: BenchNet, processes: 1 | 2): string {
  const where =
    net.path === 'veth' && processes === 2
      ? `two network namespaces joined by a veth pair (${VETH.offerer} <-> ${VETH.answerer}, MTU ${VETH.mtu})`
      : 'loopback (127.0.0.1)';
  return `${where}; ${net.peerExtensions ? "purertc's peer-only SDP lines kept (a=sctp-init, a=x-purertc-max-datagram)" : 'every stack at its defaults, purertc-only SDP lines removed'}`;
}
