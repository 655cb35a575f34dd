// The JSEP session of one RTCPeerConnection (RFC 8829, W3C WebRTC §4.4.1): the signaling
// state machine, offer and answer generation, and applying local and remote descriptions
// to the transceiver records. No I/O and no events: it returns what changed and the API
// layer fires the events.
import { localCodecs, localExtensions, codecsMatch, type CodecParams, type HeaderExtensionParams, type MediaKind } from './codecs.js';
import {
  directionOf,
  receives,
  restoreTransceiver,
  reverseDirection,
  sends,
  snapshotTransceiver,
  type Direction,
  type Section,
  type SignalingState,
  type TransceiverRecord,
  type TransceiverSnapshot,
} from './model.js';
import { checkEditsAllowed, checkFingerprintKept, checkLocalAnswerSetup, checkRemoteAnswerSetup, transportSection } from './local-edits.js';
import {
  DescriptionError,
  checkAnswerDirections,
  checkAnswerMatchesOffer,
  checkFingerprintDigests,
  readDescription,
  sctpInitOf,
  sectionByMid,
  validateDescription,
  type ParsedDescription,
  type ParsedSection,
} from './remote.js';
import { appendToSection, sectionHasLine } from './sdp-edit.js';
import { keptSendRids, simulcastSendRids } from './simulcast.js';
import { writeDescription, type SectionSpec, type SetupRole } from './write.js';

/** A description as stored in the four description slots. */
export interface StoredDescription {
  type: 'offer' | 'answer' | 'pranswer';
  sdp: string;
  parsed: ParsedDescription;
}

/** Local transport parameters the session writes into every description. */
export interface LocalTransport {
  iceUfrag: string;
  icePwd: string;
  fingerprints: string[];
  cname: string;
  sctpPort: number;
  maxMessageSize: number;
  /**
   * Our a=sctp-init (base64 INIT chunk, SNAP): in every offer, and in an answer to an offer
   * that carried a valid one (draft-hancke-tsvwg-snap §5).
   */
  sctpInit?: string;
}

/** Randomness the session needs, injected for determinism. */
export interface SessionRandom {
  uint32(): number;
  /** A fresh opaque id (used for receiver track ids). */
  id(): string;
}

/** A remote track to announce with a `track` event. */
export interface TrackEventInit {
  transceiver: TransceiverRecord;
  streamIds: string[];
}

/** What applying a description changed, for the API layer to act on. */
export interface ApplyResult {
  /** Transceivers created by a remote offer. */
  created: TransceiverRecord[];
  /** Transceivers removed from the set (stopped and negotiated away, or rolled back). */
  removed: TransceiverRecord[];
  /** Transceivers that became stopped. */
  stopped: TransceiverRecord[];
  /** `track` events to fire, in order. */
  trackEvents: TrackEventInit[];
  /** Receivers whose track must be muted (remote track removed). */
  muted: TransceiverRecord[];
  /** Stream membership changes of receiver tracks: [streamId, record, added]. */
  streamChanges: Array<[string, TransceiverRecord, boolean]>;
  /** The description negotiated an SCTP association (the data m-section). */
  sctpNegotiated: boolean;
  /** Senders whose simulcast envelope the answer narrowed: [record, rids of the encodings kept]. */
  narrowed: Array<[TransceiverRecord, string[]]>;
}

function emptyResult(): ApplyResult {
  return { created: [], removed: [], stopped: [], trackEvents: [], muted: [], streamChanges: [], sctpNegotiated: false, narrowed: [] };
}

/** A layout proposed by createOffer/createAnswer, kept until SLD applies it. */
interface Proposal {
  sdp: string;
  sections: Section[];
  /** `sdp` as read, once a local description is checked against it. */
  parsed?: ParsedDescription;
  /** The session's state version when it was made (stale once descriptions change). */
  version: number;
}

/** RFC 8829 §5.2.1: the role an offerer writes; an answerer picks active unless told otherwise. */
function answerSetup(remote: string | null): SetupRole {
  return remote === 'active' ? 'passive' : 'active';
}

/** The JSEP engine of one peer connection. */
export class JsepSession {
  signalingState: SignalingState = 'stable';
  readonly transceivers: TransceiverRecord[] = [];
  /** A data channel exists (RTCPeerConnection.[[DataChannels]] is non-empty or was). */
  dataChannelWanted = false;
  currentLocal: StoredDescription | null = null;
  pendingLocal: StoredDescription | null = null;
  currentRemote: StoredDescription | null = null;
  pendingRemote: StoredDescription | null = null;
  /** The DTLS role we take once negotiated (client = active). */
  dtlsRole: 'client' | 'server' | null = null;
  /** Mid of the data m-section, once one exists in a description. */
  dataMid: string | null = null;
  /**
   * W3C webrtc §4.4.1.1 [[LocalIceCredentialsToReplace]]: the local ufrags restartIce()
   * asked to replace; every offer gets new credentials while it is not empty.
   */
  private readonly iceUfragsToReplace = new Set<string>();

  /** Bumped whenever a description is applied or rolled back. */
  private stateVersion = 0;
  private lastOffer: Proposal | null = null;
  private lastAnswer: Proposal | null = null;
  private sessionId: string;
  private sessionVersion = 0;
  private nextTransceiverId = 1;
  private usedMids = new Set<string>();
  /** Rollback state: snapshots of transceivers and data mid before the pending offer. */
  private rollbackState: { snapshots: TransceiverSnapshot[]; count: number; dataMid: string | null; created: Set<TransceiverRecord> } | null = null;
  private localCandidates: string[] = [];
  private localEndOfCandidates = false;

  constructor(
    private transport: LocalTransport,
    private readonly random: SessionRandom,
  ) {
    // RFC 8829 §5.2.1: sess-id is a random number below 2^63 - 1 (it must fit a signed
    // 64-bit integer; Firefox rejects larger ones). 62 random bits keep it in range.
    this.sessionId = String(((BigInt(random.uint32() & 0x3fffffff) << 32n) | BigInt(random.uint32())) || 1n);
  }

  /** Current local transport parameters (ICE credentials change on restart). */
  get localTransport(): LocalTransport {
    return this.transport;
  }

  /** Whether a restartIce() request is still to be negotiated (W3C webrtc §4.4.1.5). */
  get iceRestartPending(): boolean {
    return this.iceUfragsToReplace.size > 0;
  }

  /**
   * W3C webrtc §4.4.1.5 restartIce: the credentials of the current and the pending local
   * description are to be replaced (none before the first local description).
   */
  requestIceRestart(): void {
    this.iceUfragsToReplace.clear();
    for (const d of [this.currentLocal, this.pendingLocal]) {
      for (const s of d?.parsed.sections ?? []) if (!s.rejected && s.iceUfrag) this.iceUfragsToReplace.add(s.iceUfrag);
    }
  }

  /** Replace the local ICE credentials (ICE restart). */
  setLocalIceCredentials(ufrag: string, pwd: string): void {
    this.transport = { ...this.transport, iceUfrag: ufrag, icePwd: pwd };
    this.stateVersion++; // offers and answers made with the old credentials are stale
    this.localCandidates = [];
    this.localEndOfCandidates = false;
  }

  /** Adds a transceiver record (addTransceiver/addTrack). */
  addTransceiver(kind: MediaKind, direction: Direction, createdByAddTrack: boolean): TransceiverRecord {
    const t: TransceiverRecord = {
      id: this.nextTransceiverId++,
      kind,
      mid: null,
      direction,
      currentDirection: null,
      firedDirection: null,
      stopping: false,
      stopped: false,
      receptive: false,
      createdByAddTrack,
      mLineIndex: null,
      hasTransport: false,
      codecPreferences: [],
      sender: {
        trackId: null,
        trackKind: null,
        streamIds: [],
        rids: [],
        ssrc: this.random.uint32() || 1,
        rtxSsrc: this.random.uint32() || 2,
        negotiatedCodecs: [],
        negotiatedExtensions: [],
      },
      receiver: {
        trackId: this.random.id(),
        streamIds: [],
        remoteTrackId: null,
        negotiatedCodecs: [],
        negotiatedExtensions: [],
        remoteSsrcs: [],
      },
    };
    this.transceivers.push(t);
    return t;
  }

  // ---- offer / answer creation ----------------------------------------------------

  private allocateMid(taken: Set<string>): string {
    for (let n = 0; ; n++) {
      const mid = String(n);
      if (!taken.has(mid) && !this.usedMids.has(mid)) {
        taken.add(mid);
        return mid;
      }
    }
  }

  /** The m-line layout of the last applied description, the base of a new offer. */
  private baseLayout(): Section[] {
    const d = this.pendingLocal ?? this.currentLocal ?? this.pendingRemote ?? this.currentRemote;
    if (!d) return [];
    const byMid = this.transceiversByMid();
    return d.parsed.sections.map((s) => ({
      kind: s.kind === 'unknown' ? 'application' : s.kind,
      mid: s.mid ?? String(s.index),
      rejected: s.rejected,
      transceiver: (s.mid !== null ? byMid.get(s.mid) : undefined) ?? null,
    }));
  }

  /** Transceivers by mid (the first one holding each mid), built once per operation. */
  private transceiversByMid(): Map<string, TransceiverRecord> {
    const byMid = new Map<string, TransceiverRecord>();
    for (const t of this.transceivers) if (t.mid !== null && !byMid.has(t.mid)) byMid.set(t.mid, t);
    return byMid;
  }

  private codecsFor(t: TransceiverRecord): CodecParams[] {
    return t.codecPreferences.length ? t.codecPreferences : [...localCodecs(t.kind)];
  }

  /** RFC 8829 §5.2: lays out and writes an offer. */
  createOffer(): string {
    if (this.signalingState !== 'stable' && this.signalingState !== 'have-local-offer') {
      throw new DescriptionError('invalid-state', `Cannot create an offer in state ${this.signalingState}`);
    }
    const layout = this.baseLayout();
    const taken = new Set(layout.map((s) => s.mid));
    const sections: Section[] = layout.map((s) => {
      if (s.kind === 'application') return { ...s, rejected: s.rejected && !this.dataChannelWanted };
      const t = s.transceiver;
      return { ...s, rejected: !t || t.stopped || t.stopping };
    });
    // Recyclable: rejected in the base and the transceiver (if any) is stopped (JSEP §5.2.2).
    const fresh = this.transceivers.filter((t) => t.mid === null && !t.stopped && !t.stopping);
    // A slot once taken is no longer recyclable, so one forward scan finds them all.
    let cursor = 0;
    const recyclable = (s: Section): boolean =>
      s.kind !== 'application' && s.rejected && (!s.transceiver || s.transceiver.stopped) && !this.isInUseByRemote(s.mid);
    for (const t of fresh) {
      while (cursor < layout.length && !recyclable(sections[cursor]!)) cursor++;
      const slot = cursor < layout.length ? sections[cursor++] : undefined;
      if (slot) {
        slot.kind = t.kind;
        slot.mid = this.allocateMid(taken);
        slot.rejected = false;
        slot.transceiver = t;
      } else {
        sections.push({ kind: t.kind, mid: this.allocateMid(taken), rejected: false, transceiver: t });
      }
    }
    if (this.dataChannelWanted && !sections.some((s) => s.kind === 'application')) {
      sections.push({ kind: 'application', mid: this.allocateMid(taken), rejected: false, transceiver: null });
    }
    const sdp = this.write(sections, 'actpass');
    this.lastOffer = { sdp, sections, version: this.stateVersion };
    return sdp;
  }

  private isInUseByRemote(mid: string): boolean {
    const r = this.currentRemote ? sectionByMid(this.currentRemote.parsed, mid) : undefined;
    return !!r && !r.rejected;
  }

  /** RFC 8829 §5.3: writes an answer to the pending remote offer. */
  createAnswer(): string {
    if (this.signalingState !== 'have-remote-offer' && this.signalingState !== 'have-local-pranswer') {
      throw new DescriptionError('invalid-state', `Cannot create an answer in state ${this.signalingState}`);
    }
    const offer = this.pendingRemote!;
    const byMid = this.transceiversByMid();
    const sections: Section[] = offer.parsed.sections.map((s) => {
      const mid = s.mid!;
      if (s.kind === 'application') {
        return { kind: 'application', mid, rejected: s.rejected, transceiver: null };
      }
      if (s.kind === 'unknown') return { kind: 'other', mid, rejected: true, transceiver: null };
      const t = byMid.get(mid) ?? null;
      // W3C §5.4 stop(): a stopping (not yet stopped) transceiver is answered inactive, not
      // rejected; the m-section goes away in the next offer.
      return { kind: s.kind, mid, rejected: s.rejected || !t || t.stopped, transceiver: t };
    });
    const offered = offer.parsed.sections.find((s) => !s.rejected)?.setup ?? null;
    // RFC 4145 §4 holdconn: the offerer will not connect yet, so no transport can be
    // answered (Chromium: "data transport is missing").
    if (offered === 'holdconn') throw new DescriptionError('operation', 'Failed to create transport answer: the offer says a=setup:holdconn');
    const setup = answerSetup(offered);
    const sdp = this.write(sections, setup, offer.parsed);
    this.lastAnswer = { sdp, sections, version: this.stateVersion };
    return sdp;
  }

  /** Writes a description for a layout; `offer` is set when answering. */
  private write(sections: Section[], setup: SetupRole, offer?: ParsedDescription): string {
    const specs: SectionSpec[] = sections.map((s, i) => {
      const remote = offer?.sections[i];
      // RFC 8829 §5.3.1: an m-section of a kind we do not know is answered rejected, with its own m= line.
      if (s.kind === 'other') return { kind: 'other', mid: s.mid, media: remote?.media ?? 'application', protocol: remote?.protocol ?? 'UDP/DTLS/SCTP', formats: remote?.formats ?? [] };
      if (s.kind === 'application') {
        if (remote && remote.kind === 'unknown') {
          return { kind: 'application', mid: s.mid, rejected: true, sctpPort: this.transport.sctpPort, maxMessageSize: this.transport.maxMessageSize };
        }
        return {
          kind: 'application',
          mid: s.mid,
          rejected: s.rejected,
          sctpPort: this.transport.sctpPort,
          maxMessageSize: this.transport.maxMessageSize,
          sctpInit: !offer || sctpInitOf(remote) ? this.transport.sctpInit : undefined,
        };
      }
      const t = s.transceiver;
      const kind = s.kind;
      let codecs: readonly CodecParams[] = t ? this.codecsFor(t) : localCodecs(kind);
      let extensions: readonly HeaderExtensionParams[] = localExtensions(kind);
      let direction: Direction = t ? t.direction : 'inactive';
      if (remote) {
        // RFC 8829 §5.3.1: answer with the intersection, using the offerer's payload types, in
        // the order of the codec preferences if set, else in the order offered (an offer whose
        // codecs were reordered gets its order back); direction is the offer's reversed,
        // intersected.
        codecs = intersectCodecs(codecs, remote.codecs, !t?.codecPreferences.length);
        extensions = localExtensions(kind)
          .map((e) => remote.extensions.find((r) => r.uri === e.uri))
          .filter((e): e is HeaderExtensionParams => !!e);
        const offered = reverseDirection(remote.direction);
        direction = directionOf(sends(direction) && sends(offered), receives(direction) && receives(offered));
      }
      const sending = t !== null && sends(direction);
      // RFC 8853 §5.3: an offer's simulcast send layers are answered as received ones.
      const receiveRids = remote && offer && receives(direction) ? simulcastSendRids(offer.session.media[remote.index]!) : [];
      return {
        ...(receiveRids.length > 0 ? { receiveRids } : {}),
        kind,
        mid: s.mid,
        rejected: s.rejected || codecs.length === 0,
        direction: s.rejected ? 'inactive' : direction,
        codecs: codecs.length ? codecs : localCodecs(kind).slice(0, 1),
        extensions,
        streamIds: t?.sender.streamIds ?? [],
        trackId: sending ? (t!.sender.trackId ?? t!.receiver.trackId) : null,
        ssrc: t?.sender.ssrc ?? 0,
        rtxSsrc: t && kind === 'video' && codecs.some((c) => c.mimeType === 'video/rtx') ? t.sender.rtxSsrc : null,
        cname: this.transport.cname,
        // Simulcast is offered by video senders; an answer sends it only when offered (not read yet).
        sendRids: !offer && kind === 'video' ? t?.sender.rids : undefined,
      };
    });
    this.sessionVersion++;
    return writeDescription({
      sessionId: this.sessionId,
      sessionVersion: this.sessionVersion,
      sections: specs,
      transport: {
        iceUfrag: this.transport.iceUfrag,
        icePwd: this.transport.icePwd,
        fingerprints: this.transport.fingerprints,
        setup,
        candidates: this.localCandidates,
        endOfCandidates: this.localEndOfCandidates,
      },
    });
  }

  /** [[LastCreatedOffer]] if no description changed since it was made, else ''. */
  get validLastOffer(): string {
    return this.lastOffer && this.lastOffer.version === this.stateVersion ? this.lastOffer.sdp : '';
  }

  /** [[LastCreatedAnswer]] if no description changed since it was made, else ''. */
  get validLastAnswer(): string {
    return this.lastAnswer && this.lastAnswer.version === this.stateVersion ? this.lastAnswer.sdp : '';
  }

  // ---- applying descriptions -----------------------------------------------------

  /** W3C §4.4.1.6 checks of state against type; throws DescriptionError('invalid-state'...). */
  checkTransition(remote: boolean, type: StoredDescription['type'] | 'rollback'): string | null {
    const s = this.signalingState;
    const ok = (...states: SignalingState[]): boolean => states.includes(s);
    if (type === 'rollback') {
      return (remote ? ok('have-remote-offer') : ok('have-local-offer')) ? null : `Cannot roll back in state ${s}`;
    }
    if (!remote) {
      if (type === 'offer' && !ok('stable', 'have-local-offer')) return `Cannot set local offer in state ${s}`;
      if (type !== 'offer' && !ok('have-remote-offer', 'have-local-pranswer')) return `Cannot set local ${type} in state ${s}`;
    } else {
      if (type === 'offer' && !ok('stable', 'have-remote-offer')) return `Cannot set remote offer in state ${s}`;
      if (type !== 'offer' && !ok('have-local-offer', 'have-remote-pranswer')) return `Cannot set remote ${type} in state ${s}`;
    }
    return null;
  }

  private takeSnapshot(): void {
    if (this.rollbackState) return;
    this.rollbackState = {
      snapshots: this.transceivers.map(snapshotTransceiver),
      count: this.transceivers.length,
      dataMid: this.dataMid,
      created: new Set(),
    };
  }

  /**
   * Applies a local description (already checked for state): the text createOffer or
   * createAnswer made, or that text edited. The edited text is what is applied and kept
   * (local-edits.ts says which edits are refused, as Chromium refuses them).
   */
  setLocal(type: StoredDescription['type'], sdp: string): ApplyResult {
    const proposal = type === 'offer' ? this.lastOffer : this.lastAnswer;
    checkFingerprintKept(sdp, proposal?.sdp ?? null);
    const parsed = readDescription(sdp);
    validateDescription(parsed);
    const offer = type === 'offer' ? null : this.pendingRemote!.parsed;
    if (offer) checkAnswerMatchesOffer(parsed, offer);
    // Only a description without fingerprints passes the check above with nothing created.
    if (!proposal) throw new DescriptionError('invalid-modification', 'The SDP does not match the previously generated SDP for this type');
    proposal.parsed ??= sdp === proposal.sdp ? parsed : readDescription(proposal.sdp);
    checkEditsAllowed(parsed, proposal.parsed);
    if (offer) {
      checkLocalAnswerSetup(parsed, offer);
      // The remote offer's fingerprint is applied with our answer (Chromium fails here).
      checkFingerprintDigests(offer, 'operation');
    } else this.checkOfferLayout(parsed, proposal.sections);

    const result = emptyResult();
    const stored: StoredDescription = { type, sdp, parsed };
    this.stateVersion++;
    // The agent runs with the credentials the applied description states (Chromium takes
    // edited ones; new ones restart ICE, RFC 8445 §9).
    const ice = transportSection(parsed);
    if (ice?.iceUfrag && ice.icePwd && (ice.iceUfrag !== this.transport.iceUfrag || ice.icePwd !== this.transport.icePwd)) {
      this.setLocalIceCredentials(ice.iceUfrag, ice.icePwd);
    }
    if (type === 'offer') this.takeSnapshot();
    const byMid = this.transceiversByMid();
    for (const section of parsed.sections) {
      this.usedMids.add(section.mid!);
      if (section.kind === 'application') {
        if (!section.rejected) this.dataMid = section.mid;
        continue;
      }
      const t = type === 'offer' ? proposal.sections[section.index]!.transceiver : byMid.get(section.mid!);
      if (!t) continue;
      t.mid ??= section.mid;
      t.mLineIndex = section.index;
      t.hasTransport = true;
      if (type !== 'offer') {
        // RFC 8829 §5.3.1: the answer's formats, in its order, are what both directions use.
        const codecs = section.codecs.filter((c) => localCodecs(t.kind).some((l) => codecsMatch(l, c)));
        t.sender.negotiatedCodecs = codecs;
        t.receiver.negotiatedCodecs = codecs;
        t.sender.negotiatedExtensions = section.extensions;
        t.receiver.negotiatedExtensions = section.extensions;
        if (t.stopped) continue; // stopped by the remote offer: currentDirection stays 'stopped'
        this.applyAnswerDirection(t, section.rejected ? 'inactive' : section.direction, t.receiver.streamIds, type, result);
        if (section.rejected) this.stop(t, result);
      }
    }
    if (type === 'offer') {
      this.pendingLocal = stored;
      this.signalingState = 'have-local-offer';
    } else {
      this.finishAnswer(stored, false, result);
    }
    return result;
  }

  /**
   * An offer keeps the kinds of the m-sections createOffer laid out (Chromium: "Transceiver
   * type does not match media description type"), and the mids of m-sections already
   * negotiated (RFC 8829 §5.2.2).
   */
  private checkOfferLayout(parsed: ParsedDescription, layout: readonly Section[]): void {
    parsed.sections.forEach((section, i) => {
      const planned = layout[i]!;
      const kind = section.kind === 'unknown' ? 'application' : section.kind;
      if (kind !== planned.kind) throw new DescriptionError('operation', 'Transceiver type does not match media description type.');
      const mid = planned.transceiver?.mid;
      if (mid != null && mid !== section.mid) {
        throw new DescriptionError('invalid-access', "The order of m-lines in subsequent offer doesn't match order from previous offer/answer.");
      }
    });
  }

  /**
   * Applies a remote description (already checked for state). `checked` is `sdp` as
   * readDescription read it and validateDescription passed it, when the caller has done so.
   */
  setRemote(type: StoredDescription['type'], sdp: string, checked?: ParsedDescription): ApplyResult {
    const parsed = checked ?? readDescription(sdp, true);
    if (!checked) validateDescription(parsed);
    if (type !== 'offer' && this.pendingLocal) {
      checkAnswerMatchesOffer(parsed, this.pendingLocal.parsed);
      checkAnswerDirections(parsed, this.pendingLocal.parsed);
      checkRemoteAnswerSetup(parsed, this.pendingLocal.parsed);
      checkFingerprintDigests(parsed, 'invalid-access');
    }
    const result = emptyResult();
    this.stateVersion++;
    if (type === 'offer') this.takeSnapshot();
    const stored: StoredDescription = { type, sdp, parsed };
    const byMid = this.transceiversByMid();
    // RFC 8829 §5.10: a description that uses no a=msid at all puts received tracks in
    // one default stream.
    const anyMsid = parsed.sections.some((s) => s.msids.length > 0);
    // JSEP §5.10: addTrack-created transceivers without a mid, per kind, in order; each is
    // taken at most once, so a cursor per kind keeps the matching linear.
    const adoptable = { audio: [] as TransceiverRecord[], video: [] as TransceiverRecord[] };
    for (const x of this.transceivers) if (x.mid === null && x.createdByAddTrack && !x.stopped && !x.stopping) adoptable[x.kind].push(x);
    const adopted = { audio: 0, video: 0 };
    for (const section of parsed.sections) {
      if (section.kind === 'application') {
        if (!section.rejected) this.dataMid = section.mid;
        continue;
      }
      if (section.kind === 'unknown') continue;
      let t = byMid.get(section.mid!) ?? null;
      if (!t && type === 'offer') {
        // JSEP §5.10: reuse an addTrack-created transceiver of the same kind, else create one.
        const kind = section.kind;
        while (adopted[kind] < adoptable[kind].length && adoptable[kind][adopted[kind]]!.mid !== null) adopted[kind]++;
        t = adoptable[kind][adopted[kind]++] ?? null;
        if (!t) {
          t = this.addTransceiver(section.kind, 'recvonly', false);
          result.created.push(t);
          this.rollbackState?.created.add(t);
        }
      }
      if (!t) continue;
      t.mid = section.mid;
      if (!byMid.has(section.mid!)) byMid.set(section.mid!, t);
      this.usedMids.add(section.mid!);
      t.mLineIndex = section.index;
      const direction = section.rejected ? 'inactive' : reverseDirection(section.direction);
      const streams = anyMsid ? section.msids.map(([stream]) => stream).filter((s) => s !== '-') : ['default'];
      const msids = receives(direction) ? streams : [];
      if (receives(direction) && section.msids[0]?.[1]) t.receiver.remoteTrackId = section.msids[0][1];
      t.receiver.remoteSsrcs = section.ssrcs;
      if (type === 'offer') {
        this.processRemoteTracks(t, direction, msids, result);
      } else {
        // W3C §4.4.1.6: transports, [[ReceiveCodecs]] and the send codecs come with a remote
        // answer, not a remote offer.
        t.hasTransport = true;
        t.receiver.negotiatedCodecs = intersectCodecs(section.codecs, localCodecs(t.kind)).length
          ? section.codecs.filter((c) => localCodecs(t!.kind).some((l) => codecsMatch(l, c)))
          : [];
        t.receiver.negotiatedExtensions = section.extensions;
        t.sender.negotiatedCodecs = t.receiver.negotiatedCodecs;
        t.sender.negotiatedExtensions = section.extensions;
        this.applyAnswerDirection(t, direction, msids, type, result);
      }
      if (section.rejected && !t.stopped) this.stop(t, result);
    }
    if (type === 'offer') {
      this.pendingRemote = stored;
      this.signalingState = 'have-remote-offer';
    } else {
      this.finishAnswer(stored, true, result);
    }
    return result;
  }

  /** Answer/pranswer handling of one transceiver (W3C §4.4.1.6, local and remote). */
  private applyAnswerDirection(
    t: TransceiverRecord,
    direction: Direction,
    msids: string[],
    type: StoredDescription['type'],
    result: ApplyResult,
  ): void {
    this.processRemoteTracks(t, direction, msids, result);
    if (type === 'answer') t.currentDirection = direction;
    if (!receives(direction)) t.receptive = false;
  }

  /** W3C §4.4.1.6 "process remote tracks". */
  private processRemoteTracks(t: TransceiverRecord, direction: Direction, msids: string[], result: ApplyResult): void {
    const before = t.receiver.streamIds;
    const added = msids.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !msids.includes(id));
    for (const id of removed) result.streamChanges.push([id, t, false]);
    for (const id of added) result.streamChanges.push([id, t, true]);
    t.receiver.streamIds = [...msids];
    if (receives(direction)) t.receptive = true;
    if (receives(direction) && (!receives(t.firedDirection) || added.length > 0)) {
      result.trackEvents.push({ transceiver: t, streamIds: [...msids] });
    }
    if (!receives(direction) && receives(t.firedDirection)) result.muted.push(t);
    t.firedDirection = direction;
  }

  private stop(t: TransceiverRecord, result: ApplyResult): void {
    t.stopping = true;
    t.stopped = true;
    t.currentDirection = 'stopped';
    t.direction = 'stopped';
    t.receptive = false;
    result.stopped.push(t);
    if (receives(t.firedDirection)) result.muted.push(t);
  }

  private finishAnswer(stored: StoredDescription, remote: boolean, result: ApplyResult): void {
    if (stored.type === 'answer') {
      if (remote) {
        this.currentRemote = stored;
        this.currentLocal = this.pendingLocal;
      } else {
        this.currentLocal = stored;
        this.currentRemote = this.pendingRemote;
      }
      this.pendingLocal = null;
      this.pendingRemote = null;
      this.signalingState = 'stable';
      this.rollbackState = null;
      // W3C webrtc §4.4.1.6: an answer that leaves none of the credentials restartIce() asked
      // to replace in the current local description satisfies the request; a rollback or an
      // exchange the other side offered without a restart does not.
      const ufrags = this.currentLocal?.parsed.sections.map((s) => s.iceUfrag) ?? [];
      if (!ufrags.some((u) => u !== null && this.iceUfragsToReplace.has(u))) this.iceUfragsToReplace.clear();
      this.narrowSimulcast(result);
      const setupOurs = (remote ? this.currentLocal : stored)?.parsed.sections.find((s) => !s.rejected)?.setup;
      const setupTheirs = (remote ? stored : this.currentRemote)?.parsed.sections.find((s) => !s.rejected)?.setup;
      if (setupOurs === 'active' || setupTheirs === 'passive') this.dtlsRole = 'client';
      else this.dtlsRole = 'server';
      // W3C §4.4.1.6: stopped transceivers whose m-section is negotiated away leave the set.
      const kept = this.transceivers.filter((t) => !t.stopped);
      if (kept.length !== this.transceivers.length) {
        // W3C §4.4.1.6: a removed transceiver is disassociated (its mid stays used).
        for (const t of this.transceivers) {
          if (!t.stopped) continue;
          result.removed.push(t);
          t.mid = null;
          t.mLineIndex = null;
        }
        this.transceivers.length = 0;
        for (const t of kept) this.transceivers.push(t);
      }
      result.sctpNegotiated = stored.parsed.sections.some((s) => s.kind === 'application' && !s.rejected);
    } else {
      if (remote) this.pendingRemote = stored;
      else this.pendingLocal = stored;
      this.signalingState = remote ? 'have-remote-pranswer' : 'have-local-pranswer';
      result.sctpNegotiated = stored.parsed.sections.some((s) => s.kind === 'application' && !s.rejected);
    }
  }

  /**
   * W3C §4.4.1.6 (answer): a sender with several encodings keeps those the remote description
   * accepts (RFC 8853 §5.3: the answer's a=simulcast:recv), or only its first when the peer
   * receives without simulcast; the next offer then proposes what is left.
   */
  private narrowSimulcast(result: ApplyResult): void {
    const remote = this.currentRemote?.parsed;
    if (!remote) return;
    for (const t of this.transceivers) {
      if (t.sender.rids.length < 2 || t.mid === null || t.stopped) continue;
      const section = sectionByMid(remote, t.mid);
      if (!section || section.rejected) continue;
      const kept = keptSendRids(t.sender.rids, remote.session.media[section.index]!, receives(section.direction));
      if (!kept) continue;
      t.sender.rids = kept.length > 1 ? kept : [];
      result.narrowed.push([t, kept]);
    }
  }

  /** W3C §4.4.1.6 rollback: restore the state before the pending offer. */
  rollback(): ApplyResult {
    const result = emptyResult();
    this.stateVersion++;
    const rb = this.rollbackState;
    if (rb) {
      for (const snap of rb.snapshots) {
        const t = snap.record;
        const firedBefore = t.firedDirection;
        const streamsBefore = t.receiver.streamIds;
        restoreTransceiver(snap);
        const added = t.receiver.streamIds.filter((id) => !streamsBefore.includes(id));
        for (const id of streamsBefore) if (!t.receiver.streamIds.includes(id)) result.streamChanges.push([id, t, false]);
        for (const id of added) result.streamChanges.push([id, t, true]);
        if (receives(firedBefore) && !receives(t.firedDirection)) result.muted.push(t);
        // W3C §4.4.1.6 rollback runs "process remote tracks": restored streams announce the track.
        if (receives(t.firedDirection) && added.length > 0) result.trackEvents.push({ transceiver: t, streamIds: [...t.receiver.streamIds] });
      }
      const snapshotted = new Set(rb.snapshots.map((s) => s.record));
      const gone = new Set<TransceiverRecord>();
      for (const t of this.transceivers) {
        if (snapshotted.has(t)) continue;
        // Transceivers created by the remote offer go away unless addTrack adopted them.
        if (rb.created.has(t) && !t.createdByAddTrack) {
          gone.add(t);
          result.removed.push(t);
          // W3C §4.4.1.6 rollback: the removed transceiver is stopped and disassociated.
          this.stop(t, result);
          t.mid = null;
          t.mLineIndex = null;
          for (const id of t.receiver.streamIds) result.streamChanges.push([id, t, false]);
          if (receives(t.firedDirection)) result.muted.push(t);
        } else {
          if (receives(t.firedDirection)) result.muted.push(t);
          t.mid = null;
          t.mLineIndex = null;
          t.firedDirection = null;
          t.receiver.streamIds = [];
          t.createdByAddTrack = true;
        }
      }
      if (gone.size > 0) {
        const kept = this.transceivers.filter((t) => !gone.has(t));
        this.transceivers.length = 0;
        for (const t of kept) this.transceivers.push(t);
      }
      this.dataMid = rb.dataMid;
    }
    this.rollbackState = null;
    this.pendingLocal = null;
    this.pendingRemote = null;
    this.signalingState = 'stable';
    // Mids handed out by the rolled-back description may be used again.
    this.usedMids = new Set(this.transceivers.map((t) => t.mid).filter((m): m is string => m !== null));
    if (this.dataMid) this.usedMids.add(this.dataMid);
    for (const d of [this.currentLocal, this.currentRemote]) {
      for (const s of d?.parsed.sections ?? []) if (s.mid) this.usedMids.add(s.mid);
    }
    return result;
  }

  /** Marks the session closed. */
  close(): void {
    this.signalingState = 'closed';
  }

  // ---- candidates -----------------------------------------------------------------

  /**
   * Adds a remote candidate to the remote description (W3C §4.4.1.5 addIceCandidate).
   * Returns the m-section index it went to. Throws DescriptionError('operation') when no
   * m-section matches.
   */
  addRemoteCandidate(candidate: string, sdpMid: string | null, sdpMLineIndex: number | null, ufrag: string | null): ParsedSection {
    const d = this.pendingRemote ?? this.currentRemote;
    if (!d) throw new DescriptionError('invalid-state', 'No remote description');
    let section: ParsedSection | undefined;
    if (sdpMid !== null) {
      section = sectionByMid(d.parsed, sdpMid);
      if (!section) throw new DescriptionError('operation', `No m-section with mid ${sdpMid}`);
    } else if (sdpMLineIndex !== null) {
      section = d.parsed.sections[sdpMLineIndex];
      if (!section) throw new DescriptionError('operation', `No m-section with index ${sdpMLineIndex}`);
    }
    if (!section) throw new DescriptionError('operation', 'No m-section identified');
    if (ufrag !== null && ufrag !== section.iceUfrag) {
      throw new DescriptionError('operation', `Unknown ufrag ${ufrag}`);
    }
    if (section.rejected) return section;
    const line = candidate === '' ? 'a=end-of-candidates' : `a=${candidate}`;
    if (!sectionHasLine(d.sdp, section.index, line)) {
      d.sdp = appendToSection(d.sdp, section.index, line);
      if (candidate === '') section.endOfCandidates = true;
      else section.candidates.push(candidate);
    }
    return section;
  }

  /** Records a gathered local candidate in the local descriptions; returns its mid and index. */
  addLocalCandidate(candidate: string | null): { sdpMid: string; sdpMLineIndex: number } | null {
    if (candidate === null) this.localEndOfCandidates = true;
    else this.localCandidates.push(candidate);
    let where: { sdpMid: string; sdpMLineIndex: number } | null = null;
    for (const d of [this.pendingLocal, this.currentLocal]) {
      if (!d) continue;
      const tag = d.parsed.bundle?.[0];
      const section = sectionByMid(d.parsed, tag ?? null) ?? d.parsed.sections.find((s) => !s.rejected);
      if (!section) continue;
      const line = candidate === null ? 'a=end-of-candidates' : `a=${candidate}`;
      if (!sectionHasLine(d.sdp, section.index, line)) d.sdp = appendToSection(d.sdp, section.index, line);
      where ??= { sdpMid: section.mid!, sdpMLineIndex: section.index };
    }
    return where;
  }

  // ---- negotiation-needed ---------------------------------------------------------

  /** W3C §4.7.3 "check if negotiation is needed". */
  isNegotiationNeeded(): boolean {
    if (this.iceRestartPending) return true;
    const local = this.currentLocal;
    const remote = this.currentRemote;
    if (this.dataChannelWanted && !local?.parsed.sections.some((s) => s.kind === 'application' && !s.rejected)) return true;
    for (const t of this.transceivers) {
      if (t.stopping && !t.stopped) return true;
      if (t.stopped) {
        const ls = local ? sectionByMid(local.parsed, t.mid) : undefined;
        const rs = remote ? sectionByMid(remote.parsed, t.mid) : undefined;
        if ((ls && !ls.rejected) || (rs && !rs.rejected)) return true;
        continue;
      }
      const ls = t.mid === null ? undefined : local ? sectionByMid(local.parsed, t.mid) : undefined;
      if (!ls) return true;
      if (sends(t.direction)) {
        const announced = ls.msids.map(([s]) => s).filter((s) => s !== '-');
        if (!sends(ls.direction) || announced.length !== t.sender.streamIds.length || announced.some((s) => !t.sender.streamIds.includes(s))) {
          return true;
        }
      }
      if (local!.type === 'offer') {
        // "neither the local nor the (reversed) remote direction matches".
        const rs = remote ? sectionByMid(remote.parsed, t.mid) : undefined;
        if (ls.direction !== t.direction && (!rs || reverseDirection(rs.direction) !== t.direction)) return true;
      } else {
        const rs = remote ? sectionByMid(remote.parsed, t.mid) : undefined;
        const offered = rs ? reverseDirection(rs.direction) : 'sendrecv';
        const want = directionOf(sends(t.direction) && sends(offered), receives(t.direction) && receives(offered));
        if (ls.direction !== want) return true;
      }
    }
    return false;
  }
}

/**
 * Codecs of `ours` that the remote also has, with the remote's payload types (RFC 8829
 * §5.3.1), in our order or, with `theirOrder`, in the order the remote listed them.
 */
export function intersectCodecs(ours: readonly CodecParams[], theirs: readonly CodecParams[], theirOrder = false): CodecParams[] {
  const out: CodecParams[] = [];
  for (const c of ours) {
    if (c.mimeType.toLowerCase().endsWith('/rtx')) continue;
    const r = theirs.find((x) => codecsMatch(c, x) && !out.some((o) => o.payloadType === x.payloadType));
    if (!r) continue;
    const rtcpFeedback = c.rtcpFeedback.filter((fb) => r.rtcpFeedback.includes(fb));
    out.push({ ...c, payloadType: r.payloadType, sdpFmtpLine: r.sdpFmtpLine ?? c.sdpFmtpLine, rtcpFeedback });
  }
  if (theirOrder) {
    const rank = (pt: number): number => theirs.findIndex((x) => x.payloadType === pt);
    out.sort((a, b) => rank(a.payloadType) - rank(b.payloadType));
  }
  // RTX follows its primary codec (RFC 4588 §8.6: apt names the remote's payload type).
  for (const r of theirs) {
    if (!r.mimeType.toLowerCase().endsWith('/rtx')) continue;
    const apt = /apt=(\d+)/.exec(r.sdpFmtpLine ?? '');
    if (apt && out.some((o) => o.payloadType === Number(apt[1]))) {
      const idx = out.findIndex((o) => o.payloadType === Number(apt[1]));
      out.splice(idx + 1, 0, { ...r, rtcpFeedback: [] });
    }
  }
  return out;
}
