// Container images without a Docker engine or a registry. Everything is built here with buildah (daemonless,
// from Debian) on base images made here:
//   - `localhost/dhakacart/debian:bookworm`: a minimal Debian root filesystem from mmdebstrap (what
//     `debian:bookworm-slim` is elsewhere); the PostgreSQL and Redis images install Debian's packages on it.
//   - `localhost/dhakacart/node:<version>`: that Debian plus the Node 24 binary of the workspace's own `node`
//     npm package and npm from the npm registry (what `node:24-bookworm-slim` is elsewhere).
// The project's Dockerfiles take the base as `--build-arg BASE=…`, so a release pipeline builds the same files
// on the public bases. Builds are cached by content (buildah's layer cache; base images are tagged with a
// hash of what went into them). `loadImages` copies images into the local node's containerd (no pulls).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, repoRoot } from './paths.ts';

const run = promisify(execFile);

/** The app release tags the local images carry: the sample's version and the ones the release tests roll between. */
export const LOCAL_APP_VERSIONS = ['1.4.0', '1.4.1', '1.5.0'];
export const DEBIAN_BASE = 'localhost/dhakacart/debian:bookworm';
const DEBIAN_PACKAGES = ['ca-certificates', 'tzdata', 'netbase'];

/** An image of the project: its Dockerfile, the base it builds on and the references it is tagged with. */
export interface ProjectImage {
  name: string;
  dockerfile: string;
  base: 'node' | 'debian';
  refs: string[];
}

function chartAppVersion(): string {
  const chart = readFileSync(join(repoRoot, 'charts', 'dhakacart-operator', 'Chart.yaml'), 'utf8');
  const version = /^appVersion:\s*"?([^"\s]+)"?/m.exec(chart)?.[1];
  if (!version) throw new Error('charts/dhakacart-operator/Chart.yaml has no appVersion');
  return version;
}

/** Every image the local cluster runs from the project's own Dockerfiles. */
export function projectImages(): ProjectImage[] {
  const app = (name: string) => LOCAL_APP_VERSIONS.map((v) => `ghcr.io/dhakacart/${name}:${v}`);
  return [
    { name: 'api', dockerfile: 'api/Dockerfile', base: 'node', refs: app('api') },
    { name: 'storefront', dockerfile: 'storefront/Dockerfile', base: 'node', refs: app('storefront') },
    {
      name: 'operator',
      dockerfile: 'operator/Dockerfile',
      base: 'node',
      refs: [`ghcr.io/dhakacart/operator:${chartAppVersion()}`],
    },
    {
      name: 'postgres',
      dockerfile: 'operator/images/postgres/Dockerfile',
      base: 'debian',
      refs: ['ghcr.io/dhakacart/postgres:15'],
    },
    {
      name: 'pgbouncer',
      dockerfile: 'operator/images/pgbouncer/Dockerfile',
      base: 'debian',
      refs: ['ghcr.io/dhakacart/pgbouncer:1.18'],
    },
    {
      name: 'redis',
      dockerfile: 'operator/images/redis/Dockerfile',
      base: 'debian',
      refs: ['ghcr.io/dhakacart/redis:7'],
    },
  ];
}

/** A command this module started that has not exited yet, and a promise settled once its bookkeeping is done. */
interface Running {
  cmd: string;
  args: string[];
  child: ChildProcess;
  closed: Promise<void>;
}
const running = new Set<Running>();
/** buildah working containers this process made and has neither committed with `--rm` nor removed. */
const workingContainers = new Set<string>();
/** Set by stopImageBuild: no command starts after it. */
let stopped = false;

/** Steps that can take minutes and are stopped rather than waited for: a Dockerfile build, a debootstrap. */
const isLong = (cmd: string, args: string[]) =>
  cmd === 'mmdebstrap' || (cmd === 'buildah' && args[0] === 'bud');

async function buildahContainers(): Promise<Set<string>> {
  const { stdout } = await run('buildah', ['containers', '--all', '--quiet']);
  return new Set(stdout.split('\n').filter(Boolean));
}

/**
 * Stops the image work in progress and leaves no working container or overlay mount behind: a Dockerfile
 * build or debootstrap is sent SIGTERM, every shorter buildah command (from, copy, commit, push, inspect …) is
 * waited for, since one interrupted keeps its layer mounted; then the working containers this process made
 * and did not commit are removed. No command starts afterwards in this process. For `npm start`'s Ctrl-C;
 * resolves at once when nothing is building.
 */
export async function stopImageBuild(): Promise<void> {
  stopped = true;
  for (const entry of running)
    if (isLong(entry.cmd, entry.args) && entry.child.pid) {
      try {
        process.kill(-entry.child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  await Promise.all([...running].map((entry) => entry.closed));
  if (workingContainers.size > 0) await run('buildah', ['rm', ...workingContainers]);
  workingContainers.clear();
}

/**
 * Runs a command of the image work and returns its standard output; progress lines are shown on stderr with
 * a prefix; rejects with the command's tail on failure, and at once after stopImageBuild. The command runs in
 * a process group of its own, so a terminal's Ctrl-C reaches `npm start`, which stops it in order, and not the
 * command half way through writing a layer.
 */
async function step(
  label: string,
  cmd: string,
  args: string[],
  opts: { cwd?: string } = {},
): Promise<string> {
  const notStarted = () => new Error(`${label}: not started, the image builds were stopped`);
  if (stopped) throw notStarted();
  const bud = cmd === 'buildah' && args[0] === 'bud';
  const before = bud ? await buildahContainers() : undefined;
  if (stopped) throw notStarted();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let settle = () => {};
    const entry: Running = { cmd, args, child, closed: new Promise<void>((done) => (settle = done)) };
    running.add(entry);
    let out = '';
    let tail = '';
    const show = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n'))
        if (/^(STEP|COMMIT|I: |Successfully)/.test(line)) console.error(`[images] ${label}: ${line}`);
    };
    child.stdout.on('data', (c) => {
      out += c;
      show(c);
    });
    child.stderr.on('data', show);
    let finished = false;
    const finish = async (code: number | null, error?: Error) => {
      if (finished) return;
      finished = true;
      try {
        if (code === 0 && cmd === 'buildah' && args[0] === 'from') workingContainers.add(out.trim());
        if (code === 0 && cmd === 'buildah' && args[0] === 'commit' && args.includes('--rm'))
          workingContainers.delete(args.at(-2) ?? '');
        // A build that did not finish leaves its intermediate containers.
        if (before && code !== 0)
          for (const id of await buildahContainers()) if (!before.has(id)) workingContainers.add(id);
      } finally {
        running.delete(entry);
        settle();
      }
      if (code === 0) resolve(out);
      else reject(error ?? new Error(`${label}: ${cmd} ${args.join(' ')} failed (exit ${code}):\n${tail}`));
    };
    child.on('error', (error) => void finish(null, error));
    child.on('close', (code) => void finish(code));
  });
}

/** One buildah command through `step`. */
const buildah = (args: string[]) => step(`buildah ${args[0]}`, 'buildah', args);

async function imageExists(ref: string): Promise<boolean> {
  return buildah(['inspect', '--type', 'image', ref]).then(
    () => true,
    () => false,
  );
}

async function imageId(ref: string): Promise<string> {
  return (await buildah(['inspect', '--type', 'image', '--format', '{{.FromImageID}}', ref])).trim();
}

/** The Debian base: mmdebstrap's minbase variant, docs and man pages left out. */
export async function buildDebianBase(): Promise<string> {
  const hash = createHash('sha256').update(DEBIAN_PACKAGES.join(',')).digest('hex').slice(0, 12);
  const ref = `${DEBIAN_BASE}-${hash}`;
  if (!(await imageExists(ref))) {
    const work = mkdtempSync(join(cacheRoot, '.debian-'));
    try {
      const tar = join(work, 'rootfs.tar');
      await step('debian base', 'mmdebstrap', [
        '--variant=minbase',
        `--include=${DEBIAN_PACKAGES.join(',')}`,
        '--dpkgopt=path-exclude=/usr/share/man/*',
        '--dpkgopt=path-exclude=/usr/share/doc/*',
        '--dpkgopt=path-exclude=/usr/share/locale/*',
        'bookworm',
        tar,
      ]);
      const ctr = (await buildah(['from', 'scratch'])).trim();
      await buildah(['add', ctr, tar, '/']);
      await buildah([
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--cmd',
        'bash',
        ctr,
      ]);
      await buildah(['commit', '--rm', '-q', ctr, ref]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  await buildah(['tag', ref, DEBIAN_BASE]);
  return DEBIAN_BASE;
}

/** The Node base: the Debian base, the workspace's Node 24 binary and npm (the version Node ships with). */
export async function buildNodeBase(): Promise<string> {
  // The workspace's Node 24 (the npm package `node`): where npm put the binary differs between npm ci and
  // npm install, so follow node_modules/.bin/node to the file itself.
  const link = join(repoRoot, 'node_modules', '.bin', 'node');
  if (!existsSync(link)) throw new Error(`no Node binary at ${link}: run npm ci first`);
  const nodeBinary = realpathSync(link);
  const nodeVersion = (await run(nodeBinary, ['--version'])).stdout.trim().replace(/^v/, '');
  const debianId = await imageId(await buildDebianBase());
  const hash = createHash('sha256').update(`${debianId} ${nodeVersion}`).digest('hex').slice(0, 12);
  const ref = `localhost/dhakacart/node:${nodeVersion}-${hash}`;
  if (!(await imageExists(ref))) {
    const work = mkdtempSync(join(cacheRoot, '.node-'));
    try {
      // npm itself, from the registry: the npm package `node` ships only the binary.
      const packed = (await run('npm', ['pack', 'npm@11', '--silent'], { cwd: work })).stdout
        .trim()
        .split('\n')
        .pop();
      if (!packed) throw new Error('npm pack npm@11 printed no file name');
      const ctr = (await buildah(['from', DEBIAN_BASE])).trim();
      await buildah(['copy', '--chmod', '0755', ctr, nodeBinary, '/usr/local/bin/node']);
      await buildah(['run', '--isolation', 'chroot', ctr, 'mkdir', '-p', '/usr/local/lib/node_modules/npm']);
      await buildah(['add', ctr, join(work, packed), '/tmp/npm']);
      await buildah([
        'run',
        '--isolation',
        'chroot',
        ctr,
        'sh',
        '-c',
        'cp -a /tmp/npm/package/. /usr/local/lib/node_modules/npm/ && rm -rf /tmp/npm' +
          ' && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm' +
          ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx',
      ]);
      await buildah(['config', '--cmd', 'node', ctr]);
      await buildah(['commit', '--rm', '-q', ctr, ref]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return ref;
}

/** Builds one project image from its Dockerfile (the repo root is the context) and tags every ref. */
async function buildProjectImage(
  image: ProjectImage,
  bases: { node: string; debian: string },
): Promise<void> {
  const [first, ...more] = image.refs;
  if (!first) return;
  await step(image.name, 'buildah', [
    'bud',
    '--layers',
    '--network',
    'host',
    '--isolation',
    'chroot',
    '--pull-never',
    '--build-arg',
    `BASE=${bases[image.base]}`,
    // The CA bundle Node trusts here (a TLS-inspecting proxy's CA included), for npm inside the build.
    '--secret',
    `id=npm-ca,src=${process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt'}`,
    '-f',
    image.dockerfile,
    '-t',
    first,
    '.',
  ]);
  for (const ref of more) await buildah(['tag', first, ref]);
}

/** Builds the bases and every project image (cached by content); progress on stderr. */
export async function buildProjectImages(): Promise<ProjectImage[]> {
  mkdirSync(cacheRoot, { recursive: true });
  const started = Date.now();
  const debian = await buildDebianBase();
  const node = await buildNodeBase();
  const images = projectImages();
  for (const image of images) {
    console.error(`[images] building ${image.name} (${image.dockerfile})`);
    await buildProjectImage(image, { node, debian });
  }
  console.error(`[images] project images ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return images;
}

/**
 * An image holding one static binary of the node's add-ons (CoreDNS, metrics-server, …) on an empty root,
 * tagged `localhost/dhakacart/<name>:<version>`. Rebuilt only when the binary changed.
 */
export async function buildBinaryImage(
  name: string,
  binary: string,
  version: string,
  args: string[] = [],
): Promise<string> {
  const sum = createHash('sha256').update(readFileSync(binary)).digest('hex').slice(0, 12);
  const ref = `localhost/dhakacart/${name}:${version}-${sum}`;
  if (await imageExists(ref)) return ref;
  const ctr = (await buildah(['from', 'scratch'])).trim();
  await buildah(['copy', '--chmod', '0755', ctr, binary, `/${name}`]);
  await buildah([
    'config',
    '--entrypoint',
    JSON.stringify([`/${name}`, ...args]),
    '--user',
    '65532:65532',
    ctr,
  ]);
  await buildah(['commit', '--rm', '-q', ctr, ref]);
  return ref;
}

/**
 * Copies images into a containerd (namespace k8s.io, where the kubelet looks) under the given names, skipping
 * those already there with the same image id. `known` is a JSON file remembering what was imported.
 */
export async function loadImages(
  ctr: { binary: string; address: string; known: string },
  images: { source: string; refs: string[] }[],
): Promise<void> {
  const known: Record<string, string> = existsSync(ctr.known)
    ? JSON.parse(readFileSync(ctr.known, 'utf8'))
    : {};
  const { stdout } = await run(ctr.binary, ['-a', ctr.address, '-n', 'k8s.io', 'images', 'ls', '-q']);
  const present = new Set(stdout.split('\n').filter(Boolean));
  const work = mkdtempSync(join(cacheRoot, '.load-'));
  try {
    for (const image of images) {
      const id = await imageId(image.source);
      const missing = image.refs.filter((ref) => known[ref] !== id || !present.has(ref));
      const [first, ...more] = missing;
      if (!first) continue;
      console.error(`[images] loading ${first} into the node`);
      const archive = join(work, 'image.tar');
      rmSync(archive, { force: true });
      await buildah(['push', '-q', image.source, `oci-archive:${archive}:${first}`]);
      await run(ctr.binary, ['-a', ctr.address, '-n', 'k8s.io', 'images', 'import', archive]);
      for (const ref of more)
        await run(ctr.binary, ['-a', ctr.address, '-n', 'k8s.io', 'images', 'tag', '--force', first, ref]);
      for (const ref of missing) known[ref] = id;
      writeFileSync(ctr.known, JSON.stringify(known, null, 2));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
