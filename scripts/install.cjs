// Runs before `npm start`, `npm test` and `npm run bench` with whatever Node started npm (the machine's may
// be older than the project's). Two steps:
//  1. the Debian packages listed in scripts/debian-packages.txt: the missing ones are installed with apt-get
//     (`apt-get update` once per call, only when something is missing); not root or no apt-get → a clear
//     error that names the packages. DHAKACART_SKIP_APT=1 skips this step (a machine set up another way).
//  2. the workspace (npm ci), which brings Node 24 itself (the `node` package), when node_modules is missing
//     or older than the lockfile.
// Plain CommonJS on purpose, so any Node runs it.
const { existsSync, readFileSync, statSync } = require('node:fs');
const { execFileSync, execSync, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Package names from debian-packages.txt (comments and blank lines dropped). */
function listedPackages() {
  return readFileSync(join(__dirname, 'debian-packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** The listed packages dpkg does not report as installed. */
function missingPackages(packages) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JavaScript
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  const installed = new Set(
    (result.stdout || '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

function installDebianPackages() {
  if (process.env.DHAKACART_SKIP_APT === '1') return;
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    console.warn(
      'install: no dpkg here (not Debian?); install the packages in scripts/debian-packages.txt by hand.',
    );
    return;
  }
  const missing = missingPackages(listedPackages());
  if (missing.length === 0) return;
  const hint = `The project needs these Debian packages: ${missing.join(' ')}`;
  if (spawnSync('apt-get', ['--version']).status !== 0) {
    console.error(`install: ${hint}\napt-get is not available: install them another way, then run again.`);
    process.exit(1);
  }
  if (process.getuid && process.getuid() !== 0) {
    console.error(
      `install: ${hint}\nInstalling them needs root: run \`sudo apt-get install -y ${missing.join(' ')}\`, then run again.`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  const still = missingPackages(missing);
  if (still.length > 0) {
    console.error(`install: apt-get finished but these are still not installed: ${still.join(' ')}`);
    process.exit(1);
  }
}

function installWorkspace() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const nodeBin = join(root, 'node_modules', '.bin', 'node');
  const stale =
    !existsSync(marker) || !existsSync(nodeBin) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
  if (stale) {
    console.log('Installing the workspace (npm ci): dependencies and Node 24 …');
    execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  }
}

installDebianPackages();
installWorkspace();
