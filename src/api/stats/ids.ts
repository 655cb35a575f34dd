// Stats object ids (W3C webrtc-stats §RTCStats.id): stable for the life of the monitored
// object, never reused for another one, and telling nothing about the object itself. A
// candidate or pair gets a random token the first time a report names it, as Chromium's
// `I<token>` and `CP<local>_<remote>` ids do; the engine object is only the WeakMap key.
import { randomBytes } from '../../crypto/index.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_CHARS = 8;

/** The id of the bundle's single transport (one per BUNDLE group; `max-bundle` is all purertc uses). */
export const TRANSPORT_ID = 'T01';

/** The id of the connection's own stats object. */
export const PEER_CONNECTION_ID = 'P';

/** The id of a certificate's stats object: `CF` and its fingerprint, as Chromium writes it. */
export function certificateId(fingerprint: string): string {
  return `CF${fingerprint}`;
}

/** One peer connection's ids for engine objects it reports on. */
export class StatsIds {
  private readonly tokens = new WeakMap<object, string>();
  private readonly issued = new Set<string>();
  private readonly sources = new WeakMap<object, string>();
  private sourceCount = 0;

  /** The candidate's id, `I<token>`. */
  candidate(ref: object): string {
    return `I${this.token(ref)}`;
  }

  /** The pair's id, `CP<local token>_<remote token>`, fixed when the pair is first named. */
  pair(ref: object, local: object, remote: object): string {
    let id = this.tokens.get(ref);
    if (id === undefined) {
      id = `CP${this.token(local)}_${this.token(remote)}`;
      this.tokens.set(ref, id);
    }
    return id;
  }

  /** A local track's media-source id, `S<A|V><n>` (Chromium's form), numbered as first named. */
  mediaSource(track: object, kind: 'audio' | 'video'): string {
    let id = this.sources.get(track);
    if (id === undefined) {
      id = `S${kind === 'audio' ? 'A' : 'V'}${++this.sourceCount}`;
      this.sources.set(track, id);
    }
    return id;
  }

  private token(ref: object): string {
    let t = this.tokens.get(ref);
    if (t !== undefined) return t;
    // 62^8 values: a repeat is astronomically unlikely, and still refused.
    do {
      const bytes = randomBytes(TOKEN_CHARS);
      t = '';
      for (const b of bytes) t += ALPHABET[b % ALPHABET.length];
    } while (this.issued.has(t));
    this.issued.add(t);
    this.tokens.set(ref, t);
    return t;
  }
}
