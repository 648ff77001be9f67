import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { oneLine, UsageError } from './args.js';
import { EXPERIMENTS, type ExperimentName } from './experiments/registry.js';

/** What `hyperposition figures` needs from an experiment's results.json. */
export interface LoadedResults {
  /** The study that wrote the file. */
  experiment: ExperimentName;
  /** Its `config` (the scale's settings). */
  config: Record<string, unknown>;
  /** Its finished cells. */
  cells: unknown[];
  /** The folder the file lives in. */
  dir: string;
}

/**
 * Load the results.json that `hyperposition experiment` wrote, at `path`, for its figures. A
 * file that cannot be read, is not JSON, or does not hold a known experiment's version-1
 * results (`experiment`, `version`, an object `config` and an array `cells`) is a usage error
 * (exit code 2) that says which.
 *
 * @param command - subcommand name for messages.
 * @param path - the file's absolute path.
 * @param arg - the argument as given, for messages.
 * @internal
 */
export async function loadResultsArg(
  command: string,
  path: string,
  arg: string,
): Promise<LoadedResults> {
  const bad = (expected: string, got: string): never => {
    throw new UsageError(command, '<results.json>', expected, `${JSON.stringify(arg)}: ${got}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return bad('a readable JSON file', oneLine((error as Error).message));
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return bad('the results of `hyperposition experiment` (an object)', typeof doc);
  const r = doc as Record<string, unknown>;
  const names = Object.keys(EXPERIMENTS);
  if (typeof r.experiment !== 'string' || !names.includes(r.experiment))
    return bad(
      `the results of one of the experiments (${names.join(', ')})`,
      `experiment ${JSON.stringify(r.experiment)}`,
    );
  if (r.version !== 1) return bad('results of version 1', `version ${JSON.stringify(r.version)}`);
  if (r.config === null || typeof r.config !== 'object' || Array.isArray(r.config))
    return bad('a config object', `config ${JSON.stringify(r.config)}`);
  if (!Array.isArray(r.cells)) return bad('an array of cells', `cells ${typeof r.cells}`);
  return {
    experiment: r.experiment as ExperimentName,
    config: r.config as Record<string, unknown>,
    cells: r.cells,
    dir: dirname(path),
  };
}
