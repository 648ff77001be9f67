import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseCheckpoint,
  serializeCheckpoint,
  type ResolvedSweepSpec,
  type SweepCellResult,
  type SweepCheckpoint,
} from '@hyperposition/toy-models';
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
  /** Steps between checkpoints of the group in training (`--checkpoint-every`). */
  checkpointEvery: number;
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
  /** The checkpoint of the group that was in training (resume), or undefined. */
  readonly checkpoint: SweepCheckpoint | undefined;
  /** Save one trained group (atomic), and drop the checkpoint of its training. */
  save(cells: SweepCellResult[]): void;
  /** Save the checkpoint of the group in training (atomic; one file, replaced each time). */
  saveCheckpoint(state: SweepCheckpoint): void;
  /** Cells saved so far, counting those read back. */
  saved(): number;
  /** The step of the last checkpoint saved or read back, or 0 where there is none. */
  checkpointStep(): number;
}

const META = 'sweep.json';
const CHECKPOINT = 'checkpoint.json';
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
  let checkpoint: SweepCheckpoint | undefined;
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
    if (old.checkpointEvery !== meta.checkpointEvery)
      throw new UsageError(
        cmd,
        '--resume',
        'the same flags as the interrupted run',
        `--checkpoint-every ${meta.checkpointEvery} where the interrupted run had ${String(old.checkpointEvery)}`,
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
    const ckFile = join(dir, CHECKPOINT);
    if (existsSync(ckFile)) {
      const c = readJson(cmd, ckFile) as {
        format?: unknown;
        hash?: unknown;
        engine?: unknown;
        cells?: unknown;
        checkpoint?: unknown;
      };
      const damaged = (why: string): UsageError =>
        new UsageError(
          cmd,
          '--resume',
          `the checkpoint of the interrupted run (config hash ${meta.hash}, engine ${meta.engine})`,
          `${ckFile} (delete it to train its group from the start): ${why}`,
        );
      if (c?.format !== SWEEP_PROGRESS_FORMAT || c.hash !== meta.hash || c.engine !== meta.engine)
        throw damaged("another run's or damaged");
      if (!Array.isArray(c.cells) || !c.cells.every((i) => Number.isInteger(i)))
        throw damaged('its cells are not a list of cell indices');
      try {
        checkpoint = {
          cells: c.cells as number[],
          checkpoint: parseCheckpoint(JSON.stringify(c.checkpoint)),
        };
      } catch (error) {
        throw damaged(oneLine((error as Error).message));
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
  let step = checkpoint?.checkpoint.step ?? 0;
  return {
    dir,
    done,
    fileOf,
    checkpoint,
    saveCheckpoint(state) {
      writeFileAtomic(
        join(dir, CHECKPOINT),
        JSON.stringify({
          format: SWEEP_PROGRESS_FORMAT,
          version: 1,
          hash: meta.hash,
          engine: meta.engine,
          cells: state.cells,
          checkpoint: JSON.parse(serializeCheckpoint(state.checkpoint)) as unknown,
        }),
      );
      step = state.checkpoint.step;
    },
    checkpointStep: () => step,
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
      // the group's checkpoint is of no use once its cells are saved
      rmSync(join(dir, CHECKPOINT), { force: true });
      step = 0;
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
  const message = (error as Error)?.message ?? '';
  if (/^(runSweep: options\.resumeFrom|trainBestOf: options\.resumeFrom)/.test(message))
    return new UsageError(
      cmd,
      '--resume',
      'the checkpoint of the interrupted run',
      `${join(progress.dir, CHECKPOINT)} (delete it to train its group from the start): ${message}`,
    );
  const m = /^runSweep: options\.done\[(\d+)\]/.exec(message);
  if (!m) return error;
  const file = progress.fileOf[Number(m[1])];
  return new UsageError(
    cmd,
    '--resume',
    'the saved cells of the interrupted run',
    `${file} (delete it to train its cells again): ${(error as Error).message}`,
  );
}
