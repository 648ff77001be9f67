import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { alive } from '../folderLock.js';
import { writeFileAtomic } from '../output.js';

/**
 * Per-cell results of an experiment, one JSON file per cell and configuration under
 * `dir/cells/` (`<key>.<hash>.json`), each written atomically as soon as the cell finishes. A
 * rerun of the same configuration reuses them, so a killed run continues where it stopped;
 * the cells of another configuration (another seed or scale, or a shard started with other
 * flags in a shared folder) sit beside them under their own hash and are never overwritten.
 */
export interface CellStore<T> {
  /** The stored value of a finished cell, or undefined. */
  get(key: string): T | undefined;
  /** Save a finished cell (atomic: a kill never leaves half a file). */
  put(key: string, value: T): void;
  /**
   * Claim a cell for this process (a `<key>.lock` file created exclusively), so that several
   * processes sharing the directory never compute the same cell at once. Returns false when
   * another live process holds it; a lock left by a dead process on this host is taken over.
   */
  claim(key: string): boolean;
  /** Drop this process's claim on a cell (after `put`, or when the cell failed). */
  release(key: string): void;
}

/**
 * Hash of a JSON-safe value with object keys sorted, so that equal configurations hash alike
 * whatever their key order.
 *
 * @param value - plain data.
 * @returns 16 hex digits of SHA-256.
 * @example
 * ```ts
 * stableHash({ a: 1, b: [2] }) === stableHash({ b: [2], a: 1 }); // returns true
 * ```
 */
export function stableHash(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canon(value)))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Whether a file name in `cells/` is one a cell store writes: a cell or its lock,
 * `<cell>.<hash>.json` or `.lock` with the 16 hex digits of {@link stableHash}.
 * @internal
 */
export function isCellFile(name: string): boolean {
  return /^.+\.[0-9a-f]{16}\.(json|lock)$/.test(name);
}

/**
 * Open (creating it if needed) the cell store of an experiment output directory.
 *
 * @param dir - the experiment's output directory.
 * @param hash - hash of everything the cells depend on ({@link stableHash} of config and seed):
 *   part of each cell's file name.
 * @returns the store.
 * @example
 * ```ts
 * const store = openCellStore<{ loss: number }>('runs/exp', stableHash({ seed: 1 }));
 * store.put('n1000-d64', { loss: 0.01 });
 * store.get('n1000-d64'); // returns { loss: 0.01 }
 * ```
 */
export function openCellStore<T>(dir: string, hash: string): CellStore<T> {
  const cells = join(dir, 'cells');
  mkdirSync(cells, { recursive: true });
  const file = (key: string): string =>
    join(cells, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.${hash}.json`);
  return {
    get(key) {
      const f = file(key);
      if (!existsSync(f)) return undefined;
      try {
        const parsed = JSON.parse(readFileSync(f, 'utf8')) as { hash?: string; value?: T };
        return parsed.hash === hash ? parsed.value : undefined;
      } catch {
        return undefined;
      }
    },
    put(key, value) {
      writeFileAtomic(file(key), JSON.stringify({ hash, key, value }));
    },
    claim(key) {
      const lock = `${file(key).slice(0, -'.json'.length)}.lock`;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const fd = openSync(lock, 'wx');
          writeSync(
            fd,
            JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
          );
          closeSync(fd);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          let holder: { pid?: number; host?: string } = {};
          try {
            holder = JSON.parse(readFileSync(lock, 'utf8')) as typeof holder;
          } catch {
            return false; // being written by its holder right now
          }
          const stale =
            holder.host === hostname() && typeof holder.pid === 'number' && !alive(holder.pid);
          if (!stale) return false;
          rmSync(lock, { force: true });
        }
      }
      return false;
    },
    release(key) {
      rmSync(`${file(key).slice(0, -'.json'.length)}.lock`, { force: true });
    },
  };
}
