// Extracts what the runner needs from a WPT test page: its scripts in document order,
// its <title>, and whether it asks for a long timeout. This is not an HTML parser; it
// understands exactly the markup WPT test pages use (comments, raw-text <script>,
// <title>, <meta>), which is enough to run them without a DOM.

/** One `<script>` element of a test page. */
export interface PageScript {
  /** The `src` attribute, as written (not yet resolved), when the script is external. */
  src?: string;
  /** The inline source text, when the script has no `src`. */
  text?: string;
  /** 1-based line of the page on which the inline text starts (for stack traces). */
  line: number;
  /** True for `type="module"`, which the runner cannot evaluate as a classic script. */
  module: boolean;
}

/** What the runner reads from a test page. */
export interface PageInfo {
  /** Text of the first `<title>`, entity-decoded and whitespace-collapsed, if any. */
  title?: string;
  /** `<meta name="timeout" content="long">` is present. */
  timeoutLong: boolean;
  /** Classic and module scripts in document order (data blocks are left out). */
  scripts: PageScript[];
}

// https://html.spec.whatwg.org/#javascript-mime-type (plus the empty string)
const JS_TYPES = new Set([
  '', 'application/ecmascript', 'application/javascript', 'application/x-ecmascript',
  'application/x-javascript', 'text/ecmascript', 'text/javascript', 'text/javascript1.0',
  'text/javascript1.1', 'text/javascript1.2', 'text/javascript1.3', 'text/javascript1.4',
  'text/javascript1.5', 'text/jscript', 'text/livescript', 'text/x-ecmascript',
  'text/x-javascript',
]);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references that appear in attribute values and titles. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Parses the attributes of a start tag beginning at `from` (just after the tag name).
 * Returns the attributes (names lower-cased, values decoded) and the index after `>`.
 */
export function parseAttributes(html: string, from: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  let i = from;
  const n = html.length;
  while (i < n) {
    while (i < n && /[\s/]/.test(html[i]!)) i++;
    if (i >= n) break;
    if (html[i] === '>') return { attrs, end: i + 1 };
    const nameStart = i;
    while (i < n && !/[\s/>=]/.test(html[i]!)) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < n && /\s/.test(html[i]!)) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && /\s/.test(html[i]!)) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? n : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < n && !/[\s>]/.test(html[i]!)) i++;
        value = html.slice(valueStart, i);
      }
    }
    if (name && !attrs.has(name)) attrs.set(name, decodeEntities(value));
  }
  return { attrs, end: n };
}

function lineAt(html: string, index: number): number {
  let line = 1;
  for (let i = html.indexOf('\n'); i >= 0 && i < index; i = html.indexOf('\n', i + 1)) line++;
  return line;
}

/** Reads the scripts, title and timeout of a WPT test page. */
export function parsePage(html: string): PageInfo {
  const info: PageInfo = { timeoutLong: false, scripts: [] };
  const token = /<!--|<(script|title|meta)(?=[\s/>])/gi;
  let match: RegExpExecArray | null;
  while ((match = token.exec(html)) !== null) {
    if (match[0] === '<!--') {
      const close = html.indexOf('-->', match.index + 4);
      token.lastIndex = close < 0 ? html.length : close + 3;
      continue;
    }
    const tag = match[1]!.toLowerCase();
    const { attrs, end } = parseAttributes(html, match.index + match[0].length);
    if (tag === 'meta') {
      if (attrs.get('name')?.toLowerCase() === 'timeout' && attrs.get('content')?.toLowerCase() === 'long') {
        info.timeoutLong = true;
      }
      token.lastIndex = end;
      continue;
    }
    // <script> and <title> are raw text: the content runs to the matching end tag.
    const closer = new RegExp(`</${tag}(?=[\\s/>])`, 'gi');
    closer.lastIndex = end;
    const close = closer.exec(html);
    const contentEnd = close ? close.index : html.length;
    const content = html.slice(end, contentEnd);
    token.lastIndex = close ? html.indexOf('>', close.index) + 1 || html.length : html.length;
    if (tag === 'title') {
      if (info.title === undefined) info.title = decodeEntities(content).replace(/\s+/g, ' ').trim();
      continue;
    }
    const type = (attrs.get('type') ?? '').trim().toLowerCase();
    const module = type === 'module';
    if (!module && !JS_TYPES.has(type)) continue;
    const src = attrs.get('src');
    if (src !== undefined) info.scripts.push({ src: src.trim(), line: lineAt(html, match.index), module });
    else info.scripts.push({ text: content, line: lineAt(html, end), module });
  }
  return info;
}
