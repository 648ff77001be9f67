import { createHash } from 'node:crypto';
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
import { shownPath, writeFileAtomic } from './output.js';

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
  /** The tfjs backend (`--backend`): not part of the hash either, and its floats differ. */
  backend: string;
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

/** SHA-256 of a text, hex: each saved file carries the digest of its content. */
const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Where the settings of a resumed sweep differ from the interrupted one's, as flags. */
function sweepDifference(
  cmd: string,
  before: ResolvedSweepSpec,
  now: ResolvedSweepSpec,
): string | null {
  const grid =
    cmd === 'sweep' ? null : 'grid flags (--grid, --r-grid, --p-grid, --r-range, --p-range)';
  // the sweep's own settings first: --restarts changes the model's init as well
  const flags: [keyof ResolvedSweepSpec, string][] = [
    ['restarts', '--restarts'],
    ['x', grid ?? '--x'],
    ['y', grid ?? '--y'],
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
  for (const part of ['model', 'train'] as const) {
    const d = flagDifference(before[part], now[part]);
    if (d !== null) return d;
  }
  // the hashes differ, so something does (a field this list does not name)
  return 'a different configuration';
}

/** What a saved progress file is, for its messages. */
interface SavedKind {
  /** What it holds: `saved cells`, `a checkpoint`. */
  what: string;
  /** What one of another run is called. */
  other: string;
  /** What a file of another format is called. */
  notA: string;
  /** What deleting it costs. */
  deleting: string;
}
const GROUP_FILE: SavedKind = {
  what: 'saved cells',
  other: 'cells of another run',
  notA: 'a file that is not a group of saved cells',
  deleting: 'to train its cells again',
};
const CHECKPOINT_FILE: SavedKind = {
  what: 'a checkpoint',
  other: 'a checkpoint of another run',
  notA: 'a file that is not a checkpoint',
  deleting: 'to train its group from the start',
};

/** The fields every saved group and checkpoint records. */
interface SavedRecord {
  format?: unknown;
  hash?: unknown;
  engine?: unknown;
  backend?: unknown;
  sha256?: unknown;
  cells?: unknown;
  checkpoint?: unknown;
}

/**
 * A saved group or checkpoint read back: JSON of this format, of this run (config hash,
 * engine, backend); otherwise a usage error naming the file and what deleting it costs. Returns
 * the record and the error maker for the caller's further checks.
 */
function readSaved(
  cmd: string,
  file: string,
  shownFile: string,
  meta: Omit<SweepProgressMeta, 'format' | 'version'>,
  kind: SavedKind,
): { record: SavedRecord; bad: (why: string) => UsageError } {
  const bad = (why: string): UsageError =>
    new UsageError(
      cmd,
      '--resume',
      `${kind.what} of this run (or none: delete ${shownFile} ${kind.deleting})`,
      why,
    );
  let record: SavedRecord | null;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as SavedRecord | null;
  } catch (error) {
    throw new UsageError(
      cmd,
      '--resume',
      `${kind.what} of the interrupted run (or none: delete ${file} ${kind.deleting})`,
      oneLine((error as Error).message),
    );
  }
  if (record?.format !== SWEEP_PROGRESS_FORMAT) throw bad(kind.notA);
  if (record.hash !== meta.hash || record.engine !== meta.engine || record.backend !== meta.backend)
    throw bad(
      `${kind.other} (config hash ${String(record.hash)}, engine ${String(record.engine)}, backend ${String(record.backend)})`,
    );
  return { record, bad };
}

/**
 * Open the progress folder of a sweep: a fresh one (its `sweep.json` written), or, when
 * resuming, the interrupted run's, checked against this run's settings (the flag that differs
 * is named) with its saved groups read back. (The caller locks the folder the run works in.)
 *
 * @param cmd - the command, for messages.
 * @param dir - the progress folder.
 * @param meta - this run's settings.
 * @param resume - read back an interrupted run's folder instead of starting one.
 * @param warn - where a rebuilt `sweep.json` is reported.
 * @param cwd - paths in messages are shown relative to it.
 * @returns the progress store.
 * @internal
 */
export function openSweepProgress(
  cmd: string,
  dir: string,
  meta: Omit<SweepProgressMeta, 'format' | 'version'>,
  resume: boolean,
  warn: (line: string) => void,
  cwd: string,
): SweepProgress {
  const shown = (p: string): string => shownPath(p, cwd);
  const done: SweepCellResult[] = [];
  const fileOf: string[] = [];
  let checkpoint: SweepCheckpoint | undefined;
  const full: SweepProgressMeta = { format: SWEEP_PROGRESS_FORMAT, version: 1, ...meta };
  const writeMeta = (): void => writeFileAtomic(join(dir, META), JSON.stringify(full) + '\n');
  if (resume) {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    {
      const metaFile = join(dir, META);
      let rewrite = false;
      let old: Partial<SweepProgressMeta> | null;
      try {
        const parsed: unknown = JSON.parse(readFileSync(metaFile, 'utf8'));
        old =
          parsed !== null && typeof parsed === 'object'
            ? (parsed as Partial<SweepProgressMeta>)
            : null;
      } catch {
        old = null;
      }
      if (old === null || old.format !== SWEEP_PROGRESS_FORMAT) {
        // the record of the settings is gone or damaged: the saved groups carry their config
        // hash, engine and backend, which are checked against this run's as they are read;
        // written again once they pass
        rewrite = true;
        warn(
          `hyperposition ${cmd}: ${shown(metaFile)} was ${old === null ? 'missing or unreadable' : 'not a sweep record'}; written again from this run's flags (the saved groups are checked against them)`,
        );
      } else {
        if (old.version !== 1)
          throw new UsageError(
            cmd,
            '--resume',
            `an interrupted ${cmd} recorded by this version (${SWEEP_PROGRESS_FORMAT} version 1)`,
            `version ${JSON.stringify(old.version)} in ${shown(metaFile)}`,
          );
        if (old.command !== meta.command)
          throw new UsageError(
            cmd,
            '--resume',
            `an interrupted ${cmd}`,
            `an interrupted ${String(old.command)} in ${shown(dir)}`,
          );
        if (old.engine !== meta.engine)
          throw new UsageError(
            cmd,
            '--resume',
            'the same flags as the interrupted run',
            `--engine ${meta.engine} where the interrupted run trained on ${String(old.engine)}`,
          );
        if (old.backend !== undefined && old.backend !== meta.backend)
          throw new UsageError(
            cmd,
            '--resume',
            'the same flags as the interrupted run',
            `--backend ${meta.backend} where the interrupted run trained on ${String(old.backend)}`,
          );
        if (old.hash !== meta.hash) {
          const diff = old.spec
            ? sweepDifference(cmd, old.spec, meta.spec)
            : 'a different configuration';
          throw new UsageError(
            cmd,
            '--resume',
            'the same flags as the interrupted run',
            diff ?? '',
          );
        }
      }
      const owner = new Map<number, string>();
      for (const name of readdirSync(dir)
        .filter((f) => GROUP_RE.test(f))
        .sort()) {
        const file = join(dir, name);
        const { record: g, bad } = readSaved(cmd, file, shown(file), meta, GROUP_FILE);
        if (!Array.isArray(g.cells)) throw bad(GROUP_FILE.notA);
        if (g.sha256 !== digest(JSON.stringify(g.cells)))
          throw bad('cells that were changed after they were saved (their SHA-256 differs)');
        for (const c of g.cells as SweepCellResult[]) {
          const index = (c as { index?: unknown })?.index;
          const before = typeof index === 'number' ? owner.get(index) : undefined;
          if (before !== undefined)
            throw new UsageError(
              cmd,
              '--resume',
              'each saved cell in one file',
              `cell ${String(index)} in both ${shown(before)} and ${shown(file)} (delete the one that does not belong)`,
            );
          if (typeof index === 'number') owner.set(index, file);
          done.push(c);
          fileOf.push(file);
        }
      }
      const ckFile = join(dir, CHECKPOINT);
      if (existsSync(ckFile)) {
        const { record: c, bad: damaged } = readSaved(
          cmd,
          ckFile,
          shown(ckFile),
          meta,
          CHECKPOINT_FILE,
        );
        const text = JSON.stringify(c.checkpoint);
        if (c.sha256 !== digest(JSON.stringify(c.cells) + text))
          throw damaged('a checkpoint that was changed after it was saved (its SHA-256 differs)');
        if (!Array.isArray(c.cells) || !c.cells.every((i) => Number.isInteger(i)))
          throw damaged('its cells are not a list of cell indices');
        try {
          checkpoint = { cells: c.cells as number[], checkpoint: parseCheckpoint(text) };
        } catch (error) {
          throw damaged(oneLine((error as Error).message));
        }
      }
      if (rewrite) writeMeta();
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeMeta();
  }
  let count = done.length;
  let step = checkpoint?.checkpoint.step ?? 0;
  return {
    dir,
    done,
    fileOf,
    checkpoint,
    saveCheckpoint(state) {
      const text = serializeCheckpoint(state.checkpoint);
      // re-serialised as read back, so that the digest is of the text a reader sees
      const body = JSON.stringify(JSON.parse(text) as unknown);
      writeFileAtomic(
        join(dir, CHECKPOINT),
        `{"format":${JSON.stringify(SWEEP_PROGRESS_FORMAT)},"version":1,"hash":${JSON.stringify(meta.hash)},"engine":${JSON.stringify(meta.engine)},"backend":${JSON.stringify(meta.backend)},"sha256":${JSON.stringify(digest(JSON.stringify(state.cells) + body))},"cells":${JSON.stringify(state.cells)},"checkpoint":${body}}`,
      );
      step = state.checkpoint.step;
    },
    checkpointStep: () => step,
    save(cells) {
      const body = JSON.stringify(cells);
      writeFileAtomic(
        join(dir, groupFile(cells[0].index)),
        JSON.stringify({
          format: SWEEP_PROGRESS_FORMAT,
          version: 1,
          hash: meta.hash,
          engine: meta.engine,
          backend: meta.backend,
          sha256: digest(body),
          cells,
        }) + '\n',
      );
      count += cells.length;
      // the group's checkpoint is of no use once its cells are saved (the group of a
      // checkpoint trains first, so no other group's checkpoint is here yet)
      rmSync(join(dir, CHECKPOINT), { force: true });
      step = 0;
    },
    saved: () => count,
  };
}

/**
 * A `runSweep` or `trainBestOf` error about the cells or checkpoint read back, as a usage
 * error naming the file it came from; other errors unchanged.
 * @internal
 */
export function progressError(
  cmd: string,
  error: unknown,
  progress: SweepProgress,
  cwd: string,
): unknown {
  const shown = (p: string): string => shownPath(p, cwd);
  const message = (error as Error)?.message ?? '';
  const detail = message.replace(/^\w+: options\./, '');
  if (/^(runSweep|trainBestOf): options\.resumeFrom/.test(message))
    return new UsageError(
      cmd,
      '--resume',
      `a checkpoint of this run (or none: delete ${shown(join(progress.dir, CHECKPOINT))} to train its group from the start)`,
      detail,
    );
  const m = /^runSweep: options\.done\[(\d+)\]/.exec(message);
  if (!m) return error;
  const file = progress.fileOf[Number(m[1])];
  return new UsageError(
    cmd,
    '--resume',
    `saved cells of this run (or none: delete ${shown(file)} to train its cells again)`,
    detail.replace(/^done\[\d+\]\.?/, ''),
  );
}
