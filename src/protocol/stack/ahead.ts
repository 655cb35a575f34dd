// What a TransportStack makes before it is needed (TransportStack.prepare), while the
// connection waits for its peer: the DTLS connection for the role and fingerprints the
// descriptions gave, the handshake's X25519 key, and the SCTP association. The stack takes
// each once, when it needs it; what was not made ahead, or was made for what has since
// changed, is made then.
import type { DtlsConnection, RemoteFingerprint } from '../dtls/index.js';
import { NamedGroup } from '../dtls/constants.js';
import { generateEcdheKey, type EcdheKey } from '../dtls/ecdhe.js';
import { DEFAULT_SCTP_PORT, newAssociation, newDtls, type Association } from './engines.js';
import type { StackOptions } from './types.js';

/** What the stack knows and has started, as far as the work ahead depends on it. */
export interface AheadState {
  dtlsRole: 'client' | 'server' | null;
  remoteFingerprints: RemoteFingerprint[] | null;
  wantSctp: boolean;
  /** The stack has its DTLS connection (a client's ClientHello is out with it). */
  dtlsStarted: boolean;
  /** The stack has its SCTP association. */
  sctpStarted: boolean;
  /** The remote description names a purertc peer. */
  purertcPeer: boolean;
  /** The peer's SCTP port (its a=sctp-port). */
  remoteSctpPort: number;
}

/** The engines made ahead for one TransportStack. */
export class WorkAhead {
  private ecdhe: EcdheKey | undefined;
  /** Whether the handshake has asked for its ECDHE key (made ahead or not): none is made after. */
  private ecdheTaken = false;
  private dtls: { dtls: DtlsConnection; role: 'client' | 'server'; fingerprints: RemoteFingerprint[] | null } | undefined;
  private association: Association | undefined;

  constructor(private readonly options: StackOptions) {}

  /** Whether `run` has work it can do now. */
  pending(s: AheadState): boolean {
    return this.dtlsDue(s) || (!helloPending(s) && (this.ecdheDue() || this.associationDue(s)));
  }

  /**
   * Makes what is due. A DTLS client's ClientHello needs only its connection: its key and
   * the association wait until the hello is out, so that a check's response, or the peer's
   * check, is not kept waiting behind them.
   */
  run(s: AheadState): void {
    if (this.dtlsDue(s)) this.dtls = { dtls: this.newDtls(s.dtlsRole!, s.remoteFingerprints), role: s.dtlsRole!, fingerprints: s.remoteFingerprints };
    if (helloPending(s)) return;
    if (this.ecdheDue()) this.ecdhe = generateEcdheKey(NamedGroup.x25519, this.options.random);
    if (this.associationDue(s)) this.association = newAssociation(this.options, s.dtlsRole!, s.purertcPeer, s.remoteSctpPort);
  }

  /** The DTLS connection for `role` and `fingerprints`: the one made ahead if it was made for them. */
  takeDtls(role: 'client' | 'server', fingerprints: RemoteFingerprint[] | null): DtlsConnection {
    const ready = this.dtls;
    this.dtls = undefined;
    return ready && ready.role === role && ready.fingerprints === fingerprints ? ready.dtls : this.newDtls(role, fingerprints);
  }

  /** The association for `role` toward the peer: the one made ahead if it was made for them. */
  takeAssociation(role: 'client' | 'server', purertcPeer: boolean, remotePort = DEFAULT_SCTP_PORT): Association {
    const ready = this.association;
    this.association = undefined;
    const fits = ready && ready.role === role && ready.purertcPeer === purertcPeer && ready.remotePort === remotePort;
    return fits ? ready : newAssociation(this.options, role, purertcPeer, remotePort);
  }

  /** No DTLS connection yet, and none made ahead for the role and fingerprints the descriptions now give. */
  private dtlsDue(s: AheadState): boolean {
    if (s.dtlsStarted || !s.dtlsRole || s.remoteFingerprints === null) return false;
    const ready = this.dtls;
    return !ready || ready.role !== s.dtlsRole || ready.fingerprints !== s.remoteFingerprints;
  }

  private ecdheDue(): boolean {
    return !this.ecdhe && !this.ecdheTaken;
  }

  /** No association yet, and none made ahead for the role, the kind of peer and the peer's port the descriptions now give. */
  private associationDue(s: AheadState): boolean {
    if (s.sctpStarted || !s.wantSctp || !s.dtlsRole || s.remoteFingerprints === null) return false;
    const ready = this.association;
    return !ready || ready.role !== s.dtlsRole || ready.purertcPeer !== s.purertcPeer || ready.remotePort !== s.remoteSctpPort;
  }

  /** A connection that takes the key made ahead when its handshake asks for one in that group. */
  private newDtls(role: 'client' | 'server', fingerprints: RemoteFingerprint[] | null): DtlsConnection {
    return newDtls(this.options, role, fingerprints, (group) => {
      this.ecdheTaken = true;
      const key = this.ecdhe;
      if (key?.group !== group) return undefined;
      this.ecdhe = undefined;
      return key;
    });
  }
}

/** A DTLS client whose ClientHello has not gone out yet. */
function helloPending(s: AheadState): boolean {
  return s.dtlsRole === 'client' && !s.dtlsStarted;
}
