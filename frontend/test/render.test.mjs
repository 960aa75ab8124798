import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { h, reconcile, renderMessage, renderSnippet, snippetParts, updateMessage } from '../src/ui/dom.js';

const doc = () => new JSDOM('<!doctype html><body></body>').window.document;

describe('message and snippet rendering (XSS-safe)', () => {
  it('a message is text: markup in it stays characters, no element or handler is created', () => {
    const d = doc();
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script> & <b>bold</b>';
    const li = renderMessage(d, { key: 'm:1', id: '1', role: 'assistant', content: payload, clientId: null, state: 'stored' });
    d.body.append(li);
    assert.equal(li.querySelector('.content').textContent, payload);
    assert.equal(d.querySelectorAll('img, script, b').length, 0);
    assert.equal(li.dataset.role, 'assistant');
    assert.equal(li.dataset.messageId, '1');
  });

  it('the snippet keeps only <mark> from the backend and decodes its entities once', () => {
    assert.deepEqual(snippetParts('release <mark>window</mark> is &lt;b&gt;Friday&lt;/b&gt; &amp;amp; more'), [
      { text: 'release ', mark: false }, { text: 'window', mark: true },
      { text: ' is <b>Friday</b> &amp; more', mark: false }]);
  });

  it('markup that is not <mark> stays literal text, even when the snippet is not escaped as promised', () => {
    const d = doc();
    const p = d.createElement('p');
    p.append(renderSnippet(d, '<mark>x</mark><img src=x onerror=alert(1)><mark onclick="a()">y</mark>&lt;svg onload=1&gt;&#x3C;'));
    assert.equal(p.querySelectorAll('mark').length, 1);
    assert.equal(p.querySelectorAll('img, svg, [onclick]').length, 0);
    // the stray </mark> closes nothing; 'y' is plain text
    assert.equal(p.textContent, 'x<img src=x onerror=alert(1)><mark onclick="a()">y<svg onload=1>&#x3C;');
  });

  it('h() refuses event-handler attributes', () => {
    assert.throws(() => h(doc(), 'a', { onclick: 'x()' }), /not allowed/);
  });

  it('a streaming reply is aria-busy until stored, so screen readers announce it once', () => {
    const d = doc();
    const item = { key: 'm:2', id: '2', role: 'assistant', content: 'Hi', clientId: null, state: 'streaming' };
    const li = renderMessage(d, item);
    assert.equal(li.getAttribute('aria-busy'), 'true');
    updateMessage(li, { ...item, content: 'Hi there', state: 'stored' });
    assert.equal(li.hasAttribute('aria-busy'), false);
    assert.equal(li.querySelector('.content').textContent, 'Hi there');
  });

  it('reconcile keeps elements, reorders them and drops the stale ones', () => {
    const d = doc();
    const ol = d.createElement('ol');
    const item = (key, content) => ({ key, id: key, role: 'user', content, clientId: null, state: 'stored' });
    const create = (i) => renderMessage(d, i);
    reconcile(ol, [item('a', '1'), item('b', '2'), item('c', '3')], create, updateMessage);
    const b = ol.children[1];
    reconcile(ol, [item('c', '3'), item('b', '2!')], create, updateMessage);
    assert.deepEqual([...ol.children].map((li) => li.dataset.key), ['c', 'b']);
    assert.equal(ol.children[1], b);
    assert.equal(b.textContent.endsWith('2!'), true);
  });

  it('no source file uses an HTML sink (the CSP requires Trusted Types: one would throw in Chromium)', async () => {
    const sinks = /\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|\beval\(|new Function\(|setAttribute\(\s*['"]on/;
    const files = [];
    const walk = async (dir) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(`${dir}/${e.name}`);
        else if (e.name.endsWith('.js')) files.push(`${dir}/${e.name}`);
      }
    };
    await walk(new URL('../src', import.meta.url).pathname);
    assert.ok(files.length >= 8, `found ${files.length} source files`);
    for (const file of files) assert.doesNotMatch(await readFile(file, 'utf8'), sinks, file);
  });
});
