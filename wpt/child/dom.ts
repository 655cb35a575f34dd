// A tiny, inert stand-in for the DOM: just enough tree for testharness.js and the
// webrtc/ helpers to find <title>/<meta>/<script>, append a canvas to the body and
// listen for DOMContentLoaded. Nothing renders, nothing loads, elements have no behaviour.

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** A node of the stub tree. Node's own EventTarget gives it real events. */
export class StubNode extends EventTarget {
  childNodes: StubNode[] = [];
  parentNode: StubNode | null = null;
  readonly nodeType: number;
  ownerDocument: StubDocument | null = null;

  constructor(nodeType: number) {
    super();
    this.nodeType = nodeType;
  }

  get parentElement(): StubElement | null {
    return this.parentNode instanceof StubElement ? this.parentNode : null;
  }

  get firstChild(): StubNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): StubNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }

  get children(): StubElement[] {
    return this.childNodes.filter((n): n is StubElement => n instanceof StubElement);
  }

  get isConnected(): boolean {
    let n: StubNode | null = this;
    while (n.parentNode) n = n.parentNode;
    return n instanceof StubDocument;
  }

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }

  set textContent(value: string) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (value !== '' && value !== null && value !== undefined) this.appendChild(new StubText(String(value)));
  }

  appendChild<T extends StubNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  append(...nodes: (StubNode | string)[]): void {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? new StubText(n) : n);
  }

  insertBefore<T extends StubNode>(node: T, ref: StubNode | null): T {
    node.remove();
    const at = ref ? this.childNodes.indexOf(ref) : -1;
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }

  removeChild<T extends StubNode>(node: T): T {
    const at = this.childNodes.indexOf(node);
    if (at < 0) throw new DOMException('The node to be removed is not a child of this node.', 'NotFoundError');
    this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }

  contains(node: StubNode | null): boolean {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }

  /** Elements below this node, in tree order. */
  descendants(): StubElement[] {
    const out: StubElement[] = [];
    const walk = (n: StubNode): void => {
      for (const c of n.childNodes) {
        if (c instanceof StubElement) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  getElementsByTagName(name: string): StubElement[] {
    const lower = name.toLowerCase();
    return this.descendants().filter((e) => lower === '*' || e.localName === lower);
  }

  querySelector(selector: string): StubElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  /** Supports the simple selectors the tests use: `tag`, `#id`, `.class`, `*`. */
  querySelectorAll(selector: string): StubElement[] {
    const s = selector.trim();
    if (s.startsWith('#')) return this.descendants().filter((e) => e.id === s.slice(1));
    if (s.startsWith('.')) return this.descendants().filter((e) => e.className.split(/\s+/).includes(s.slice(1)));
    if (/^[a-z0-9*-]+$/i.test(s)) return this.getElementsByTagName(s);
    return [];
  }
}

/** A text node. */
export class StubText extends StubNode {
  data: string;

  constructor(data: string) {
    super(3);
    this.data = data;
  }

  override get textContent(): string {
    return this.data;
  }

  override set textContent(value: string) {
    this.data = String(value);
  }
}

/** An inert element: attributes, children, a style bag, no behaviour. */
export class StubElement extends StubNode {
  readonly localName: string;
  readonly namespaceURI: string;
  readonly attributes = new Map<string, string>();
  style: Record<string, string> = {};
  innerHTML = '';

  constructor(localName: string, namespaceURI = HTML_NS) {
    super(1);
    this.localName = localName.toLowerCase();
    this.namespaceURI = namespaceURI;
  }

  get tagName(): string {
    return this.namespaceURI === HTML_NS ? this.localName.toUpperCase() : this.localName;
  }

  get nodeName(): string {
    return this.tagName;
  }

  get id(): string {
    return this.attributes.get('id') ?? '';
  }

  set id(value: string) {
    this.attributes.set('id', String(value));
  }

  get className(): string {
    return this.attributes.get('class') ?? '';
  }

  set className(value: string) {
    this.attributes.set('class', String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }

  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }

  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }

  // Inert: nothing is focused, clicked or laid out.
  focus(): void {}
  blur(): void {}
  click(): void {}
}

/** <script>: `src` reads back as the resolved URL, as in browsers. */
export class StubScript extends StubElement {
  #base: string;
  text = '';

  constructor(base: string) {
    super('script');
    this.#base = base;
  }

  get src(): string {
    const raw = this.getAttribute('src');
    if (raw === null) return '';
    try {
      return new URL(raw, this.#base).href;
    } catch {
      return raw;
    }
  }

  set src(value: string) {
    this.setAttribute('src', value);
  }
}

/** <meta>: `name` and `content` reflect their attributes. */
export class StubMeta extends StubElement {
  constructor() {
    super('meta');
  }

  get name(): string {
    return this.getAttribute('name') ?? '';
  }

  get content(): string {
    return this.getAttribute('content') ?? '';
  }
}

/**
 * <canvas> without a context: `getContext` returns null and there is no captureStream,
 * so the webrtc/ helpers fall back to getUserMedia instead of drawing frames.
 */
export class StubCanvas extends StubElement {
  width = 300;
  height = 150;

  constructor() {
    super('canvas');
  }

  getContext(): null {
    return null;
  }
}

/** The document: a head with the page's title/meta/scripts, and an empty body. */
export class StubDocument extends StubNode {
  readyState: 'loading' | 'interactive' | 'complete' = 'loading';
  readonly documentElement: StubElement;
  readonly head: StubElement;
  readonly body: StubElement;
  readonly URL: string;
  readonly location: unknown;
  defaultView: unknown;
  currentScript: StubScript | null = null;
  readonly visibilityState = 'visible';
  readonly hidden = false;
  readonly referrer = '';
  readonly characterSet = 'UTF-8';
  readonly contentType = 'text/html';
  readonly compatMode = 'CSS1Compat';

  constructor(url: string, location: unknown) {
    super(9);
    this.URL = url;
    this.location = location;
    this.documentElement = this.createElement('html');
    this.head = this.createElement('head');
    this.body = this.createElement('body');
    this.appendChild(this.documentElement);
    this.documentElement.append(this.head, this.body);
  }

  get title(): string {
    const title = this.getElementsByTagName('title')[0];
    return title ? title.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  set title(value: string) {
    let title = this.getElementsByTagName('title')[0];
    if (!title) title = this.head.appendChild(this.createElement('title'));
    title.textContent = value;
  }

  createElement(name: string): StubElement {
    return this.createElementNS(HTML_NS, name);
  }

  createElementNS(namespace: string | null, qualifiedName: string): StubElement {
    const local = qualifiedName.toLowerCase();
    let element: StubElement;
    if (namespace === HTML_NS && local === 'script') element = new StubScript(this.URL);
    else if (namespace === HTML_NS && local === 'meta') element = new StubMeta();
    else if (namespace === HTML_NS && local === 'canvas') element = new StubCanvas();
    else element = new StubElement(qualifiedName, namespace ?? '');
    element.ownerDocument = this;
    return element;
  }

  createTextNode(data: string): StubText {
    const text = new StubText(String(data));
    text.ownerDocument = this;
    return text;
  }

  createDocumentFragment(): StubElement {
    return this.createElement('#document-fragment');
  }

  getElementById(id: string): StubElement | null {
    return this.descendants().find((e) => e.id === id) ?? null;
  }

  hasFocus(): boolean {
    return true;
  }
}
