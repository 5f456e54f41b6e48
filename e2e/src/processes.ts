// Stopping a child process the way every harness here does: SIGTERM, SIGKILL after a grace period.
import type { ChildProcess } from 'node:child_process';

/**
 * Sends SIGTERM and resolves once `child` has exited; SIGKILL follows after `graceMs` (10 s by default) if it
 * is still running. Resolves at once when the child has already exited.
 */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
