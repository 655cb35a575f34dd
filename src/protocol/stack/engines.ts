// How the TransportStack builds and tunes its engines for a peer: the DTLS connection, the
// SCTP association with its channel manager, the path MTU probes of a loopback path, and
// the candidate lines it reports.
import { DataChannelManager } from '../datachannel/index.js';
import { DtlsConnection, type RemoteFingerprint } from '../dtls/index.js';
import type { EcdheKey } from '../dtls/ecdhe.js';
import { toSdpCandidate, type IceCandidate } from '../ice/index.js';
import { SctpAssociation, decodeInitChunk, type InitChunk } from '../sctp/index.js';
import { serializeCandidate } from '../sdp/candidate.js';
import { DEFAULT_SRTP_PROFILES } from './media.js';
import type { StackOptions } from './types.js';

/** An association, its channel manager, the DTLS role and peer's SCTP port it was made for, and whether its peer is purertc. */
export interface Association {
  sctp: SctpAssociation;
  channels: DataChannelManager;
  role: 'client' | 'server';
  purertcPeer: boolean;
  remotePort: number;
}

/** The SCTP port of a description without a=sctp-port (RFC 8841 §5). */
export const DEFAULT_SCTP_PORT = 5000;

/** A DTLS connection for `role`; `ecdheKey` may hand over a key made ahead. */
export function newDtls(
  options: StackOptions,
  role: 'client' | 'server',
  remoteFingerprints: RemoteFingerprint[] | null,
  ecdheKey: (group: number) => EcdheKey | undefined,
): DtlsConnection {
  return new DtlsConnection({
    role,
    certificate: options.certificate,
    remoteFingerprints,
    random: options.random,
    initialRtoMs: options.dtlsInitialRtoMs ?? 400,
    // The driver sends what a datagram produced, then runs the checks (runPendingChecks).
    earlyAnswer: true,
    ecdheKey,
    // RFC 5764 §4.1.1: use_srtp offers (or picks from) these, in our order of preference.
    srtpProfiles: [...(options.srtpProfiles ?? DEFAULT_SRTP_PROFILES)],
  });
}

/** A new association and its channel manager, for a purertc peer or another stack. */
export function newAssociation(options: StackOptions, dtlsRole: 'client' | 'server', purertcPeer: boolean, remotePort = DEFAULT_SCTP_PORT): Association {
  const sctp = new SctpAssociation({
    // RFC 8841 §5: each side's a=sctp-port, 5000 when a description gives none.
    localPort: options.sctpPort ?? DEFAULT_SCTP_PORT,
    remotePort,
    random: options.random,
    // Max.Burst keeps a wide cwnd from leaving at once into a peer's small socket buffer
    // (Chromium reads through 128 KiB and would drop the overflow). A purertc peer (it
    // says a=x-purertc-max-datagram) reads through 4 MiB and SACKs once per batch, which
    // the limit would slow to a crawl of bursts.
    maxBurst: purertcPeer ? 0 : 4,
    ...(options.maxMessageSize !== undefined ? { maxMessageSize: options.maxMessageSize } : {}),
    ...(options.maxReceiveMessageSize !== undefined ? { maxReceiveMessageSize: options.maxReceiveMessageSize } : {}),
    ...snapTagAndTsn(options.sctpInit),
  });
  return { sctp, channels: new DataChannelManager({ transport: sctp, role: dtlsRole }), role: dtlsRole, purertcPeer, remotePort };
}

/** The Initiate Tag and initial TSN our a=sctp-init promised, if we wrote one. */
function snapTagAndTsn(sctpInit: Uint8Array | undefined): { initiateTag?: number; initialTsn?: number } {
  if (sctpInit === undefined) return {};
  const init = decodeInitChunk(sctpInit);
  return { initiateTag: init.initiateTag, initialTsn: init.initialTsn };
}

/**
 * The peer's a=sctp-init as an INIT chunk; null when absent or not a valid INIT (ignored, as
 * the draft asks), or when it is our own Initiate Tag back: libdatachannel copies attributes
 * it does not know from the offer into its answer, and runs the handshake.
 */
export function snapPeerInit(bytes: Uint8Array | null | undefined, ours: Uint8Array): InitChunk | null {
  if (!bytes) return null;
  try {
    const init = decodeInitChunk(bytes);
    return init.initiateTag === decodeInitChunk(ours).initiateTag ? null : init;
  } catch {
    return null;
  }
}

/** How long after SCTP comes up the first path MTU probe goes (ms). */
const PROBE_DELAY_MS = 2;

/** SCTP packet sizes probed on a loopback path (the last one fills a DTLS record). */
const LOOPBACK_PROBE_SIZES = [4096, 8192, 16000];

/**
 * A loopback path carries datagrams up to 64 KiB without fragmentation, so RFC 8899 probing
 * may confirm larger packets — but only toward a peer that said it reads them
 * (`remoteMaxDatagram`; some stacks fail on any datagram over 2 KiB). Otherwise SCTP keeps
 * 1200-byte packets.
 */
export function probeLoopbackPath(sctp: SctpAssociation, remoteMaxDatagram: number, nowMs: number): void {
  // DTLS adds 13 bytes of header and 24 of nonce and tag per record.
  const sizes = LOOPBACK_PROBE_SIZES.filter((n) => n + 37 <= remoteMaxDatagram);
  // The first probe waits a moment: the packet that establishes the association and the
  // first DCEP messages are not held up behind kilobytes of padding.
  if (sizes.length) sctp.probePathMtu(sizes, nowMs, PROBE_DELAY_MS);
}

/**
 * A candidate as the `candidate:...` line the API reports; a local one names our `ufrag`,
 * as browsers append it so a candidate names its ICE generation (RFC 8840 §4.1).
 */
export function formatCandidate(c: IceCandidate, ufrag?: string): string {
  const sdp = toSdpCandidate(c);
  if (ufrag !== undefined) sdp.extensions = [['generation', '0'], ['ufrag', ufrag]];
  return serializeCandidate(sdp as never);
}
