import { booleanFlag, choiceFlag, numberFlag, type Flag } from '../args.js';
import type { BackendName } from '../backend.js';
import type { CliIO } from '../context.js';
import type { FigureFormats } from '../runFigures.js';
import { createProgress, type Progress } from '../progress.js';

/** Flags shared by the commands that train (`train`, `sweep`, `phase-diagram`). @internal */
export const backendFlag: Flag<BackendName> = choiceFlag({
  choices: ['wasm', 'cpu'] as const,
  default: 'wasm',
  description: 'TensorFlow.js backend: wasm (fast, SIMD) or cpu (plain JavaScript fallback)',
});

/** `--figures`: which figure files to write. @internal */
export const figuresFlag: Flag<FigureFormats> = choiceFlag({
  choices: ['svg,png', 'svg', 'png', 'none'] as const,
  default: 'svg,png',
  placeholder: 'FORMATS',
  description: 'figure files to write: svg,png, svg, png or none',
});

/** `--quiet`/`-q`. @internal */
export const quietFlag: Flag<boolean> = booleanFlag({
  short: 'q',
  description: 'no progress on stderr',
});

/** `--json`. @internal */
export const jsonFlag: Flag<boolean> = booleanFlag({
  description: 'print the summary on stdout as one JSON object',
});

/** `--force`. @internal */
export const forceFlag: Flag<boolean> = booleanFlag({
  description:
    'replace an earlier output in --out (a folder with a cli.json), or an interrupted run',
});

/** `--resume` of the grid commands (`sweep`, `phase-diagram`). @internal */
export const sweepResumeFlag: Flag<boolean> = booleanFlag({
  description:
    'continue an interrupted sweep (or shard) in DIR: the groups of cells it saved are not trained again, the one in training goes on from its last checkpoint (same flags; same result as an uninterrupted run)',
});

/** `--checkpoint-every` of the grid commands (`sweep`, `phase-diagram`). @internal */
export const sweepCheckpointEveryFlag: Flag<number> = numberFlag({
  integer: true,
  min: 1,
  default: 1000,
  description: 'steps between checkpoints of the cells in training (for --resume)',
});

/** `--restarts` of the grid commands (`sweep`, `phase-diagram`). @internal */
export const restartsFlag: Flag<number> = numberFlag({
  integer: true,
  min: 1,
  max: 1000,
  default: 5,
  placeholder: 'K',
  description: 'fits per cell with their own seeds; the lowest loss is kept (the paper used 10)',
});

/** `--eval-batch` of the grid commands. @internal */
export const evalBatchFlag: Flag<number> = numberFlag({
  integer: true,
  min: 1,
  max: 1 << 22,
  default: 4096,
  description: 'samples per instance of the final loss comparison',
});

/** A progress reporter on the CLI's stderr. @internal */
export function progressFor(
  io: CliIO,
  label: string,
  total: number,
  unit: string,
  quiet: boolean,
): Progress {
  return createProgress({ stream: io.stderr, total, label, unit, quiet, now: io.now });
}

/** Print a summary: one JSON object with `--json`, else aligned `key: value` lines. @internal */
export function printSummary(
  io: CliIO,
  json: boolean,
  summary: Record<string, unknown>,
  lines: string[],
): void {
  if (json) io.stdout.write(JSON.stringify(summary) + '\n');
  else io.stdout.write(lines.join('\n') + '\n');
}

/** Format a number for a summary line. @internal */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}
