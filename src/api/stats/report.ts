// Assembles a peer connection's stats report (W3C webrtc-pc §8.2-8.5, W3C webrtc-stats):
// peer-connection, data-channel, transport, candidate-pair, local/remote-candidate and
// certificate objects, from the engines' snapshots and the W3C objects' state. Nothing
// here counts: the engines and the channels count as traffic passes; this only copies.
import { certificateInternals, type RTCCertificate } from '../certificate.js';
import type { ChannelRegistry } from '../channel-registry.js';
import type { TransportLink } from '../transport-link.js';
import { certificateChainStats, sha256Of } from './certificates.js';
import { PEER_CONNECTION_ID, StatsIds, certificateId } from './ids.js';
import { transportStats, type StatsDict } from './transport.js';

/** What a report is made from. */
export interface StatsSource {
  readonly channels: ChannelRegistry;
  readonly link: TransportLink;
  /** The connection's certificates; the first is the one DTLS presents. */
  certificates(): readonly RTCCertificate[];
}

/** One peer connection's stats: ids that stay the same from one report to the next. */
export class PeerConnectionStats {
  private readonly ids = new StatsIds();

  /** Reports on `source` for as long as the connection lives (closed too). */
  constructor(private readonly source: StatsSource) {}

  /**
   * W3C webrtc-pc §8.5 "stats selection algorithm". With no selector, every object of the
   * connection. With a sender or receiver, its RTP stream objects and every object they
   * reference: purertc sends and receives no RTP yet, so that set is empty (Chromium's
   * report for such a selector holds no transport object either).
   */
  collect(selector: unknown, timestamp: number): Map<string, StatsDict> {
    const out = new Map<string, StatsDict>();
    if (selector !== null) return out;
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
    return out;
  }
}
