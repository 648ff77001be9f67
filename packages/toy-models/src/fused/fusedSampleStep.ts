import { createRng, restoreRng, type Rng } from '@hyperposition/hypervector';
import type { FeatureRngs } from '../data/sampleFeatures.js';
import type { ResolvedToyModelConfig } from '../model/config.js';
import { addL1W, type FusedModel, type FusedPenalties } from './fusedModel.js';
import { teamRun, type SampleJob } from '../kernels/team.js';

const XOSHIRO: unknown = createRng(0).constructor;

/**
 * One instance's data draw, forward pass and gradient for a small tied ReLU-output or linear
 * model in a single pass: the rows of the batch are drawn from the instance's streams exactly
 * as `sampleFeatures` draws them (geometric gaps from the presence stream, one value per active
 * feature from the value stream) and consumed at once, so no batch is written out.
 *
 * Arguments: (W, b, importance, gW, gb, thr, st, sc, ip, instance, batchSize, c, lo, span,
 * mode, res) where
 * - thr: Int32Array(nFeatures + 1), thr[k] = t[k] - 2^31 - 1 for the thresholds t of
 *   {@link gapThresholds} (so gap >= k exactly when r - 2^31 > thr[k]); thr[0] unused;
 * - st: Int32Array(8), the presence then the value xoshiro128** state (a, b, c, d), read and
 *   written back;
 * - sc: a Float64Array(2 n^2 + 2 n) scratch (n = nFeatures) whose entries [2 n^2, 2 n^2 + n)
 *   are zero (and are left zero); ip: an Int32Array(n) scratch;
 * - c = 2 / (batchSize * nFeatures), the output gradient's factor;
 * - lo, span: the value range [lo, lo + span);
 * - mode: 1 when p >= 1 (every feature active, no presence draws); for 0 < p < 1, 2 to
 *   compute each row densely (most features active), 0 to visit only its active features.
 *
 * Writes the summed weighted squared error of the rows with an active feature (before the
 * 1 / (batchSize nFeatures) scale) to res[0] and returns the number of rows without one.
 * gW and gb are added to.
 * @internal
 */
export type FusedSampleStep = (
  W: Float32Array,
  b: Float32Array,
  importance: Float32Array,
  gW: Float32Array,
  gb: Float32Array,
  thr: Int32Array,
  st: Int32Array,
  sc: Float64Array,
  ip: Int32Array,
  instance: number,
  batchSize: number,
  c: number,
  lo: number,
  span: number,
  mode: number,
  res: Float64Array,
) => number;

const cache = new Map<string, FusedSampleStep | null>();

/** Largest nHidden * nFeatures compiled; beyond it the generic path is used. */
export const SAMPLE_STEP_LIMIT = 64;

/**
 * The geometric gap of `sampleFeatures` for a 32-bit draw r:
 * floor(log1p(-r / 2^32) / log1p(-p)).
 */
function gapOf(r: number, logQ: number): number {
  return Math.floor(Math.log1p(-r / 4294967296) / logQ);
}

/**
 * For 0 < p < 1, the thresholds t[k] (k = 1..kMax) with gapOf(r) >= k exactly when r >= t[k],
 * for every 32-bit r; t[k] = 2^32 when no draw reaches k. Found by bisection on the very
 * expression `sampleFeatures` evaluates, then checked on 64 draws either side of each
 * threshold (a rounding error of log1p can move the crossing by at most one draw). Returns
 * null if the check fails, and the caller keeps the logarithm per draw.
 * @internal
 */
export function gapThresholds(p: number, kMax: number): Float64Array | null {
  const logQ = Math.log1p(-p);
  const t = new Float64Array(kMax + 1);
  const TOP = 4294967296;
  for (let k = 1; k <= kMax; k++) {
    // Least r in [0, 2^32] with gapOf(r) >= k; gapOf(2^32) is +Infinity.
    let lo = k === 1 ? 0 : t[k - 1];
    let hi = TOP;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (gapOf(mid, logQ) >= k) hi = mid;
      else lo = mid + 1;
    }
    t[k] = lo;
    for (let r = Math.max(0, lo - 64); r < Math.min(TOP, lo + 64); r++) {
      if (gapOf(r, logQ) >= k !== r >= lo) return null;
    }
  }
  return t;
}

/**
 * Build (once per shape) the fused draw-and-gradient kernel, or return null when the shape
 * is too large or the environment forbids generated code (a Content Security Policy without
 * 'unsafe-eval').
 * @internal
 */
export function fusedSampleStep(m: number, n: number, relu: boolean): FusedSampleStep | null {
  if (m * n > SAMPLE_STEP_LIMIT) return null;
  const key = `${m},${n},${relu}`;
  if (cache.has(key)) return cache.get(key)!;
  const K = [...Array(m).keys()];
  const F = [...Array(n).keys()];
  const lines: string[] = [];
  const L = (s: string): number => lines.push(s);
  // A sum as a balanced tree, so that its additions do not wait on one another.
  const tree = (t: string[]): string =>
    t.length === 1
      ? t[0]
      : `(${tree(t.slice(0, t.length >> 1))} + ${tree(t.slice(t.length >> 1))})`;
  const sseRow = (): number => L(`  sse += ${tree(F.map((f) => `e${f}`))};`);
  // xoshiro128** step on the locals (p0..p3) or (v0..v3) into `r`, as Rng.nextUint32: for the
  // presence stream as a signed integer that orders as the unsigned draw (r - 2^31), so that
  // the gap thresholds compare as 32-bit integers.
  const draw = (s: string, r: string): void => {
    L(`{ const m5 = Math.imul(${s}1, 5);`);
    L(
      s === 'p'
        ? `  ${r} = Math.imul((m5 << 7) | (m5 >>> 25), 9) ^ -2147483648;`
        : `  ${r} = Math.imul((m5 << 7) | (m5 >>> 25), 9) >>> 0;`,
    );
    L(`  const sh = ${s}1 << 9;`);
    L(`  ${s}2 ^= ${s}0; ${s}3 ^= ${s}1; ${s}1 ^= ${s}2; ${s}0 ^= ${s}3; ${s}2 ^= sh;`);
    L(`  ${s}3 = (${s}3 << 11) | (${s}3 >>> 21); }`);
  };
  const nn = n * n;
  const MO = nn; // M = sum over rows of x g^T, [n, n]
  const XO = 2 * nn; // the row's x, [n], zero outside a row
  const AO = 2 * nn + n; // the row's active values, in order
  L(`const wb = i * ${m * n}, bb = i * ${n};`);
  for (const k of K)
    for (const f of F) L(`const w${k}_${f} = W[wb + ${k * n + f}]; let G${k}_${f} = 0;`);
  for (const f of F) L(`const b${f} = b[bb + ${f}], im${f} = imp[bb + ${f}]; let gb${f} = 0;`);
  for (const f of F) L(`const t${f + 1} = thr[${f + 1}];`);
  L(`let p0 = st[0], p1 = st[1], p2 = st[2], p3 = st[3];`);
  L(`let v0 = st[4], v1 = st[5], v2 = st[6], v3 = st[7];`);
  L(`let sse = 0, empty = 0, r = 0, rs = 0;`);
  // Output f of a row from its pre-activation o: loss, and g = dLoss/do / c into g{f}.
  const out = (f: number, o: string, x: string): void => {
    // The ReLU as a 0/1 factor, not a branch: its sign is as good as random.
    if (relu) L(`  const q${f} = +(${o} > 0);`);
    L(`  const d${f} = ${relu ? `${o} * q${f}` : o} - ${x}, wd${f} = im${f} * d${f};`);
    L(`  const e${f} = wd${f} * d${f};`);
    L(`  const g${f} = ${relu ? `wd${f} * q${f}` : `wd${f}`}; gb${f} += g${f};`);
  };
  // The row from x0..x(n-1), every feature: h = W x, o = W^T h + b; dW = h g^T + (W g) x^T.
  const denseRow = (): void => {
    for (const k of K) L(`  const h${k} = ${tree(F.map((f) => `w${k}_${f} * x${f}`))};`);
    for (const f of F) {
      L(`  const o${f} = b${f}${K.map((k) => ` + h${k} * w${k}_${f}`).join('')};`);
      out(f, `o${f}`, `x${f}`);
    }
    sseRow();
    for (const k of K) {
      L(`  const gh${k} = ${tree(F.map((f) => `w${k}_${f} * g${f}`))};`);
      for (const f of F) L(`  G${k}_${f} += h${k} * g${f} + gh${k} * x${f};`);
    }
  };
  // A row's presence draws, as sampleFeatures makes them: the first gap alone decides whether
  // the row is empty (gap >= n, one comparison); then a value per active feature and the next
  // gap, until the position passes the last feature.
  const firstDraw = (): void => {
    draw('p', 'rs');
    L(`  if (rs > t${n}) { empty++; continue; }`);
    L(
      `  let pos = ${
        F.slice(0, n - 1)
          .map((f) => `+(rs > t${f + 1})`)
          .join(' + ') || '0'
      };`,
    );
  };
  const nextDraw = (): void => {
    draw('p', 'rs');
    L(`   pos += 1 + ${F.map((f) => `+(rs > t${f + 1})`).join(' + ')};`);
    L(`   if (pos >= ${n}) break;`);
  };
  L(`if (mode === 1) {`);
  // Every feature active: no presence draws.
  L(` for (let s = 0; s < B; s++) {`);
  for (const f of F) {
    draw('v', 'r');
    L(`  const x${f} = Math.fround(lo + span * (r / 4294967296));`);
  }
  denseRow();
  L(` }`);
  L(`} else if (mode === 2) {`);
  // Geometric draws as below, then the dense row (cheaper when most features are active).
  L(` for (let s = 0; s < B; s++) {`);
  firstDraw();
  L(`  for (;;) {`);
  draw('v', 'r');
  L(`   sc[${XO} + pos] = Math.fround(lo + span * (r / 4294967296));`);
  nextDraw();
  L(`  }`);
  for (const f of F) L(`  const x${f} = sc[${XO + f}]; sc[${XO + f}] = 0;`);
  denseRow();
  L(` }`);
  L(`} else {`);
  // Sparse rows: o = b + G x over the active features only (G = W^T W), and
  // M = sum x g^T over the active rows of x; at the end dW = W (M + M^T).
  for (const f of F)
    for (const j of F)
      L(`sc[${f * n + j}] = ${K.map((k) => `w${k}_${f} * w${k}_${j}`).join(' + ')};`);
  L(`for (let j = ${MO}; j < ${XO}; j++) sc[j] = 0;`);
  L(` for (let s = 0; s < B; s++) {`);
  firstDraw();
  L(`  let na = 0, ${F.map((f) => `o${f} = b${f}`).join(', ')};`);
  L(`  for (;;) {`);
  draw('v', 'r');
  L(`   const x = Math.fround(lo + span * (r / 4294967296));`);
  L(`   sc[${XO} + pos] = x; ip[na] = pos; sc[${AO} + na] = x; na++;`);
  L(`   const gq = pos * ${n};`);
  L(`   ${F.map((f) => `o${f} += x * sc[gq + ${f}];`).join(' ')}`);
  nextDraw();
  L(`  }`);
  for (const f of F) {
    L(`  const x${f} = sc[${XO + f}]; sc[${XO + f}] = 0;`);
    out(f, `o${f}`, `x${f}`);
  }
  sseRow();
  L(`  for (let a = 0; a < na; a++) {`);
  L(`   const mq = ${MO} + ip[a] * ${n}, x = sc[${AO} + a];`);
  L(`   ${F.map((f) => `sc[mq + ${f}] += x * g${f};`).join(' ')}`);
  L(`  }`);
  L(` }`);
  for (const k of K)
    for (const f of F)
      L(
        `G${k}_${f} += ${F.map((j) => `w${k}_${j} * (sc[${MO + j * n + f}] + sc[${MO + f * n + j}])`).join(' + ')};`,
      );
  L(`}`);
  for (const k of K) for (const f of F) L(`gW[wb + ${k * n + f}] += c * G${k}_${f};`);
  for (const f of F) L(`gb[bb + ${f}] += c * gb${f};`);
  L(`st[0] = p0; st[1] = p1; st[2] = p2; st[3] = p3;`);
  L(`st[4] = v0; st[5] = v1; st[6] = v2; st[7] = v3;`);
  L(`res[0] = sse;`);
  L(`return empty;`);
  let kernel: FusedSampleStep | null;
  try {
    kernel = new Function(
      'W',
      'b',
      'imp',
      'gW',
      'gb',
      'thr',
      'st',
      'sc',
      'ip',
      'i',
      'B',
      'c',
      'lo',
      'span',
      'mode',
      'res',
      `'use strict';\n${lines.join('\n')}`,
    ) as FusedSampleStep;
  } catch {
    kernel = null;
  }
  cache.set(key, kernel);
  return kernel;
}

/**
 * A generator handed back by the fused sampler: the xoshiro128** state as plain words, turned
 * into the library's own generator (`restoreRng`) only when it is used between steps, so a
 * step allocates nothing. Draws, forks and `state()` are those of that generator.
 * @internal
 */
export class FusedStream implements Rng {
  /** State words (a, b, c, d) while `rng` is null; the cached normal. */
  readonly words: Int32Array = new Int32Array(4);
  spare: number = NaN;
  private rng: Rng | null = null;

  private get real(): Rng {
    const w = this.words;
    this.rng ??= restoreRng([w[0] >>> 0, w[1] >>> 0, w[2] >>> 0, w[3] >>> 0, this.spare]);
    return this.rng;
  }

  nextUint32(): number {
    return this.real.nextUint32();
  }

  nextFloat(): number {
    return this.real.nextFloat();
  }

  nextNormal(): number {
    return this.real.nextNormal();
  }

  nextInt(n: number): number {
    return this.real.nextInt(n);
  }

  fork(): Rng {
    return this.real.fork();
  }

  state(): number[] {
    if (this.rng) return this.rng.state();
    const w = this.words;
    return [w[0] >>> 0, w[1] >>> 0, w[2] >>> 0, w[3] >>> 0, this.spare];
  }

  /** Copy the current state into st[at..at+4) (from the generator if one was made). @internal */
  read(st: Int32Array, at: number): void {
    if (this.rng) {
      const s = this.rng.state();
      for (let j = 0; j < 4; j++) this.words[j] = s[j] | 0;
      this.spare = s[4];
      this.rng = null;
    }
    for (let j = 0; j < 4; j++) st[at + j] = this.words[j];
  }
}

/** Whether the fused paths can read this generator's state (the library's own, or a FusedStream). @internal */
export function ownStream(r: Rng): boolean {
  return r instanceof FusedStream || r.constructor === XOSHIRO;
}

function readStream(r: Rng, st: Int32Array, at: number): void {
  if (r instanceof FusedStream) {
    r.read(st, at);
    return;
  }
  const s = r.state();
  for (let j = 0; j < 4; j++) st[at + j] = s[j] | 0;
}

function writeStream(r: Rng, st: Int32Array, at: number): FusedStream {
  const out = r instanceof FusedStream ? r : new FusedStream();
  if (out !== r) out.spare = r.state()[4];
  for (let j = 0; j < 4; j++) out.words[j] = st[at + j];
  return out;
}

/**
 * The fused draw-and-gradient pass of {@link createFusedSampler}, for one model shape and batch size.
 * @internal
 */
export interface FusedSampler {
  /**
   * Draw this step's batch from `rngs` (advancing them as `sampleFeatures` would) and write
   * the per-instance loss and the gradients into `model` (as `fusedLossAndGrads` on that
   * batch). Returns false, touching nothing, when a generator is not the library's own or
   * the hidden-activation penalty is on.
   */
  run(model: FusedModel, rngs: FeatureRngs[], pen: FusedPenalties): boolean;
}

/**
 * The fused draw-and-gradient path, or null where it does not apply: a tied ReLU-output or
 * linear model with nHidden * nFeatures <= 64, no feature groups, no hidden-activation
 * penalty, the library's own generators, and thresholds that check out for every p.
 * @internal
 */
export function createFusedSampler(
  config: ResolvedToyModelConfig,
  batchSize: number,
  threads = 1,
): FusedSampler | null {
  const { nInstances, nFeatures: n, nHidden: m, featureProbability } = config;
  const kind = config.model;
  if (kind !== 'relu-output' && kind !== 'linear') return null;
  if (!config.tied || config.featureGroups.length > 0) return null;
  const kernel = fusedSampleStep(m, n, kind === 'relu-output');
  if (!kernel) return null;
  const thr: (Int32Array | null)[] = [];
  for (const p of featureProbability) {
    if (p > 0 && p < 1) {
      const t = gapThresholds(p, n);
      if (!t) return null;
      // 1 <= t[k] <= 2^32 (gapOf(0) = 0), so t[k] - 2^31 - 1 is a 32-bit integer.
      thr.push(Int32Array.from(t, (x) => x - 2147483649));
    } else thr.push(null);
  }
  const [lo, hi] = config.valueRange;
  const span = hi - lo;
  const st = new Int32Array(8);
  const sc = new Float64Array(2 * n * n + 2 * n);
  const ip = new Int32Array(n);
  const res = new Float64Array(1);
  const none = new Int32Array(n + 1);
  const scale = 1 / (batchSize * n);
  const reluOut = kind === 'relu-output';
  // Dense rows once about 1.1 m features are active per row (measured at n = 5, m = 2).
  const modes = Int32Array.from(featureProbability, (p) =>
    p <= 0 ? -1 : p >= 1 ? 1 : p * n > 1.1 * m ? 2 : 0,
  );
  const thrOf = thr.map((t) => t ?? none);
  // Two threads (Node, the team's worker): instances [split, nInstances) go to the worker,
  // split where the estimated work (draws per row and the row's arithmetic) halves. Every
  // instance is computed by the same kernel either way, so the results are the same bits.
  const cost = featureProbability.map((p) => (p <= 0 ? 0 : p >= 1 ? n + 3 : 4 + 2 * p * n));
  const total = cost.reduce((x, y) => x + y, 0);
  let split = 0;
  for (let acc = 0; split < nInstances && acc + cost[split] / 2 < total / 2; split++) {
    acc += cost[split];
  }
  const useTeam =
    threads > 1 && split > 0 && split < nInstances && typeof SharedArrayBuffer === 'function';
  const shared = useTeam
    ? {
        st: new Int32Array(new SharedArrayBuffer(32 * nInstances)),
        gW: new Float32Array(new SharedArrayBuffer(4 * nInstances * m * n)),
        gb: new Float32Array(new SharedArrayBuffer(4 * nInstances * n)),
        res: new Float64Array(new SharedArrayBuffer(16 * nInstances)),
      }
    : null;
  const sseEmpty = new Float64Array(2 * nInstances);
  const done = new Uint8Array(nInstances);
  /** One instance on this thread: its rows drawn and consumed; returns [sse, empty rows]. */
  const instance = (model: FusedModel, rngs: FeatureRngs[], i: number): [number, number] => {
    if (featureProbability[i] <= 0) return [0, batchSize];
    readStream(rngs[i].mask, st, 0);
    readStream(rngs[i].value, st, 4);
    const { W, b, importance, gW, gb } = model;
    const empty = kernel(
      W,
      b,
      importance,
      gW,
      gb,
      thrOf[i],
      st,
      sc,
      ip,
      i,
      batchSize,
      2 * scale,
      lo,
      span,
      modes[i],
      res,
    );
    rngs[i].mask = writeStream(rngs[i].mask, st, 0);
    rngs[i].value = writeStream(rngs[i].value, st, 4);
    return [res[0], empty];
  };
  return {
    run(model, rngs, pen) {
      if (pen.l1Hidden !== 0) return false;
      for (const r of rngs) if (!ownStream(r.mask) || !ownStream(r.value)) return false;
      const { W, b, importance, gW, gb, loss } = model;
      gW.fill(0);
      gb.fill(0);
      sseEmpty.fill(0);
      done.fill(0);
      const mine = (i: number): void => {
        const [sse, empty] = instance(model, rngs, i);
        sseEmpty[2 * i] = sse;
        sseEmpty[2 * i + 1] = empty;
        done[i] = 1;
      };
      if (shared !== null) {
        for (let i = split; i < nInstances; i++) {
          readStream(rngs[i].mask, shared.st, 8 * i);
          readStream(rngs[i].value, shared.st, 8 * i + 4);
        }
        shared.gW.fill(0);
        shared.gb.fill(0);
        const job: SampleJob = {
          op: 'sample',
          m,
          n,
          relu: reluOut,
          from: split,
          to: nInstances,
          W,
          b,
          imp: importance,
          thr: thrOf,
          st: shared.st,
          gW: shared.gW,
          gb: shared.gb,
          res: shared.res,
          B: batchSize,
          c: 2 * scale,
          lo,
          span,
          modes,
        };
        const ran = teamRun(
          job,
          () => {
            for (let i = 0; i < split; i++) mine(i);
          },
          threads,
        );
        if (ran) {
          gW.set(shared.gW.subarray(split * m * n), split * m * n);
          gb.set(shared.gb.subarray(split * n), split * n);
          for (let i = split; i < nInstances; i++) {
            done[i] = 1;
            if (featureProbability[i] <= 0) {
              sseEmpty[2 * i + 1] = batchSize;
              continue;
            }
            sseEmpty[2 * i] = shared.res[2 * i];
            sseEmpty[2 * i + 1] = shared.res[2 * i + 1];
            rngs[i].mask = writeStream(rngs[i].mask, shared.st, 8 * i);
            rngs[i].value = writeStream(rngs[i].value, shared.st, 8 * i + 4);
          }
        }
        // Otherwise no worker ran its part (not started yet, or it failed: it wrote only to
        // the shared arrays and the generators are untouched): this thread does it below.
      }
      for (let i = 0; i < nInstances; i++) if (!done[i]) mine(i);
      for (let i = 0; i < nInstances; i++) {
        let sse = sseEmpty[2 * i];
        const empty = sseEmpty[2 * i + 1];
        const bBase = i * n;
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
        loss[i] = sse * scale;
      }
      if (pen.l1W > 0) addL1W(model, pen.l1W);
      return true;
    },
  };
}
