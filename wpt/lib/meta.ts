// `// META:` headers of .window.js / .any.js tests, and the `{{...}}` substitutions
// that wptserve applies to `.sub.` files.

/** The metadata of a script test. */
export interface ScriptMeta {
  /** `// META: script=...` values in order, as written. */
  scripts: string[];
  /** `// META: timeout=long`. */
  timeoutLong: boolean;
  /** `// META: title=...`. */
  title?: string;
  /** `// META: global=...` values, split on commas. */
  globals: string[];
  /** `// META: variant=...` values. */
  variants: string[];
}

/**
 * Reads the `// META: key=value` lines of a script test. As in wptserve, only the
 * leading block of `//` comment lines is metadata; the first other line ends it.
 */
export function parseMeta(source: string): ScriptMeta {
  const meta: ScriptMeta = { scripts: [], timeoutLong: false, globals: [], variants: [] };
  for (const raw of source.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('//')) break;
    const match = /^\/\/\s*META:\s*([a-z_-]+)\s*=\s*(.*)$/i.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    switch (key) {
      case 'script': meta.scripts.push(value); break;
      case 'timeout': meta.timeoutLong = value === 'long'; break;
      case 'title': meta.title = value; break;
      case 'global': meta.globals.push(...value.split(',').map((g) => g.trim()).filter(Boolean)); break;
      case 'variant': meta.variants.push(value); break;
      default: break;
    }
  }
  return meta;
}

/** Host names and ports the runner pretends to serve from, as wptserve's config would. */
export interface ServerConfig {
  host: string;
  httpPorts: [number, number];
  httpsPorts: [number, number];
}

/** The configuration of the (pretend) server the tests are loaded from. */
export const SERVER: ServerConfig = {
  host: 'web-platform.test',
  httpPorts: [8000, 8001],
  httpsPorts: [8443, 8444],
};

/**
 * Applies wptserve's `{{...}}` template substitutions for `.sub.` files: host, ports,
 * domains, hosts, GET parameters and location parts. Unknown expressions become ''.
 */
export function substitute(text: string, url: URL, config: ServerConfig = SERVER): string {
  return text.replace(/\{\{([^{}]*)\}\}/g, (_whole, expression: string) => {
    const expr = expression.trim();
    if (expr === 'host') return config.host;
    let m = /^ports\[(https?)\]\[(\d+)\]$/.exec(expr);
    if (m) {
      const ports = m[1] === 'http' ? config.httpPorts : config.httpsPorts;
      return String(ports[Number(m[2])] ?? '');
    }
    m = /^domains\[([^\]]*)\]$/.exec(expr);
    if (m) return m[1] ? `${m[1]}.${config.host}` : config.host;
    m = /^hosts\[([^\]]*)\]\[([^\]]*)\]$/.exec(expr);
    if (m) {
      const base = m[1] === 'alt' ? `not-${config.host}` : config.host;
      return m[2] ? `${m[2]}.${base}` : base;
    }
    m = /^GET\[([^\]]*)\]$/.exec(expr);
    if (m) return url.searchParams.get(m[1]!) ?? '';
    m = /^location\[([^\]]*)\]$/.exec(expr);
    if (m) {
      const parts: Record<string, string> = {
        host: url.host, hostname: url.hostname, port: url.port, path: url.pathname, pathname: url.pathname,
        query: url.search, search: url.search, scheme: url.protocol.slice(0, -1), server: url.origin, href: url.href,
      };
      return parts[m[1]!] ?? '';
    }
    return '';
  });
}
