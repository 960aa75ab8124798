import { request } from 'node:http';

/** A raw HTTP request (the path sent exactly as given), answering {status, headers, body}. */
export function fetchRaw(port, path, { method = 'GET', headers = {}, https = null } = {}) {
  return new Promise((resolve, reject) => {
    const req = (https ?? { request }).request({ host: '127.0.0.1', port, path, method, headers, rejectUnauthorized: false, servername: 'localhost' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
