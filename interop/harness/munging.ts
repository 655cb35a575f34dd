// SDP munging cases: a description edited between createOffer/createAnswer and
// setLocalDescription (or on its way to setRemoteDescription), then the rest of the
// offer/answer exchange. `runMungingCase` is a self-contained page function: the capture
// script (interop/capture-munging.ts) runs it in Chromium, and the unit tests run the very
// same function with purertc's RTCPeerConnection, so both sides follow one procedure.

/** One edit of the SDP text. Sections are counted from 0 in m= line order. */
export type SdpEdit =
  /** A regular-expression replacement (`with` may use $1...). */
  | { op: 'replace'; pattern: string; flags: string; with: string }
  /** Removes every line that starts with `prefix`. */
  | { op: 'remove-lines'; prefix: string }
  /** Inserts `line` after the first line starting with `after` (in the first m-section of `kind`, if given). */
  | { op: 'add-line'; after: string; line: string; kind?: string }
  /** Moves the first payload type of `codec` (rtpmap name) to the front of the m=`kind` line. */
  | { op: 'codec-first'; kind: string; codec: string }
  /** Removes the first payload type of `codec` and its rtpmap, fmtp and rtcp-fb lines. */
  | { op: 'drop-codec'; kind: string; codec: string }
  /** Appends `append` to the fmtp line of the first payload type of `codec`. */
  | { op: 'fmtp'; codec: string; append: string }
  /** Appends a copy of m-section `copyOf` (without msid and ssrc lines) with a=mid `mid`, and adds it to BUNDLE. */
  | { op: 'add-section'; copyOf: number; mid: string }
  /** Removes m-section `index` and its mid from BUNDLE. */
  | { op: 'remove-section'; index: number }
  /** Swaps m-sections `a` and `b` (BUNDLE unchanged). */
  | { op: 'swap-sections'; a: number; b: number }
  /** Rewrites every line end as a bare LF. */
  | { op: 'lf-line-ends' };

/**
 * How the two (or three) peers reach the edited description. A offers, B answers, C is a
 * third peer made like A. "edited" marks the description the edits apply to.
 * - offer: A.createOffer (edited) -> A.SLD -> B.SRD -> B.createAnswer -> B.SLD -> A.SRD
 * - answer: A offers (remoteEdits apply to it) -> B.SRD -> B.createAnswer (edited) -> B.SLD -> A.SRD
 * - reoffer / restart-offer: a full unedited exchange, A's gathering completes, (A.restartIce()), then as offer
 * - remote-offer / remote-answer: the description is applied unedited locally and edited remotely
 * - foreign-offer: A.SLD(C's offer), A never having called createOffer (WPT)
 * - foreign-offer-after-create: the same after A.createOffer()
 * - older-offer: A offers audio, adds video, offers again, then SLD of the first offer (WPT)
 * - repeat-offer: A.createOffer twice, then SLD of the first offer
 * - foreign-answer: B.SRD(offer), then B.SLD(C's answer to the same offer) (WPT)
 */
export type MungingScenario =
  | 'offer'
  | 'answer'
  | 'reoffer'
  | 'restart-offer'
  | 'remote-offer'
  | 'remote-answer'
  | 'foreign-offer'
  | 'foreign-offer-after-create'
  | 'older-offer'
  | 'repeat-offer'
  | 'foreign-answer';

/** One case: a scenario, what A holds, and the edits. */
export interface MungingCase {
  name: string;
  scenario: MungingScenario;
  /** data: one data channel; av-data: audio and video transceivers, then a data channel. */
  media: 'data' | 'av-data';
  edits: SdpEdit[];
  /** Edits of A's offer on its way to B (answer scenario only). */
  remoteEdits?: SdpEdit[];
  /** Needs a browser that offers SNAP (a=sctp-init). */
  snap?: boolean;
}

/** How the applied text compares with the edited text (candidate lines aside). */
export interface AppliedText {
  identical: boolean;
  /** Line ends of the applied text. */
  lineEnds: 'crlf' | 'lf';
  /** Lines of the edited text missing from the applied one. */
  dropped: string[];
  /** Lines of the applied text that the edited one lacks (gathered candidates aside). */
  added: string[];
}

/** What happened. */
export interface MungingOutcome {
  /** Steps run, in order, up to and including the one that failed. */
  steps: string[];
  /** The step that rejected, or null when the whole exchange went through. */
  failedAt: string | null;
  error: { name: string; message: string } | null;
  /** The edited text as applied, when the step taking it resolved. */
  applied: AppliedText | null;
  /** Signaling states of A and B at the end. */
  states: [string, string];
}

/** One row of the committed table: a case and what Chromium did with it. */
export interface MungingRow extends MungingCase {
  chromium: MungingOutcome;
}

/** test/fixtures/sdp-munging/chromium-outcomes.json */
export interface MungingTable {
  browser: string;
  userAgent: string;
  captured: string;
  /** Switches of the SNAP cases' Chromium, on top of the harness's usual ones. */
  snapSwitches: string[];
  cases: MungingRow[];
}

/** The constructor the case runs with (the page's own, or purertc's). */
export type PeerConnectionClass = new (configuration?: Record<string, unknown>) => unknown;

/**
 * Runs one case and reports the outcome. Self-contained (sent to pages as source text);
 * `Ctor` defaults to the global RTCPeerConnection.
 */
export async function runMungingCase(arg: { case: MungingCase; gatherTimeoutMs: number }, Ctor?: PeerConnectionClass): Promise<MungingOutcome> {
  type Description = { type: string; sdp: string };
  type Pc = {
    createOffer(): Promise<Description>;
    createAnswer(): Promise<Description>;
    setLocalDescription(d?: Description): Promise<void>;
    setRemoteDescription(d: Description): Promise<void>;
    addTransceiver(kind: string, init?: Record<string, unknown>): unknown;
    createDataChannel(label: string): unknown;
    restartIce(): void;
    close(): void;
    readonly localDescription: Description | null;
    readonly remoteDescription: Description | null;
    readonly signalingState: string;
    readonly iceGatheringState: string;
  };
  const spec = arg.case;
  const PC = (Ctor ?? (globalThis as unknown as { RTCPeerConnection: PeerConnectionClass }).RTCPeerConnection) as unknown as new () => Pc;

  // ---- the edits --------------------------------------------------------------------
  const mLineOf = (lines: string[], kind: string): number => lines.findIndex((l) => l.startsWith(`m=${kind} `));
  const sectionEnd = (lines: string[], start: number): number => {
    for (let i = start + 1; i < lines.length; i++) if (lines[i]!.startsWith('m=')) return i;
    return lines.length;
  };
  const sectionStarts = (lines: string[]): number[] => lines.flatMap((l, i) => (l.startsWith('m=') ? [i] : []));
  const payloadTypeOf = (lines: string[], codec: string): string | undefined => {
    const re = new RegExp(`^a=rtpmap:(\\d+) ${codec}/`, 'i');
    for (const l of lines) {
      const m = re.exec(l);
      if (m) return m[1];
    }
    return undefined;
  };
  const editBundle = (lines: string[], change: (mids: string[]) => string[]): void => {
    const i = lines.findIndex((l) => l.startsWith('a=group:BUNDLE'));
    if (i < 0) return;
    const mids = lines[i]!.split(' ').slice(1);
    lines[i] = ['a=group:BUNDLE', ...change(mids)].join(' ');
  };
  const apply = (sdp: string, edit: SdpEdit): string => {
    if (edit.op === 'replace') return sdp.replace(new RegExp(edit.pattern, edit.flags), edit.with);
    if (edit.op === 'lf-line-ends') return sdp.replace(/\r\n/g, '\n');
    const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
    const lines = sdp.split(eol);
    const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
    let out = lines;
    if (edit.op === 'remove-lines') {
      out = lines.filter((l) => !l.startsWith(edit.prefix));
    } else if (edit.op === 'add-line') {
      const from = edit.kind ? mLineOf(lines, edit.kind) : 0;
      const to = edit.kind ? sectionEnd(lines, from) : lines.length;
      const at = from < 0 ? -1 : lines.findIndex((l, i) => i >= from && i < to && l.startsWith(edit.after));
      if (at >= 0) lines.splice(at + 1, 0, edit.line);
    } else if (edit.op === 'codec-first' || edit.op === 'drop-codec') {
      const m = mLineOf(lines, edit.kind);
      const end = sectionEnd(lines, m);
      const pt = payloadTypeOf(lines.slice(m, end), edit.codec);
      if (m >= 0 && pt !== undefined) {
        const [media, port, proto, ...pts] = lines[m]!.split(' ');
        const rest = pts.filter((p) => p !== pt);
        lines[m] = [media, port, proto, ...(edit.op === 'codec-first' ? [pt, ...rest] : rest)].join(' ');
        if (edit.op === 'drop-codec') {
          const own = new RegExp(`^a=(rtpmap|fmtp|rtcp-fb):${pt} `);
          out = lines.filter((l, i) => i < m || i >= end || !own.test(l));
        }
      }
    } else if (edit.op === 'fmtp') {
      const pt = payloadTypeOf(lines, edit.codec);
      const i = lines.findIndex((l) => l.startsWith(`a=fmtp:${pt} `));
      if (i >= 0) lines[i] += edit.append;
      else if (pt !== undefined) lines.splice(lines.findIndex((l) => l.startsWith(`a=rtpmap:${pt} `)) + 1, 0, `a=fmtp:${pt} ${edit.append.replace(/^;/, '')}`);
    } else if (edit.op === 'add-section') {
      const start = sectionStarts(lines)[edit.copyOf]!;
      const copy = lines
        .slice(start, sectionEnd(lines, start))
        .filter((l) => !/^a=(msid|ssrc|ssrc-group):/.test(l))
        .map((l) => (l.startsWith('a=mid:') ? `a=mid:${edit.mid}` : l));
      lines.push(...copy);
      editBundle(lines, (mids) => [...mids, edit.mid]);
    } else if (edit.op === 'remove-section') {
      const start = sectionStarts(lines)[edit.index]!;
      const end = sectionEnd(lines, start);
      const mid = lines.slice(start, end).find((l) => l.startsWith('a=mid:'))?.slice(6);
      out = [...lines.slice(0, start), ...lines.slice(end)];
      editBundle(out, (mids) => mids.filter((m) => m !== mid));
    } else if (edit.op === 'swap-sections') {
      const starts = sectionStarts(lines);
      const body = (i: number): string[] => lines.slice(starts[i]!, sectionEnd(lines, starts[i]!));
      const sections = starts.map((_, i) => body(i));
      [sections[edit.a], sections[edit.b]] = [sections[edit.b]!, sections[edit.a]!];
      out = [...lines.slice(0, starts[0]), ...sections.flat()];
    }
    if (trailing !== undefined) out.push(trailing);
    return out.join(eol);
  };
  const edited = (d: Description, edits: readonly SdpEdit[]): Description => {
    const sdp = edits.reduce(apply, d.sdp);
    if (edits.length > 0 && sdp === d.sdp) throw new Error(`case ${spec.name}: the edits changed nothing`);
    return { type: d.type, sdp };
  };
  const compare = (applied: string, text: string): AppliedText => {
    const split = (s: string): string[] => s.split(/\r?\n/).filter((l) => l !== '');
    const mine = split(applied);
    const theirs = split(text);
    const gathered = (l: string): boolean => l.startsWith('a=candidate:') || l === 'a=end-of-candidates';
    return {
      identical: applied === text,
      lineEnds: applied.includes('\r\n') ? 'crlf' : 'lf',
      dropped: theirs.filter((l) => !mine.includes(l)),
      added: mine.filter((l) => !theirs.includes(l) && !gathered(l)),
    };
  };

  // ---- the exchange -----------------------------------------------------------------
  const peers: Pc[] = [];
  const make = (): Pc => {
    const pc = new PC();
    peers.push(pc);
    if (spec.media === 'av-data') {
      pc.addTransceiver('audio');
      pc.addTransceiver('video');
    }
    pc.createDataChannel('dc');
    return pc;
  };
  const steps: string[] = [];
  let applied: AppliedText | null = null;
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    steps.push(name);
    return run();
  };
  const gathered = async (pc: Pc): Promise<void> => {
    const until = Date.now() + arg.gatherTimeoutMs;
    while (pc.iceGatheringState !== 'complete' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const a = make();
  const b = make();
  /** The rest of an exchange once A holds a local offer `offer` that B is to take. */
  const answerIt = async (offer: Description): Promise<void> => {
    await step('B.setRemoteDescription(offer)', () => b.setRemoteDescription(offer));
    const answer = await step('B.createAnswer', () => b.createAnswer());
    await step('B.setLocalDescription(answer)', () => b.setLocalDescription(answer));
    await step('A.setRemoteDescription(answer)', () => a.setRemoteDescription(answer));
  };
  /** SLD of the edited text, recording how the applied text compares. */
  const setLocalEdited = async (pc: Pc, who: string, d: Description): Promise<void> => {
    await step(`${who}.setLocalDescription(${d.type})`, () => pc.setLocalDescription(d));
    applied = compare(pc.localDescription!.sdp, d.sdp);
  };
  const setRemoteEdited = async (pc: Pc, who: string, d: Description): Promise<void> => {
    await step(`${who}.setRemoteDescription(${d.type})`, () => pc.setRemoteDescription(d));
    applied = compare(pc.remoteDescription!.sdp, d.sdp);
  };
  const negotiate = async (): Promise<void> => {
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);
  };
  let failedAt: string | null = null;
  let error: { name: string; message: string } | null = null;
  try {
    switch (spec.scenario) {
      case 'offer':
      case 'reoffer':
      case 'restart-offer': {
        if (spec.scenario !== 'offer') {
          await negotiate();
          await gathered(a);
          if (spec.scenario === 'restart-offer') a.restartIce();
        }
        const offer = edited(await step('A.createOffer', () => a.createOffer()), spec.edits);
        await setLocalEdited(a, 'A', offer);
        await answerIt(offer);
        break;
      }
      case 'answer': {
        const offer = await step('A.createOffer', () => a.createOffer());
        await step('A.setLocalDescription(offer)', () => a.setLocalDescription(offer));
        const sent = edited(offer, spec.remoteEdits ?? []);
        await step('B.setRemoteDescription(offer)', () => b.setRemoteDescription(sent));
        const answer = edited(await step('B.createAnswer', () => b.createAnswer()), spec.edits);
        await setLocalEdited(b, 'B', answer);
        await step('A.setRemoteDescription(answer)', () => a.setRemoteDescription(answer));
        break;
      }
      case 'remote-offer': {
        const offer = await step('A.createOffer', () => a.createOffer());
        await step('A.setLocalDescription(offer)', () => a.setLocalDescription(offer));
        await setRemoteEdited(b, 'B', edited(offer, spec.edits));
        const answer = await step('B.createAnswer', () => b.createAnswer());
        await step('B.setLocalDescription(answer)', () => b.setLocalDescription(answer));
        await step('A.setRemoteDescription(answer)', () => a.setRemoteDescription(answer));
        break;
      }
      case 'remote-answer': {
        const offer = await step('A.createOffer', () => a.createOffer());
        await step('A.setLocalDescription(offer)', () => a.setLocalDescription(offer));
        await step('B.setRemoteDescription(offer)', () => b.setRemoteDescription(offer));
        const answer = await step('B.createAnswer', () => b.createAnswer());
        await step('B.setLocalDescription(answer)', () => b.setLocalDescription(answer));
        await setRemoteEdited(a, 'A', edited(answer, spec.edits));
        break;
      }
      case 'foreign-offer':
      case 'foreign-offer-after-create': {
        const c = make();
        if (spec.scenario === 'foreign-offer-after-create') await step('A.createOffer', () => a.createOffer());
        const offer = edited(await step('C.createOffer', () => c.createOffer()), spec.edits);
        await setLocalEdited(a, 'A', offer);
        await answerIt(offer);
        break;
      }
      case 'older-offer':
      case 'repeat-offer': {
        const first = edited(await step('A.createOffer', () => a.createOffer()), spec.edits);
        if (spec.scenario === 'older-offer') a.addTransceiver('video', { direction: 'recvonly' });
        await step('A.createOffer', () => a.createOffer());
        await setLocalEdited(a, 'A', first);
        await answerIt(first);
        break;
      }
      case 'foreign-answer': {
        const c = make();
        const offer = await step('A.createOffer', () => a.createOffer());
        await step('A.setLocalDescription(offer)', () => a.setLocalDescription(offer));
        await step('B.setRemoteDescription(offer)', () => b.setRemoteDescription(offer));
        await step('C.setRemoteDescription(offer)', () => c.setRemoteDescription(offer));
        const answer = edited(await step('C.createAnswer', () => c.createAnswer()), spec.edits);
        await setLocalEdited(b, 'B', answer);
        await step('A.setRemoteDescription(answer)', () => a.setRemoteDescription(answer));
        break;
      }
    }
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown };
    if (String(err.message).startsWith(`case ${spec.name}:`)) throw e;
    failedAt = steps[steps.length - 1] ?? null;
    error = { name: String(err.name), message: String(err.message) };
  }
  const states: [string, string] = [a.signalingState, b.signalingState];
  for (const pc of peers) pc.close();
  return { steps, failedAt, error, applied, states };
}
