// Hostile remote input: a description (or candidate) a peer could send, edited to be
// malformed, oversized or odd, handed to setRemoteDescription (or addIceCandidate). Then,
// after any rejection, a valid offer/answer on the same two RTCPeerConnections and a data
// channel that opens: a refused description must leave the connection usable.
// `runHostileCase` is a self-contained page function: interop/capture-hostile.ts runs it
// in Chromium, and test/api/sdp-hostile.test.ts runs the very same function with purertc.

/** One edit of the SDP text. Sections are counted from 0 in m= line order. */
export type HostileEdit =
  /** A regular-expression replacement (`with` may use $1... and the fills below, with {i} 0). */
  | { op: 'replace'; pattern: string; flags: string; with: string }
  /** Removes every line that starts with `prefix`. */
  | { op: 'remove-lines'; prefix: string }
  /**
   * Inserts `count` lines (default 1) after the first line starting with `after`, at
   * session level (before the first m=) or in m-section `section`. Fills: `{i}` the line's
   * number from 0, `{ip4}` an IPv4 address made from it, `{hex:N}` N hex pairs,
   * `{repeat:c:N}` the character c N times.
   */
  | { op: 'add-lines'; after: string; line: string; count?: number; section?: number }
  /** Appends `count` copies of m-section `copyOf` (no msid/ssrc lines), with mids h0, h1, ..., each added to BUNDLE. */
  | { op: 'repeat-section'; copyOf: number; count: number }
  /** Appends the given lines as a new m-section at the end. */
  | { op: 'add-section'; lines: string[] };

/**
 * - remote-offer: A offers (edited on its way) -> B.SRD -> B.createAnswer -> B.SLD -> A.SRD
 * - remote-answer: A offers -> B.SRD -> B.createAnswer (edited on its way) -> B.SLD -> A.SRD(edited)
 * - candidate: a whole exchange, then B.addIceCandidate(`candidate`)
 */
export type HostileScenario = 'remote-offer' | 'remote-answer' | 'candidate';

/** One case. */
export interface HostileCase {
  name: string;
  scenario: HostileScenario;
  /** data: one data channel; av-data: audio and video transceivers, then a data channel. */
  media: 'data' | 'av-data';
  edits: HostileEdit[];
  /** The candidate of a `candidate` case; `{mid0}` in sdpMid becomes the first mid. */
  candidate?: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null };
}

/** What happened. */
export interface HostileOutcome {
  /** Steps run, in order, up to and including the one that failed. */
  steps: string[];
  /** The step that rejected, or null when the whole exchange went through. */
  failedAt: string | null;
  /** The error: DOMException name, RTCError errorDetail if any, message (cut to 300 characters). */
  error: { name: string; errorDetail: string | null; message: string } | null;
  /** Signaling states of A and B after the hostile step's exchange. */
  states: [string, string];
  /** After a rejection: a valid exchange on the same peers, and whether A's channel opened. */
  recovery: { negotiated: boolean; error: string | null; channelOpen: boolean } | null;
  /** Wall time of the step that took the hostile input (informational, not compared). */
  stepMs: number;
}

/** One row of the committed table. */
export interface HostileRow extends HostileCase {
  chromium: HostileOutcome;
}

/** test/fixtures/sdp-hostile/chromium-outcomes.json */
export interface HostileTable {
  browser: string;
  userAgent: string;
  captured: string;
  cases: HostileRow[];
  /** What Chromium did with inputs too large for the table (interop/capture-hostile.ts probes). */
  probes: Array<{ name: string; failedAt: string | null; error: string | null; stepMs: number }>;
}

/** The constructor the case runs with (the page's own, or purertc's). */
export type HostilePeerConnectionClass = new (configuration?: Record<string, unknown>) => unknown;

/** Runs one case (self-contained: sent to pages as source text); `Ctor` defaults to the global RTCPeerConnection. */
export async function runHostileCase(arg: { case: HostileCase; openTimeoutMs: number }, Ctor?: HostilePeerConnectionClass): Promise<HostileOutcome> {
  type Description = { type: string; sdp: string };
  type Candidate = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; toJSON?: () => unknown };
  type Pc = {
    createOffer(): Promise<Description>;
    createAnswer(): Promise<Description>;
    setLocalDescription(d?: Description): Promise<void>;
    setRemoteDescription(d: Description): Promise<void>;
    addIceCandidate(c: unknown): Promise<void>;
    addTransceiver(kind: string): unknown;
    createDataChannel(label: string): { readyState: string; onopen: (() => void) | null };
    close(): void;
    onicecandidate: ((e: { candidate: Candidate | null }) => void) | null;
    readonly localDescription: Description | null;
    readonly signalingState: string;
  };
  const spec = arg.case;
  const PC = (Ctor ?? (globalThis as unknown as { RTCPeerConnection: HostilePeerConnectionClass }).RTCPeerConnection) as unknown as new () => Pc;

  // ---- the edits --------------------------------------------------------------------
  const sectionStarts = (lines: string[]): number[] => lines.flatMap((l, i) => (l.startsWith('m=') ? [i] : []));
  const sectionEnd = (lines: string[], start: number): number => {
    for (let i = start + 1; i < lines.length; i++) if (lines[i]!.startsWith('m=')) return i;
    return lines.length;
  };
  const hex = (pairs: number, seed: number): string =>
    Array.from({ length: pairs }, (_, k) => ((k * 31 + seed * 17 + 7) & 0xff).toString(16).toUpperCase().padStart(2, '0')).join(':');
  const ip4 = (i: number): string => `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
  const fill = (line: string, i: number): string =>
    line
      .replace(/\{i\}/g, String(i))
      .replace(/\{ip4\}/g, ip4(i))
      .replace(/\{hex:(\d+)\}/g, (_, n: string) => hex(Number(n), i))
      .replace(/\{repeat:(\w):(\d+)\}/g, (_, c: string, n: string) => c.repeat(Number(n)));
  const apply = (sdp: string, edit: HostileEdit): string => {
    if (edit.op === 'replace') return sdp.replace(new RegExp(edit.pattern, edit.flags), fill(edit.with, 0));
    const lines = sdp.split('\r\n');
    const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
    let out = lines;
    if (edit.op === 'remove-lines') {
      out = lines.filter((l) => !l.startsWith(edit.prefix));
    } else if (edit.op === 'add-lines') {
      const starts = sectionStarts(lines);
      const from = edit.section === undefined ? 0 : starts[edit.section]!;
      const to = edit.section === undefined ? (starts[0] ?? lines.length) : sectionEnd(lines, from);
      const at = lines.findIndex((l, i) => i >= from && i < to && l.startsWith(edit.after));
      if (at >= 0) lines.splice(at + 1, 0, ...Array.from({ length: edit.count ?? 1 }, (_, i) => fill(edit.line, i)));
    } else if (edit.op === 'repeat-section') {
      const start = sectionStarts(lines)[edit.copyOf]!;
      const body = lines.slice(start, sectionEnd(lines, start)).filter((l) => !/^a=(msid|ssrc|ssrc-group):/.test(l));
      const mids: string[] = [];
      for (let n = 0; n < edit.count; n++) {
        const mid = `h${n}`;
        mids.push(mid);
        for (const l of body) lines.push(l.startsWith('a=mid:') ? `a=mid:${mid}` : l);
      }
      const g = lines.findIndex((l) => l.startsWith('a=group:BUNDLE'));
      if (g >= 0) lines[g] = `${lines[g]} ${mids.join(' ')}`;
    } else if (edit.op === 'add-section') {
      lines.push(...edit.lines);
    }
    if (trailing !== undefined) out.push(trailing);
    return out.join('\r\n');
  };
  const edited = (d: Description): Description => {
    const sdp = spec.edits.reduce(apply, d.sdp);
    if (spec.edits.length > 0 && sdp === d.sdp) throw new Error(`case ${spec.name}: the edits changed nothing`);
    return { type: d.type, sdp };
  };

  // ---- the peers --------------------------------------------------------------------
  const a = new PC();
  const b = new PC();
  if (spec.media === 'av-data') {
    a.addTransceiver('audio');
    a.addTransceiver('video');
  }
  const channel = a.createDataChannel('dc');
  let markOpen: () => void = () => undefined;
  const openEvent = new Promise<void>((resolve) => (markOpen = resolve));
  channel.onopen = () => markOpen();
  const opened = async (): Promise<boolean> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(channel.readyState === 'open'), arg.openTimeoutMs)));
    const open = await Promise.race([openEvent.then(() => true), late]);
    clearTimeout(timer);
    return open;
  };
  // Candidates wait until a valid exchange is done, then go across as they come.
  let forwarding = false;
  const held: Array<[Pc, unknown]> = [];
  const forward = (to: Pc, c: Candidate | null): void => {
    if (!c) return;
    const init = c.toJSON ? c.toJSON() : c;
    if (forwarding) to.addIceCandidate(init).catch(() => undefined);
    else held.push([to, init]);
  };
  a.onicecandidate = (e) => forward(b, e.candidate);
  b.onicecandidate = (e) => forward(a, e.candidate);

  const steps: string[] = [];
  let stepMs = 0;
  const step = async <T>(name: string, run: () => Promise<T>, hostile = false): Promise<T> => {
    steps.push(name);
    const t0 = Date.now();
    try {
      return await run();
    } finally {
      if (hostile) stepMs = Date.now() - t0;
    }
  };
  let failedAt: string | null = null;
  let error: HostileOutcome['error'] = null;
  let offer: Description | null = null;
  let answer: Description | null = null;
  let mid0 = '0';
  try {
    offer = await step('A.createOffer', () => a.createOffer());
    mid0 = /^a=mid:(\S+)/m.exec(offer.sdp)?.[1] ?? '0';
    await step('A.setLocalDescription(offer)', () => a.setLocalDescription(offer!));
    const sentOffer = spec.scenario === 'remote-offer' ? edited(offer) : offer;
    await step('B.setRemoteDescription(offer)', () => b.setRemoteDescription(sentOffer), spec.scenario === 'remote-offer');
    answer = await step('B.createAnswer', () => b.createAnswer());
    await step('B.setLocalDescription(answer)', () => b.setLocalDescription(answer!));
    const sentAnswer = spec.scenario === 'remote-answer' ? edited(answer) : answer;
    await step('A.setRemoteDescription(answer)', () => a.setRemoteDescription(sentAnswer), spec.scenario === 'remote-answer');
    if (spec.scenario === 'candidate') {
      const c = spec.candidate!;
      const init = { ...c, sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid.replace('{mid0}', mid0) : c.sdpMid };
      await step('B.addIceCandidate', () => b.addIceCandidate(init), true);
    }
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown; errorDetail?: unknown };
    if (String(err.message).startsWith(`case ${spec.name}:`)) throw e;
    failedAt = steps[steps.length - 1] ?? null;
    const detail = typeof err.errorDetail === 'string' ? err.errorDetail : null;
    error = { name: String(err.name), errorDetail: detail, message: String(err.message).slice(0, 300) };
  }
  const states: [string, string] = [a.signalingState, b.signalingState];

  // ---- recovery: a valid exchange on the same peers -----------------------------------
  let recovery: HostileOutcome['recovery'] = null;
  if (failedAt !== null) {
    let negotiated = false;
    let why: string | null = null;
    try {
      // B drops what it took of the hostile offer; A's own (unedited) offer, or B's own
      // answer, then completes the exchange the hostile text interrupted.
      if (b.signalingState === 'have-remote-offer') await b.setRemoteDescription({ type: 'rollback', sdp: '' });
      if (a.signalingState === 'have-local-offer' && b.signalingState === 'stable' && spec.scenario === 'remote-offer') {
        await b.setRemoteDescription(offer!);
        answer = await b.createAnswer();
        await b.setLocalDescription(answer);
      }
      if (a.signalingState === 'have-local-offer') await a.setRemoteDescription(answer!);
      if (spec.scenario === 'candidate') {
        await b.addIceCandidate({ candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 9 typ host', sdpMid: mid0 });
      }
      negotiated = true;
    } catch (e) {
      const err = e as { name?: unknown; message?: unknown };
      why = `${String(err.name)}: ${String(err.message).slice(0, 200)}`;
    }
    forwarding = true;
    for (const [to, init] of held.splice(0)) to.addIceCandidate(init).catch(() => undefined);
    const channelOpen = negotiated ? await opened() : false;
    recovery = { negotiated, error: why, channelOpen };
  }
  a.close();
  b.close();
  return { steps, failedAt, error, states, recovery, stepMs };
}
