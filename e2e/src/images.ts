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

/** The build step running now, if any, and the buildah containers that existed before it started. */
let running: { child: ChildProcess; closed: Promise<void>; containersBefore: Set<string> } | undefined;
/** Set by stopImageBuild: no build step starts after it. */
let stopped = false;

async function buildahContainers(): Promise<Set<string>> {
  const { stdout } = await run('buildah', ['containers', '--all', '--quiet']);
  return new Set(stdout.split('\n').filter(Boolean));
}

/**
 * Stops the build step in progress (SIGTERM), waits for it to exit and removes the working containers it
 * had made: buildah leaves an interrupted build's containers, and their overlay mounts, behind. No build
 * step starts afterwards in this process. For `npm start`'s Ctrl-C; resolves at once when nothing is building.
 */
export async function stopImageBuild(): Promise<void> {
  stopped = true;
  const build = running;
  if (!build) return;
  build.child.kill('SIGTERM');
  await build.closed;
  const left = [...(await buildahContainers())].filter((id) => !build.containersBefore.has(id));
  if (left.length > 0) await run('buildah', ['rm', ...left]);
}

/** Runs a command, its output shown on stderr with a prefix; rejects with the command's tail on failure. */
async function step(
  label: string,
  cmd: string,
  args: string[],
  opts: { cwd?: string } = {},
): Promise<string> {
  const containersBefore = cmd === 'buildah' ? await buildahContainers() : new Set<string>();
  if (stopped) throw new Error(`${label}: not started, the image builds were stopped`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    running = { child, closed, containersBefore };
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
    child.on('close', (code) => {
      if (running?.child === child) running = undefined;
      if (code === 0) resolve(out);
      else reject(new Error(`${label}: ${cmd} ${args.join(' ')} failed (exit ${code}):\n${tail}`));
    });
  });
}

async function imageExists(ref: string): Promise<boolean> {
  return run('buildah', ['inspect', '--type', 'image', ref]).then(
    () => true,
    () => false,
  );
}

async function imageId(ref: string): Promise<string> {
  const { stdout } = await run('buildah', [
    'inspect',
    '--type',
    'image',
    '--format',
    '{{.FromImageID}}',
    ref,
  ]);
  return stdout.trim();
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
      const ctr = (await run('buildah', ['from', 'scratch'])).stdout.trim();
      await run('buildah', ['add', ctr, tar, '/']);
      await run('buildah', [
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--cmd',
        'bash',
        ctr,
      ]);
      await run('buildah', ['commit', '--rm', '-q', ctr, ref]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  await run('buildah', ['tag', ref, DEBIAN_BASE]);
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
      const ctr = (await run('buildah', ['from', DEBIAN_BASE])).stdout.trim();
      await run('buildah', ['copy', '--chmod', '0755', ctr, nodeBinary, '/usr/local/bin/node']);
      await run('buildah', [
        'run',
        '--isolation',
        'chroot',
        ctr,
        'mkdir',
        '-p',
        '/usr/local/lib/node_modules/npm',
      ]);
      await run('buildah', ['add', ctr, join(work, packed), '/tmp/npm']);
      await run('buildah', [
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
      await run('buildah', ['config', '--cmd', 'node', ctr]);
      await run('buildah', ['commit', '--rm', '-q', ctr, ref]);
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
  for (const ref of more) await run('buildah', ['tag', first, ref]);
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
  const ctr = (await run('buildah', ['from', 'scratch'])).stdout.trim();
  await run('buildah', ['copy', '--chmod', '0755', ctr, binary, `/${name}`]);
  await run('buildah', [
    'config',
    '--entrypoint',
    JSON.stringify([`/${name}`, ...args]),
    '--user',
    '65532:65532',
    ctr,
  ]);
  await run('buildah', ['commit', '--rm', '-q', ctr, ref]);
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
      await run('buildah', ['push', '-q', image.source, `oci-archive:${archive}:${first}`]);
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
