// Reads V8 .cpuprofile files (node --cpu-prof) and lists the functions with the most
// self time, so the bench can point at purertc's hot spots.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from './paths.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** One function's share of a profile. */
export interface HotFunction {
  name: string;
  /** file:line relative to the repository, or a category like (garbage collector). */
  where: string;
  selfMs: number;
  selfPercent: number;
}

/** The `top` functions by self time in a .cpuprofile (idle excluded from the total). */
export function topSelfTime(file: string, top: number): { wallMs: number; busyMs: number; functions: HotFunction[] } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  // A sample's time is the gap to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const agg = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)!.callFrame;
    if (cf.functionName === '(idle)') continue;
    totalUs += us;
    const url = cf.url.replace(/^file:\/\//, '');
    const rel = url.startsWith(ROOT_DIR) ? path.relative(ROOT_DIR, url) : url;
    // Under tsx, line numbers are those of the transpiled module, so only the file is kept.
    const where = rel.startsWith('node:') ? `${rel}:${cf.lineNumber + 1}` : rel;
    const name = cf.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const e = agg.get(key) ?? { name, where, us: 0 };
    e.us += us;
    agg.set(key, e);
  }
  const functions = [...agg.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, selfPercent: totalUs ? (100 * e.us) / totalUs : 0 }));
  return { wallMs: (prof.endTime - prof.startTime) / 1000, busyMs: totalUs / 1000, functions };
}
