// A purertc peer connection and another stack's, connected in-process: the unit every
// interop scenario runs on.
import { purertc, type ChannelInit, type Stack } from './peers.js';
import { ChannelProbe, PeerProbe, type Announced } from './probe.js';
import { Signaling } from './signaling.js';

/** The channel created before the offer, so the offer has an m=application section. */
export interface Bootstrap {
  label: string;
  init: ChannelInit;
  /** On the offerer. */
  local: ChannelProbe;
  /** The datachannel event on the answerer. */
  remote: Announced;
}

/** Two connected peer connections: ours (purertc) and theirs (`stack`). */
export class Session {
  readonly ours: PeerProbe;
  readonly theirs: PeerProbe;
  readonly signaling: Signaling;
  bootstrap: Bootstrap | undefined;

  constructor(
    readonly stack: Stack,
    readonly oursOffers: boolean,
  ) {
    this.ours = new PeerProbe(purertc.create(), 'purertc');
    this.theirs = new PeerProbe(stack.create(), stack.name);
    this.signaling = oursOffers ? new Signaling(this.ours.pc, this.theirs.pc) : new Signaling(this.theirs.pc, this.ours.pc);
  }

  /** The offering side. */
  get offerer(): PeerProbe {
    return this.oursOffers ? this.ours : this.theirs;
  }

  /** The answering side. */
  get answerer(): PeerProbe {
    return this.oursOffers ? this.theirs : this.ours;
  }

  /**
   * Creates the bootstrap channel on the offerer, negotiates, and waits until both peer
   * connections are connected and the channel is open on both sides.
   */
  async connect(label: string, init: ChannelInit, timeoutMs = 5000): Promise<Bootstrap> {
    const local = this.offerer.create(label, init);
    await this.signaling.negotiate(timeoutMs);
    await Promise.all([this.ours.state('connected', timeoutMs), this.theirs.state('connected', timeoutMs), local.event('open', timeoutMs)]);
    const remote = await this.answerer.incoming(label, timeoutMs);
    this.bootstrap = { label, init, local, remote };
    return this.bootstrap;
  }

  /** Closes both peer connections (idempotent; never throws). */
  close(): void {
    for (const p of [this.ours, this.theirs]) {
      try {
        p.pc.close();
      } catch {
        /* already closed */
      }
    }
  }
}
