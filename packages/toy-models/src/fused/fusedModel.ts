import type { NativeKernels } from '@hyperposition/hypervector';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import type { ResolvedToyModelConfig, ToyModelKind } from '../model/config.js';
import type { OptimizerSettings } from '../train/optimizer.js';
import { teamAdam } from '../kernels/team.js';
import { WASM_ADAM_MIN_LENGTH } from '../kernels/adamRange.js';
import { unrolledKernel } from './unrolledKernel.js';

/**
 * The state of nInstances toy models held on plain typed arrays for the fused engine.
 *
 * Shapes as on the tfjs path: `W`, `Wdec` row-major [nInstances, nHidden, nFeatures];
 * `b` [nInstances, nFeatures]; every optimizer slot has its parameter's shape.
 * @internal
 */
export interface FusedModel {
  kind: ToyModelKind;
  nInstances: number;
  nHidden: number;
  nFeatures: number;
  W: Float32Array;
  b: Float32Array;
  Wdec: Float32Array | null;
  /** Importance, row-major [nInstances, nFeatures]. */
  importance: Float32Array;
  /** Optimizer slots by name (`W.m`, `W.v`, `b.m`, ... or `W.momentum`), as on the tfjs path. */
  slots: Map<string, Float32Array>;
  /** Optimizer step count (bias correction). */
  t: number;
  /** Gradients, same shapes as the parameters (scratch, overwritten every step). */
  gW: Float32Array;
  gb: Float32Array;
  gWdec: Float32Array | null;
  /** Per-instance loss of the last step, length nInstances. */
  loss: Float64Array;
  /** At most this many threads for the large-model step (1 or 2; see `train`'s `threads`). */
  threads: number;
  /**
   * Native kernels for the large-model step's dense products (on up to `nativeThreads`
   * threads), or null for the WebAssembly products (see `train`'s `native`).
   */
  native: NativeKernels | null;
  /** Threads of the native products (1 to 16). */
  nativeThreads: number;
}

/** Penalty weights, as in the tfjs path. @internal */
export interface FusedPenalties {
  l1W: number;
  l1Hidden: number;
}

/**
 * Wrap parameters and optimizer slots (copied by the caller) into a {@link FusedModel};
 * gradients are allocated with `alloc` (shared memory for the large-model team).
 * @internal
 */
export function createFusedModel(
  config: ResolvedToyModelConfig,
  params: { W: Float32Array; b: Float32Array; Wdec: Float32Array | null },
  slots: Map<string, Float32Array>,
  t: number,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
  threads = 1,
  native: NativeKernels | null = null,
): FusedModel {
  const { nInstances, nHidden, nFeatures } = config;
  const importance = new Float32Array(nInstances * nFeatures);
  config.importance.forEach((row, i) => importance.set(row, i * nFeatures));
  return {
    kind: config.model,
    nInstances,
    nHidden,
    nFeatures,
    W: params.W,
    b: params.b,
    Wdec: params.Wdec,
    importance,
    slots,
    t,
    gW: alloc(params.W.length),
    gb: alloc(params.b.length),
    gWdec: params.Wdec ? alloc(params.Wdec.length) : null,
    loss: new Float64Array(nInstances),
    threads: Math.min(2, threads),
    native,
    nativeThreads: Math.min(16, threads),
  };
}

/**
 * Forward pass, hand-written gradient and per-instance loss of every instance on one batch,
 * fused into one pass over the batch's rows (the same function as `lossAndGrads`; Elhage et
 * al. 2022, section 2). The input is read in its sparse (CSR) layout, so the encoder and its
 * gradient touch only active features; a row with no active feature has h = 0 and only
 * adds to the loss and the bias gradient, so all such rows of an instance are folded into
 * one term; the output gradient is visited only where it is non-zero.
 *
 * Writes `model.gW`, `model.gb`, `model.gWdec` and `model.loss`.
 * @internal
 */
export function fusedLossAndGrads(
  model: FusedModel,
  batch: FeatureBatch,
  pen: FusedPenalties,
): void {
  const { kind, nInstances, nHidden: m, nFeatures: n, W, b, Wdec, importance } = model;
  const { gW, gb, gWdec, loss } = model;
  const { batchSize, offsets, indices, values } = batch;
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const reluOut = kind !== 'linear';
  const absTarget = kind === 'abs';
  const scale = 1 / (batchSize * n);
  const l1h = pen.l1Hidden / batchSize;
  gW.fill(0);
  gb.fill(0);
  gWdec?.fill(0);
  const gWd = gWdec ?? gW;
  const Wd = Wdec ?? W;
  const hpre = new Float64Array(m);
  const h = new Float64Array(m);
  const gh = new Float64Array(m);
  const opre = new Float64Array(n);
  const target = new Float64Array(n);
  const gOpre = new Float64Array(n);
  const nz = new Int32Array(n);
  const activeH = new Int32Array(m);
  const res = new Float64Array(1);
  // Small tied ReLU-output and linear models: loops unrolled for this shape.
  const unrolled =
    !reluHidden && !Wdec && pen.l1Hidden === 0 ? unrolledKernel(m, n, reluOut) : null;
  for (let i = 0; i < nInstances; i++) {
    const wBase = i * m * n;
    const bBase = i * n;
    let sse = 0;
    let hiddenAbs = 0;
    let empty = 0;
    if (unrolled) {
      empty = unrolled(
        W,
        b,
        importance,
        gW,
        gb,
        offsets,
        indices,
        values,
        target,
        i,
        batchSize,
        2 * scale,
        res,
      );
      sse = res[0];
    } else {
      for (let s = 0; s < batchSize; s++) {
        const row = i * batchSize + s;
        const e0 = offsets[row];
        const e1 = offsets[row + 1];
        if (e0 === e1) {
          empty++;
          continue;
        }
        // Encoder over the active features only.
        let nh = 0;
        for (let k = 0; k < m; k++) {
          const w = wBase + k * n;
          let acc = 0;
          for (let e = e0; e < e1; e++) acc += values[e] * W[w + indices[e]];
          hpre[k] = acc;
          const hk = reluHidden && acc < 0 ? 0 : acc;
          h[k] = hk;
          if (hk !== 0) activeH[nh++] = k;
          hiddenAbs += Math.abs(hk);
        }
        // Decoder: o = Wd^T h + b, skipping hidden units that are zero.
        for (let f = 0; f < n; f++) opre[f] = b[bBase + f];
        for (let a = 0; a < nh; a++) {
          const k = activeH[a];
          const hk = h[k];
          const w = wBase + k * n;
          for (let f = 0; f < n; f++) opre[f] += hk * Wd[w + f];
        }
        for (let e = e0; e < e1; e++) {
          const v = values[e];
          target[indices[e]] = absTarget ? Math.abs(v) : v;
        }
        // Output gradient: zero where the ReLU is off; keep the non-zero entries.
        let nnz = 0;
        for (let f = 0; f < n; f++) {
          const o = opre[f];
          const out = reluOut && o < 0 ? 0 : o;
          const diff = out - target[f];
          const wd = importance[bBase + f] * diff;
          sse += wd * diff;
          if (reluOut && !(o > 0)) continue;
          const g = 2 * scale * wd;
          if (g === 0) continue;
          gOpre[f] = g;
          nz[nnz++] = f;
        }
        for (let e = e0; e < e1; e++) target[indices[e]] = 0;
        // gb, gWd = h gOpre^T, gh = Wd gOpre over the non-zero output gradient.
        for (let a = 0; a < nnz; a++) gb[bBase + nz[a]] += gOpre[nz[a]];
        for (let k = 0; k < m; k++) {
          const w = wBase + k * n;
          const hk = h[k];
          let acc = 0;
          for (let a = 0; a < nnz; a++) {
            const f = nz[a];
            const g = gOpre[f];
            acc += Wd[w + f] * g;
            if (hk !== 0) gWd[w + f] += hk * g;
          }
          if (l1h > 0) acc += l1h * Math.sign(h[k]);
          if (reluHidden && !(hpre[k] > 0)) acc = 0;
          gh[k] = acc;
        }
        // Encoder gradient over the active features.
        for (let k = 0; k < m; k++) {
          const g = gh[k];
          if (g === 0) continue;
          const w = wBase + k * n;
          for (let e = e0; e < e1; e++) gW[w + indices[e]] += g * values[e];
        }
      }
    }
    // Rows with no active feature: h = 0, output relu(b) against target 0.
    if (empty > 0) {
      for (let f = 0; f < n; f++) {
        const o = b[bBase + f];
        const out = reluOut && o < 0 ? 0 : o;
        const wd = importance[bBase + f] * out;
        sse += empty * wd * out;
        if (reluOut && !(o > 0)) continue;
        gb[bBase + f] += empty * 2 * scale * wd;
      }
    }
    let li = sse * scale;
    if (pen.l1Hidden > 0) li += hiddenAbs * l1h;
    loss[i] = li;
  }
  if (pen.l1W > 0) addL1W(model, pen.l1W);
}

/**
 * Add the weight penalty l1W * sum |W| (and |Wdec|) to each instance's loss and its
 * subgradient to the weight gradients.
 * @internal
 */
export function addL1W(model: FusedModel, l1W: number): void {
  const { nInstances, nHidden: m, nFeatures: n, W, Wdec, gW, gWdec, loss } = model;
  for (let i = 0; i < nInstances; i++) {
    let absW = 0;
    for (let j = i * m * n; j < (i + 1) * m * n; j++) {
      absW += Math.abs(W[j]);
      gW[j] += l1W * Math.sign(W[j]);
      if (Wdec && gWdec) {
        absW += Math.abs(Wdec[j]);
        gWdec[j] += l1W * Math.sign(Wdec[j]);
      }
    }
    loss[i] += l1W * absW;
  }
}

/**
 * One optimizer update in place on typed arrays: the same arithmetic as the tfjs path's
 * `optimizerStep` (AdamW as in Loshchilov and Hutter 2019, Adam as in Kingma and Ba 2015,
 * SGD with heavy-ball momentum), parameter by parameter.
 * @internal
 */
export function fusedOptimizerStep(
  settings: OptimizerSettings,
  lr: number,
  model: FusedModel,
): void {
  model.t += 1;
  const { kind, beta1, beta2, eps, weightDecay: wd, momentum } = settings;
  const params: [string, Float32Array, Float32Array][] = [
    ['W', model.W, model.gW],
    ['b', model.b, model.gb],
  ];
  if (model.Wdec && model.gWdec) params.push(['Wdec', model.Wdec, model.gWdec]);
  const bc1 = 1 - beta1 ** model.t;
  const sbc2 = Math.sqrt(1 - beta2 ** model.t);
  const step = lr / bc1;
  const decay = kind === 'adamw' && wd > 0 ? 1 - lr * wd : 1;
  const l2 = kind !== 'adamw' ? wd : 0;
  for (const [name, p, g] of params) {
    const len = p.length;
    if (kind === 'sgd') {
      const buf = momentum > 0 ? model.slots.get(`${name}.momentum`)! : null;
      for (let j = 0; j < len; j++) {
        let gj = g[j] + l2 * p[j];
        if (buf) gj = buf[j] = buf[j] * momentum + gj;
        p[j] = p[j] - lr * gj;
      }
      continue;
    }
    const mm = model.slots.get(`${name}.m`)!;
    const vv = model.slots.get(`${name}.v`)!;
    const args = { p, g, m: mm, v: vv, beta1, beta2, l2, decay, sbc2, eps, step };
    if (model.native !== null && len >= WASM_ADAM_MIN_LENGTH) {
      // in place on the native kernels' threads: the same bits as adamUpdate
      model.native.adamUpdate(args, { threads: model.nativeThreads });
    } else {
      teamAdam(args, model.threads);
    }
  }
}
