import { readFileSync } from 'node:fs';
import {
  parseCheckpoint,
  serializeCheckpoint,
  type HistoryEntry,
  type ToyModelCheckpoint,
} from '@hyperposition/toy-models';
import { writeFileAtomic } from './output.js';

/** The `format` tag of the CLI's checkpoint file. */
export const CLI_CHECKPOINT_FORMAT = 'hyperposition.cli.checkpoint';

/**
 * What the CLI needs beyond the trainer's checkpoint to finish a run exactly as an
 * uninterrupted one: the history so far and the sums of the final-window losses.
 */
export interface CliTrainState {
  /** History entries recorded so far. */
  history: HistoryEntry[];
  /** Per-instance sums of the batch losses of the final window seen so far. */
  windowSums: number[];
  /** Number of window steps summed. */
  windowCount: number;
}

/**
 * Write the trainer's checkpoint and the CLI's state as ONE file, atomically, so a kill can
 * never leave the two out of step.
 * @internal
 */
export function saveCliCheckpoint(
  path: string,
  ckpt: ToyModelCheckpoint,
  state: CliTrainState,
): void {
  const text = JSON.stringify({
    format: CLI_CHECKPOINT_FORMAT,
    version: 1,
    step: ckpt.step,
    state,
    checkpoint: JSON.parse(serializeCheckpoint(ckpt)) as unknown,
  });
  writeFileAtomic(path, text);
}

/**
 * Read a file written by {@link saveCliCheckpoint}.
 * @throws Error naming the file when it is not a CLI checkpoint.
 * @internal
 */
export function loadCliCheckpoint(path: string): {
  ckpt: ToyModelCheckpoint;
  state: CliTrainState;
} {
  const obj = JSON.parse(readFileSync(path, 'utf8')) as {
    format?: unknown;
    version?: unknown;
    state?: CliTrainState;
    checkpoint?: unknown;
  };
  if (obj.format !== CLI_CHECKPOINT_FORMAT || obj.version !== 1 || !obj.state) {
    throw new Error(`${path} is not a hyperposition CLI checkpoint (version 1)`);
  }
  return { ckpt: parseCheckpoint(JSON.stringify(obj.checkpoint)), state: obj.state };
}
