import { fail } from '../errors.js';

/**
 * How the importance I_i of each feature is set (Elhage et al. 2022, section 2: the loss
 * weights feature i's squared error by I_i).
 * - an array of nFeatures non-negative numbers, used as given;
 * - `{ kind: 'constant', value }`: every I_i = value (default 1);
 * - `{ kind: 'geometric', ratio }`: I_i = ratio^i (the paper's 0.9^i for n = 5; its
 *   100^-linspace(0, 1, n) is ratio = 100^(-1/(n-1))).
 */
export type ImportanceSpec =
  number[] | { kind: 'constant'; value?: number } | { kind: 'geometric'; ratio: number };

/**
 * Expand an {@link ImportanceSpec} into nFeatures numbers.
 *
 * @param spec - the importance specification.
 * @param nFeatures - n, the number of features.
 * @param arg - the argument name used in error messages.
 * @returns an array of nFeatures importances.
 * @example
 * ```ts
 * resolveImportance({ kind: 'geometric', ratio: 0.9 }, 3); // returns [1, 0.9, 0.81] (approximately)
 * ```
 */
export function resolveImportance(
  spec: ImportanceSpec,
  nFeatures: number,
  arg = 'importance',
): number[] {
  const fn = 'resolveImportance';
  if (Array.isArray(spec)) {
    if (
      spec.length !== nFeatures ||
      !spec.every((v) => typeof v === 'number' && v >= 0 && Number.isFinite(v))
    ) {
      fail(fn, arg, `an array of nFeatures (${nFeatures}) finite numbers >= 0`, spec, 'type');
    }
    return spec.slice();
  }
  if (spec === null || typeof spec !== 'object')
    fail(fn, arg, 'an array or { kind }', spec, 'type');
  if (spec.kind === 'constant') {
    const v = spec.value ?? 1;
    if (!(v >= 0) || !Number.isFinite(v)) fail(fn, `${arg}.value`, 'a finite number >= 0', v);
    return new Array<number>(nFeatures).fill(v);
  }
  if (spec.kind === 'geometric') {
    const r = spec.ratio;
    if (!(r > 0) || !Number.isFinite(r)) fail(fn, `${arg}.ratio`, 'a finite number > 0', r);
    // r^(n - 1) must stay a finite float (1e300 overflows at the second power): the loss
    // would be infinite
    if (!Number.isFinite(r ** (nFeatures - 1)))
      fail(
        fn,
        `${arg}.ratio`,
        `a ratio whose powers up to ${nFeatures - 1} (nFeatures - 1) stay finite (below ${Number((Number.MAX_VALUE ** (1 / Math.max(1, nFeatures - 1))).toPrecision(4))})`,
        r,
      );
    return Array.from({ length: nFeatures }, (_, i) => r ** i);
  }
  return fail(fn, `${arg}.kind`, "'constant' or 'geometric'", (spec as { kind: unknown }).kind);
}
