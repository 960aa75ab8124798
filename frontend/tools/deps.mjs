/**
 * `npm ci`, but only when node_modules/ does not already hold what package-lock.json names (a stamp records the
 * lock file's hash). --prefer-offline: once the packages are in npm's cache, no network is needed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.deploycheck-lock.sha256');
const lockHash = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) process.exit(0);
console.log('frontend: installing the npm dependencies of package-lock.json (npm ci)');
const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: root, stdio: 'inherit' });
if (npm.error || npm.status !== 0) {
  console.error(`frontend: npm ci failed (${npm.error?.message ?? `exit ${npm.status}`})`);
  process.exit(1);
}
writeFileSync(stamp, `${lockHash}\n`);
