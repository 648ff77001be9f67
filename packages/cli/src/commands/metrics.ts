import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stringFlag, UsageError, type Flag } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import type { CliIO } from '../context.js';
import { loadRunArg } from '../loadRunArg.js';
import { checkOutFile, writeFileAtomic } from '../output.js';
import { instancesOf } from '../runOutputs.js';
import { METRICS_FORMAT, runMetrics } from '../runMetrics.js';
import { fmt, jsonFlag } from './common.js';

/** Options of `hyperposition metrics <run.json>`. */
export interface MetricsCommandOptions {
  /** `--out`: where to write the metrics; default `metrics.json` beside run.json. */
  out: string | undefined;
  /** `--json`: print the whole metrics document on stdout instead of a table. */
  json: boolean;
}

const flags: { [K in keyof MetricsCommandOptions]: Flag<MetricsCommandOptions[K]> } = {
  out: stringFlag({
    placeholder: 'FILE',
    default: undefined,
    description:
      'metrics file to write (default: metrics.json beside run.json); replaces only an earlier metrics file',
  }),
  json: booleanJson(),
};

function booleanJson(): Flag<boolean> {
  return {
    ...jsonFlag,
    description: 'print the whole metrics document on stdout (as written to metrics.json)',
  };
}

/**
 * Refuse to replace a file that is not an earlier metrics document (the run's own run.json,
 * say): metrics.json is recomputed freely, anything else a user saved is left alone.
 */
function checkReplaceable(cmd: string, flag: string, path: string, shown: string): void {
  if (!existsSync(path)) return;
  let format: unknown;
  try {
    // Metrics documents are small; a large file is something else, unread.
    if (statSync(path).size < 64 << 20)
      format = (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown } | null)?.format;
  } catch {
    format = undefined;
  }
  if (format !== METRICS_FORMAT) {
    throw new UsageError(
      cmd,
      flag,
      'a new file or an earlier metrics.json to replace',
      `${JSON.stringify(shown)} (a file of another kind, left as it is)`,
    );
  }
}

async function runMetricsCommand(
  o: MetricsCommandOptions,
  arg: string,
  io: CliIO,
): Promise<number> {
  const cmd = 'metrics';
  const outArg = o.out;
  // Check the output path before reading anything heavy.
  const outPath = outArg === undefined ? undefined : checkOutFile(cmd, '--out', outArg, io.cwd);
  if (outPath !== undefined) checkReplaceable(cmd, '--out', outPath, outArg!);
  const { run, dir } = await loadRunArg(cmd, arg, io.cwd);
  const target = outPath ?? join(dir, 'metrics.json');
  if (outPath === undefined) {
    checkOutFile(cmd, '<run.json>', target, io.cwd);
    checkReplaceable(cmd, '<run.json>', target, relative(io.cwd, target) || target);
  }
  const metrics = runMetrics(instancesOf(run));
  mkdirSync(dirname(target), { recursive: true });
  writeFileAtomic(target, JSON.stringify(metrics, null, 1) + '\n');
  if (o.json) {
    io.stdout.write(JSON.stringify(metrics) + '\n');
    return 0;
  }
  const lines = [
    `metrics of ${arg}: n=${metrics.nFeatures} m=${metrics.nHidden}, ${metrics.instances.length} instance(s)`,
  ];
  lines.push('  inst  sparsity  loss        represented  dims/feature  sum D_i  geometry');
  for (const m of metrics.instances) {
    const kinds = m.geometry?.configurations.map((c) => c.kind) ?? [];
    const counts = new Map<string, number>();
    for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
    const geometry = [...counts].map(([k, c]) => (c > 1 ? `${c}x ${k}` : k)).join(', ') || '-';
    lines.push(
      `  ${String(m.index).padEnd(6)}${fmt(m.sparsity, 3).padEnd(10)}${fmt(m.loss).padEnd(12)}${`${m.represented.count}/${metrics.nFeatures}`.padEnd(13)}${(m.dimensionsPerFeature === null ? '-' : fmt(m.dimensionsPerFeature, 3)).padEnd(14)}${fmt(m.dimensionalitySum, 3).padEnd(9)}${geometry}`,
    );
  }
  const rel = relative(io.cwd, target);
  lines.push(`wrote ${rel.startsWith('..') ? target : rel}`);
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/**
 * `hyperposition metrics <run.json>`: recompute `metrics.json` from a saved run.
 * @internal
 */
export const metricsCommand: Command = defineCommand(
  {
    name: 'metrics',
    brief: 'recompute metrics.json from a saved run',
    positionals: { name: '<run.json>', min: 1, max: 1 },
    summary:
      'Recompute the metrics of a saved run with @hyperposition/interference: feature norms, dimensionality, superposition, dimensions per feature, represented count and geometry, per instance. Writes metrics.json beside run.json (or --out) and prints a table.',
    flags,
    examples: [
      'hyperposition metrics runs/intro/run.json',
      'hyperposition metrics runs/intro --json | jq ".instances[0].geometry.counts"',
    ],
  },
  async ({ values, positionals }, io) => runMetricsCommand(values, positionals[0], io),
);
