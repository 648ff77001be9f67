import { matmulNN, matmulNT } from '@hyperposition/hypervector';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import type { FusedModel, FusedPenalties } from '../fused/fusedModel.js';

/**
 * Above this many weights per instance (m·n) the fused engine computes a step with
 * {@link denseLossAndGrads} (batched products on WebAssembly SIMD) instead of row by row.
 * @internal
 */
export const DENSE_KERNEL_MIN_WEIGHTS: number = 1 << 15;

/**
 * Below this fraction of non-zero output-gradient entries the two backward products
 * (gWd = Hᵀ G and gH = G Wdᵀ) visit only the non-zero entries; above it they run as dense
 * SIMD products. A dense product costs about 1/20 of a scalar multiply-add per entry, the
 * sparse loop one scalar multiply-add per non-zero entry; 5% leaves a margin for the
 * gathers.
 * @internal
 */
export const DENSE_BACKWARD_MIN_DENSITY: number = 0.05;

interface Scratch {
  H: Float32Array; // [B, m] hidden after the activation
  Hpre: Float32Array; // [B, m] before it
  Ht: Float32Array; // [m, B]
  O: Float32Array; // [B, n] output pre-activation, then the output gradient G
  gH: Float32Array; // [B, m]
  gWt: Float32Array; // [m, n] dense Hᵀ G
  Wt: Float32Array; // [n, m] W of one instance, transposed (encoder columns contiguous)
  gEt: Float32Array; // [n, m] encoder gradient, transposed
  target: Float32Array; // [n]
  nzIdx: Int32Array; // per row, the columns of G that are non-zero
  nzOff: Int32Array; // [B + 1]
}

const scratchFor = new WeakMap<FusedModel, Scratch>();

function scratch(model: FusedModel, batchSize: number): Scratch {
  const { nHidden: m, nFeatures: n } = model;
  let s = scratchFor.get(model);
  if (!s || s.H.length !== batchSize * m) {
    s = {
      H: new Float32Array(batchSize * m),
      Hpre: new Float32Array(batchSize * m),
      Ht: new Float32Array(batchSize * m),
      O: new Float32Array(batchSize * n),
      gH: new Float32Array(batchSize * m),
      gWt: new Float32Array(m * n),
      Wt: new Float32Array(m * n),
      gEt: new Float32Array(m * n),
      target: new Float32Array(n),
      nzIdx: new Int32Array(batchSize * n),
      nzOff: new Int32Array(batchSize + 1),
    };
    scratchFor.set(model, s);
  }
  return s;
}

/**
 * The fused engine's step for large models: the same loss and gradients as
 * `fusedLossAndGrads` (and the tfjs path's `lossAndGrads`), computed per instance as batched
 * matrix products. The encoder reads the sparse input (only active features); the decoder's
 * forward pass O = H·Wd + b is a dense [B, m]·[m, n] product on WebAssembly SIMD
 * (`matmulNN`); the backward products Hᵀ·G and G·Wdᵀ run dense on SIMD when the output
 * gradient G is dense, and over its non-zero entries only when it is sparse (a ReLU output
 * whose biases keep most outputs off). Products accumulate in float32 (the tfjs path's
 * precision); per-row losses in float64.
 *
 * Writes `model.gW`, `model.gb`, `model.gWdec` and `model.loss`.
 * @internal
 */
export function denseLossAndGrads(
  model: FusedModel,
  batch: FeatureBatch,
  pen: FusedPenalties,
): void {
  const { kind, nInstances, nHidden: m, nFeatures: n, W, b, Wdec, importance } = model;
  const { gW, gb, gWdec, loss } = model;
  const { batchSize: B, offsets, indices, values } = batch;
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const reluOut = kind !== 'linear';
  const absTarget = kind === 'abs';
  const scale = 1 / (B * n);
  const l1h = pen.l1Hidden / B;
  const sc = scratch(model, B);
  const { H, Hpre, Ht, O, gH, gWt, Wt, gEt, target, nzIdx, nzOff } = sc;
  gW.fill(0);
  gb.fill(0);
  gWdec?.fill(0);
  for (let i = 0; i < nInstances; i++) {
    const w0 = i * m * n;
    const bBase = i * n;
    const Wi = W.subarray(w0, w0 + m * n);
    const Wdi = (Wdec ?? W).subarray(w0, w0 + m * n);
    const gWi = gW.subarray(w0, w0 + m * n);
    const gWdi = (gWdec ?? gW).subarray(w0, w0 + m * n);
    const rowBase = i * B;
    // Encoder over the active features: Hpre[s, :] = Σ_e x_e Wᵀ[f_e, :], on contiguous rows.
    transpose(Wi, m, n, Wt);
    Hpre.fill(0);
    for (let s = 0; s < B; s++) {
      const h0 = s * m;
      const e1 = offsets[rowBase + s + 1];
      for (let e = offsets[rowBase + s]; e < e1; e++) {
        const v = values[e];
        const w0 = indices[e] * m;
        for (let k = 0; k < m; k++) Hpre[h0 + k] += v * Wt[w0 + k];
      }
    }
    let hiddenAbs = 0;
    for (let j = 0; j < B * m; j++) {
      const v = Hpre[j];
      const hv = reluHidden && v < 0 ? 0 : v;
      H[j] = hv;
      hiddenAbs += Math.abs(hv);
    }
    // Decoder forward on SIMD: O = H Wd (then + b below).
    matmulNN(H, Wdi, B, n, m, O);
    // Loss and output gradient, in place of O; the non-zero columns of each row are kept.
    let sse = 0;
    let nnz = 0;
    nzOff[0] = 0;
    for (let s = 0; s < B; s++) {
      const e0 = offsets[rowBase + s];
      const e1 = offsets[rowBase + s + 1];
      for (let e = e0; e < e1; e++) {
        const v = values[e];
        target[indices[e]] = absTarget ? Math.abs(v) : v;
      }
      const o0 = s * n;
      let rowSse = 0;
      for (let f = 0; f < n; f++) {
        const o = O[o0 + f] + b[bBase + f];
        const out = reluOut && o < 0 ? 0 : o;
        const diff = out - target[f];
        const wd = importance[bBase + f] * diff;
        rowSse += wd * diff;
        const g = reluOut && !(o > 0) ? 0 : 2 * scale * wd;
        O[o0 + f] = g;
        if (g !== 0) nzIdx[nnz++] = f;
      }
      sse += rowSse;
      nzOff[s + 1] = nnz;
      for (let e = e0; e < e1; e++) target[indices[e]] = 0;
    }
    const G = O;
    // gb = Σ_s G[s, :]
    for (let s = 0; s < B; s++) {
      for (let a = nzOff[s]; a < nzOff[s + 1]; a++) {
        const f = nzIdx[a];
        gb[bBase + f] += G[s * n + f];
      }
    }
    const dense = nnz > DENSE_BACKWARD_MIN_DENSITY * B * n;
    // gWd += Hᵀ G and gH = G Wdᵀ.
    if (dense) {
      for (let s = 0; s < B; s++) for (let k = 0; k < m; k++) Ht[k * B + s] = H[s * m + k];
      matmulNN(Ht, G, m, n, B, gWt);
      for (let j = 0; j < m * n; j++) gWdi[j] += gWt[j];
      matmulNT(G, Wdi, B, m, n, gH);
    } else {
      for (let k = 0; k < m; k++) {
        const wk = k * n;
        for (let s = 0; s < B; s++) {
          const hk = H[s * m + k];
          const g0 = s * n;
          let acc = 0;
          for (let a = nzOff[s]; a < nzOff[s + 1]; a++) {
            const f = nzIdx[a];
            const g = G[g0 + f];
            acc += Wdi[wk + f] * g;
            gWdi[wk + f] += hk * g;
          }
          gH[s * m + k] = acc;
        }
      }
    }
    // Hidden penalty and activation, then the encoder gradient over the active features,
    // accumulated transposed (gEt[f, :] += x_f gH[s, :]) and added to gW once.
    for (let j = 0; j < B * m; j++) {
      let g = gH[j];
      if (l1h > 0) g += l1h * Math.sign(H[j]);
      if (reluHidden && !(Hpre[j] > 0)) g = 0;
      gH[j] = g;
    }
    gEt.fill(0);
    for (let s = 0; s < B; s++) {
      const h0 = s * m;
      const e1 = offsets[rowBase + s + 1];
      for (let e = offsets[rowBase + s]; e < e1; e++) {
        const v = values[e];
        const w0 = indices[e] * m;
        for (let k = 0; k < m; k++) gEt[w0 + k] += v * gH[h0 + k];
      }
    }
    addTransposed(gEt, n, m, gWi);
    let li = sse * scale;
    if (pen.l1Hidden > 0) li += hiddenAbs * l1h;
    loss[i] = li;
  }
  if (pen.l1W > 0) {
    for (let i = 0; i < nInstances; i++) {
      let absW = 0;
      for (let j = i * m * n; j < (i + 1) * m * n; j++) {
        absW += Math.abs(W[j]);
        gW[j] += pen.l1W * Math.sign(W[j]);
        if (Wdec && gWdec) {
          absW += Math.abs(Wdec[j]);
          gWdec[j] += pen.l1W * Math.sign(Wdec[j]);
        }
      }
      loss[i] += pen.l1W * absW;
    }
  }
}

const TILE = 32;

/** out[j * rows + i] = a[i * cols + j]: a [rows, cols] transposed, in 32 x 32 tiles. */
function transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        const r = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[r + j];
      }
    }
  }
}

/** out[j * rows + i] += a[i * cols + j]: add a [rows, cols] transposed, in 32 x 32 tiles. */
function addTransposed(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        const r = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] += a[r + j];
      }
    }
  }
}
