// Installs the browser tests' packages into node_modules as package-lock.json pins them,
// without npm: each package's tarball from the npm registry, checked against the lockfile's
// integrity (sha512) before it is unpacked. The lockfile holds three packages with no
// dependencies of their own (axe-core, which checks the page's accessibility in the browser;
// playwright-core; ws), and Debian's npm brings some 600 packages of its own, which took a
// fresh machine's set-up 167 s to install. scripts/setup.sh falls back to `npm ci` when this
// fails. A package already in node_modules at the locked version is left as it is, so running
// this again fetches only what is missing (axe-core on a machine set up before it was added).
//
// Usage (in tests/web): node fetch-packages.mjs          fetch what is missing
//                       node fetch-packages.mjs --check   exit 1 naming what is missing
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org').replace(/\/$/, '');

/** The version of the package installed at `path` (node_modules/…), or '' when there is none. */
function installedVersion(path) {
  const file = join(here, path, 'package.json');
  if (!existsSync(file)) return '';
  try { return JSON.parse(readFileSync(file, 'utf8')).version || ''; } catch { return ''; }
}

const wanted = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));
const missing = wanted.filter(([path, pkg]) => installedVersion(path) !== pkg.version);
if (process.argv.includes('--check')) {
  for (const [path, pkg] of missing) console.log(`missing: ${path.slice('node_modules/'.length)} ${pkg.version}`);
  process.exit(missing.length ? 1 : 0);
}
for (const [path, pkg] of wanted) {
  if (!missing.some(([p]) => p === path)) console.log(`kring setup: ${path.slice('node_modules/'.length)} ${pkg.version} is there`);
}

const work = mkdtempSync(join(tmpdir(), 'kring-packages-'));

try {
  for (const [path, pkg] of missing) {
    const name = path.slice('node_modules/'.length);
    if (name.includes('/node_modules/'))
      throw new Error(`${name}: a nested package; this script installs only top-level ones`);
    if (!pkg.integrity.startsWith('sha512-'))
      throw new Error(`${name}: integrity ${pkg.integrity}, expected sha512-…`);
    const digest = pkg.integrity.slice('sha512-'.length);
    const file = name.split('/').pop();
    const url = pkg.resolved || `${registry}/${name}/-/${file}-${pkg.version}.tgz`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (createHash('sha512').update(body).digest('base64') !== digest)
      throw new Error(`${url}: the tarball does not match package-lock.json's integrity`);
    // Unpacked beside its place and moved there whole: a failed run leaves no half package.
    const tarball = join(work, `${file}.tgz`);
    writeFileSync(tarball, body);
    const dest = join(here, path);
    const part = `${dest}.part`;
    rmSync(part, { recursive: true, force: true });
    mkdirSync(part, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', part, '--strip-components=1', '--no-same-owner']);
    rmSync(dest, { recursive: true, force: true });
    renameSync(part, dest);
    console.log(`kring setup: ${name} ${pkg.version} (${body.length} bytes, sha512 checked)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
