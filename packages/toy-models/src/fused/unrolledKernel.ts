/**
 * One instance's loss and gradient for a small tied ReLU-output or linear model, with the
 * loops over hidden units and features unrolled for a fixed (nHidden, nFeatures): W, b and
 * the importance sit in local variables, the decoder half of the gradient accumulates in
 * locals, so a row costs a few dozen multiply-adds and no loop overhead.
 *
 * Arguments: (W, b, importance, gW, gb, offsets, indices, values, x, instance, batchSize,
 * c) where x is a zeroed Float64Array(nFeatures) scratch and c = 2 / (batchSize * nFeatures),
 * the output gradient's factor. Writes the summed weighted squared error of the rows with an
 * active feature (before the 1 / (batchSize nFeatures) scale) to res[0] and returns the number
 * of rows without one, which the caller folds in (kept out of the generated code: V8 would
 * optimise it before it had run and deoptimise on every call). gW and gb are added to.
 * @internal
 */
export type UnrolledKernel = (
  W: Float32Array,
  b: Float32Array,
  importance: Float32Array,
  gW: Float32Array,
  gb: Float32Array,
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  x: Float64Array,
  instance: number,
  batchSize: number,
  c: number,
  res: Float64Array,
) => number;

const cache = new Map<string, UnrolledKernel | null>();

/** Largest nHidden * nFeatures unrolled; beyond it the generic loops are as fast. */
export const UNROLL_LIMIT = 64;

/**
 * Build (once per shape) the unrolled kernel, or return null when the shape is too large or
 * the environment forbids generated code (a Content Security Policy without 'unsafe-eval').
 * @internal
 */
export function unrolledKernel(m: number, n: number, relu: boolean): UnrolledKernel | null {
  if (m * n > UNROLL_LIMIT) return null;
  const key = `${m},${n},${relu}`;
  if (cache.has(key)) return cache.get(key)!;
  const K = [...Array(m).keys()];
  const F = [...Array(n).keys()];
  const lines: string[] = [];
  const L = (s: string): number => lines.push(s);
  L(`const wb = i * ${m * n}, bb = i * ${n};`);
  for (const k of K)
    for (const f of F) L(`const w${k}_${f} = W[wb + ${k * n + f}]; let G${k}_${f} = 0;`);
  for (const f of F) L(`const b${f} = b[bb + ${f}], im${f} = imp[bb + ${f}]; let gb${f} = 0;`);
  L(`let sse = 0, empty = 0;`);
  L(`for (let s = 0; s < B; s++) {`);
  L(`  const row = i * B + s, e0 = off[row], e1 = off[row + 1];`);
  L(`  if (e0 === e1) { empty++; continue; }`);
  L(`  let ${K.map((k) => `h${k} = 0`).join(', ')};`);
  L(`  for (let e = e0; e < e1; e++) {`);
  L(`    const f = idx[e], v = val[e]; x[f] = v;`);
  for (const k of K) L(`    h${k} += v * W[wb + ${k * n} + f];`);
  L(`  }`);
  for (const k of K) L(`  let gh${k} = 0;`);
  for (const f of F) {
    const o = `b${f}${K.map((k) => ` + h${k} * w${k}_${f}`).join('')}`;
    L(`  { const o = ${o};`);
    L(
      `    const d = ${relu ? '(o > 0 ? o : 0)' : 'o'} - x[${f}]; const wd = im${f} * d; sse += wd * d;`,
    );
    L(`    const g = ${relu ? 'o > 0 ? c * wd : 0' : 'c * wd'};`);
    L(
      `    gb${f} += g;${K.map((k) => ` G${k}_${f} += h${k} * g; gh${k} += w${k}_${f} * g;`).join('')} }`,
    );
  }
  L(`  for (let e = e0; e < e1; e++) {`);
  L(`    const f = idx[e], v = val[e]; x[f] = 0;`);
  for (const k of K) L(`    gW[wb + ${k * n} + f] += gh${k} * v;`);
  L(`  }`);
  L(`}`);
  for (const k of K) for (const f of F) L(`gW[wb + ${k * n + f}] += G${k}_${f};`);
  for (const f of F) L(`gb[bb + ${f}] += gb${f};`);
  L(`res[0] = sse;`);
  L(`return empty;`);
  let kernel: UnrolledKernel | null;
  try {
    kernel = new Function(
      'W',
      'b',
      'imp',
      'gW',
      'gb',
      'off',
      'idx',
      'val',
      'x',
      'i',
      'B',
      'c',
      'res',
      `'use strict';\n${lines.join('\n')}`,
    ) as UnrolledKernel;
  } catch {
    kernel = null;
  }
  cache.set(key, kernel);
  return kernel;
}
