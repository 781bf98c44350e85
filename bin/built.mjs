#!/usr/bin/env node
// Runs before `npm start`, `npm run demo`, `npm run backup`, `npm run restore` and `npm run audit:verify`.
// With the development dependencies installed (`npm install`, `npm ci`) it builds dist/ from the source
// (`npm run build`), so a newcomer's `npm start` always runs what is checked out. In a production install
// (`npm run build`, then `npm prune --omit=dev` or `npm ci --omit=dev` beside a built dist/) esbuild is absent:
// then the dist/ that is there is run as it is. Neither: one line saying what to do, exit 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let canBuild = true;
try {
  createRequire(join(root, 'package.json')).resolve('esbuild');
} catch {
  canBuild = false;
}
if (canBuild) {
  const npm = process.env.npm_execpath;
  const r = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (!existsSync(join(root, 'dist', 'main.js'))) {
  process.stderr.write(
    'Baken is not built: dist/ is missing and esbuild (a development dependency) is not installed. Run npm ci && npm run build (then npm prune --omit=dev for a production install).\n',
  );
  process.exit(1);
}
