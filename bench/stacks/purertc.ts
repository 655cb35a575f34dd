// purertc, this repository: loaded from the rollup build in dist/ (what the package ships;
// `npm run bench` builds it first) or, with BENCH_PURERTC=src, from src/ through tsx.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { localAddress } from '../lib/net.js';
import { ROOT_DIR } from '../lib/paths.js';
import type { PeerConnectionLike, Stack } from './types.js';

type Ctor = new (config?: object) => PeerConnectionLike;

let Ctor_: Ctor | undefined;

/** Where purertc is loaded from: 'dist' (default) or 'src'. */
export function purertcSource(): 'src' | 'dist' {
  return process.env.BENCH_PURERTC === 'src' ? 'src' : 'dist';
}

function gitRevision(): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${rev}+dirty-src` : rev;
  } catch {
    return 'no-git';
  }
}

/** The purertc adapter. */
export const purertc: Stack = {
  id: 'purertc',
  packageName: 'purertc',
  description: 'TypeScript, no native code',
  async load() {
    const file = purertcSource() === 'dist' ? path.join(ROOT_DIR, 'dist', 'index.mjs') : path.join(ROOT_DIR, 'src', 'index.ts');
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT_DIR, file)} is missing: run npm run build (npm run bench does)`);
    const mod = (await import(pathToFileURL(file).href)) as { RTCPeerConnection: Ctor };
    Ctor_ = mod.RTCPeerConnection;
  },
  version() {
    const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
    return `${pkg.version} (${gitRevision()}, ${purertcSource()})`;
  },
  createPeerConnection() {
    if (!Ctor_) throw new Error('purertc not loaded');
    // Host candidates on the bench's address only (nonstandard RTCConfiguration.bindAddress).
    return new Ctor_({ iceServers: [], bindAddress: localAddress() });
  },
  async closePeerConnection(pc) {
    pc.close();
  },
  async shutdown() {},
};
