// Assembles a peer connection's stats report (W3C webrtc-pc §8.2-8.5, W3C webrtc-stats):
// peer-connection, data-channel, transport, candidate-pair, local/remote-candidate,
// certificate and the RTP objects (rtp.ts), from the engines' snapshots and the W3C objects' state. Nothing
// here counts: the engines and the channels count as traffic passes; this only copies.
import { certificateInternals, type RTCCertificate } from '../certificate.js';
import type { ChannelRegistry } from '../channel-registry.js';
import type { TransportLink } from '../transport-link.js';
import { certificateChainStats, sha256Of } from './certificates.js';
import { PEER_CONNECTION_ID, StatsIds, certificateId } from './ids.js';
import { rtpStats, type RtpRoots, type RtpStatsEntry } from './rtp.js';
import { transportStats, type StatsDict } from './transport.js';

/** What a report is made from. */
export interface StatsSource {
  readonly channels: ChannelRegistry;
  readonly link: TransportLink;
  /** The connection's certificates; the first is the one DTLS presents. */
  certificates(): readonly RTCCertificate[];
  /** The transceivers, with their sender, receiver, tracks and negotiated codecs. */
  transceivers(): readonly RtpStatsEntry[];
}

/** One peer connection's stats: ids that stay the same from one report to the next. */
export class PeerConnectionStats {
  private readonly ids = new StatsIds();

  /** Reports on `source` for as long as the connection lives (closed too). */
  constructor(private readonly source: StatsSource) {}

  /**
   * W3C webrtc-pc §8.5 "stats selection algorithm". With no selector, every object of the
   * connection. With a sender (or a track it sends), its outbound-rtp objects; with a
   * receiver (or its track), its inbound-rtp objects; and every object those reference.
   */
  collect(selector: unknown, timestamp: number): Map<string, StatsDict> {
    const out = new Map<string, StatsDict>();
    const roots = this.collectAll(out, timestamp);
    if (selector === null) return out;
    return selected(out, rootsOf(selector, roots, this.source.transceivers()));
  }

  private collectAll(out: Map<string, StatsDict>, timestamp: number): RtpRoots {
    const { channels, link } = this.source;
    out.set(PEER_CONNECTION_ID, {
      id: PEER_CONNECTION_ID,
      type: 'peer-connection',
      timestamp,
      dataChannelsOpened: channels.opened,
      dataChannelsClosed: channels.closed,
    });
    for (const entry of channels.stats()) {
      const dict: StatsDict = {
        id: entry.statsId,
        type: 'data-channel',
        timestamp,
        label: entry.label,
        protocol: entry.protocol,
      };
      const streamId = entry.id();
      // W3C webrtc-stats: the channel's id attribute, absent while it is null.
      if (streamId !== null) dict.dataChannelIdentifier = streamId;
      dict.state = entry.state();
      const c = entry.counters;
      dict.messagesSent = c.messagesSent;
      dict.bytesSent = c.bytesSent;
      dict.messagesReceived = c.messagesReceived;
      dict.bytesReceived = c.bytesReceived;
      out.set(entry.statsId, dict);
    }
    const locals = this.source.certificates().map((c) => {
      const internals = certificateInternals(c);
      return { der: internals.der, sha256: internals.fingerprints.find((f) => f.algorithm === 'sha-256')?.value };
    });
    const engines = link.transportStats();
    if (link.iceTransport !== null) {
      const local = locals[0];
      const remoteChain = engines?.dtls?.peerCertificates ?? [];
      transportStats(
        out,
        {
          iceRole: link.iceState.role,
          iceState: link.iceState.state,
          dtlsState: link.dtlsState.state,
          localUfrag: link.iceState.localParameters?.usernameFragment ?? null,
          remoteUfrag: link.iceState.remoteParameters?.usernameFragment ?? null,
          localCertificateId: local ? certificateId(sha256Of(local)) : null,
          remoteCertificateId: remoteChain.length > 0 ? certificateId(sha256Of({ der: remoteChain[0]! })) : null,
        },
        engines,
        this.ids,
        timestamp,
      );
      certificateChainStats(out, remoteChain.map((der) => ({ der })), timestamp);
    }
    for (const local of locals) certificateChainStats(out, [local], timestamp);
    return rtpStats(out, engines?.media?.rtp, this.source.transceivers(), this.ids, timestamp);
  }
}

/** The stream objects a selector starts from: a sender's outbound, a receiver's inbound, a track's either. */
function rootsOf(selector: unknown, roots: RtpRoots, entries: readonly RtpStatsEntry[]): string[] {
  if (typeof selector !== 'object' || selector === null) return [];
  const direct = roots.outbound.get(selector) ?? roots.inbound.get(selector);
  if (direct !== undefined) return direct;
  for (const e of entries) {
    if (e.senderTrack === selector) return roots.outbound.get(e.sender) ?? [];
    if (e.receiverTrack === selector) return roots.inbound.get(e.receiver) ?? [];
  }
  return [];
}

/** W3C webrtc-pc §8.5: the roots and every object they reference, directly or not (members named `...Id`). */
function selected(all: Map<string, StatsDict>, rootIds: readonly string[]): Map<string, StatsDict> {
  const out = new Map<string, StatsDict>();
  const todo = [...rootIds];
  // Each object is taken once, so the walk ends after at most `all.size` steps.
  while (todo.length > 0) {
    const id = todo.pop()!;
    const dict = all.get(id);
    if (dict === undefined || out.has(id)) continue;
    out.set(id, dict);
    for (const [key, value] of Object.entries(dict)) {
      if (key !== 'id' && key.endsWith('Id') && typeof value === 'string' && all.has(value)) todo.push(value);
    }
  }
  return out;
}
