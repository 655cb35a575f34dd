import assert from 'node:assert/strict';
import { decodeEntities, parseAttributes, parsePage } from '../../wpt/lib/html.js';

describe('wpt/lib/html', () => {
  it('lists external and inline scripts in document order', () => {
    const page = parsePage([
      '<!doctype html>',
      '<meta charset=utf-8>',
      '<title>A title</title>',
      '<script src="/resources/testharness.js"></script>',
      "<script src='/resources/testharnessreport.js'></script>",
      '<script src=RTCPeerConnection-helper.js></script>',
      '<script>',
      "'use strict';",
      'test(() => {});',
      '</script>',
    ].join('\n'));
    assert.equal(page.title, 'A title');
    assert.equal(page.timeoutLong, false);
    assert.deepEqual(page.scripts.map((s) => s.src ?? 'inline'), [
      '/resources/testharness.js', '/resources/testharnessreport.js', 'RTCPeerConnection-helper.js', 'inline',
    ]);
    assert.equal(page.scripts[3]!.text, "\n'use strict';\ntest(() => {});\n");
  });

  it('gives the line inline text starts on, for stack traces', () => {
    const page = parsePage('<!doctype html>\n<p>x</p>\n<script>a();\nb();</script>\n<script>\nc();</script>');
    assert.deepEqual(page.scripts.map((s) => s.line), [3, 5]);
  });

  it('skips comments, data blocks and lets a script hold markup-like text', () => {
    const page = parsePage([
      '<!-- <script src="commented.js"></script> -->',
      '<script type="text/plain">not code</script>',
      '<script type="application/json">{}</script>',
      '<SCRIPT TYPE="text/javascript">const s = "<b>x</b><!-- y";</SCRIPT >',
      '<script type=module>import "./m.js";</script>',
    ].join('\n'));
    assert.equal(page.scripts.length, 2);
    assert.equal(page.scripts[0]!.text, 'const s = "<b>x</b><!-- y";');
    assert.equal(page.scripts[0]!.module, false);
    assert.equal(page.scripts[1]!.module, true);
  });

  it('does not end a script at a look-alike tag name', () => {
    const page = parsePage('<script>let t = "</scripts>";</script><script src=b.js></script>');
    assert.equal(page.scripts[0]!.text, 'let t = "</scripts>";');
    assert.equal(page.scripts[1]!.src, 'b.js');
  });

  it('reads the long-timeout meta in any attribute order and case', () => {
    assert.equal(parsePage('<meta name="timeout" content="long">').timeoutLong, true);
    assert.equal(parsePage("<META content='long' NAME=timeout>").timeoutLong, true);
    assert.equal(parsePage('<meta name="timeout" content="normal">').timeoutLong, false);
  });

  it('decodes and collapses the title, keeping only the first', () => {
    const page = parsePage('<title>\n  RTCError &amp; &quot;init&quot; &#x41;&#66;\n</title><title>second</title>');
    assert.equal(page.title, 'RTCError & "init" AB');
    assert.equal(parsePage('<p>no title</p>').title, undefined);
  });

  it('parses attributes: quoted values may hold ">" and spaces, names are case-folded', () => {
    const html = '<script DATA-x="a > b" src = \'x y.js\' defer>';
    const { attrs, end } = parseAttributes(html, '<script'.length);
    assert.equal(attrs.get('data-x'), 'a > b');
    assert.equal(attrs.get('src'), 'x y.js');
    assert.equal(attrs.get('defer'), '');
    assert.equal(end, html.length);
  });

  it('leaves unknown entities alone', () => {
    assert.equal(decodeEntities('&bogus; &lt;&#9731;'), '&bogus; <\u2603');
  });
});
