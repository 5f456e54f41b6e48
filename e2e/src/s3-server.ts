// A throw-away S3-compatible server for the off-site backup tests: versitygw (github.com/versity/versitygw,
// Apache-2.0, built from its Go module by e2e/toolchain/go-tools.sh) serving a temporary directory, with one
// bucket made through the S3 API by rclone (Debian's package, the same client the snapshot Jobs run).
// It listens on the real node's bridge address, so pods on the node reach it as the host; the host's own
// tests reach it there too. `stop()` ends it and removes the directory; if the test process dies first, the
// reaper of services.ts does the same.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goTool } from './go-tools.ts';
import { freePort, startReaper } from './services.ts';

const run = promisify(execFile);

export interface S3Server {
  /** `http://<host>:<port>`: what spec.database.backup.offsite.endpoint names. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys of the objects in the bucket under `prefix` (through the S3 API), sorted. */
  list(prefix?: string): Promise<string[]>;
  stop(): Promise<void>;
}

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Starts versitygw on `host` (default the real node's bridge address 10.244.0.1) and a free port, with random
 * root keys, and creates `bucket`. Rejects with the server's log when it does not answer within 30 s.
 */
export async function startS3Server(opts: { host?: string; bucket?: string } = {}): Promise<S3Server> {
  const host = opts.host ?? '10.244.0.1';
  const bucket = opts.bucket ?? 'dhakacart-offsite';
  const binary = await goTool('versitygw');
  const dir = mkdtempSync(join(tmpdir(), 'dhakacart-s3-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'meta'));
  const reaper = startReaper(dir, 'TERM');
  const port = await freePort();
  const accessKeyId = `test${Math.random().toString(36).slice(2, 10)}`;
  const secretAccessKey = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const logFile = join(dir, 'versitygw.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    binary,
    ['--port', `${host}:${port}`, 'posix', '--sidecar', join(dir, 'meta'), join(dir, 'data')],
    {
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH ?? '',
        ROOT_ACCESS_KEY_ID: accessKeyId,
        ROOT_SECRET_ACCESS_KEY: secretAccessKey,
      },
    },
  );
  closeSync(log);
  child.on('error', () => {});
  if (child.pid) writeFileSync(join(dir, 'server.pid'), String(child.pid));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const endpoint = `http://${host}:${port}`;
  const stop = async () => {
    process.removeListener('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    reaper.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  };
  // rclone configured entirely by environment, as in the snapshot Jobs (desired/backups/offsite.ts).
  const rcloneEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RCLONE_CONFIG: join(dir, 'rclone.conf'),
    RCLONE_CONFIG_S3_TYPE: 's3',
    RCLONE_CONFIG_S3_PROVIDER: 'Other',
    RCLONE_CONFIG_S3_ENDPOINT: endpoint,
    RCLONE_CONFIG_S3_REGION: 'us-east-1',
    RCLONE_CONFIG_S3_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_S3_ACCESS_KEY_ID: accessKeyId,
    RCLONE_CONFIG_S3_SECRET_ACCESS_KEY: secretAccessKey,
  };
  try {
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(host, port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`versitygw on ${endpoint} did not start:\n${logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await run('rclone', ['mkdir', `s3:${bucket}`], { env: rcloneEnv });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    async list(prefix = '') {
      const { stdout } = await run('rclone', ['lsf', '-R', '--files-only', `s3:${bucket}/${prefix}`], {
        env: rcloneEnv,
      });
      return stdout
        .split('\n')
        .filter(Boolean)
        .map((key) => (prefix ? `${prefix.replace(/\/$/, '')}/${key}` : key))
        .sort();
    },
    stop,
  };
}
