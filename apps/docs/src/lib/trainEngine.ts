// The training engines a live example can use (`train(model, { engine })` of
// @hyperposition/toy-models), and the check of a `?engine=` query value.
import type { TrainEngine } from '@hyperposition/toy-models';

/** The engines in the order offered to the reader: the fast one first. */
export const engineNames: readonly TrainEngine[] = ['fused', 'tfjs'];

/**
 * Whether a string names a training engine.
 * @example
 * ```ts
 * isEngineName('fused'); // returns true
 * isEngineName('gpu'); // returns false
 * ```
 */
export function isEngineName(value: unknown): value is TrainEngine {
  return typeof value === 'string' && (engineNames as readonly string[]).includes(value);
}
