/**
 * What the frontend's responses carry, as the demo server sends it. nginx/frontend-headers.conf and
 * nginx/frontend-site.conf are production's copy; test/nginx.test.mjs starts both and compares them.
 */

/** The API's https origin and its wss: twin, from the origin the app is configured with. */
export function apiOrigins(apiOrigin) {
  const url = new URL(apiOrigin);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not an http(s) origin: ${apiOrigin}`);
  return { http: url.origin, ws: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}` };
}

export function contentSecurityPolicy(apiOrigin) {
  const api = apiOrigins(apiOrigin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${api.http} ${api.ws}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/** On every response, errors included. */
export function securityHeaders(apiOrigin) {
  return {
    'Content-Security-Policy': contentSecurityPolicy(apiOrigin),
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  };
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** /assets/ holds content-hashed names only; everything else (the HTML above all) is revalidated. */
export function cacheControlFor(path) {
  return path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The codings a client accepts with a non-zero quality, from Accept-Encoding. Brotli is preferred over gzip
 * whenever both are accepted, as nginx's brotli_static then gzip_static do (they look at the tokens, not at
 * relative qualities), so the two servers pick the same copy.
 */
export function acceptedCodings(header) {
  const accepted = new Set();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(name);
  }
  return accepted;
}

/** `/a/./b/../c` to `/a/c`, percent-decoded and slashes merged, as nginx does; null when it leaves the root. */
export function normalizePath(rawPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return null;
  const out = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
      if (last) out.push('');
    } else if (segment === '.') {
      if (last) out.push('');
    } else if (segment !== '' || last) {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}

/** nginx's ETag for a file: "<mtime seconds, hex>-<size, hex>". */
export function etagOf(stats) {
  return `"${Math.floor(stats.mtimeMs / 1000).toString(16)}-${stats.size.toString(16)}"`;
}
