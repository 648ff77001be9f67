import { fail } from '../errors.js';
import { createRng, type Rng } from '../random/rng.js';
import type { HVArray, ModelName } from '../types.js';
import { membershipThreshold } from './chance.js';
import {
  checkInteger,
  checkNumber,
  checkOptions,
  checkRngArg,
  checkSameModel,
  checkVector,
  projectionNormalization,
} from './check.js';
import { ItemMemory } from './itemMemory.js';

/** How a resonator run ended. */
export type ResonatorStatus = 'converged' | 'spurious' | 'cycle' | 'max-iterations';

/** Options of {@link resonate}. */
export interface ResonatorOptions {
  /** Iteration limit (full sweeps over the factors; default 200). */
  maxIterations?: number;
  /** `'sequential'` (each factor sees the others' newest estimates; default) or `'parallel'`. */
  update?: 'sequential' | 'parallel';
  /**
   * Similarity that the re-bound decoded factors must reach with the composite for a fixed
   * point to count as `'converged'` (default: {@link membershipThreshold} with false-positive
   * rate 1e-6, i.e. clearly above chance).
   */
  acceptance?: number;
  /**
   * Restarts after a spurious fixed point or a limit cycle (default 3): each restart begins
   * from a random superposition of every codebook (seeded by `rng`), sharing `maxIterations`.
   */
  restarts?: number;
  /** Seeded generator for tie-breaking and restarts (default: a fixed seed). */
  rng?: Rng;
}

/** Result of {@link resonate}. */
export interface ResonatorResult<V extends HVArray> {
  /** `'converged'`: a fixed point whose decoded factors re-bind to the composite;
   * `'spurious'`: a fixed point whose decoded factors do not; `'cycle'`: the state repeated
   * (a limit cycle of length `period`); `'max-iterations'`: neither within the limit. */
  status: ResonatorStatus;
  /** Per factor, the row of the codebook item most similar to the final estimate. */
  indices: number[];
  /** Per factor, that item's label. */
  labels: string[];
  /** Per factor, the similarity between the final estimate and that item. */
  similarities: number[];
  /** Similarity between the composite and the bound decoded items. */
  reconstruction: number;
  /** Sweeps performed, over all attempts. */
  iterations: number;
  /** Restarts used (0 when the first attempt ended the run). */
  restarts: number;
  /** Length of the detected limit cycle (0 unless status is `'cycle'`). */
  period: number;
  /** The final estimates, one vector per factor. */
  estimates: V[];
}

const EXACT: readonly ModelName[] = ['MAP-B', 'MAP-I', 'BSC', 'FHRR', 'SBC'];

/**
 * Factorise a composite `s = x_1 ⊗ x_2 ⊗ ... ⊗ x_F`, each `x_f` an item of codebook f, with a
 * resonator network (Frady, Kent, Olshausen and Sommer 2020, "Resonator networks, 1",
 * Neural Computation 32:2311-2331; Kent et al. 2020, part 2). Each estimate starts as the
 * superposition of its codebook and is updated in turn by unbinding the other estimates from
 * `s` and cleaning up through its codebook with outer-product weights:
 * `x_f <- P(X_f X_f^T (s ⊘ prod_{g != f} x_g))`, where `P` is the model's projection (sign for
 * MAP, majority for BSC, phasor for FHRR, per-segment vote for sparse block codes).
 *
 * Convergence is a state that no longer changes; a state seen before (detected by a 64-bit
 * hash of all estimates) is a limit cycle. A fixed point is reported `'converged'` only when
 * the decoded items re-bind to the composite (similarity at least `acceptance`), otherwise
 * `'spurious'`, so a wrong answer is never marked converged.
 *
 * Models: those with exact unbinding (MAP-B, MAP-I with bipolar codebooks, BSC, FHRR, sparse
 * block codes). MAP-C and HRR throw.
 *
 * @param composite - one vector `[model.length]`.
 * @param codebooks - F >= 2 item memories of one model, each `[D_f, model.length]`.
 * @param options - `{ maxIterations, update, acceptance, rng }`.
 * @returns status, decoded indices and labels, iterations and final estimates.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1500, variant: 'B' });
 * const rng = createRng(4);
 * const books = [0, 1, 2].map((f) => ItemMemory.random(vsa, Array.from({ length: 15 }, (_, i) => `${f}:${i}`), { rng }));
 * const s = vsa.bind(vsa.bind(books[0].at(3), books[1].at(7)), books[2].at(11));
 * resonate(s, books).indices; // returns [3, 7, 11]
 * ```
 */
export function resonate<V extends HVArray>(
  composite: V,
  codebooks: readonly ItemMemory<V>[],
  options?: ResonatorOptions,
): ResonatorResult<V> {
  const fn = 'resonate';
  const opts = checkOptions(fn, options, [
    'maxIterations',
    'update',
    'acceptance',
    'restarts',
    'rng',
  ]);
  if (!Array.isArray(codebooks) || codebooks.length < 2) {
    fail(
      fn,
      'codebooks',
      'an array of at least 2 ItemMemory',
      codebooks,
      Array.isArray(codebooks) ? 'range' : 'type',
    );
  }
  codebooks.forEach((c, f) => {
    if (!(c instanceof ItemMemory)) fail(fn, `codebooks[${f}]`, 'an ItemMemory', c, 'type');
  });
  const model = codebooks[0].model;
  if (!EXACT.includes(model.name)) {
    fail(
      fn,
      'codebooks[0].model',
      `a model with exact unbinding (${EXACT.join(', ')})`,
      model.name,
      'type',
    );
  }
  codebooks.forEach((c, f) => {
    checkSameModel(fn, `codebooks[${f}]`, model, c.model);
    c.checkNotEmpty(`${fn}: codebooks[${f}]`);
  });
  checkVector(fn, 'composite', model, composite);
  const maxIt = checkInteger(fn, 'options.maxIterations', opts.maxIterations ?? 200, 1);
  const update = opts.update ?? 'sequential';
  if (update !== 'sequential' && update !== 'parallel')
    fail(fn, 'options.update', '"sequential" or "parallel"', update);
  const acceptance =
    opts.acceptance === undefined
      ? membershipThreshold(model, { falsePositiveRate: 1e-6 })
      : checkNumber(fn, 'options.acceptance', opts.acceptance, -1, 1);
  const maxRestarts = checkInteger(fn, 'options.restarts', opts.restarts ?? 3, 0);
  const rng = opts.rng === undefined ? createRng(0x2e50) : checkRngArg(fn, 'options.rng', opts.rng);
  const seed = rng.nextUint32();

  const F = codebooks.length;
  // Phasor states approach a fixed point continuously: compare them on a grid of 2^-12.
  const quantum = model.name === 'FHRR' ? 4096 : 0;
  const normalize = projectionNormalization(model.name);
  // BSC similarity is (1 + cos)/2: centre it so that unrelated items vote with weight about 0.
  const centre = model.name === 'BSC' ? (s: number) => 2 * s - 1 : (s: number) => s;
  let estimates: V[] = codebooks.map((c) =>
    model.bundle(c.vectors, { normalize, rng: createRng(seed) }),
  );
  const weights = codebooks.map((c) => new Float64Array(c.size));

  const others = (f: number, from: V[]): V => {
    let acc: V | undefined;
    for (let g = 0; g < F; g++) {
      if (g === f) continue;
      acc = acc === undefined ? (from[g].slice() as V) : model.bind(acc, from[g]);
    }
    return acc as V;
  };
  const step = (f: number, from: V[]): V => {
    const u = model.unbind(composite, others(f, from));
    const sims = model.similarity(u, codebooks[f].vectors);
    const w = weights[f];
    for (let i = 0; i < w.length; i++) w[i] = centre(sims[i]);
    // Fresh same-seed generator: ties are broken the same way for the same state.
    return model.bundle(codebooks[f].vectors, {
      weights: w,
      normalize,
      rng: createRng(seed ^ (f + 1)),
    });
  };

  let iterations = 0;
  let restarts = 0;
  while (true) {
    const seen = new Map<string, number>([[hashState(estimates, quantum), iterations]]);
    let status: ResonatorStatus = 'max-iterations';
    let period = 0;
    while (iterations < maxIt) {
      const previous = estimates;
      if (update === 'sequential') {
        estimates = estimates.slice();
        for (let f = 0; f < F; f++) estimates[f] = step(f, estimates);
      } else {
        estimates = estimates.map((_, f) => step(f, previous));
      }
      iterations++;
      if (estimates.every((e, f) => equal(e, previous[f], quantum))) {
        status = 'converged';
        break;
      }
      const key = hashState(estimates, quantum);
      const first = seen.get(key);
      if (first !== undefined) {
        status = 'cycle';
        period = iterations - first;
        break;
      }
      seen.set(key, iterations);
    }
    const result = decode();
    if (status === 'converged' && !(result.reconstruction >= acceptance)) status = 'spurious';
    if (
      status === 'converged' ||
      status === 'max-iterations' ||
      restarts >= maxRestarts ||
      iterations >= maxIt
    ) {
      return { status, ...result, iterations, restarts, period, estimates };
    }
    restarts++;
    estimates = codebooks.map((c) => {
      const w = new Float64Array(c.size);
      for (let i = 0; i < w.length; i++) w[i] = rng.nextNormal();
      return model.bundle(c.vectors, { weights: w, normalize, rng });
    });
  }

  function decode(): {
    indices: number[];
    labels: string[];
    similarities: number[];
    reconstruction: number;
  } {
    const indices: number[] = [];
    const labels: string[] = [];
    const similarities: number[] = [];
    for (let f = 0; f < F; f++) {
      const m = codebooks[f].query(estimates[f]);
      indices.push(m.index);
      labels.push(m.label);
      similarities.push(m.similarity);
    }
    const product = others(
      -1,
      codebooks.map((c, f) => c.at(indices[f])),
    );
    return {
      indices,
      labels,
      similarities,
      reconstruction: model.similarity(composite, product)[0],
    };
  }
}

function equal(a: HVArray, b: HVArray, quantum: number): boolean {
  if (quantum === 0) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  } else {
    for (let i = 0; i < a.length; i++)
      if (Math.round(a[i] * quantum) !== Math.round(b[i] * quantum)) return false;
  }
  return true;
}

/** Two independent 32-bit hashes (FNV-1a and a multiply-xorshift) over the bytes of all estimates
 * (quantised to multiples of 1/quantum when quantum > 0), as one key. */
function hashState(estimates: readonly HVArray[], quantum: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  for (const e of estimates) {
    const bytes =
      quantum === 0
        ? new Uint8Array(e.buffer, e.byteOffset, e.byteLength)
        : new Uint8Array(Int32Array.from(e, (x) => Math.round(x * quantum)).buffer);
    for (let i = 0; i < bytes.length; i++) {
      h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
      h2 = Math.imul(h2 ^ bytes[i], 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  return `${(h1 >>> 0).toString(16)}:${(h2 >>> 0).toString(16)}`;
}
