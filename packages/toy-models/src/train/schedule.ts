import { fail } from '../errors.js';

/**
 * A learning-rate schedule, as a multiple of the base rate over a run of `steps` steps.
 * - `'constant'` (the notebook's choice);
 * - `{ kind: 'linear', warmupSteps?, final? }`: linear warm-up from 0, then linear from 1 to
 *   `final` (default 0) at the last step;
 * - `{ kind: 'cosine', warmupSteps?, final? }`: linear warm-up, then half a cosine from 1
 *   down to `final` (default 0).
 */
export type LrSchedule =
  | 'constant'
  | { kind: 'constant' }
  | { kind: 'linear'; warmupSteps?: number; final?: number }
  | { kind: 'cosine'; warmupSteps?: number; final?: number };

/**
 * The learning rate at a step (0-based) of a run of `steps` steps.
 *
 * @param schedule - the schedule.
 * @param lr - the base learning rate.
 * @param step - the step about to be taken, in [0, steps).
 * @param steps - the length of the run.
 * @returns the learning rate for that step.
 * @example
 * ```ts
 * learningRateAt({ kind: 'cosine', warmupSteps: 10 }, 1e-3, 4, 100); // returns 0.0005
 * ```
 */
export function learningRateAt(
  schedule: LrSchedule,
  lr: number,
  step: number,
  steps: number,
): number {
  const s = typeof schedule === 'string' ? { kind: schedule } : schedule;
  if (s.kind === 'constant') return lr;
  if (s.kind !== 'linear' && s.kind !== 'cosine') {
    fail(
      'learningRateAt',
      'schedule.kind',
      "'constant', 'linear' or 'cosine'",
      (s as { kind: unknown }).kind,
    );
  }
  const warm = s.warmupSteps ?? 0;
  const final = s.final ?? 0;
  if (step < warm) return (lr * (step + 1)) / warm;
  const span = Math.max(1, steps - 1 - warm);
  const t = Math.min(1, (step - warm) / span);
  const f = s.kind === 'linear' ? 1 - t : 0.5 * (1 + Math.cos(Math.PI * t));
  return lr * (final + (1 - final) * f);
}
