import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SweepPart, SweepResult, SweepSpec } from '@hyperposition/toy-models';
import { UsageError, type ShardSpec } from '../args.js';
import { useBackend, type BackendName } from '../backend.js';
import { resolveEngine, type EngineChoice } from './trainFlags.js';
import type { CliIO } from '../context.js';
import { InterruptedError } from '../interrupt.js';
import {
  createLocked,
  folderHolder,
  inUse,
  LOCK_FILE,
  lockFolder,
  type FolderLock,
} from '../folderLock.js';
import {
  checkOutDir,
  openStaging,
  stagingShown,
  writeFileAtomic,
  type Staging,
} from '../output.js';
import { openSweepProgress, progressError, type SweepProgress } from '../sweepProgress.js';
import { createProgress } from '../progress.js';
import {
  SweepDivergedError,
  writeSweepOutputs,
  type PhaseDiagramDocument,
} from '../sweepOutputs.js';
import type { RunMetrics } from '../runMetrics.js';
import type { FigureFormats } from '../runFigures.js';
import { fmt, printSummary } from './common.js';

/** The file a shard writes, relative to `--out`. @internal */
export function shardFileName(index: number, count: number): string {
  const w = String(count - 1).length;
  return join('shards', `shard-${String(index).padStart(w, '0')}-of-${count}.json`);
}

/** What `sweep` and `phase-diagram` print with `--json`. */
export interface SweepSummary {
  /** `'sweep'` or `'phase-diagram'`. */
  command: string;
  /** Absolute output directory. */
  out: string;
  /** Config hash of the sweep (shards merge only when equal). */
  hash: string;
  /** Cells in the whole grid. */
  totalCells: number;
  /** Cells in this output: the grid's, or the shard's (trained now or read back). */
  cells: number;
  /** Whether the run went on from an interrupted one (`--resume`). */
  resumed: boolean;
  /** The shard run, or null for the whole grid. */
  shard: ShardSpec | null;
  /** Files written, relative to `out`. */
  files: string[];
  /** Phase-diagram only: fraction of cells whose phase matches theory. */
  agreement?: number;
}

/** Options shared by the commands that run a sweep. @internal */
export interface SweepRunOptions {
  shard: ShardSpec | undefined;
  out: string;
  force: boolean;
  quiet: boolean;
  json: boolean;
  backend: BackendName;
  /** `--engine`, resolved against the model's size ({@link resolveEngine}). */
  engine: EngineChoice;
  figures: FigureFormats;
  /** `--resume`: continue the interrupted sweep (or shard) in `--out`. */
  resume: boolean;
  /** `--checkpoint-every`: steps between checkpoints of the group in training. */
  checkpointEvery: number;
}

/** Merged-sweep summary lines for stdout. @internal */
export function sweepLines(
  result: SweepResult,
  metrics: RunMetrics,
  phase: PhaseDiagramDocument | null,
): string[] {
  const lines: string[] = [];
  if (phase) {
    const counts = new Map<string, number>();
    for (const c of phase.cells) counts.set(c.phase, (counts.get(c.phase) ?? 0) + 1);
    lines.push(
      `  phases: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}; theory agrees on ${phase.cells.filter((c) => c.agrees).length}/${phase.cells.length} cells`,
    );
    const nx = result.spec.x.values.length;
    const sym: Record<string, string> = {
      'not-represented': '.',
      dedicated: 'D',
      superposition: 'S',
    };
    lines.push(
      '  grid (rows: density p from the first value, columns: relative importance r ascending; . not represented, D dedicated, S superposition):',
    );
    for (let iy = 0; iy < result.spec.y.values.length; iy++) {
      const row = phase.cells.slice(iy * nx, (iy + 1) * nx);
      lines.push(
        `    p=${fmt(result.spec.y.values[iy], 3).padEnd(7)} ${row.map((c) => sym[c.phase] ?? '?').join(' ')}   theory ${row.map((c) => sym[c.theory] ?? '?').join(' ')}`,
      );
    }
  } else {
    for (const m of metrics.instances.slice(0, 20)) {
      const c = result.cells[m.index];
      const y = result.spec.y.values.length > 1 ? ` ${result.spec.y.param}=${fmt(c.y, 3)}` : '';
      lines.push(
        `  cell ${c.index}: ${result.spec.x.param}=${fmt(c.x, 3)}${y} loss ${fmt(c.loss)} represented ${m.represented.count}/${metrics.nFeatures} dims/feature ${m.dimensionsPerFeature === null ? '-' : fmt(m.dimensionsPerFeature, 3)}`,
      );
    }
    if (metrics.instances.length > 20)
      lines.push(`  ... ${metrics.instances.length - 20} more cells in metrics.json`);
  }
  return lines;
}

/**
 * Unfinished shards in a folder's `shards/`: `i/N` of each `.shard-i-of-N.partial`, and
 * whether a run holds it now (else it was interrupted). @internal
 */
export function interruptedShards(
  shardsDir: string,
): { shard: string; dir: string; running: boolean }[] {
  if (!existsSync(shardsDir)) return [];
  return readdirSync(shardsDir)
    .map((f) => ({ f, m: /^\.shard-0*(\d+)-of-(\d+)\.partial$/.exec(f) }))
    .filter((e) => e.m !== null)
    .map((e) => {
      const dir = join(shardsDir, e.f);
      return { shard: `${e.m![1]}/${e.m![2]}`, dir, running: folderHolder(dir) !== null };
    });
}

/**
 * Run a sweep (or one shard of it) and write its outputs: a shard writes only
 * `DIR/shards/shard-i-of-N.json`; the whole grid writes the merged outputs through a staging
 * directory renamed at the end. Finished groups of cells and a checkpoint of the group in
 * training are kept for `--resume` (see {@link openSweepProgress}).
 * @internal
 */
export async function executeSweep(
  cmd: string,
  spec: SweepSpec,
  o: SweepRunOptions,
  io: CliIO,
): Promise<number> {
  const toy = await import('@hyperposition/toy-models');
  let resolved;
  try {
    resolved = toy.resolveSweepSpec(spec);
  } catch (error) {
    throw new UsageError(cmd, 'flags', 'a valid sweep', (error as Error).message);
  }
  const total = toy.sweepCells(resolved).length;
  if (o.resume && o.force)
    throw new UsageError(cmd, '--force', 'to be left out with --resume', '--force');
  let target;
  try {
    target = checkOutDir(
      cmd,
      '--out',
      o.out,
      io.cwd,
      o.shard ? 'shared' : o.resume ? 'resume' : 'fresh',
      o.force,
    );
  } catch (error) {
    // --resume of a folder whose shards were interrupted: say which, and how
    const partial = interruptedShards(join(resolve(io.cwd, o.out), 'shards'));
    if (o.resume && !o.shard && partial.length > 0 && error instanceof UsageError) {
      const running = partial.filter((p) => p.running).map((p) => p.shard);
      const stopped = partial.filter((p) => !p.running).map((p) => p.shard);
      throw new UsageError(
        cmd,
        '--resume',
        `an interrupted run at ${JSON.stringify(o.out)}`,
        [
          stopped.length > 0 ? `interrupted shard(s) ${stopped.join(', ')} (add --shard i/N)` : '',
          running.length > 0 ? `running shard(s) ${running.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
    throw error;
  }
  const mine = o.shard
    ? toy.shardOf(toy.sweepCells(resolved), o.shard.index, o.shard.count).length
    : total;
  const engine = resolveEngine(o.engine, resolved.model.nFeatures, resolved.model.nHidden);
  // Each group of cells that trains as one model is saved as it finishes, and the group in
  // training is checkpointed: the whole grid's in the staging folder (progress/), a shard's
  // in shards/.shard-i-of-N.partial/, until the sweep's own file is written.
  let staging: Staging | null = null;
  let progressDir: string;
  let lock: FolderLock;
  const shardFile = o.shard ? shardFileName(o.shard.index, o.shard.count) : null;
  if (o.shard && shardFile) {
    progressDir = join(target.dir, dirname(shardFile), `.${basename(shardFile, '.json')}.partial`);
    const shown = join(target.shown, dirname(shardFile), basename(progressDir));
    const finished = existsSync(join(target.dir, shardFile));
    // a shard another process runs is neither resumed nor replaced
    const holder = existsSync(progressDir) ? folderHolder(progressDir) : null;
    if (holder !== null) throw inUse(cmd, shown, holder);
    if (o.resume && !existsSync(progressDir))
      throw new UsageError(
        cmd,
        '--resume',
        `an interrupted shard at ${JSON.stringify(shown)}`,
        finished ? 'a finished shard' : 'no interrupted shard',
      );
    if (!o.resume && existsSync(progressDir)) {
      if (!o.force)
        throw new UsageError(
          cmd,
          '--out',
          `a directory without an interrupted shard ${o.shard.index}/${o.shard.count} (add --resume to continue it or --force to start over)`,
          `${JSON.stringify(o.out)} (${shown} exists)`,
        );
      rmSync(progressDir, { recursive: true, force: true });
    }
    if (!o.resume && finished && !o.force)
      throw new UsageError(
        cmd,
        '--out',
        `a directory without a finished shard ${o.shard.index}/${o.shard.count} (or --force to replace it)`,
        `${JSON.stringify(o.out)} (${join(target.shown, shardFile)} exists)`,
      );
    mkdirSync(dirname(progressDir), { recursive: true });
    lock = o.resume ? lockFolder(cmd, progressDir, shown) : createLocked(cmd, progressDir, shown);
  } else {
    // created with its lock (or reopened and locked): refused where another run works in it
    staging = openStaging(target, o.resume, cmd);
    const st = staging;
    lock = { release: () => st.release() };
    progressDir = join(staging.dir, 'progress');
  }
  if (o.resume && !existsSync(progressDir)) {
    lock.release();
    // a staging folder of another command (train keeps a checkpoint.json there)
    const other = existsSync(join(target.staging, 'checkpoint.json'))
      ? 'an interrupted train run'
      : 'a staging folder without saved cells';
    throw new UsageError(
      cmd,
      '--resume',
      `an interrupted ${cmd} at ${JSON.stringify(o.out)}`,
      other,
    );
  }
  // what a failure keeps: a resumed run's folder always (the saved cells are the user's), a
  // fresh one's once something is saved
  let keep = o.resume;
  const drop = (): void => {
    lock.release();
    if (keep) return;
    if (staging) staging.discard();
    else rmSync(progressDir, { recursive: true, force: true });
  };
  let store: SweepProgress;
  try {
    store = openSweepProgress(
      cmd,
      progressDir,
      {
        command: cmd,
        hash: toy.sweepHash(resolved),
        engine,
        backend: o.backend,
        shard: o.shard ? { index: o.shard.index, count: o.shard.count } : null,
        spec: resolved,
      },
      o.resume,
      (line) => io.stderr.write(line + '\n'),
      io.cwd,
    );
  } catch (error) {
    drop();
    throw error;
  }
  const where = o.shard
    ? join(target.shown, 'shards', basename(progressDir))
    : stagingShown(target);
  const kept = (): string =>
    `${store.saved()} of ${mine} cells${store.checkpointStep() > 0 ? ` and a checkpoint at step ${store.checkpointStep()} of the cells in training` : ''} are saved in ${where}`;
  const resumedWith =
    store.done.length > 0 || store.checkpoint
      ? `resumed with ${store.done.length} cells saved${store.checkpoint ? ` and the cells in training from step ${store.checkpoint.checkpoint.step}` : ''}`
      : 'resumed with nothing saved';
  let part: SweepPart;
  try {
    await useBackend(o.backend);
    const progress = createProgress({
      stream: io.stderr,
      total: Math.max(1, mine),
      label: o.shard ? `${cmd} shard ${o.shard.index}/${o.shard.count}` : cmd,
      unit: 'cells',
      quiet: o.quiet,
      now: io.now,
      heartbeatMs: 60_000,
    });
    let done = 0;
    // The trainer reports per group of cells; tick so the bar shows elapsed time meanwhile.
    const ticker = setInterval(() => progress.update(done), 1000);
    ticker.unref();
    try {
      part = await toy.runSweep(resolved, {
        engine,
        shard: o.shard,
        signal: io.signal,
        done: store.done,
        onGroup: (cells) => {
          store.save(cells);
          keep = true;
        },
        checkpointEvery: o.checkpointEvery,
        onCheckpoint: (state) => {
          store.saveCheckpoint(state);
          keep = true;
        },
        ...(store.checkpoint ? { resumeFrom: store.checkpoint } : {}),
        onProgress: (d) => {
          done = d;
          progress.update(d);
        },
      });
    } finally {
      clearInterval(ticker);
    }
    progress.finish();
  } catch (error) {
    drop();
    if (io.signal?.aborted) {
      throw keep
        ? new InterruptedError(
            cmd,
            o.out,
            `${kept()}${o.shard ? ` (add --shard ${o.shard.index}/${o.shard.count})` : ''}`,
          )
        : new InterruptedError(
            cmd,
            undefined,
            'nothing was kept (stopped before the first training step)',
          );
    }
    const mapped = progressError(cmd, error, store, io.cwd);
    if (keep && !(mapped instanceof UsageError))
      io.stderr.write(
        `hyperposition ${cmd}: ${kept()}; after fixing the error, continue with --resume (same flags)\n`,
      );
    throw mapped;
  }
  if (o.shard && shardFile) {
    mkdirSync(join(target.dir, 'shards'), { recursive: true });
    writeFileAtomic(join(target.dir, shardFile), JSON.stringify(part) + '\n');
    lock.release();
    rmSync(progressDir, { recursive: true, force: true });
    const summary: SweepSummary = {
      command: cmd,
      out: target.dir,
      hash: part.hash,
      totalCells: total,
      cells: part.cells.length,
      resumed: o.resume,
      shard: o.shard,
      files: [shardFile],
    };
    printSummary(io, o.json, summary as unknown as Record<string, unknown>, [
      `${cmd} shard ${o.shard.index}/${o.shard.count}: ${part.cells.length} of ${total} cells x ${resolved.restarts} restarts (config hash ${part.hash})${o.resume ? `, ${resumedWith}` : ''}`,
      `wrote ${join(target.shown, shardFile)}; when every shard is done: hyperposition merge ${target.shown}`,
    ]);
    return 0;
  }
  const result = toy.mergeShards([part]);
  const st = staging!;
  // outputs of an earlier attempt that stopped while writing them (figures it drew, temporary
  // files) are not published with these
  for (const entry of readdirSync(st.dir))
    if (entry !== 'progress' && entry !== LOCK_FILE)
      rmSync(join(st.dir, entry), { recursive: true, force: true });
  // published with the outputs, then removed: a failure to publish keeps it in the staging
  // folder for --resume
  const publish = (): void => {
    lock.release();
    st.commit();
    rmSync(join(target.dir, 'progress'), { recursive: true, force: true });
  };
  try {
    const { files, metrics, phase } = await writeSweepOutputs(st.dir, result, o.figures, cmd);
    publish();
    const summary: SweepSummary = {
      command: cmd,
      out: target.dir,
      hash: result.hash,
      totalCells: total,
      cells: result.cells.length,
      resumed: o.resume,
      shard: null,
      files,
      ...(phase ? { agreement: phase.agreement } : {}),
    };
    printSummary(io, o.json, summary as unknown as Record<string, unknown>, [
      `${cmd}: ${result.cells.length} cells x ${resolved.restarts} restarts, ${resolved.train.steps} steps each (config hash ${result.hash})${o.resume ? `, ${resumedWith}` : ''}`,
      ...sweepLines(result, metrics, phase),
      `wrote ${target.shown}/ (${files.length} files)`,
    ]);
    return 0;
  } catch (error) {
    // a sweep with diverged cells keeps what it has (sweep.json, cli.json) and says so
    if (error instanceof SweepDivergedError) {
      publish();
      throw new Error(
        `${error.message}; the sweep's cells are in ${join(target.shown, 'sweep.json')} (no run.json, metrics or figures)`,
        { cause: error },
      );
    }
    lock.release();
    // the trained cells stay for --resume, which writes the outputs again
    io.stderr.write(
      `hyperposition ${cmd}: ${kept()}; after fixing the error, continue with --resume (same flags)\n`,
    );
    throw error;
  }
}
