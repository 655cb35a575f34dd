// Agents and signalling for the two-agent ICE tests.
import { IceAgent, type IceAgentOptions, type LocalCandidate } from '../../../src/protocol/ice/index.js';
import type { Address } from '../../../src/protocol/types.js';
import { SimNetwork, seededRandom, type SimNode } from './sim-network.js';

/** Builds an agent with deterministic randomness and test-friendly defaults. */
export function makeAgent(name: string, controlling: boolean, seed: number, extra: Partial<IceAgentOptions> = {}): IceAgent {
  return new IceAgent({
    controlling,
    tieBreaker: BigInt(seed) * 0x100000001n,
    localUfrag: `${name}uf${seed}`,
    localPwd: `${name}-password-${seed}-xxxxxxxx`,
    random: seededRandom(seed),
    ...extra,
  });
}

/** The ufrag and password a test agent was built with. */
export function credentialsOf(name: string, seed: number): [string, string] {
  return [`${name}uf${seed}`, `${name}-password-${seed}-xxxxxxxx`];
}

/** How one side's candidates reach the other. */
export interface SignalOptions {
  /** Extra delay before candidates arrive (trickle); undefined never delivers them. */
  candidateDelayMs?: number | undefined;
  /** Deliver end-of-candidates after gathering completes. */
  endOfCandidates?: boolean;
}

/** Wires `from`'s candidate events to `to` through signalling, with an optional delay. */
export function signal(net: SimNetwork, from: SimNode, to: SimNode, options: SignalOptions = {}): void {
  const delay = 'candidateDelayMs' in options ? options.candidateDelayMs : 0;
  const deliver = (fn: () => void): void => {
    if (delay === undefined) return;
    if (delay === 0) fn();
    else net.at(net.nowMs + delay, fn);
  };
  const previous = from.onEvent;
  from.onEvent = (e) => {
    previous?.(e);
    if (e.type === 'candidate') {
      const c: LocalCandidate = e.candidate;
      deliver(() => to.agent.addRemoteCandidate(c));
    } else if (e.type === 'gathering-complete' && options.endOfCandidates !== false) {
      deliver(() => to.agent.setRemoteEndOfCandidates());
    }
  };
}

/** Two agents on one network with credentials exchanged and candidates signalled. */
export interface Pair {
  net: SimNetwork;
  a: SimNode;
  b: SimNode;
}

/** Options for `setupPair`. */
export interface PairOptions {
  aAddresses?: Address[];
  bAddresses?: Address[];
  aControlling?: boolean;
  bControlling?: boolean;
  net?: SimNetwork;
  aToB?: SignalOptions;
  bToA?: SignalOptions;
  agentOptions?: Partial<IceAgentOptions>;
}

/** Builds the usual two-agent set-up; gathering is ended right away. */
export function setupPair(o: PairOptions = {}): Pair {
  const net = o.net ?? new SimNetwork();
  const a0 = makeAgent('a', o.aControlling ?? true, 11, o.agentOptions);
  const b0 = makeAgent('b', o.bControlling ?? false, 22, o.agentOptions);
  a0.setRemoteCredentials(...credentialsOf('b', 22));
  b0.setRemoteCredentials(...credentialsOf('a', 11));
  const a = net.add('a', a0, []);
  const b = net.add('b', b0, []);
  signal(net, a, b, o.aToB);
  signal(net, b, a, o.bToA);
  for (const addr of o.aAddresses ?? [{ family: 4, address: '10.0.0.1', port: 5000 }]) {
    a.addresses.push(addr);
    a0.addLocalHostCandidate(addr);
  }
  for (const addr of o.bAddresses ?? [{ family: 4, address: '10.0.0.2', port: 6000 }]) {
    b.addresses.push(addr);
    b0.addLocalHostCandidate(addr);
  }
  a0.endOfLocalCandidates();
  b0.endOfLocalCandidates();
  return { net, a, b };
}

/** Whether both agents are connected or completed. */
export function bothConnected(p: Pair): boolean {
  const ok = (s: string): boolean => s === 'connected' || s === 'completed';
  return ok(p.a.agent.state) && ok(p.b.agent.state);
}
