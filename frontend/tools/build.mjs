/**
 * The production build: dist/ with content-hashed assets (esbuild for the JS and CSS, a SHA-256 prefix for the
 * images), index.html and 404.html with Subresource Integrity on every script and stylesheet, and a gzip and a
 * brotli copy next to every text file for the web server to pick by Accept-Encoding. It refuses markup the CSP
 * would break (inline scripts or styles) and images that are not WebP/AVIF/SVG or lack a matching width/height.
 *
 *   node tools/build.mjs            (npm run build)
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { imageInfo } from './images.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map']);

export async function buildAll({ outDir = dist, quiet = false } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });

  const result = await build({
    entryPoints: [join(src, 'main.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => relative(outDir, p));
  const js = outputs.find((p) => p.endsWith('.js'));
  const css = outputs.find((p) => p.endsWith('.css'));

  const assets = {};
  for (const name of await readdir(join(src, 'assets'))) {
    const bytes = await readFile(join(src, 'assets', name));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const hashed = `assets/${basename(name, extname(name))}-${hash}${extname(name)}`;
    await writeFile(join(outDir, hashed), bytes);
    assets[name] = { path: hashed, info: imageInfo(bytes, name) };
  }

  const sri = async (path) => `sha384-${createHash('sha384').update(await readFile(join(outDir, path))).digest('base64')}`;
  const page = async (template) => {
    let html = await readFile(join(src, template), 'utf8');
    html = html
      .replace('<link rel="stylesheet" href="bundle:css">',
        `<link rel="stylesheet" href="/${css}" integrity="${await sri(css)}" crossorigin="anonymous">`)
      .replace('<script type="module" src="bundle:js"></script>',
        `<script type="module" src="/${js}" integrity="${await sri(js)}" crossorigin="anonymous"></script>`)
      .replace(/asset:([\w.-]+)/g, (_, name) => {
        if (!assets[name]) throw new Error(`${template}: unknown asset ${name}`);
        return `/${assets[name].path}`;
      });
    checkPage(template, html, assets);
    return html;
  };
  await writeFile(join(outDir, 'index.html'), await page('index.html'));
  await writeFile(join(outDir, '404.html'), await page('404.html'));

  const sizes = [];
  for (const path of await walk(outDir)) {
    if (!COMPRESSIBLE.has(extname(path))) {
      sizes.push({ path, raw: (await stat(join(outDir, path))).size, gzip: null, brotli: null });
      continue;
    }
    const bytes = await readFile(join(outDir, path));
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    await writeFile(join(outDir, `${path}.gz`), gz);
    await writeFile(join(outDir, `${path}.br`), br);
    sizes.push({ path, raw: bytes.length, gzip: gz.length, brotli: br.length });
  }
  if (!quiet) printSizes(sizes);
  return { js, css, assets, sizes };
}

/** The CSP (no 'unsafe-inline') and the image rules, checked on the built page rather than hoped for. */
export function checkPage(name, html, assets) {
  const problems = [];
  if (/<style[\s>]/i.test(html)) problems.push('a <style> element (the CSP allows stylesheets from files only)');
  if (/\sstyle\s*=/i.test(html)) problems.push('a style="" attribute');
  if (/\son[a-z]+\s*=/i.test(html)) problems.push('an inline event handler attribute');
  if (/javascript:/i.test(html)) problems.push('a javascript: URL');
  for (const [tag] of html.matchAll(/<script\b[^>]*>[\s\S]*?<\/script>/gi)) {
    if (!/\ssrc="/.test(tag) || !/><\/script>$/.test(tag)) problems.push('an inline <script>');
    else if (!/\sintegrity="sha384-/.test(tag)) problems.push(`a script without integrity: ${tag}`);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/gi)) {
    if (!/\sintegrity="sha384-/.test(tag)) problems.push(`a stylesheet without integrity: ${tag}`);
  }
  const byPath = new Map(Object.values(assets).map((a) => [`/${a.path}`, a.info]));
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = /\ssrc="([^"]+)"/.exec(tag)?.[1];
    const width = Number(/\swidth="(\d+)"/.exec(tag)?.[1]);
    const height = Number(/\sheight="(\d+)"/.exec(tag)?.[1]);
    const info = byPath.get(src);
    if (!info) problems.push(`an image that is not a built asset: ${tag}`);
    else if (!['webp', 'avif', 'svg'].includes(info.format)) problems.push(`an image in ${info.format}: ${src}`);
    else if (!width || !height) problems.push(`an image without width and height: ${tag}`);
    else if (Math.abs(width / height - info.width / info.height) > 0.01) {
      problems.push(`${src} is ${info.width}x${info.height} but the tag says ${width}x${height}`);
    }
    if (!/\salt="/.test(tag)) problems.push(`an image without alt: ${tag}`);
  }
  for (const [, type, srcset] of html.matchAll(/<source\b[^>]*type="([^"]+)"[^>]*srcset="([^"]+)"/gi)) {
    const info = byPath.get(srcset);
    if (!info || `image/${info.format}` !== type) problems.push(`<source type="${type}"> does not point to a ${type} asset: ${srcset}`);
  }
  if (problems.length) throw new Error(`${name}:\n  - ${problems.join('\n  - ')}`);
}

async function walk(dir, prefix = '') {
  const files = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await walk(dir, path)));
    else files.push(path);
  }
  return files.sort();
}

function printSizes(sizes) {
  const kb = (n) => (n === null ? '-' : `${(n / 1024).toFixed(1)} KB`);
  const width = Math.max(...sizes.map((s) => s.path.length));
  console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}  ${'brotli'.padStart(9)}`);
  for (const s of sizes) console.log(`${s.path.padEnd(width)}  ${kb(s.raw).padStart(9)}  ${kb(s.gzip).padStart(9)}  ${kb(s.brotli).padStart(9)}`);
  const code = sizes.filter((s) => /\.(js|css)$/.test(s.path));
  const sum = (key) => code.reduce((n, s) => n + s[key], 0);
  console.log(`JS+CSS: ${kb(sum('raw'))} raw, ${kb(sum('gzip'))} gzip, ${kb(sum('brotli'))} brotli`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAll().catch((error) => {
    console.error(`build failed: ${error.message}`);
    process.exit(1);
  });
}
