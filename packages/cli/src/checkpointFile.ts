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
  /**
   * The trainer's engine of the steps so far (`--engine` resolved): a resumed run must go on
   * with it to end as an uninterrupted one. Files written before it was recorded trained on
   * `'tfjs'`.
   */
  engine: 'tfjs' | 'fused';
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

/** What the run being resumed says the CLI's state must look like at the checkpoint's step. */
export interface CliStateShape {
  /** Total steps of the run. */
  steps: number;
  /** Steps between history entries. */
  historyEvery: number;
  /** Length of the final loss window (its last steps). */
  finalWindow: number;
  /** Instances of the model. */
  nInstances: number;
  /** The run's optimizer. */
  optimizer: string;
}

/**
 * Read a file written by {@link saveCliCheckpoint}, and check that the CLI's state in it is
 * the one an uninterrupted run has at the checkpoint's step: history entries at every
 * `historyEvery` steps so far, one final-window sum per instance and as many window steps as
 * have passed. Losses written as null (a NaN in JSON) come back as NaN.
 * @throws Error naming the field when the file is not a whole CLI checkpoint of such a run.
 * @internal
 */
export function loadCliCheckpoint(
  path: string,
  shape: CliStateShape,
): {
  ckpt: ToyModelCheckpoint;
  state: CliTrainState;
} {
  let obj: { format?: unknown; version?: unknown; state?: unknown; checkpoint?: unknown };
  try {
    obj = JSON.parse(readFileSync(path, 'utf8')) as typeof obj;
  } catch (error) {
    throw new Error(`JSON expected, got a parse error (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (
    obj === null ||
    typeof obj !== 'object' ||
    obj.format !== CLI_CHECKPOINT_FORMAT ||
    obj.version !== 1
  )
    throw new Error(`format expected "${CLI_CHECKPOINT_FORMAT}" version 1, got another file`);
  const ckpt = parseCheckpoint(JSON.stringify(obj.checkpoint));
  const step = ckpt.step;
  const bad = (field: string, expected: string, got: unknown): never => {
    const shown =
      typeof got === 'string'
        ? JSON.stringify(got)
        : Array.isArray(got)
          ? `Array(${got.length})`
          : got === null
            ? 'null'
            : typeof got === 'object'
              ? 'an object'
              : String(got);
    throw new Error(`${field} expected ${expected}, got ${shown}`);
  };
  if (step > shape.steps) bad('checkpoint.step', `at most the run's steps (${shape.steps})`, step);
  // The CLI saves only after training steps, so its optimizer state is always there.
  if (step > 0 && ckpt.optimizer === null)
    bad('checkpoint.optimizer', `the optimizer's state at step ${step}`, null);
  if (ckpt.optimizer !== null && ckpt.optimizer.kind !== shape.optimizer)
    bad(
      'checkpoint.optimizer.kind',
      `the run's optimizer "${shape.optimizer}"`,
      ckpt.optimizer.kind,
    );
  const loss = (field: string, v: unknown): number => {
    if (v === null) return NaN;
    if (typeof v !== 'number') bad(field, 'a number (or null)', v);
    return v as number;
  };
  const st = obj.state as Record<string, unknown> | null | undefined;
  if (st === null || typeof st !== 'object' || Array.isArray(st))
    return bad('state', 'an object', st);
  // History: the steps onStep records, up to the checkpoint's step.
  const want: number[] = [];
  for (let s = shape.historyEvery; s <= step; s += shape.historyEvery) want.push(s);
  if (step === shape.steps && step % shape.historyEvery !== 0) want.push(step);
  if (!Array.isArray(st.history) || st.history.length !== want.length)
    bad(
      'state.history',
      `an array of ${want.length} entries (${shape.historyEvery === 1 ? 'every step' : `every ${shape.historyEvery} steps`} to step ${step})`,
      st.history,
    );
  const history = (st.history as unknown[]).map((h, i) => {
    const e = h as { step?: unknown; loss?: unknown } | null;
    if (e === null || typeof e !== 'object' || e.step !== want[i])
      bad(`state.history[${i}].step`, String(want[i]), e?.step);
    return { step: want[i], loss: loss(`state.history[${i}].loss`, e!.loss) };
  });
  if (!Array.isArray(st.windowSums) || st.windowSums.length !== shape.nInstances)
    bad('state.windowSums', `an array of nInstances (${shape.nInstances}) numbers`, st.windowSums);
  const windowSums = (st.windowSums as unknown[]).map((v, i) => loss(`state.windowSums[${i}]`, v));
  const windowCount = Math.max(0, step - Math.max(0, shape.steps - shape.finalWindow));
  if (st.windowCount !== windowCount)
    bad(
      'state.windowCount',
      `${windowCount} (the final window's steps up to step ${step})`,
      st.windowCount,
    );
  const engine = st.engine ?? 'tfjs';
  if (engine !== 'tfjs' && engine !== 'fused') {
    return bad('state.engine', '"tfjs" or "fused" (or absent: "tfjs")', engine);
  }
  return { ckpt, state: { history, windowSums, windowCount, engine } };
}
