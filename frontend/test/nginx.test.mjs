/**
 * Production's nginx (nginx/frontend-site.conf + frontend-headers.conf, unchanged) and the demo server
 * (server/serve.mjs) started side by side on the same dist/ over HTTPS, asked the same requests: every response
 * header must be the same on both, save those that name the server or the moment (Date, Server, Connection,
 * Keep-Alive), and so must the status and the body (nginx's built-in 400/405 pages excepted).
 *
 * Needs Debian's nginx and libnginx-mod-http-brotli-static (scripts/test.sh installs them when it runs as
 * root). Without them the suite is skipped, saying so — or fails when DEPLOYCHECK_REQUIRE_NGINX=1.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFrontendServer } from '../server/serve.mjs';
import { buildAll } from '../tools/build.mjs';
import { fetchRaw } from './http.mjs';

const NGINX = process.env.NGINX ?? ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const BROTLI = ['/usr/lib/nginx/modules/ngx_http_brotli_static_module.so', '/usr/share/nginx/modules/ngx_http_brotli_static_module.so'].find((p) => existsSync(p));
const missing = !NGINX ? 'nginx is not installed (apt-get install -y nginx libnginx-mod-http-brotli-static)'
  : !BROTLI ? 'nginx\'s brotli_static module is not installed (apt-get install -y libnginx-mod-http-brotli-static)' : null;
if (missing && process.env.DEPLOYCHECK_REQUIRE_NGINX === '1') throw new Error(`DEPLOYCHECK_REQUIRE_NGINX=1 but ${missing}`);
if (missing) console.log(`# skipping the nginx comparison: ${missing}`);

const API = 'https://api.test:8443';
const NOT_COMPARED = new Set(['date', 'server', 'connection', 'keep-alive']);
const site = new URL('../nginx/', import.meta.url).pathname;

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function nginxConfig(dir, port, root) {
  await mkdir(join(dir, 'snippets'), { recursive: true });
  await symlink(site, join(dir, 'snippets', 'deploycheck-frontend'));
  // The server block of nginx/frontend.conf with a test port and certificate; the site and its headers as shipped.
  await writeFile(join(dir, 'nginx.conf'), `load_module ${BROTLI};
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $host $frontend_api_origin    { default "${API}"; }
  map $host $frontend_api_ws_origin { default "wss://api.test:8443"; }
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    root ${root};
    include snippets/deploycheck-frontend/frontend-site.conf;
  }
}
`);
}

async function waitForPort(port, child, log) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${await readFile(log, 'utf8').catch(() => '')}`);
    try {
      await fetchRaw(port, '/', { https });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('nginx did not answer within 5 s');
}

describe('nginx serves what the demo server serves', { skip: missing ?? false }, () => {
  let dir;
  let built;
  let nginx;
  let nginxPort;
  let demo;
  let demoPort;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontend-nginx-'));
    built = await buildAll({ outDir: join(dir, 'dist'), quiet: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    nginxPort = await freePort();
    await nginxConfig(dir, nginxPort, join(dir, 'dist'));
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForPort(nginxPort, nginx, join(dir, 'error.log'));
    demo = createFrontendServer({ root: join(dir, 'dist'), apiOrigin: API,
      cert: await readFile(join(dir, 'cert.pem')), key: await readFile(join(dir, 'key.pem')) });
    await new Promise((r) => demo.listen(0, '127.0.0.1', r));
    demoPort = demo.address().port;
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGTERM');
      await new Promise((r) => { nginx.once('exit', r); setTimeout(() => { nginx.kill('SIGKILL'); r(); }, 3000); });
    }
    if (demo) await new Promise((r) => demo.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const both = async (path, options = {}) => {
    const [fromNginx, fromDemo] = await Promise.all([fetchRaw(nginxPort, path, { https, ...options }), fetchRaw(demoPort, path, { https, ...options })]);
    return { fromNginx, fromDemo };
  };

  const same = async (path, options = {}) => {
    const { fromNginx, fromDemo } = await both(path, options);
    const label = `${options.method ?? 'GET'} ${path} ${JSON.stringify(options.headers ?? {})}`;
    assert.equal(fromDemo.status, fromNginx.status, `${label}: status`);
    const builtInPage = fromNginx.status === 400 || fromNginx.status === 405; // nginx's own HTML, not dist's
    const headers = (res) => Object.fromEntries(Object.entries(res.headers)
      .filter(([name]) => !NOT_COMPARED.has(name) && !(builtInPage && name === 'content-length')));
    assert.deepEqual(headers(fromDemo), headers(fromNginx), `${label}: headers`);
    if (!builtInPage) {
      const digest = (b) => createHash('sha256').update(b).digest('hex');
      assert.equal(digest(fromDemo.body), digest(fromNginx.body), `${label}: body`);
    }
    return fromNginx;
  };

  it('the HTML, negotiated by every Accept-Encoding a browser or a client sends', async () => {
    for (const accept of [undefined, 'gzip', 'br', 'gzip, deflate, br', 'gzip, deflate, br, zstd', 'br;q=0, gzip', 'gzip;q=0', 'identity', '*']) {
      const res = await same('/', { headers: accept === undefined ? {} : { 'Accept-Encoding': accept } });
      assert.equal(res.headers['cache-control'], 'no-cache');
    }
    await same('/index.html', { headers: { 'Accept-Encoding': 'br' } });
    await same('/?utm_source=x', { headers: { 'Accept-Encoding': 'gzip' } });
  });

  it('the hashed assets: immutable, compressed where it helps', async () => {
    const assets = [built.js, built.css, ...Object.values(built.assets).map((a) => a.path)];
    for (const path of assets) {
      for (const accept of [undefined, 'gzip', 'br, gzip']) {
        const res = await same(`/${path}`, { headers: accept === undefined ? {} : { 'Accept-Encoding': accept } });
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', path);
      }
    }
    await same(`/assets/./x/../${built.js.slice('assets/'.length)}`, { headers: { 'Accept-Encoding': 'br' } });
  });

  it('config.json, HEAD, conditional requests and ranges', async () => {
    await same('/config.json', { headers: { 'Accept-Encoding': 'br' } });
    await same('/', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
    const first = await same('/', { headers: { 'Accept-Encoding': 'br' } });
    const notModified = await same('/', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.etag } });
    assert.equal(notModified.status, 304);
    await same('/', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': first.headers.etag } });
    await same('/', { headers: { 'Accept-Encoding': 'br', 'If-Modified-Since': first.headers['last-modified'] } });
    await same('/', { headers: { Range: 'bytes=0-10' } });
  });

  it('not found, bad paths and other methods', async () => {
    for (const path of ['/nope', '/assets/', '/assets', '/assets/missing-ABCDEFGH.js', '/index.html.gz', '/404.html', '/a%2fb']) {
      const res = await same(path, { headers: { 'Accept-Encoding': 'gzip, br' } });
      assert.equal(res.status, 404, path);
    }
    for (const path of ['/../x', '/%2e%2e/%2e%2e/etc/passwd', '/%zz', '/%00']) assert.equal((await same(path)).status, 400, path);
    for (const method of ['POST', 'PUT', 'DELETE']) assert.equal((await same('/', { method })).status, 405, method);
  });
});
