// The fused engine's second thread, run for real from the built package: the worker entry
// (dist/kernels/teamWorker.js) exists only after `tsc`, so this test builds dist first (and
// @hyperposition/hypervector's, if missing), then imports the built modules. Every output row
// and every optimizer element is computed by the same code on either thread, so the checks
// are exact (bit for bit), not within a tolerance.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng } from '@hyperposition/hypervector';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import type * as Team from '../src/kernels/team.js';
import type * as Adam from '../src/kernels/adamRange.js';
import type { AdamUpdateArgs } from '@hyperposition/hypervector';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hypervector = path.resolve(pkg, '../hypervector');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let api: typeof Api;
let team: typeof Team;
let adam: typeof Adam;
let hv: typeof import('@hyperposition/hypervector');

beforeAll(() => {
  // Both builds, always: the worker loads hypervector's dist, so a stale one would test old code.
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: hypervector });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: pkg });
}, 180_000);

beforeAll(async () => {
  const load = async <T>(rel: string): Promise<T> =>
    (await import(pathToFileURL(path.join(pkg, rel)).href)) as T;
  api = await load<typeof Api>('dist/index.js');
  team = await load<typeof Team>('dist/kernels/team.js');
  adam = await load<typeof Adam>('dist/kernels/adamRange.js');
  hv = (await import(
    pathToFileURL(path.join(hypervector, 'dist/index.js')).href
  )) as typeof import('@hyperposition/hypervector');
}, 60_000);

function gaussian(len: number, seed: number, shared = false): Float32Array {
  const rng = createRng(seed);
  const out = shared ? new Float32Array(new SharedArrayBuffer(4 * len)) : new Float32Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.nextNormal();
  return out;
}

/** `x` with f applied in place (a typed array's map would drop the shared buffer). */
function scaled(x: Float32Array, f: (v: number) => number): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = f(x[i]);
  return x;
}

/** The indices where two float arrays differ in any bit (at most 5). */
function bitDiff(a: Float32Array, b: Float32Array): number[] {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const out: number[] = [];
  for (let i = 0; i < a.length && out.length < 5; i++) if (ua[i] !== ub[i]) out.push(i);
  return out;
}

describe('the fused engine team (two threads, built package)', () => {
  it('starts its worker', async () => {
    // awaitTeam starts the worker (as the first two-thread product would) and waits for it.
    expect(await team.awaitTeam(20_000)).toBe(true);
  }, 30_000);

  it.each([
    [false, 37, 1001, 130, false],
    [true, 37, 1001, 130, false],
    [false, 256, 2000, 64, true],
    [true, 130, 700, 257, true],
  ] as const)(
    'teamMatmul(nt = %s) of [%i x %i] x %i equals matmulNN/NT bit for bit (shared B: %s)',
    (nt, m, n, k, sharedB) => {
      const a = gaussian(m * k, 10 + m);
      const b = gaussian(n * k, 20 + n, sharedB);
      const expected = (nt ? hv.matmulNT : hv.matmulNN)(a, b, m, n, k);
      const before = team.teamJobCount();
      const out = new Float32Array(m * n).fill(Number.NaN);
      team.teamMatmul(nt, a, b, m, n, k, out, 2);
      expect(team.teamJobCount()).toBe(before + 1); // the worker took its rows
      expect(bitDiff(out, expected)).toEqual([]);
    },
  );

  it('teamAdam equals one adamRange pass bit for bit', () => {
    const len = 300_001;
    const args = (shared: boolean): AdamUpdateArgs => ({
      p: gaussian(len, 1, shared),
      g: gaussian(len, 2, shared),
      m: scaled(gaussian(len, 3, shared), (x) => 0.1 * x),
      v: scaled(gaussian(len, 4, shared), (x) => 0.01 * x * x),
      from: 0,
      to: len,
      beta1: 0.9,
      beta2: 0.999,
      l2: 0.01,
      decay: 0.999,
      sbc2: Math.sqrt(1 - 0.999 ** 3),
      eps: 1e-8,
      step: 1e-3 / (1 - 0.9 ** 3),
    });
    const ref = args(false);
    adam.adamRange(ref);
    const par = args(true);
    for (const key of ['p', 'g', 'm', 'v'] as const)
      expect(par[key].buffer).toBeInstanceOf(SharedArrayBuffer);
    const before = team.teamJobCount();
    team.teamAdam(par, 2);
    expect(team.teamJobCount()).toBe(before + 1);
    for (const key of ['p', 'm', 'v'] as const) expect(bitDiff(par[key], ref[key])).toEqual([]);
  });

  it('a large model trains to the same weights on one thread and on two', async () => {
    await api.useBackend('cpu');
    const config = {
      nFeatures: 2000,
      nHidden: 150, // 300,000 weights: the Adam update of W is split too (>= 2^18)
      featureProbability: 0.05,
      sparseInput: true,
      seed: 7,
    };
    const run = async (
      threads: number,
      native = false,
    ): Promise<{ W: Float32Array; b: Float32Array; jobs: number }> => {
      if (threads > 1) {
        // warm the worker up so that every step of the run uses it
        expect(await team.awaitTeam(20_000)).toBe(true);
      }
      const before = team.teamJobCount();
      const model = api.createToyModel(config);
      await api.train(model, {
        threads,
        steps: 4,
        batchSize: 128,
        lr: 1e-2,
        optimizer: 'adam',
        engine: 'fused',
        native,
      });
      const snap = model.snapshot();
      model.dispose();
      return { W: snap.W, b: snap.b, jobs: team.teamJobCount() - before };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.jobs).toBe(0);
    // every step: the forward product and the update of W at least
    expect(two.jobs).toBeGreaterThanOrEqual(8);
    expect(bitDiff(two.W, one.W)).toEqual([]);
    expect(bitDiff(two.b, one.b)).toEqual([]);
    // With the native kernels the products and the update of W run on the addon's threads
    // (the team's worker is not used): again the same bits on one thread and on two, and the
    // same weights as the WebAssembly products within 1% of one step (lr = 1e-2). The native
    // products use fused multiply-adds and sum k in blocks of 512 (WebAssembly: 256), so the
    // gradients differ in their last bits, and Adam, which divides each by its running scale,
    // enlarges that where a gradient is small; 4 steps moved W by up to 4.4e-5 apart.
    if (hv.nativeKernels() !== null) {
      const nOne = await run(1, true);
      const nTwo = await run(2, true);
      expect(nOne.jobs).toBe(0);
      expect(nTwo.jobs).toBe(0);
      expect(bitDiff(nTwo.W, nOne.W)).toEqual([]);
      expect(bitDiff(nTwo.b, nOne.b)).toEqual([]);
      let worst = 0;
      for (let i = 0; i < one.W.length; i++)
        worst = Math.max(worst, Math.abs(nOne.W[i] - one.W[i]));
      expect(worst).toBeLessThan(1e-4);
    }
  }, 120_000);

  it("a small model (the notebooks' 10 x (n = 5, m = 2)) trains to the same bits on one thread and on two", async () => {
    await api.useBackend('cpu');
    const config = {
      nInstances: 10,
      nFeatures: 5,
      nHidden: 2,
      featureProbability: Array.from({ length: 10 }, (_, i) => (i === 9 ? 0 : 20 ** (-i / 9))),
      importance: { kind: 'geometric' as const, ratio: 0.9 },
      seed: 3,
    };
    const run = async (threads: number) => {
      if (threads > 1) expect(await team.awaitTeam(20_000)).toBe(true);
      const before = team.teamJobCount();
      const model = api.createToyModel(config);
      const result = await api.train(model, {
        threads,
        steps: 30,
        batchSize: 256,
        lr: 1e-2,
        optimizer: 'adam',
        engine: 'fused',
      });
      const snap = model.snapshot();
      model.dispose();
      return {
        W: snap.W,
        b: snap.b,
        loss: result.finalLossPerInstance,
        jobs: team.teamJobCount() - before,
      };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.jobs).toBe(0);
    expect(two.jobs).toBe(30); // every step split its instances with the worker
    expect(bitDiff(two.W, one.W)).toEqual([]);
    expect(bitDiff(two.b, one.b)).toEqual([]);
    expect(Array.from(two.loss)).toEqual(Array.from(one.loss));
  }, 60_000);

  it('rejects a native option that is not a boolean, naming the option', async () => {
    const model = api.createToyModel({ nFeatures: 2000, nHidden: 40, seed: 1 });
    await expect(
      api.train(model, { steps: 1, engine: 'fused', native: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/options\.native.*a boolean/);
    model.dispose();
  });

  it('rejects a thread count below 1, naming the option', async () => {
    const model = api.createToyModel({ nFeatures: 2000, nHidden: 40, seed: 1 });
    await expect(api.train(model, { steps: 1, engine: 'fused', threads: 0 })).rejects.toThrow(
      /options\.threads/,
    );
    model.dispose();
  });
});
