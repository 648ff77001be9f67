import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedSweepSpec, SweepCellResult } from '@hyperposition/toy-models';
import { oneLine, UsageError } from './args.js';
import { flagDifference, firstDifference } from './commands/train.js';
import { writeFileAtomic } from './output.js';

/** The format tag of a sweep's progress files. @internal */
export const SWEEP_PROGRESS_FORMAT = 'hyperposition.cli.sweep-progress';

/** What a sweep in progress records once, in `sweep.json` of its progress folder. @internal */
export interface SweepProgressMeta {
  format: typeof SWEEP_PROGRESS_FORMAT;
  version: 1;
  /** `sweep` or `phase-diagram`. */
  command: string;
  /** Config hash of the sweep (the toy-models sweep hash). */
  hash: string;
  /** The trainer's engine (not part of the hash; its cells differ in float rounding). */
  engine: 'tfjs' | 'fused';
  /** The shard this folder belongs to, or null for the whole grid. */
  shard: { index: number; count: number } | null;
  /** The resolved spec, to name the flag that differs when a resume does not match. */
  spec: ResolvedSweepSpec;
}

/** The groups of cells a sweep has trained, saved one file per group as each finishes. @internal */
export interface SweepProgress {
  /** The progress folder. */
  readonly dir: string;
  /** Cells read back (resume), in file order, for `runSweep`'s `done`. */
  readonly done: SweepCellResult[];
  /** The file each of `done`'s cells came from. */
  readonly fileOf: string[];
  /** Save one trained group (atomic). */
  save(cells: SweepCellResult[]): void;
  /** Cells saved so far, counting those read back. */
  saved(): number;
}

const META = 'sweep.json';
const groupFile = (first: number): string => `group-${String(first).padStart(9, '0')}.json`;
const GROUP_RE = /^group-\d{9}\.json$/;

/** Where the settings of a resumed sweep differ from the interrupted one's, as flags. */
function sweepDifference(
  cmd: string,
  before: ResolvedSweepSpec,
  now: ResolvedSweepSpec,
): string | null {
  for (const part of ['model', 'train'] as const) {
    const d = flagDifference(before[part], now[part]);
    if (d !== null) return d;
  }
  const grid =
    cmd === 'sweep' ? null : 'grid flags (--grid, --r-grid, --p-grid, --r-range, --p-range)';
  const flags: [keyof ResolvedSweepSpec, string][] = [
    ['x', grid ?? '--x'],
    ['y', grid ?? '--y'],
    ['restarts', '--restarts'],
    ['seed', '--seed'],
    ['evalBatchSize', '--eval-batch'],
    ['extraFeature', '--features'],
  ];
  for (const [key, flag] of flags) {
    if (firstDifference(before[key], now[key]) === null) continue;
    const a = before[key];
    const b = now[key];
    const plain = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';
    return plain(a) && plain(b)
      ? `${flag} ${String(b)} where the interrupted run had ${String(a)}`
      : `different ${flag}`;
  }
  // the hashes differ, so something does (a field this list does not name)
  return 'a different configuration';
}

function readJson(cmd: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      cmd,
      '--resume',
      'the saved cells of the interrupted run',
      `${file} (delete it to train its cells again): ${oneLine((error as Error).message)}`,
    );
  }
}

/**
 * Open the progress folder of a sweep: a fresh one (its `sweep.json` written), or, when
 * resuming, the interrupted run's, checked against this run's settings (the flag that differs
 * is named) with its saved groups read back.
 *
 * @param cmd - the command, for messages.
 * @param dir - the progress folder.
 * @param meta - this run's settings.
 * @param resume - read back an interrupted run's folder instead of starting one.
 * @returns the progress store.
 * @internal
 */
export function openSweepProgress(
  cmd: string,
  dir: string,
  meta: Omit<SweepProgressMeta, 'format' | 'version'>,
  resume: boolean,
): SweepProgress {
  const done: SweepCellResult[] = [];
  const fileOf: string[] = [];
  if (resume) {
    const metaFile = join(dir, META);
    if (!existsSync(metaFile))
      throw new UsageError(
        cmd,
        '--resume',
        `an interrupted ${cmd} (${META} in ${dir})`,
        'no such file: the folder is not an interrupted sweep',
      );
    const old = readJson(cmd, metaFile) as Partial<SweepProgressMeta>;
    if (old?.format !== SWEEP_PROGRESS_FORMAT || old.version !== 1)
      throw new UsageError(
        cmd,
        '--resume',
        `an interrupted ${cmd} (${SWEEP_PROGRESS_FORMAT} version 1 in ${metaFile})`,
        JSON.stringify(old?.format ?? null),
      );
    if (old.command !== meta.command)
      throw new UsageError(
        cmd,
        '--resume',
        `an interrupted ${cmd}`,
        `an interrupted ${String(old.command)} in ${dir}`,
      );
    if (old.engine !== meta.engine)
      throw new UsageError(
        cmd,
        '--resume',
        'the same flags as the interrupted run',
        `--engine ${meta.engine} where the interrupted run trained on ${String(old.engine)}`,
      );
    if (old.hash !== meta.hash) {
      const diff = old.spec
        ? sweepDifference(cmd, old.spec, meta.spec)
        : 'a different configuration';
      throw new UsageError(cmd, '--resume', 'the same flags as the interrupted run', diff ?? '');
    }
    for (const name of readdirSync(dir)
      .filter((f) => GROUP_RE.test(f))
      .sort()) {
      const file = join(dir, name);
      const g = readJson(cmd, file) as {
        format?: unknown;
        hash?: unknown;
        engine?: unknown;
        cells?: unknown;
      };
      if (
        g?.format !== SWEEP_PROGRESS_FORMAT ||
        g.hash !== meta.hash ||
        g.engine !== meta.engine ||
        !Array.isArray(g.cells)
      )
        throw new UsageError(
          cmd,
          '--resume',
          `the saved cells of the interrupted run (config hash ${meta.hash}, engine ${meta.engine})`,
          `${file} (delete it to train its cells again): another run's or damaged`,
        );
      for (const c of g.cells as SweepCellResult[]) {
        done.push(c);
        fileOf.push(file);
      }
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(
      join(dir, META),
      JSON.stringify({ format: SWEEP_PROGRESS_FORMAT, version: 1, ...meta }) + '\n',
    );
  }
  let count = done.length;
  return {
    dir,
    done,
    fileOf,
    save(cells) {
      writeFileAtomic(
        join(dir, groupFile(cells[0].index)),
        JSON.stringify({
          format: SWEEP_PROGRESS_FORMAT,
          version: 1,
          hash: meta.hash,
          engine: meta.engine,
          cells,
        }) + '\n',
      );
      count += cells.length;
    },
    saved: () => count,
  };
}

/**
 * A `runSweep` error about one of the cells read back (`options.done[k]...`), as a usage
 * error naming the file it came from; other errors unchanged.
 * @internal
 */
export function progressError(cmd: string, error: unknown, progress: SweepProgress): unknown {
  const m = /^runSweep: options\.done\[(\d+)\]/.exec((error as Error)?.message ?? '');
  if (!m) return error;
  const file = progress.fileOf[Number(m[1])];
  return new UsageError(
    cmd,
    '--resume',
    'the saved cells of the interrupted run',
    `${file} (delete it to train its cells again): ${(error as Error).message}`,
  );
}
