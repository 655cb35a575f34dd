// Where the purertc peer may bind and which browser candidates it may be handed. Only
// loopback addresses, or addresses inside a network namespace the suite created itself,
// may ever be a target: every browser candidate passes through `allows` before Node sees it.

/** The network a scenario runs on. */
export interface InteropNetwork {
  /** `loopback` in the root namespace; `namespace` inside the suite's private one. */
  readonly name: 'loopback' | 'namespace';
  /** The address purertc binds to (nonstandard `RTCConfiguration.bindAddress`). */
  readonly bindAddress: string;
  /** Whether a candidate address (an IP or an mDNS `.local` name) may be handed to purertc. */
  allows(address: string): boolean;
}

/** The namespace's two veth ends: the browser's host address and purertc's. */
export const NAMESPACE_BROWSER_ADDRESS = '10.231.0.1';
export const NAMESPACE_NODE_ADDRESS = '10.231.0.2';
/** The namespace's subnet prefix; nothing outside it is reachable from inside. */
const NAMESPACE_PREFIX = '10.231.0.';

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** purertc does not resolve mDNS names: it ignores them and learns the address from checks. */
function isMdnsName(address: string): boolean {
  return address.toLowerCase().endsWith('.local');
}

/** The root namespace: purertc on 127.0.0.1, the browser's loopback and mDNS candidates only. */
export const LOOPBACK_NETWORK: InteropNetwork = {
  name: 'loopback',
  bindAddress: '127.0.0.1',
  allows: (address) => isLoopback(address) || isMdnsName(address),
};

/** The suite's private namespace (see netns.ts): its veth subnet, loopback and mDNS names. */
export const NAMESPACE_NETWORK: InteropNetwork = {
  name: 'namespace',
  bindAddress: NAMESPACE_NODE_ADDRESS,
  allows: (address) => isLoopback(address) || isMdnsName(address) || address.startsWith(NAMESPACE_PREFIX),
};

/**
 * The connection address of a `candidate:` attribute value (RFC 8839 §5.1: foundation,
 * component, transport, priority, address, port, `typ`, type, ...), or undefined when
 * it is not a candidate (an empty end-of-candidates string, say).
 */
export function candidateAddress(candidate: string): string | undefined {
  const fields = candidate.replace(/^a=/, '').trim().split(/\s+/);
  if (!fields[0]?.startsWith('candidate:') || fields.length < 8) return undefined;
  return fields[4];
}

/** An SDP with the `a=candidate` lines `network` does not allow removed; also lists what went. */
export function filterSdpCandidates(sdp: string, network: InteropNetwork): { sdp: string; dropped: string[]; kept: string[] } {
  const dropped: string[] = [];
  const kept: string[] = [];
  const lines = sdp.split(/\r?\n/).filter((line) => {
    if (!line.startsWith('a=candidate:')) return true;
    const address = candidateAddress(line);
    const allowed = address !== undefined && network.allows(address);
    (allowed ? kept : dropped).push(line.slice('a='.length));
    return allowed;
  });
  return { sdp: lines.join('\r\n'), dropped, kept };
}
