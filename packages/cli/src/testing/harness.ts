import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../main.js';

/** What one in-process run of the CLI produced. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Options of {@link cli}. */
export interface CliOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** Called with every chunk written to stderr (may throw or abort). */
  onStderr?: (chunk: string) => void;
  tty?: boolean;
}

/** Run `hyperposition argv...` in process with captured streams. */
export async function cli(argv: string[], o: CliOptions = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    cwd: o.cwd,
    signal: o.signal,
    stdout: { write: (s: string) => void (out += s) },
    stderr: {
      isTTY: o.tty ?? false,
      write: (s: string) => {
        err += s;
        o.onStderr?.(s);
      },
    },
  });
  return { code, out, err };
}

/** A fresh temporary directory. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `hp-cli-${label}-`));
}

/** Every file and folder below `dir`, relative, sorted (hidden ones included). */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Small, fast training flags shared by the tests. */
export const FAST: string[] = ['--batch', '256', '--backend', 'wasm'];

/** This machine's boot id (Linux), as a lock file records it. */
function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Write a lock file into `dir` as a run would: held by a live process of this host (this
 * process's parent), or left by one that is gone.
 */
export function fakeLock(dir: string, holder: 'live' | 'gone'): number {
  const pid = holder === 'live' ? process.ppid : 2 ** 22 + 7;
  let ns: string | null;
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    ns = null;
  }
  writeFileSync(join(dir, 'lock'), JSON.stringify({ pid, host: hostname(), boot: bootId(), ns }));
  return pid;
}
