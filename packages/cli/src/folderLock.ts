import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './args.js';

/** The name of the lock file a running command keeps in its working folder. @internal */
export const LOCK_FILE = 'lock';

/**
 * How often a holder touches its lock, and how old an untouched lock must be to count as left
 * behind when its holder cannot be asked (another host, another boot, a damaged file).
 */
const HEARTBEAT_MS = 30_000;
const STALE_MS = 10 * 60_000;

/** This boot of this machine (Linux), so that a pid from before a reboot is not taken as alive. */
function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** This process's pid namespace (Linux): pids of another namespace are not comparable. */
function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/**
 * A process's state letter and start time, in clock ticks since boot (Linux), to tell a
 * reused pid apart and an exited process not yet collected (`Z`); null where /proc does not
 * say (another system, or hidden with hidepid).
 */
function processStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name (which may hold spaces) in parentheses
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], start: f[19] };
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM: it does, another user's). @internal */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a lock file records of its holder. */
interface Holder {
  pid?: unknown;
  host?: unknown;
  boot?: unknown;
  ns?: unknown;
  start?: unknown;
}

/**
 * Who holds the lock of a folder, when a live process does: `pid N on HOST`; null when nobody
 * does. A lock is left behind (null) when its process is gone: on this host and boot, no
 * process with its pid and start time (a reused pid, this very process's included, is another
 * process; an exited one not yet collected is gone); another host, boot or pid namespace, or a
 * file that cannot be read, when it has not been touched for 10 minutes (a holder touches it
 * every 30 s). @internal
 */
export function folderHolder(dir: string): string | null {
  const file = join(dir, LOCK_FILE);
  let age: number;
  try {
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return null;
  }
  let holder: Holder | null = null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed !== null && typeof parsed === 'object') holder = parsed as Holder;
  } catch {
    holder = null;
  }
  if (holder === null) return age > STALE_MS ? null : 'a process that is starting';
  const pid = typeof holder.pid === 'number' ? holder.pid : -1;
  // the same host, boot and pid namespace: the pid can be asked about
  const here =
    holder.host === hostname() && holder.boot === bootId() && holder.ns === pidNamespace();
  if (here) {
    if (pid === process.pid || !alive(pid)) return null;
    // alive, but perhaps a reused pid, or exited and not yet collected; where /proc does not
    // say, it counts as alive
    const stat = processStat(pid);
    if (
      stat !== null &&
      (stat.state === 'Z' || (typeof holder.start === 'string' && stat.start !== holder.start))
    )
      return null;
  } else if (age > STALE_MS) return null;
  return `pid ${pid} on ${String(holder.host)}`;
}

/** The lock of a folder a run holds, touched every 30 s until {@link FolderLock.release}. */
export interface FolderLock {
  /** Remove the lock file and stop touching it. */
  release(): void;
}

/** Write a lock file exclusively (EEXIST when one is there). */
function writeLock(file: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(
      fd,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        boot: bootId(),
        ns: pidNamespace(),
        start: processStat(process.pid)?.start ?? null,
        at: new Date().toISOString(),
      }),
    );
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);
}

/** The handle of a lock file in `dir`, touched every 30 s until released. */
function held(dir: string): FolderLock {
  const file = join(dir, LOCK_FILE);
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // gone (released, or the folder published)
    }
  }, HEARTBEAT_MS);
  timer.unref();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      rmSync(file, { force: true });
    },
  };
}

/**
 * Take the lock of an existing folder a run works in (`lock`, created exclusively with this
 * process's pid, host, boot, pid namespace and start time, and touched every 30 s), or refuse
 * with a usage error naming the process that holds it. A lock left behind
 * ({@link folderHolder}) is taken over.
 * @internal
 */
export function lockFolder(cmd: string, dir: string, shown: string): FolderLock {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeLock(file);
      return held(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = folderHolder(dir);
      if (holder !== null) throw inUse(cmd, shown, holder);
      rmSync(file, { force: true });
    }
  }
  throw inUse(cmd, shown, folderHolder(dir) ?? 'another process');
}

/**
 * Create a folder a run works in, already locked: the lock is written into a new folder
 * beside it, which is then renamed into place, so that of two runs creating it at once one is
 * refused (no moment where it exists without its lock).
 * @internal
 */
export function createLocked(cmd: string, dir: string, shown: string): FolderLock {
  const tmp = mkdtempSync(join(dirname(dir), `.${basename(dir)}-new-`));
  try {
    writeLock(join(tmp, LOCK_FILE));
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR')
      throw inUse(cmd, shown, folderHolder(dir) ?? 'one that started at the same moment');
    throw error;
  }
  return held(dir);
}

/** The usage error for a folder another run holds. @internal */
export function inUse(cmd: string, shown: string, holder: string): UsageError {
  return new UsageError(
    cmd,
    '--out',
    `a folder no other run is using (${shown} is in use)`,
    `one running as ${holder} (if it is gone, delete ${join(shown, LOCK_FILE)})`,
  );
}
