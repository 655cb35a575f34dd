import assert from 'node:assert/strict';
import { parseMeta, substitute } from '../../wpt/lib/meta.js';

describe('wpt/lib/meta', () => {
  it('reads the leading META block of a script test', () => {
    const meta = parseMeta([
      '// META: script=/resources/WebIDLParser.js',
      '// META: script=/resources/idlharness.js',
      '//META: script=./RTCPeerConnection-helper.js',
      '// a plain comment',
      '// META: timeout=long',
      '// META: title=Some title',
      '// META: global=window,worker',
      '// META: variant=?1-10',
      '',
      "'use strict';",
      '// META: script=ignored-after-code.js',
    ].join('\n'));
    assert.deepEqual(meta.scripts, ['/resources/WebIDLParser.js', '/resources/idlharness.js', './RTCPeerConnection-helper.js']);
    assert.equal(meta.timeoutLong, true);
    assert.equal(meta.title, 'Some title');
    assert.deepEqual(meta.globals, ['window', 'worker']);
    assert.deepEqual(meta.variants, ['?1-10']);
  });

  it('handles CRLF, a BOM, and no metadata at all', () => {
    assert.deepEqual(parseMeta('\uFEFF// META: script=a.js\r\n// META: script=b.js\r\ncode();').scripts, ['a.js', 'b.js']);
    const none = parseMeta('test(() => {});');
    assert.deepEqual(none.scripts, []);
    assert.equal(none.timeoutLong, false);
  });

  it('substitutes wptserve templates', () => {
    const url = new URL('https://web-platform.test:8443/common/x.sub.js?a=1');
    const out = substitute("'{{ports[http][0]}}' '{{ports[https][1]}}' '{{host}}' '{{domains[www2]}}' '{{hosts[alt][]}}' '{{GET[a]}}' '{{location[scheme]}}' '{{unknown}}'", url);
    assert.equal(out, "'8000' '8444' 'web-platform.test' 'www2.web-platform.test' 'not-web-platform.test' '1' 'https' ''");
  });
});
