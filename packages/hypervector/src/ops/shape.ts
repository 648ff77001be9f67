import { checkInteger, fail, failOverlap } from '../errors.js';
import { overlaps } from '../kernels/sharing.js';

/** Typed arrays a real-valued similarity accepts. @internal */
export type RealTypedArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/**
 * Check the operands of a similarity under the shape rule `(*, w) x (n, w) -> (*, n)`,
 * where `w` is the number of array elements per vector; returns the row counts and output.
 * @internal
 */
export function similarityShape(
  fn: string,
  query: unknown,
  codebook: unknown,
  width: number,
  out: Float32Array | undefined,
  accepts: (x: unknown) => boolean,
  expected: string,
): { nq: number; n: number; out: Float32Array } {
  if (!accepts(query)) fail(fn, 'query', expected, query, 'type');
  if (!accepts(codebook)) fail(fn, 'codebook', expected, codebook, 'type');
  const q = query as ArrayLike<number>;
  const c = codebook as ArrayLike<number>;
  if (q.length === 0 || q.length % width !== 0)
    fail(fn, 'query', `a length that is a positive multiple of ${width}`, query);
  if (c.length === 0 || c.length % width !== 0)
    fail(fn, 'codebook', `a length that is a positive multiple of ${width}`, codebook);
  const nq = q.length / width;
  const n = c.length / width;
  if (out === undefined) return { nq, n, out: new Float32Array(nq * n) };
  if (!(out instanceof Float32Array)) fail(fn, 'out', `Float32Array(${nq * n})`, out, 'type');
  if (out.length !== nq * n) fail(fn, 'out', `Float32Array(${nq * n}) for [${nq}, ${n}]`, out);
  // The kernels read the operands while they write: an output over either would feed its own
  // results back in.
  noOverlap(fn, out, query as ArrayBufferView, 'query');
  noOverlap(fn, out, codebook as ArrayBufferView, 'codebook');
  return { nq, n, out };
}

/**
 * Throw a RangeError naming `out` where it shares any byte with `x` (named `arg`), the same
 * span included: for operations that read their inputs after they start writing (the
 * similarities of the models and the standalone ones). @internal
 */
export function noOverlap(fn: string, out: ArrayBufferView, x: ArrayBufferView, arg: string): void {
  // (A Float32 output is never the input itself, though it may lie over the same bytes.)
  if (overlaps(out, x, false)) failOverlap(fn, arg, 'none');
}

/** Check a `dim` argument. @internal */
export function checkDim(fn: string, dim: unknown): number {
  return checkInteger(fn, 'dim', dim, 1);
}

/** Whether x is a non-BigInt typed array. @internal */
export function isRealTypedArray(x: unknown): x is RealTypedArray {
  return (
    x instanceof Float32Array ||
    x instanceof Float64Array ||
    x instanceof Int8Array ||
    x instanceof Int16Array ||
    x instanceof Int32Array ||
    x instanceof Uint8Array ||
    x instanceof Uint16Array ||
    x instanceof Uint32Array
  );
}

/** Throw if a result holds a non-finite value, naming the operand that holds one. @internal */
export function checkFiniteSimilarity(
  fn: string,
  out: Float32Array,
  query: ArrayLike<number>,
  codebook: ArrayLike<number>,
): void {
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v - v !== 0) {
      for (const [arg, x] of [
        ['query', query],
        ['codebook', codebook],
      ] as const) {
        for (let k = 0; k < x.length; k++) {
          if (x[k] - x[k] !== 0)
            throw new RangeError(
              `${fn}: ${arg} expected finite values, got ${String(x[k])} at index ${k}`,
            );
        }
      }
      throw new RangeError(
        `${fn}: result expected finite values, got an overflow (inputs too large)`,
      );
    }
  }
}
