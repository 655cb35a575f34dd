// The members of the stats dictionaries purertc reports, as W3C webrtc-stats types them
// (editors' draft), and checks that a stats object holds only those, each of its type.
import assert from 'node:assert/strict';

type Kind = 'string' | 'uint' | 'int' | 'double' | 'timestamp' | 'boolean' | readonly string[];

const BASE: Record<string, Kind> = { id: 'string', type: 'string', timestamp: 'timestamp' };
const CANDIDATE: Record<string, Kind> = {
  ...BASE,
  transportId: 'string',
  address: 'string',
  port: 'int',
  protocol: ['udp', 'tcp'],
  candidateType: ['host', 'srflx', 'prflx', 'relay'],
  priority: 'int',
  url: 'string',
  relayProtocol: ['udp', 'tcp', 'tls'],
  foundation: 'string',
  relatedAddress: 'string',
  relatedPort: 'int',
  usernameFragment: 'string',
  tcpType: ['active', 'passive', 'so'],
};

/** Each type's dictionary: member -> kind. */
export const STATS_MEMBERS: Record<string, Record<string, Kind>> = {
  'peer-connection': { ...BASE, dataChannelsOpened: 'uint', dataChannelsClosed: 'uint' },
  'data-channel': {
    ...BASE,
    label: 'string',
    protocol: 'string',
    dataChannelIdentifier: 'uint',
    state: ['connecting', 'open', 'closing', 'closed'],
    messagesSent: 'uint',
    bytesSent: 'uint',
    messagesReceived: 'uint',
    bytesReceived: 'uint',
  },
  transport: {
    ...BASE,
    packetsSent: 'uint',
    packetsReceived: 'uint',
    bytesSent: 'uint',
    bytesReceived: 'uint',
    iceRole: ['unknown', 'controlling', 'controlled'],
    iceLocalUsernameFragment: 'string',
    dtlsState: ['new', 'connecting', 'connected', 'closed', 'failed'],
    iceState: ['new', 'checking', 'connected', 'completed', 'disconnected', 'failed', 'closed'],
    selectedCandidatePairId: 'string',
    localCertificateId: 'string',
    remoteCertificateId: 'string',
    tlsVersion: 'string',
    dtlsCipher: 'string',
    dtlsRole: ['client', 'server', 'unknown'],
    srtpCipher: 'string',
    selectedCandidatePairChanges: 'uint',
  },
  'candidate-pair': {
    ...BASE,
    transportId: 'string',
    localCandidateId: 'string',
    remoteCandidateId: 'string',
    state: ['frozen', 'waiting', 'in-progress', 'failed', 'succeeded'],
    nominated: 'boolean',
    // Not in the spec's dictionary any more; Chromium still reports it (RFC 8445 §6.1.2.3).
    priority: 'uint',
    packetsSent: 'uint',
    packetsReceived: 'uint',
    bytesSent: 'uint',
    bytesReceived: 'uint',
    lastPacketSentTimestamp: 'timestamp',
    lastPacketReceivedTimestamp: 'timestamp',
    totalRoundTripTime: 'double',
    currentRoundTripTime: 'double',
    availableOutgoingBitrate: 'double',
    requestsReceived: 'uint',
    requestsSent: 'uint',
    responsesReceived: 'uint',
    responsesSent: 'uint',
    consentRequestsSent: 'uint',
  },
  'local-candidate': CANDIDATE,
  'remote-candidate': CANDIDATE,
  certificate: { ...BASE, fingerprint: 'string', fingerprintAlgorithm: 'string', base64Certificate: 'string', issuerCertificateId: 'string' },
};

/** Members each type must have (the dictionaries' `required` ones and RTCStats's). */
const REQUIRED: Record<string, readonly string[]> = {
  'data-channel': ['state'],
  transport: ['dtlsState'],
  'candidate-pair': ['transportId', 'localCandidateId', 'remoteCandidateId', 'state'],
  'local-candidate': ['transportId', 'candidateType'],
  'remote-candidate': ['transportId', 'candidateType'],
  certificate: ['fingerprint', 'fingerprintAlgorithm', 'base64Certificate'],
};

/** `s` has its type's required members and only members of its dictionary, each of the right JS type. */
export function checkMembers(s: Record<string, unknown>): void {
  const type = String(s.type);
  const table = STATS_MEMBERS[type];
  assert.ok(table, `unexpected stats type ${type}`);
  for (const member of ['id', 'type', 'timestamp', ...(REQUIRED[type] ?? [])]) assert.ok(member in s, `${type} ${String(s.id)}: no ${member}`);
  for (const [member, value] of Object.entries(s)) {
    const kind = table[member];
    const where = `${type} ${String(s.id)}.${member} = ${JSON.stringify(value)}`;
    assert.ok(kind !== undefined, `${where}: not a member of the dictionary`);
    if (Array.isArray(kind)) assert.ok(kind.includes(value as string), `${where}: not one of ${kind.join(', ')}`);
    else if (kind === 'string') assert.equal(typeof value, 'string', where);
    else if (kind === 'boolean') assert.equal(typeof value, 'boolean', where);
    else if (kind === 'uint') assert.ok(Number.isInteger(value) && (value as number) >= 0, `${where}: not an unsigned integer`);
    else if (kind === 'int') assert.ok(Number.isInteger(value), `${where}: not an integer`);
    else if (kind === 'double') assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0, `${where}: not a finite number >= 0`);
    else assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0, `${where}: not a timestamp`);
  }
}

/** Every `...Id` member names an object of the same report. */
export function checkReferences(report: ReadonlyMap<string, Record<string, unknown>>): void {
  for (const s of report.values()) {
    assert.equal(report.get(s.id as string), s, `${String(s.id)} is not keyed by its id`);
    for (const [member, value] of Object.entries(s)) {
      if (member === 'id' || !member.endsWith('Id')) continue;
      assert.ok(typeof value === 'string' && report.has(value), `${String(s.type)} ${String(s.id)}.${member} = ${String(value)} names no object of the report`);
    }
  }
}
