import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SweepPart } from '@hyperposition/toy-models';
import { oneLine, stringFlag, UsageError, type Flag } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import { checkOutDir, openStaging, shownPath, type Staging } from '../output.js';
import { SweepDivergedError, writeSweepOutputs } from '../sweepOutputs.js';
import type { FigureFormats } from '../runFigures.js';
import { figuresFlag, forceFlag, jsonFlag, printSummary } from './common.js';
import { folderHolder, inUse } from '../folderLock.js';
import { interruptedShards, sweepLines, type SweepSummary } from './sweepRunner.js';

/** Options of `hyperposition merge <shards...>`. */
export interface MergeCommandOptions {
  /** `--out`: where the merged outputs go; default the folder given (the one holding shards/). */
  out: string | undefined;
  /** `--force`: replace earlier merged outputs in `--out`. */
  force: boolean;
  /** `--figures`: figure files to write; default `svg,png`. */
  figures: FigureFormats;
  /** `--json`: machine-readable summary. */
  json: boolean;
}

const flags: { [K in keyof MergeCommandOptions]: Flag<MergeCommandOptions[K]> } = {
  out: stringFlag({
    placeholder: 'DIR',
    default: undefined,
    description: 'output directory (default: the one directory given)',
  }),
  force: forceFlag,
  figures: figuresFlag,
  json: jsonFlag,
};

/** Shard files named by the arguments: files as given, folders searched in shards/ or themselves. */
function shardFiles(cmd: string, args: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    if (!existsSync(path))
      throw new UsageError(
        cmd,
        '<shards>',
        'shard files or folders holding shards/',
        `${JSON.stringify(arg)} (not found)`,
      );
    if (statSync(path).isDirectory()) {
      const dir = existsSync(join(path, 'shards')) ? join(path, 'shards') : path;
      const found = readdirSync(dir)
        .filter((f) => /^shard-\d+-of-\d+\.json$/.test(f))
        .sort()
        .map((f) => join(dir, f));
      if (found.length === 0)
        throw new UsageError(
          cmd,
          '<shards>',
          'a folder with shards/shard-i-of-N.json files',
          `${JSON.stringify(arg)} (none found${unfinishedShards([dir])})`,
        );
      files.push(...found);
    } else files.push(path);
  }
  return [...new Set(files)];
}

/**
 * The shards still running or interrupted in these folders, for a message: `; running: shard
 * 0/2; interrupted: shard 1/2 (finish with its command and --resume)`, or ''.
 */
function unfinishedShards(dirs: readonly string[]): string {
  const all = dirs.flatMap((d) => interruptedShards(d));
  const running = all.filter((p) => p.running).map((p) => p.shard);
  const stopped = all.filter((p) => !p.running).map((p) => p.shard);
  return (
    (running.length > 0 ? `; running: shard ${running.join(', ')}` : '') +
    (stopped.length > 0
      ? `; interrupted: shard ${stopped.join(', ')} (finish with its command and --resume)`
      : '')
  );
}

function readPart(cmd: string, file: string, cwd: string): SweepPart {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepPart;
  } catch (error) {
    throw new UsageError(
      cmd,
      '<shards>',
      'JSON shard files',
      `${shownPath(file, cwd)}: ${oneLine((error as Error).message)}`,
    );
  }
}

async function runMerge(o: MergeCommandOptions, args: string[], io: CliIO): Promise<number> {
  const cmd = 'merge';
  const files = shardFiles(cmd, args, io.cwd);
  const dirs = args.filter(
    (a) => existsSync(resolve(io.cwd, a)) && statSync(resolve(io.cwd, a)).isDirectory(),
  );
  const outArg = o.out ?? (args.length === 1 && dirs.length === 1 ? args[0] : undefined);
  if (outArg === undefined)
    throw new UsageError(
      cmd,
      '--out',
      'a directory (required unless one folder is given)',
      'nothing',
    );
  // The outputs join the shards/ folder: only earlier merged outputs may be replaced, with --force.
  const target = checkOutDir(cmd, '--out', outArg, io.cwd, 'shared', o.force);
  // the staging folder beside --out belongs to a sweep that is running or was interrupted
  // there: merge would replace it
  if (existsSync(target.staging)) {
    const holder = folderHolder(target.staging);
    if (holder !== null) throw inUse(cmd, basename(target.staging), holder);
    throw new UsageError(
      cmd,
      '--out',
      'a directory without a run in progress beside it',
      `${JSON.stringify(outArg)} (${basename(target.staging)} holds an interrupted run: finish it with --resume, or remove it)`,
    );
  }
  const parts = files.map((f) => readPart(cmd, f, io.cwd));
  const toy = await import('@hyperposition/toy-models');
  let result;
  try {
    result = toy.mergeShards(parts);
    toy.resolveSweepSpec(result.spec);
  } catch (error) {
    const msg = (error as Error).message
      .replace(/^\w+: /, '')
      .replace(/^parts /, '<shards> ')
      .replace(/parts\[(\d+)\]/g, (_, k: string) => shownPath(files[Number(k)], io.cwd));
    const hint = / missing /.test(msg)
      ? unfinishedShards([...new Set(files.map((f) => dirname(f)))])
      : '';
    throw UsageError.fromDetail(cmd, '<shards>', msg + hint);
  }
  if (existsSync(join(target.dir, 'run.json')) && !o.force) {
    throw new UsageError(
      cmd,
      '--out',
      'a folder without merged outputs (or --force to replace them)',
      `${JSON.stringify(outArg)} (run.json exists)`,
    );
  }
  const staging = openStaging({ ...target, force: true }, false, cmd);
  let written: string[];
  let lines: string[];
  try {
    const out = await writeSweepOutputs(staging.dir, result, o.figures, cmd);
    written = out.files;
    lines = sweepLines(result, out.metrics, out.phase);
  } catch (error) {
    if (!(error instanceof SweepDivergedError)) {
      staging.discard();
      throw error;
    }
    // the merged sweep.json and cli.json are kept (as sweep does), the shards stay as they
    // are, and an earlier merge's outputs go (they belong to another sweep)
    if (existsSync(target.dir))
      for (const entry of readdirSync(target.dir))
        if (entry !== 'shards') rmSync(join(target.dir, entry), { recursive: true, force: true });
    publish(staging, target.dir);
    throw new Error(
      `${error.message}; the sweep's cells are in ${join(outArg, 'sweep.json')} (no run.json, metrics or figures)`,
      { cause: error },
    );
  }
  publish(staging, target.dir);
  const isPhase =
    result.spec.x.param === 'extraImportance' && result.spec.y.param === 'featureProbability';
  const summary: SweepSummary = {
    command: cmd,
    out: target.dir,
    hash: result.hash,
    totalCells: result.cells.length,
    cells: result.cells.length,
    resumed: false,
    shard: null,
    files: written,
  };
  printSummary(io, o.json, summary as unknown as Record<string, unknown>, [
    `merged ${parts.length} shard(s) of ${isPhase ? 'a phase diagram' : 'a sweep'}: ${result.cells.length} cells (config hash ${result.hash})`,
    ...lines,
    `wrote ${target.shown}/ (${written.length} files)`,
  ]);
  return 0;
}

/**
 * `hyperposition merge`: validate and merge the shards of a sweep or phase diagram.
 * @internal
 */
export const mergeCommand: Command = defineCommand(
  {
    name: 'merge',
    brief: 'validate and merge the shards of a sweep',
    positionals: { name: '<shards...>', min: 1, max: 100_000 },
    summary:
      'Validate and merge the shard files of a sweep or phase diagram (DIR/shards/shard-i-of-N.json): every part must have the same config hash, and every cell must appear exactly once. Writes the same outputs as an unsharded run (sweep.json, run.json, metrics.json, phase-diagram.json, figures/) into --out, by default the folder given.',
    flags,
    examples: [
      'hyperposition merge runs/big',
      'hyperposition merge a/shards/shard-0-of-2.json b/shards/shard-1-of-2.json --out runs/merged',
    ],
  },
  async ({ values, positionals }, io) => runMerge(values, positionals, io),
);

/**
 * The staged outputs into `dir`: one rename for a new folder, else one atomic rename per
 * entry, replacing earlier outputs and leaving shards/ alone.
 */
function publish(staging: Staging, dir: string): void {
  if (!existsSync(dir)) {
    staging.commit();
    return;
  }
  // its lock is not an output
  staging.release();
  for (const entry of readdirSync(staging.dir)) {
    const dest = join(dir, entry);
    if (existsSync(dest)) rmSync(dest, { recursive: true, force: true });
    renameSync(join(staging.dir, entry), dest);
  }
  staging.discard();
}
