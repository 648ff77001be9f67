import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './args.js';
import { createLocked, folderHolder, inUse, lockFolder, type FolderLock } from './folderLock.js';

/** How an output directory will be used, which decides what may already be there. */
export type OutMode =
  /** A new run: DIR must be absent or empty (or `force`), with no interrupted run beside it. */
  | 'fresh'
  /** Continue an interrupted run: its staging directory must exist. */
  | 'resume'
  /** Several processes add their own files (shards): DIR may exist and hold files. */
  | 'shared';

/** A checked output target (nothing has been created yet). */
export interface OutTarget {
  /** The path as the user wrote it, for messages. */
  readonly shown: string;
  /** Absolute final directory. */
  readonly dir: string;
  /**
   * Absolute staging directory beside it (`.NAME.partial` in the same parent), where a run
   * is written and checkpointed before one rename publishes it.
   */
  readonly staging: string;
  /** Replace a non-empty DIR at the end. */
  readonly force: boolean;
  /** Whether the staging directory was there when the target was checked (an interrupted run). */
  readonly stagingExisted?: boolean;
}

/** A path for a message: relative to the working directory when below it, else as is. @internal */
export function shownPath(p: string, cwd: string): string {
  const r = relative(cwd, p);
  return r === '' || r.startsWith('..') ? p : r;
}

/** The staging directory of a target as messages show it: beside `--out` as the user wrote it. @internal */
export function stagingShown(target: { shown: string; staging: string }): string {
  return join(dirname(target.shown), basename(target.staging));
}

/** The staging directory name for an output directory: `DIR/../.NAME.partial`. @internal */
export function stagingPath(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.partial`);
}

/**
 * Check an output directory before any work, creating nothing: every existing component of
 * the path must be a directory, the nearest existing one writable, and the target must suit
 * `mode`. Failures are {@link UsageError}s naming `flag` (exit code 2).
 *
 * @param command - subcommand name for messages.
 * @param flag - the flag that gave the path (`'--out'`).
 * @param path - the path as given.
 * @param cwd - directory that a relative path resolves against.
 * @param mode - how the directory will be used.
 * @param force - allow replacing a non-empty directory (fresh mode).
 * @returns the checked target.
 * @example
 * ```ts
 * const t = checkOutDir('train', '--out', 'runs/a', process.cwd(), 'fresh', false);
 * // t.staging ends with 'runs/.a.partial'
 * ```
 */
export function checkOutDir(
  command: string,
  flag: string,
  path: string,
  cwd: string,
  mode: OutMode,
  force: boolean,
): OutTarget {
  // the real path (symbolic links followed, as far as the path exists): a link to the output
  // folder is written through, and the working directory is recognised under any name
  const dir = realPathOf(resolve(cwd, path));
  const staging = stagingPath(dir);
  if (dirname(dir) === dir)
    throw new UsageError(
      command,
      flag,
      'a directory below the file-system root',
      JSON.stringify(path),
    );
  let probe = dir;
  while (!existsSync(probe)) {
    // a symbolic link to nothing is there (lstat) but not usable (exists follows it)
    let link = false;
    try {
      link = lstatSync(probe).isSymbolicLink();
    } catch {
      // not there at all
    }
    if (link)
      throw new UsageError(
        command,
        flag,
        'a writable directory',
        `${JSON.stringify(path)} (${relative(cwd, probe) || probe} is a broken symbolic link)`,
      );
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  let st;
  try {
    st = statSync(probe);
  } catch {
    throw new UsageError(
      command,
      flag,
      'a writable directory',
      `${JSON.stringify(path)} (cannot read ${probe})`,
    );
  }
  if (!st.isDirectory()) {
    const rel = relative(cwd, probe) || probe;
    throw new UsageError(
      command,
      flag,
      'a writable directory',
      `${JSON.stringify(path)} (${rel} is a file)`,
    );
  }
  const writableProbe = probe === dir ? dirname(dir) : probe;
  try {
    accessSync(writableProbe, constants.W_OK | constants.X_OK);
    if (probe === dir) accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(
      command,
      flag,
      'a writable directory',
      `${JSON.stringify(path)} (${writableProbe} is not writable)`,
    );
  }
  // permissions say little to root or on /proc and /sys: create (and remove) an entry where
  // the first new directory, or the output's files, will go
  // (a new run's staging folder goes beside an existing output)
  const places = probe === dir && mode !== 'shared' ? [probe, dirname(dir)] : [probe];
  for (const where of places) {
    try {
      rmdirSync(mkdtempSync(join(where, '.hyperposition-probe-')));
    } catch (error) {
      throw new UsageError(
        command,
        flag,
        'a writable directory',
        `${JSON.stringify(path)} (cannot create anything in ${where}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const exists = probe === dir;
  const nonEmpty = exists && readdirSync(dir).length > 0;
  const shownStaging = stagingShown({ shown: path.replace(/(.)\/+$/, '$1'), staging });
  // a staging folder another process works in is neither resumed nor replaced
  if (mode !== 'shared' && existsSync(staging)) {
    const holder = folderHolder(staging);
    if (holder !== null) throw inUse(command, shownStaging, holder);
  }
  // a run replaces its folder when it is done (even an empty one): never the folder the
  // command runs in, or one above it
  const cwdReal = realPathOf(resolve(cwd));
  if (mode !== 'shared' && (cwdReal === dir || cwdReal.startsWith(dir + sep)))
    throw new UsageError(
      command,
      flag,
      'a directory other than the working directory or one that contains it (a run replaces its folder when it ends)',
      JSON.stringify(path),
    );
  if (mode === 'fresh') {
    if (existsSync(staging) && !force) {
      throw new UsageError(
        command,
        flag,
        'a directory without an interrupted run (add --resume to continue it or --force to start over)',
        `${JSON.stringify(path)} (${basename(staging)} exists beside it)`,
      );
    }
    if (nonEmpty && !force) {
      throw new UsageError(
        command,
        flag,
        'a new or empty directory (or --force to replace it)',
        `${JSON.stringify(path)} (not empty)`,
      );
    }
    if (nonEmpty && force) {
      // --force replaces an earlier output of this tool, not a folder of other files
      if (!existsSync(join(dir, 'cli.json')))
        throw new UsageError(
          command,
          flag,
          'a new or empty directory, or an earlier output of hyperposition (with a cli.json) for --force to replace',
          `${JSON.stringify(path)} (not empty, and no cli.json in it)`,
        );
    }
  } else if (mode === 'resume') {
    if (!existsSync(staging)) {
      const what = nonEmpty ? 'a finished run' : 'no interrupted run';
      throw new UsageError(
        command,
        '--resume',
        `an interrupted run at ${JSON.stringify(path)}`,
        what,
      );
    }
    // An earlier output in the folder: the interrupted run was started with --force to
    // replace it, and the resumed one does; anything else there is not for it to replace.
    if (nonEmpty) {
      if (!existsSync(join(dir, 'cli.json')))
        throw new UsageError(
          command,
          '--out',
          'an empty directory, or the earlier output of hyperposition the interrupted run was to replace',
          `${JSON.stringify(path)} (not empty, and no cli.json in it)`,
        );
      force = true;
    }
  }
  // A run publishes by renaming its staging folder over DIR: a mount point cannot be renamed
  // over (EBUSY, after all the work)
  if (mode !== 'shared' && exists && statSync(dir).dev !== statSync(dirname(dir)).dev)
    throw new UsageError(
      command,
      flag,
      'a directory that is not a mount point (a run publishes by renaming a folder over it)',
      `${JSON.stringify(path)} (a mount point: give a folder inside it)`,
    );
  // shown as given, less trailing slashes (the summaries add their own)
  return {
    shown: path.replace(/(.)\/+$/, '$1'),
    dir,
    staging,
    force,
    stagingExisted: existsSync(staging),
  };
}

/**
 * The staging directory of a run in progress: written and checkpointed in place, then
 * published by {@link Staging.commit} with one rename, or removed by {@link Staging.discard}.
 */
export interface Staging {
  /** Absolute path of the staging directory. */
  readonly dir: string;
  /** Publish: rename the staging directory to the final one (replacing it when forced). */
  commit(): void;
  /** Remove the staging directory and any parent directories this run created. */
  discard(): void;
  /** Give up the lock on the staging directory (commit and discard do it too). */
  release(): void;
}

/**
 * Create (or, when resuming, reopen) the staging directory of a checked target, locked for
 * this run (see `folderLock.ts`; refused, naming the process, where another run works in it).
 * Parent directories that did not exist are created and remembered so that
 * {@link Staging.discard} removes them again.
 *
 * @param target - from {@link checkOutDir}.
 * @param resume - reopen an existing staging directory instead of starting a fresh one.
 * @param command - the command, for the messages when another run works in it.
 * @returns the staging handle.
 * @example
 * ```ts
 * const s = openStaging(checkOutDir('train', '--out', 'runs/a', process.cwd(), 'fresh', false), false);
 * // ... write files into s.dir ..., then
 * s.commit(); // runs/a now holds them
 * ```
 */
export function openStaging(target: OutTarget, resume: boolean, command = ''): Staging {
  const created: string[] = [];
  let p = dirname(target.dir);
  const missing: string[] = [];
  while (!existsSync(p)) {
    missing.push(p);
    p = dirname(p);
  }
  for (const m of missing.reverse()) {
    mkdirSync(m);
    created.push(m);
  }
  const shownStaging = stagingShown(target);
  let lock: FolderLock;
  if (!resume) {
    // An interrupted run's folder, seen when the target was checked and with --force, is
    // replaced unless a run works in it now; one that appeared since belongs to a run that
    // started at the same moment. The new folder is created with its lock in it.
    if (existsSync(target.staging)) {
      const holder = folderHolder(target.staging);
      if (holder !== null || !target.stagingExisted)
        throw inUse(command, shownStaging, holder ?? 'one that started at the same moment');
      rmSync(target.staging, { recursive: true, force: true });
    }
    lock = createLocked(command, target.staging, shownStaging);
  } else lock = lockFolder(command, target.staging, shownStaging);
  return {
    dir: target.staging,
    release: () => lock.release(),
    commit() {
      lock.release();
      if (existsSync(target.dir)) {
        const empty = readdirSync(target.dir).length === 0;
        if (empty || target.force) {
          // rename(2) replaces an empty directory but not a full one.
          if (!empty) {
            const old = `${target.dir}.old-${randomBytes(4).toString('hex')}`;
            renameSync(target.dir, old);
            renameSync(target.staging, target.dir);
            rmSync(old, { recursive: true, force: true });
            return;
          }
          rmSync(target.dir, { recursive: true, force: true });
        }
      }
      renameSync(target.staging, target.dir);
    },
    discard() {
      lock.release();
      rmSync(target.staging, { recursive: true, force: true });
      for (const c of created.reverse()) {
        try {
          if (readdirSync(c).length === 0) rmSync(c, { recursive: true });
        } catch {
          // already gone
        }
      }
    },
  };
}

/**
 * Write a file atomically: write a temporary file in the same directory, then rename it over
 * the target, so that a reader (or a kill) never sees a half-written file.
 *
 * @param path - absolute target path.
 * @param data - contents.
 * @example
 * ```ts
 * writeFileAtomic('/tmp/out/metrics.json', JSON.stringify({ ok: true }));
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Check an output file path before any work, creating nothing: its folder must exist or be
 * creatable below a writable directory, and the path must not be a directory.
 *
 * @param command - subcommand name for messages.
 * @param flag - the flag that gave the path.
 * @param path - the path as given.
 * @param cwd - directory a relative path resolves against.
 * @returns the absolute path.
 * @example
 * ```ts
 * checkOutFile('metrics', '--out', 'm.json', process.cwd()); // returns the absolute path
 * ```
 */
export function checkOutFile(command: string, flag: string, path: string, cwd: string): string {
  const abs = resolve(cwd, path);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    throw new UsageError(command, flag, 'a file path', `${JSON.stringify(path)} (a directory)`);
  }
  checkOutDir(command, flag, relative(cwd, dirname(abs)) || '.', cwd, 'shared', false);
  return abs;
}

/**
 * `p` with symbolic links resolved along the part of it that exists (the rest appended as
 * given): the same folder under any of its names. @internal
 */
export function realPathOf(p: string): string {
  let head = p;
  const rest: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return p;
    rest.unshift(basename(head));
    head = up;
  }
  try {
    return join(realpathSync(head), ...rest);
  } catch {
    return p;
  }
}
