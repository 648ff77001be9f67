import { checkInteger, checkKeys, checkNumber, fail } from '../errors.js';

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
 * Check a schedule: `'constant'`, or an object of a known kind whose only fields are
 * `warmupSteps` (an integer >= 0) and `final` (a finite number >= 0).
 * @internal
 */
export function checkSchedule(fn: string, arg: string, schedule: unknown): LrSchedule {
  if (schedule === 'constant') return schedule;
  if (schedule === null || typeof schedule !== 'object') {
    fail(
      fn,
      arg,
      "'constant' or { kind: 'constant' | 'linear' | 'cosine', warmupSteps?, final? }",
      schedule,
      typeof schedule === 'string' ? 'range' : 'type',
    );
  }
  const s = schedule as { kind?: unknown; warmupSteps?: unknown; final?: unknown };
  if (s.kind !== 'constant' && s.kind !== 'linear' && s.kind !== 'cosine')
    fail(fn, `${arg}.kind`, "'constant', 'linear' or 'cosine'", s.kind);
  checkKeys(fn, arg, s, s.kind === 'constant' ? ['kind'] : ['kind', 'warmupSteps', 'final']);
  if (s.warmupSteps !== undefined) checkInteger(fn, `${arg}.warmupSteps`, s.warmupSteps, 0);
  if (s.final !== undefined)
    checkNumber(fn, `${arg}.final`, s.final, 0, Number.MAX_VALUE, 'a finite number >= 0');
  return schedule as LrSchedule;
}

/**
 * {@link learningRateAt} without its checks, for a schedule already checked.
 * @internal
 */
export function scheduledRate(
  schedule: LrSchedule,
  lr: number,
  step: number,
  steps: number,
): number {
  const s = typeof schedule === 'string' ? { kind: schedule } : schedule;
  if (s.kind === 'constant') return lr;
  const warm = s.warmupSteps ?? 0;
  const final = s.final ?? 0;
  if (step < warm) return (lr * (step + 1)) / warm;
  const span = Math.max(1, steps - 1 - warm);
  const t = Math.min(1, (step - warm) / span);
  const f = s.kind === 'linear' ? 1 - t : 0.5 * (1 + Math.cos(Math.PI * t));
  return lr * (final + (1 - final) * f);
}

/**
 * The learning rate at a step (0-based) of a run of `steps` steps.
 *
 * @param schedule - the schedule.
 * @param lr - the base learning rate.
 * @param step - the step about to be taken, in [0, steps).
 * @param steps - the length of the run.
 * @returns the learning rate for that step.
 * @throws RangeError / TypeError naming a schedule field of an unknown name or a bad value.
 * @example
 * ```ts
 * learningRateAt({ kind: 'cosine', warmupSteps: 10 }, 1e-3, 4, 100); // returns 0.0005
 * learningRateAt({ kind: 'cosine', warmup: 10 } as never, 1e-3, 4, 100); // throws TypeError (warmup is no schedule field: warmupSteps is)
 * ```
 */
export function learningRateAt(
  schedule: LrSchedule,
  lr: number,
  step: number,
  steps: number,
): number {
  checkSchedule('learningRateAt', 'schedule', schedule);
  return scheduledRate(schedule, lr, step, steps);
}
