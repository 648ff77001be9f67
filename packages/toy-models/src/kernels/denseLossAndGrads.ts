import {
  addTransposed,
  createWasmWorkspace,
  csrMatmul,
  csrTransposeMatmul,
  denseToCsr,
  transposeMatrix,
  weightedSquaredErrorGrad,
  type WasmWorkspace,
} from '@hyperposition/hypervector';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import { teamMatmul } from './team.js';
import { addL1W, type FusedModel, type FusedPenalties } from '../fused/fusedModel.js';

/**
 * Above this many weights per instance (m·n) the fused engine computes a step with
 * {@link denseLossAndGrads} (batched products on WebAssembly SIMD) instead of row by row.
 * @internal
 */
export const DENSE_KERNEL_MIN_WEIGHTS: number = 1 << 15;

/**
 * Below this fraction of non-zero output-gradient entries the two backward products
 * (gWd = Hᵀ G and gH = G Wdᵀ) run over the non-zero entries only (Gᵀ in CSR, SIMD
 * `csrMatmul`/`csrTransposeMatmul`); above it they run as dense SIMD products. Their cost
 * grows with the density and matches the dense products' at about 40-50% (n = 10,000,
 * m = 500, B = 256 on a loaded 2-vCPU x86 machine: about 10 ms + 5 ms per 1% of density,
 * vs 230-340 ms dense); 25% leaves a margin for faster dense products elsewhere.
 * @internal
 */
export const DENSE_BACKWARD_MIN_DENSITY: number = 0.25;

/**
 * C = A·B (`nt` false, B [k, n]) or A·Bᵀ (`nt` true, B [n, k]) into out [m, n]: on the
 * model's native kernels when it has them, else on WebAssembly SIMD (split with the team's
 * worker on two threads).
 */
function product(
  model: FusedModel,
  nt: boolean,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  out: Float32Array,
): void {
  const nat = model.native;
  if (nat === null) {
    teamMatmul(nt, a, b, m, n, k, out, model.threads);
  } else {
    (nt ? nat.matmulNT : nat.matmulNN)(a, b, m, n, k, out, { threads: model.nativeThreads });
  }
}

/**
 * With the native kernels, below this fraction of non-zero output-gradient entries the two
 * backward products run over G's non-zero entries (G by rows in CSR: `matmulTNCsr` for Hᵀ·G,
 * `csrMatmulNT` for G·Wdᵀ, the encoder's kernels), above it as dense native products.
 * Measured at n = 10,000, m = 500, B = 256: the sparse pair costs 10, 13, 18 and 33 ms at
 * 1, 2, 4 and 8% density on two threads, the dense pair 36-41 ms, so they cross near 8%.
 * (Gradients with fewer active columns than that uniform sample cost less still.)
 * @internal
 */
export const NATIVE_SPARSE_BACKWARD_MAX_DENSITY: number = 0.08;

/**
 * Scratch arrays of one step, all in the sparse kernels' WebAssembly memory. With the native
 * kernels (which read W and write the gradients in place) `stage`, `big` and `Ht` stay empty.
 */
function layout(B: number, m: number, n: number, rows: number, entries: number, native: boolean) {
  const gCap = Math.ceil(DENSE_BACKWARD_MIN_DENSITY * B * n) + 16;
  const wasm = native ? 0 : 1;
  return {
    // W of one instance (copied in); Gᵀ [n, B]; the encoder gradient gEt [n, m] (plus gWdᵀ)
    stage: ['f32', wasm * Math.max(m, B) * n],
    // Wᵀ [n, m] (or Wdᵀ); then the decoder gradient gWd [m, n] (plus gEtᵀ when tied)
    big: ['f32', wasm * m * n],
    Hpre: ['f32', B * m], // [B, m] hidden before the activation
    H: ['f32', B * m], // [B, m] after it
    Ht: ['f32', wasm * B * m], // [m, B]
    gH: ['f32', B * m], // [B, m]
    O: ['f32', B * n], // [B, n] output pre-activation, then the output gradient G
    bias: ['f32', n],
    imp: ['f32', n],
    gb: ['f32', n],
    off: ['i32', rows + 1], // the batch's CSR input
    idx: ['i32', entries],
    val: ['f32', entries],
    gOff: ['i32', Math.max(n, B) + 1], // Gᵀ (or G, native) in CSR, when G is sparse
    gIdx: ['i32', gCap],
    gVal: ['f32', gCap],
  } as const;
}

type Layout = ReturnType<typeof layout>;

interface Scratch {
  ws: WasmWorkspace<Layout>;
  B: number;
  m: number;
  n: number;
  rows: number;
  entries: number;
  native: boolean;
}

// One workspace for every model: a step uses it only while it runs (synchronously).
let shared: Scratch | null = null;

function scratch(
  B: number,
  m: number,
  n: number,
  rows: number,
  entries: number,
  native: boolean,
): Scratch {
  const s = shared;
  if (
    s &&
    s.B === B &&
    s.m === m &&
    s.n === n &&
    s.rows === rows &&
    s.entries >= entries &&
    s.native === native
  ) {
    return s;
  }
  s?.ws.free();
  // Room for a quarter more input entries, so that batches that vary in size reuse it.
  const cap = Math.max(entries, Math.ceil(entries * 1.25), 16);
  const ws = createWasmWorkspace(layout(B, m, n, rows, cap, native));
  shared = { ws, B, m, n, rows, entries: cap, native };
  return shared;
}

/**
 * The fused engine's step for large models: the same loss and gradients as
 * `fusedLossAndGrads` (and the tfjs path's `lossAndGrads`), computed per instance as batched
 * matrix products on WebAssembly SIMD. The encoder reads the sparse input (only active
 * features) as a CSR product with Wᵀ (`csrMatmul`, after a blocked `transposeMatrix`); the
 * decoder's forward pass O = H·Wd + b is a dense [B, m]·[m, n] product (`matmulNN`); the
 * loss, output gradient G and bias gradient come from one pass (`weightedSquaredErrorGrad`);
 * the backward products Hᵀ·G and G·Wdᵀ run dense on SIMD when G is dense, and over its
 * non-zero entries only when it is sparse (a ReLU output whose biases keep most outputs
 * off); the encoder gradient is a CSR scatter (`csrTransposeMatmul`) added transposed
 * (`addTransposed`). All scratch arrays live in one workspace of the kernels' memory, so
 * the sparse kernels copy nothing; only W (once per instance) and the batch are copied in.
 * Products accumulate in float32 (the tfjs path's precision); losses in float64.
 *
 * Writes `model.gW`, `model.gb`, `model.gWdec` and `model.loss`.
 * @internal
 */
export function denseLossAndGrads(
  model: FusedModel,
  batch: FeatureBatch,
  pen: FusedPenalties,
): void {
  const { nInstances, nHidden: m, nFeatures: n } = model;
  const { loss } = model;
  const { batchSize: B, offsets, indices, values } = batch;
  const rows = nInstances * B;
  const entries = offsets[rows];
  const sc = scratch(B, m, n, rows, entries, model.native !== null);
  const { off, idx, val } = sc.ws.arrays();
  off.set(offsets.subarray(0, rows + 1));
  idx.set(indices.subarray(0, entries));
  val.set(values.subarray(0, entries));
  for (let i = 0; i < nInstances; i++) {
    const { sse, hiddenAbs, nonzero } = forward(model, sc, i);
    backward(model, sc, i, nonzero, pen.l1Hidden / B);
    let li = sse / (B * n);
    if (pen.l1Hidden > 0) li += (hiddenAbs * pen.l1Hidden) / B;
    loss[i] = li;
  }
  if (pen.l1W > 0) addL1W(model, pen.l1W);
}

/**
 * Instance i's forward pass, loss and output gradient: Hpre, H, G (in place of O) and gb
 * (written to model.gb). Returns the squared error, Σ|H| and the non-zero entries of G.
 */
function forward(
  model: FusedModel,
  sc: Scratch,
  i: number,
): { sse: number; hiddenAbs: number; nonzero: number } {
  const { kind, nHidden: m, nFeatures: n, W, b, Wdec, importance } = model;
  const { B } = sc;
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const { stage, big, Hpre, H, O, bias, imp, gb, off, idx, val } = sc.ws.arrays();
  const w0 = i * m * n;
  const bBase = i * n;
  const xOff = off.subarray(i * B, (i + 1) * B + 1);
  const nat = model.native;
  if (nat !== null) {
    // Encoder over the active features, reading W in place: Hpre[s, i] = Σ_e x_e W[i, f_e].
    nat.csrMatmulNT(xOff, idx, val, B, W.subarray(w0, w0 + m * n), m, n, Hpre, {
      threads: model.nativeThreads,
    });
  } else {
    // Encoder over the active features: Hpre[s, :] = Σ_e x_e Wᵀ[f_e, :], on contiguous rows.
    stage.set(W.subarray(w0, w0 + m * n));
    transposeMatrix(stage, m, n, big);
    csrMatmul(xOff, idx, val, big, B, n, m, Hpre);
  }
  let hiddenAbs = 0;
  for (let j = 0; j < B * m; j++) {
    const v = Hpre[j];
    const hv = reluHidden && v < 0 ? 0 : v;
    H[j] = hv;
    hiddenAbs += Math.abs(hv);
  }
  // Decoder forward on SIMD: O = H Wd (the bias is added in the loss pass).
  product(model, false, H, (Wdec ?? W).subarray(w0, w0 + m * n), B, n, m, O);
  // Loss, output gradient G in place of O, and gb = Σ_s G[s, :].
  bias.set(b.subarray(bBase, bBase + n));
  imp.set(importance.subarray(bBase, bBase + n));
  gb.fill(0);
  const lossOptions = {
    relu: kind !== 'linear',
    absTarget: kind === 'abs',
    scale: 2 / (B * n),
    gradBias: gb,
  };
  // Natively in place (the WebAssembly kernel's operations, the same bits, no copies).
  const { sse, nonzero } =
    nat !== null
      ? nat.weightedSquaredErrorGrad(O, bias, imp, xOff, idx, val, B, n, lossOptions)
      : weightedSquaredErrorGrad(O, bias, imp, xOff, idx, val, B, n, lossOptions);
  // Its temporary target row may have grown the memory (detaching the views above).
  model.gb.set(sc.ws.arrays().gb, bBase);
  return { sse, hiddenAbs, nonzero };
}

/**
 * Instance i's backward pass from G (in the workspace's O): gWd = Hᵀ G, gH = G Wdᵀ, the
 * hidden penalty and activation, the encoder gradient; written to model.gW (and gWdec).
 */
function backward(model: FusedModel, sc: Scratch, i: number, nonzero: number, l1h: number): void {
  const { kind, nHidden: m, nFeatures: n, W, Wdec, gW, gWdec } = model;
  const { B } = sc;
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const { stage, big, Hpre, H, Ht, gH, O: G, off, idx, val } = sc.ws.arrays();
  const w0 = i * m * n;
  const Wdi = (Wdec ?? W).subarray(w0, w0 + m * n);
  const xOff = off.subarray(i * B, (i + 1) * B + 1);
  const hidden = (): void => {
    // Hidden penalty and activation.
    for (let j = 0; j < B * m; j++) {
      let g = gH[j];
      if (l1h > 0) g += l1h * Math.sign(H[j]);
      if (reluHidden && !(Hpre[j] > 0)) g = 0;
      gH[j] = g;
    }
  };
  const nat = model.native;
  if (nat !== null) {
    // Native kernels: the backward products written straight into the gradients (dense, or
    // over G's entries when it is sparse); the encoder gradient is added in place over the
    // active features.
    const threads = model.nativeThreads;
    const gWi = gW.subarray(w0, w0 + m * n);
    const gWd = gWdec ? gWdec.subarray(w0, w0 + m * n) : gWi;
    if (nonzero < NATIVE_SPARSE_BACKWARD_MAX_DENSITY * B * n) {
      // Sparse G (most outputs off): G by rows in CSR, then both products over its entries.
      const { gOff, gIdx, gVal } = sc.ws.arrays();
      denseToCsr(G, B, n, { offsets: gOff, indices: gIdx, values: gVal });
      gWd.fill(0);
      nat.matmulTNCsr(H, gOff, gIdx, gVal, B, m, n, gWd, { threads });
      nat.csrMatmulNT(gOff, gIdx, gVal, B, Wdi, m, n, gH, { threads });
    } else {
      nat.matmulTN(H, G, m, n, B, gWd, { threads });
      nat.matmulNT(G, Wdi, B, m, n, gH, { threads });
    }
    hidden();
    if (gWdec) gWi.fill(0);
    nat.matmulTNCsr(gH, xOff, idx, val, B, m, n, gWi, { threads });
    return;
  }
  if (nonzero > DENSE_BACKWARD_MIN_DENSITY * B * n) {
    // Dense G: gWd = Hᵀ G (into big) and gH = G Wdᵀ as SIMD matrix products.
    transposeMatrix(H, B, m, Ht);
    teamMatmul(false, Ht, G, m, n, B, big, model.threads);
    teamMatmul(true, G, Wdi, B, m, n, gH, model.threads);
    hidden();
    // The encoder gradient over the active features, transposed: gEt[f, :] += x_f gH[s, :].
    csrTransposeMatmul(xOff, idx, val, gH, B, n, m, stage);
    if (gWdec) {
      gWdec.set(big, w0);
      transposeMatrix(stage, n, m, big);
    } else {
      addTransposed(stage, n, m, big);
    }
  } else {
    // Sparse G: Gᵀ in CSR (a row per output feature), so that both products stream each
    // row of Wdᵀ once: gH = G Wdᵀ as a scatter of Wdᵀ's rows (csrTransposeMatmul on Gᵀ),
    // gWdᵀ = Gᵀ H as a CSR product; the encoder gradient is added to gWdᵀ when tied.
    const { gOff, gIdx, gVal } = sc.ws.arrays();
    transposeMatrix(G, B, n, stage);
    denseToCsr(stage, n, B, { offsets: gOff, indices: gIdx, values: gVal });
    if (Wdec) {
      stage.set(Wdi);
      transposeMatrix(stage, m, n, big); // Wdᵀ; tied: big still holds Wᵀ from the forward pass
    }
    csrTransposeMatmul(gOff, gIdx, gVal, big, n, B, m, gH);
    csrMatmul(gOff, gIdx, gVal, H, n, B, m, stage); // gWdᵀ [n, m]
    hidden();
    if (gWdec) {
      transposeMatrix(stage, n, m, big);
      gWdec.set(big, w0);
      csrTransposeMatmul(xOff, idx, val, gH, B, n, m, stage);
    } else {
      csrTransposeMatmul(xOff, idx, val, gH, B, n, m, stage, true);
    }
    transposeMatrix(stage, n, m, big);
  }
  gW.set(big, w0);
}
