// A private network namespace holding nothing but a loopback interface, for children
// that drive a browser. Chromium pairs its sockets on the machine's other addresses with
// the 127.0.0.1 candidates it is given and sends checks from them, so every ICE agent
// answering it would send to that address (a peer-reflexive candidate) however the
// signalled candidates are filtered. Inside the namespace there is no other address.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';

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
