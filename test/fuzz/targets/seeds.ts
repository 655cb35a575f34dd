// Seeds shared by the targets: the SDP fixtures (real browser output and hand-made edge
// cases) and the packets captured from native stacks under test/fixtures/captures/.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Every SDP fixture text (test/fixtures/browser-sdp and test/fixtures/sdp). */
export function sdpFixtures(): string[] {
  const out: string[] = [];
  for (const dir of ['browser-sdp', 'sdp']) {
    for (const f of readdirSync(FIXTURES + dir).sort()) if (f.endsWith('.sdp')) out.push(readFileSync(`${FIXTURES}${dir}/${f}`, 'utf8'));
  }
  return out;
}

/** The real SDP fixtures that describe an offer a peer connection can apply. */
export function sdpOffers(): string[] {
  const out: string[] = [];
  for (const dir of ['browser-sdp', 'sdp']) {
    for (const f of readdirSync(FIXTURES + dir).sort()) {
      if (f.endsWith('.sdp') && f.includes('offer')) out.push(readFileSync(`${FIXTURES}${dir}/${f}`, 'utf8'));
    }
  }
  return out;
}

/** Every `a=` line value of the SDP fixtures, keyed by attribute name. */
export function sdpAttributeValues(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const text of sdpFixtures()) {
    for (const line of text.split(/\r?\n/)) {
      const m = /^a=([^:]+):(.*)$/.exec(line);
      if (!m) continue;
      const list = out.get(m[1]!) ?? [];
      if (!list.includes(m[2]!)) list.push(m[2]!);
      out.set(m[1]!, list);
    }
  }
  return out;
}

/** Every datagram of kind `stun`, `dtls` or `sctp` in test/fixtures/captures/*.txt (test/fuzz/capture.ts). */
export function captured(kind: 'stun' | 'dtls' | 'sctp'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readdirSync(FIXTURES + 'captures').sort()) {
    if (!f.endsWith('.txt')) continue;
    for (const line of readFileSync(`${FIXTURES}captures/${f}`, 'utf8').split('\n')) {
      const m = /^([a-z]+)(in|out) ([0-9a-f]+)$/.exec(line.trim());
      if (m && m[1] === kind) out.push(new Uint8Array(Buffer.from(m[3]!, 'hex')));
    }
  }
  return out;
}

/** Text to bytes and back for text targets' corpus files: UTF-16 code units, so lone surrogates survive. */
export const utf16 = {
  encode: (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le')),
  decode: (b: Uint8Array): string => Buffer.from(b).toString('utf16le'),
};
