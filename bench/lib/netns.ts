// A private network namespace holding nothing but a loopback interface, for children
// that drive a browser. Chromium pairs its sockets on the machine's other addresses with
// the 127.0.0.1 candidates it is given and sends checks from them, so every ICE agent
// answering it would send to that address (a peer-reflexive candidate) however the
// signalled candidates are filtered. Inside the namespace there is no other address.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readlinkSync } from 'node:fs';
import os from 'node:os';
import { VETH } from './net.js';

const IP_PATHS = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];
const UNSHARE_PATHS = ['/usr/bin/unshare', '/bin/unshare'];

function firstExecutable(paths: readonly string[]): string | undefined {
  return paths.find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

let cached: string[] | null | undefined;

/**
 * The command prefix that runs a program in a new user + network namespace with `lo` up
 * (`unshare -rn` and `ip link set lo up`), or undefined when this machine does not allow
 * it (no unshare/ip, user namespaces disabled). Probed once.
 */
export function loopbackNamespacePrefix(): string[] | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  const unshare = firstExecutable(UNSHARE_PATHS);
  const ip = firstExecutable(IP_PATHS);
  if (os.platform() !== 'linux' || !unshare || !ip) return undefined;
  const prefix = [unshare, '--user', '--map-root-user', '--net', '--', '/bin/sh', '-c', `${ip} link set lo up && exec "$@"`, 'sh'];
  const probe = spawnSync(prefix[0]!, [...prefix.slice(1), '/bin/true'], { stdio: 'ignore', timeout: 5000 });
  if (probe.status === 0) cached = prefix;
  return cached ?? undefined;
}

/** The non-loopback addresses this process can see (none inside the namespace). */
export function nonLoopbackAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal)
    .map((a) => a.address);
}

/** Runs `ip` with `args` in this process's namespace; throws with its message on failure. */
function ip(args: string[]): void {
  const bin = firstExecutable(IP_PATHS);
  if (!bin) throw new Error('ip (iproute2) is not installed');
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
}

/**
 * Makes the veth link of lib/net.ts in this (the bench child's) namespace: the offerer's end
 * configured and up here, the answerer's end waiting to be moved (see {@link moveAnswererEnd}).
 * Needs CAP_NET_ADMIN, which the bench child has as root of its user namespace.
 */
export function createVethLink(): void {
  ip(['link', 'add', VETH.offererDev, 'mtu', String(VETH.mtu), 'type', 'veth', 'peer', 'name', VETH.answererDev, 'mtu', String(VETH.mtu)]);
  ip(['addr', 'add', `${VETH.offerer}/${VETH.prefixLength}`, 'dev', VETH.offererDev]);
  ip(['link', 'set', VETH.offererDev, 'up']);
}

/**
 * The command prefix that runs a program in a new network namespace (inside the bench
 * child's user namespace) once the answerer's end of the link has arrived there, with that
 * end and `lo` configured and up. It gives up (exit 97) if the end does not arrive in 5 s.
 */
export function answererNamespacePrefix(): string[] {
  const unshare = firstExecutable(UNSHARE_PATHS);
  const bin = firstExecutable(IP_PATHS);
  if (!unshare || !bin) throw new Error('unshare (util-linux) and ip (iproute2) are needed for the veth link');
  const dev = VETH.answererDev;
  const script = [
    `i=0; while ! ${bin} link show ${dev} >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 500 ] && exit 97; sleep 0.01; done`,
    `${bin} link set lo up`,
    `${bin} addr add ${VETH.answerer}/${VETH.prefixLength} dev ${dev}`,
    `${bin} link set ${dev} up`,
    'exec "$@"',
  ].join(' && ');
  return [unshare, '--net', '--', '/bin/sh', '-c', script, 'sh'];
}

/**
 * Moves the answerer's end of the link into the network namespace of process `pid`, once
 * that process has left this namespace (`unshare --net` makes its namespace after it
 * starts; a move before that would land in this namespace, and the peer would wait in vain).
 */
export function moveAnswererEnd(pid: number): void {
  const ours = readlinkSync('/proc/self/ns/net');
  const deadline = performance.now() + 5000;
  for (;;) {
    let theirs: string | undefined;
    try {
      theirs = readlinkSync(`/proc/${pid}/ns/net`);
    } catch {
      throw new Error(`the answering peer (pid ${pid}) exited before its network namespace was made`);
    }
    if (theirs !== ours) break;
    if (performance.now() > deadline) throw new Error(`the answering peer (pid ${pid}) has no network namespace of its own after 5 s`);
    // A short synchronous wait: unshare makes the namespace within a millisecond or two.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
  }
  ip(['link', 'set', VETH.answererDev, 'netns', String(pid)]);
}
