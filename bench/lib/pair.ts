// Two peers of one stack in one process, negotiated with trickle ICE through an
// asynchronous in-process hand-off, until the data channel is open.
import type { DataChannelLike, PeerConnectionLike, Stack } from '../stacks/types.js';
import { Signaller, type SignalMessage } from './signaling.js';

/** A connected pair. */
export interface Pair {
  offerer: PeerConnectionLike;
  answerer: PeerConnectionLike;
  /** The offerer's channel. */
  channel: DataChannelLike;
  /** ms from before `new RTCPeerConnection()` to `open` on the offerer's channel. */
  openMs: number;
  /** ms from the same start to the answerer's channel being open too. */
  bothOpenMs: number;
}

/** Resolves with a connected pair, or rejects after `timeoutMs` (closing what it made). */
export async function openPair(stack: Stack, timeoutMs: number): Promise<Pair> {
  const t0 = performance.now();
  const offerer = stack.createPeerConnection();
  const answerer = stack.createPeerConnection();
  // Asynchronous delivery, as any real signalling channel is.
  const deliver = (to: () => Signaller) => (m: SignalMessage) => {
    setImmediate(() => void to().handle(m));
  };
  const a: Signaller = new Signaller(offerer, deliver(() => b));
  const b: Signaller = new Signaller(answerer, deliver(() => a));
  const channel = offerer.createDataChannel('bench', { ordered: true });

  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<Pair>((resolve, reject) => {
      let openMs = -1;
      let remoteOpen = false;
      const check = (): void => {
        if (openMs >= 0 && remoteOpen) resolve({ offerer, answerer, channel, openMs, bothOpenMs: performance.now() - t0 });
      };
      channel.onopen = () => {
        openMs = performance.now() - t0;
        check();
      };
      answerer.ondatachannel = (e) => {
        const remote = e.channel;
        if (remote.readyState === 'open') {
          remoteOpen = true;
          check();
        } else {
          remote.onopen = () => {
            remoteOpen = true;
            check();
          };
        }
      };
      timer = setTimeout(() => {
        const errs = [...a.errors, ...b.errors];
        reject(new Error(`no open channel after ${timeoutMs} ms${errs.length ? ': ' + errs.join('; ') : ''}`));
      }, timeoutMs);
      a.offer().catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
    });
  } catch (e) {
    await Promise.allSettled([stack.closePeerConnection(offerer), stack.closePeerConnection(answerer)]);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes both peers of a pair. */
export async function closePair(stack: Stack, pair: Pair): Promise<void> {
  await Promise.allSettled([stack.closePeerConnection(pair.offerer), stack.closePeerConnection(pair.answerer)]);
}
