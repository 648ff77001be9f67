import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './args.js';

/** The name of the lock file a running command keeps in its working folder. @internal */
export const LOCK_FILE = 'lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Who holds the lock of a progress folder, when a live process does: `pid N on HOST`; null
 * when nobody does (no lock, or one left by a process of this host that is gone). A lock from
 * another host counts as held. @internal
 */
export function folderHolder(dir: string): string | null {
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as typeof holder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // being written by its holder right now
    return 'a process that is starting';
  }
  const pid = typeof holder.pid === 'number' ? holder.pid : -1;
  if (holder.host === hostname() && !alive(pid)) return null;
  return `pid ${pid} on ${String(holder.host)}`;
}

/**
 * Take the lock of a folder a run works in (`lock`, created exclusively with this process's
 * pid and host), or refuse with a usage error naming the process that holds it. A lock left
 * by a process of this host that is gone is taken over. @internal
 */
export function lockFolder(cmd: string, dir: string, shown: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(join(dir, LOCK_FILE), 'wx');
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
      );
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = folderHolder(dir);
      if (holder !== null)
        throw new UsageError(
          cmd,
          '--out',
          `a folder no other run is using (${shown} is in use)`,
          `one running as ${holder} (if it is gone, delete ${join(shown, LOCK_FILE)})`,
        );
      // left by a process of this host that is gone
      rmSync(join(dir, LOCK_FILE), { force: true });
    }
  }
}

/** Give up a lock taken with {@link lockFolder}. @internal */
export function unlockFolder(dir: string): void {
  rmSync(join(dir, LOCK_FILE), { force: true });
}
