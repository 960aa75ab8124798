/**
 * The demo's web server for dist/: the same answers as production's nginx (nginx/frontend-site.conf) —
 * precompressed .br/.gz picked by Accept-Encoding, the cache headers, the CSP and the other security headers,
 * nginx's ETag and conditional GET — from Node's own https module, so the demo needs no nginx.
 *
 *   node server/serve.mjs --root dist --port 8444 --cert server.pem --key server.key --api-origin https://localhost:8443
 *
 * Prints `frontend listening on https://localhost:<port>` when ready; stops on SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_TYPES, REVALIDATE, acceptedCodings, apiOrigins, cacheControlFor, etagOf, normalizePath, securityHeaders } from './policy.mjs';

const VARIANTS = [['br', '.br'], ['gzip', '.gz']];

/** A request handler serving `root`; `apiOrigin` feeds the CSP and /config.json. */
export function frontendHandler({ root, apiOrigin }) {
  const base = resolve(root);
  const security = securityHeaders(apiOrigin);
  const config = `${JSON.stringify({ apiOrigin: apiOrigins(apiOrigin).http })}\n`;

  const send = (req, res, status, headers, body) => {
    res.writeHead(status, { ...security, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const plain = (req, res, status, text) => {
    const body = `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;
    send(req, res, status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': REVALIDATE }, body);
  };

  /** The file (or its .br/.gz copy) for a path inside root; null when there is no such regular file. */
  const pick = async (path, acceptEncoding) => {
    const file = join(base, path);
    if (file !== base && !file.startsWith(base + sep)) return null;
    const stats = await stat(file).catch(() => null);
    if (!stats?.isFile()) return null;
    const accepted = acceptedCodings(acceptEncoding);
    let vary = false;
    for (const [coding, suffix] of VARIANTS) {
      const variant = await stat(file + suffix).catch(() => null);
      if (!variant?.isFile()) continue;
      vary = true;
      if (accepted.has(coding)) return { file: file + suffix, stats: variant, coding, vary, type: extname(file) };
    }
    return { file, stats, coding: null, vary, type: extname(file) };
  };

  const serveFile = async (req, res, found, status, cacheControl) => {
    const headers = {
      'Content-Type': CONTENT_TYPES[found.type] ?? 'application/octet-stream',
      'Content-Length': found.stats.size,
      ETag: etagOf(found.stats),
      'Cache-Control': cacheControl,
    };
    if (status === 200) headers['Last-Modified'] = new Date(Math.floor(found.stats.mtimeMs / 1000) * 1000).toUTCString();
    if (found.vary) headers.Vary = 'Accept-Encoding';
    if (found.coding) headers['Content-Encoding'] = found.coding;
    if (status === 200 && notModified(req, headers)) {
      const { 'Content-Type': _t, 'Content-Length': _l, 'Content-Encoding': _e, ...kept } = headers;
      return send(req, res, 304, kept);
    }
    return send(req, res, status, headers, await readFile(found.file));
  };

  const notFound = async (req, res) => {
    const page = await pick('/404.html', req.headers['accept-encoding']);
    if (!page) return plain(req, res, 404, 'Not Found');
    return serveFile(req, res, page, 404, REVALIDATE);
  };

  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, 405, 'Not Allowed');
      const path = normalizePath(String(req.url).split('?')[0]);
      if (path === null) return plain(req, res, 400, 'Bad Request');
      if (/\.(gz|br)$/.test(path)) return notFound(req, res);
      if (path === '/config.json') {
        return send(req, res, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(config), 'Cache-Control': REVALIDATE }, config);
      }
      if (path === '/404.html') return notFound(req, res);
      const found = await pick(path === '/' ? '/index.html' : path, req.headers['accept-encoding']);
      if (!found) return notFound(req, res);
      return serveFile(req, res, found, 200, cacheControlFor(path));
    } catch {
      // A file that vanished mid-request (a deploy swapping dist/): the client retries; never a stack trace.
      if (!res.headersSent) return plain(req, res, 503, 'Service Unavailable');
      res.destroy();
      return undefined;
    }
  };
}

/** nginx's rules: If-None-Match (any listed ETag, or *) wins; else If-Modified-Since must equal Last-Modified. */
function notModified(req, headers) {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.trim() === '*' || inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === headers.ETag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && Date.parse(ims) === Date.parse(headers['Last-Modified']);
}

export function createFrontendServer({ root, apiOrigin, cert, key }) {
  const handler = frontendHandler({ root, apiOrigin });
  const server = cert ? createHttpsServer({ cert, key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 5000;
  return server;
}

function parseArgs(argv) {
  const options = { root: 'dist', port: '8444', host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!['root', 'port', 'host', 'cert', 'key', 'api-origin'].includes(name) || argv[i + 1] === undefined) {
      throw new Error(`usage: serve.mjs --api-origin URL [--root dist] [--port 8444] [--host 127.0.0.1] [--cert PEM --key PEM] (at '${argv[i]}')`);
    }
    options[name] = argv[i + 1];
  }
  if (!options['api-origin']) throw new Error('--api-origin is required (the backend, e.g. https://localhost:8443)');
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(2);
  }
  const server = createFrontendServer({
    root: options.root, apiOrigin: options['api-origin'],
    cert: options.cert ? readFileSync(options.cert) : undefined, key: options.key ? readFileSync(options.key) : undefined,
  });
  server.on('error', (error) => {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(1);
  });
  server.listen(Number(options.port), options.host, () => {
    const scheme = options.cert ? 'https' : 'http';
    const host = options.host === '127.0.0.1' ? 'localhost' : options.host;
    console.log(`frontend listening on ${scheme}://${host}:${server.address().port} (dist: ${resolve(options.root)}, API: ${options['api-origin']})`);
  });
  const stop = () => server.close(() => process.exit(0)) && server.closeAllConnections?.();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
