import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildAll, checkPage } from '../tools/build.mjs';
import { imageInfo } from '../tools/images.mjs';

describe('the production build', () => {
  let out;
  let result;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'frontend-build-'));
    result = await buildAll({ outDir: out, quiet: true });
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('names every asset by its content and references them from index.html with SRI', async () => {
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const files = await readdir(join(out, 'assets'));
    const originals = files.filter((f) => !/\.(gz|br)$/.test(f));
    assert.ok(originals.length >= 5, originals.join());
    for (const f of originals) assert.match(f, /^[a-z]+-[A-Za-z0-9]{8,}\.(js|css|svg|webp|avif)$/);
    for (const [, path, integrity] of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))" integrity="([^"]+)"/g)) {
      const digest = createHash('sha384').update(await readFile(join(out, path))).digest('base64');
      assert.equal(integrity, `sha384-${digest}`, path);
    }
    assert.equal([...html.matchAll(/integrity="sha384-/g)].length, 2, 'the script and the stylesheet');
  });

  it('writes a .gz and a .br beside each text file that decompress to it, and none beside images', async () => {
    for (const path of ['index.html', '404.html', result.js, result.css]) {
      const original = await readFile(join(out, path));
      assert.deepEqual(gunzipSync(await readFile(join(out, `${path}.gz`))), original, path);
      assert.deepEqual(brotliDecompressSync(await readFile(join(out, `${path}.br`))), original, path);
    }
    const images = (await readdir(join(out, 'assets'))).filter((f) => /\.(webp|avif)/.test(f));
    assert.deepEqual(images.filter((f) => /\.(gz|br)$/.test(f)), []);
  });

  it('keeps JS+CSS well under the checklist\'s budget (brotli)', () => {
    const code = result.sizes.filter((s) => /\.(js|css)$/.test(s.path));
    const brotli = code.reduce((n, s) => n + s.brotli, 0);
    assert.ok(brotli < 50 * 1024, `${brotli} bytes`);
  });

  it('ships the logo as AVIF and WebP with their real sizes', async () => {
    assert.deepEqual(imageInfo(await readFile(new URL('../src/assets/logo.webp', import.meta.url))), { format: 'webp', width: 96, height: 96 });
    assert.deepEqual(imageInfo(await readFile(new URL('../src/assets/logo.avif', import.meta.url))), { format: 'avif', width: 96, height: 96 });
    assert.throws(() => imageInfo(Buffer.from('\x89PNG\r\n\x1a\n....'), 'x.png'), /not a WebP, AVIF or SVG/);
  });
});

describe('checkPage refuses what the CSP or the image rules would break', () => {
  const assets = { 'logo.webp': { path: 'assets/logo-1.webp', info: { format: 'webp', width: 96, height: 96 } },
    'old.png': { path: 'assets/old-1.png', info: { format: 'png', width: 10, height: 10 } } };
  const ok = '<img src="/assets/logo-1.webp" width="48" height="48" alt="">';
  const cases = [
    ['<script>alert(1)</script>', /inline <script>/],
    ['<script src="/a.js"></script>', /script without integrity/],
    ['<link rel="stylesheet" href="/a.css">', /stylesheet without integrity/],
    ['<style>p{}</style>', /<style> element/],
    ['<p style="color:red">', /style="" attribute/],
    ['<button onclick="x()">', /inline event handler/],
    ['<img src="/assets/logo-1.webp" alt="">', /without width and height/],
    ['<img src="/assets/logo-1.webp" width="48" height="20" alt="">', /is 96x96 but the tag says 48x20/],
    ['<img src="/assets/old-1.png" width="10" height="10" alt="">', /an image in png/],
    ['<img src="/assets/logo-1.webp" width="48" height="48">', /without alt/],
  ];
  for (const [html, problem] of cases) {
    it(`refuses ${html}`, () => assert.throws(() => checkPage('t.html', `${ok}${html}`, assets), problem));
  }
  it('accepts the good image', () => checkPage('t.html', ok, assets));
});
