import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acceptedCodings, normalizePath } from '../server/policy.mjs';
import { createFrontendServer } from '../server/serve.mjs';
import { buildAll } from '../tools/build.mjs';
import { fetchRaw } from './http.mjs';

describe('the demo server', () => {
  let out;
  let built;
  let server;
  let port;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'frontend-serve-'));
    built = await buildAll({ outDir: out, quiet: true });
    server = createFrontendServer({ root: out, apiOrigin: 'https://api.test:8443' });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    port = server.address().port;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(out, { recursive: true, force: true });
  });

  it('serves brotli, then gzip, then the file itself, by Accept-Encoding, with Vary', async () => {
    for (const [accept, coding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['identity', undefined], ['', undefined]]) {
      const res = await fetchRaw(port, `/${built.js}`, { headers: { 'Accept-Encoding': accept } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], coding, accept);
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(Number(res.headers['content-length']), res.body.length);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    }
  });

  it('sends the HTML no-cache with the strict CSP naming the API, and revalidates it with its ETag', async () => {
    const res = await fetchRaw(port, '/', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(res.headers['cache-control'], 'no-cache');
    const csp = res.headers['content-security-policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self' https:\/\/api\.test:8443 wss:\/\/api\.test:8443/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    for (const header of ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy',
      'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'permissions-policy']) assert.ok(res.headers[header], header);
    const again = await fetchRaw(port, '/', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': res.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const otherCoding = await fetchRaw(port, '/', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': res.headers.etag } });
    assert.equal(otherCoding.status, 200, 'the gzip copy has another ETag');
  });

  it('tells the app where the API is', async () => {
    const res = await fetchRaw(port, '/config.json');
    assert.deepEqual(JSON.parse(res.body), { apiOrigin: 'https://api.test:8443' });
    assert.equal(res.headers['cache-control'], 'no-cache');
  });

  it('answers bad input with a 4xx and the security headers, never a 5xx', async () => {
    const cases = [['/nope', 404], ['/assets/', 404], ['/assets', 404], ['/index.html.br', 404], ['/404.html', 404],
      ['/../etc/passwd', 400], ['/%2e%2e/%2e%2e/etc/passwd', 400], ['/%zz', 400], ['/%00', 400], ['/a/../../x', 400],
      ['/assets/%2e%2e/index.html', 200], ['*', 400], [`/${'a'.repeat(5000)}`, 404]];
    for (const [path, status] of cases) {
      const res = await fetchRaw(port, path);
      assert.equal(res.status, status, path);
      assert.ok(res.headers['content-security-policy'], path);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) assert.equal((await fetchRaw(port, '/', { method })).status, 405, method);
    const head = await fetchRaw(port, '/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  it('the 404 page is HTML, revalidated, and negotiated like the rest', async () => {
    const res = await fetchRaw(port, `/assets/missing-ABCDEFGH.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['last-modified'], undefined);
  });
});

describe('policy helpers', () => {
  it('normalizes paths as nginx does and refuses to leave the root', () => {
    assert.equal(normalizePath('/a/./b/../c'), '/a/c');
    assert.equal(normalizePath('//index.html'), '/index.html');
    assert.equal(normalizePath('/a/..'), '/');
    assert.equal(normalizePath('/..'), null);
    assert.equal(normalizePath('/%C0%AE%C0%AE/'), null, 'overlong UTF-8 is not valid percent-encoding');
  });
  it('reads Accept-Encoding qualities', () => {
    assert.deepEqual([...acceptedCodings('gzip;q=0, br;q=0.001, *;q=0.5')].sort(), ['*', 'br']);
    assert.deepEqual([...acceptedCodings('GZIP ; Q=1')], ['gzip']);
  });
});
