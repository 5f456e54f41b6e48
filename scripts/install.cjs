// Runs before `npm start`, `npm test` and `npm run bench` with whatever Node started npm (the machine's may
// be older than the project's): installs the workspace, which brings Node 24 itself (the `node` package),
// when node_modules is missing or older than the lockfile. Plain CommonJS on purpose, so any Node runs it.
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const nodeBin = join(root, 'node_modules', '.bin', 'node');

const stale =
  !existsSync(marker) || !existsSync(nodeBin) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('Installing the workspace (npm ci): dependencies and Node 24 …');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
