// The worker threads of the parallel Gram pass, run for real from the built package: the worker
// entry (dist/parallel/gramWorker.js) exists only after `tsc`, so this test builds dist first
// (and @hyperposition/hypervector's, if it lacks matmulNT), then imports dist/index.js.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng } from '@hyperposition/hypervector';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hypervector = path.resolve(pkg, '../hypervector');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let api: typeof Api;

beforeAll(() => {
  if (!existsSync(path.join(hypervector, 'dist/wasm/matmul.js'))) {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: hypervector });
  }
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: pkg });
}, 180_000);

beforeAll(async () => {
  api = (await import(pathToFileURL(path.join(pkg, 'dist/index.js')).href)) as typeof Api;
}, 60_000);

/** Seeded Gaussian rows [n, d] with one dead row: big enough (n^2 d > 2^28 flops) for workers. */
function codebook(
  n: number,
  d: number,
  seed: number,
): { data: Float32Array; rows: number; cols: number } {
  const rng = createRng(seed);
  const data = Float32Array.from({ length: n * d }, () => rng.nextNormal());
  data.fill(0, 3 * d, 4 * d);
  return { data, rows: n, cols: d };
}

describe('parallel Gram pass on worker threads (built package)', () => {
  const W = codebook(1100, 255, 11); // 1100^2 * 255 = 3.1e8 flops, 6e5 pairs: exact quantiles

  it('two and three workers really start and give the one-thread statistics bit for bit', async () => {
    const opts = { features: 'rows' as const, block: 64, rowStart: 0, rowEnd: 1100 };
    const one = await api.gramStatsParallel(W, { ...opts, workers: 1 });
    expect(one.workers).toBe(1);
    for (const workers of [2, 3]) {
      const many = await api.gramStatsParallel(W, { ...opts, workers });
      expect(many.workers).toBe(workers);
      expect({ ...many, workers: 1 }).toEqual(one);
    }
  });

  it('absCosDistributionAsync, coherenceAsync, compareToRandomAsync equal the synchronous results', async () => {
    const opts = { features: 'rows' as const, method: 'exact' as const };
    const sync = api.absCosDistribution(W, opts);
    expect(sync.pairs).toBe((1099 * 1098) / 2);
    for (const workers of [2, 3]) {
      expect(await api.absCosDistributionAsync(W, { ...opts, workers })).toEqual(sync);
    }
    expect(await api.coherenceAsync(W, { ...opts, workers: 2 })).toEqual(api.coherence(W, opts));
    expect(await api.compareToRandomAsync(W, { ...opts, workers: 2 })).toEqual(
      api.compareToRandom(W, opts),
    );
  });

  it('featureMetricsAsync on two and three workers equals featureMetrics bit for bit', async () => {
    const opts = { features: 'rows' as const, method: 'exact' as const };
    const sync = api.featureMetrics(W, opts);
    for (const workers of [2, 3]) {
      expect(await api.featureMetricsAsync(W, { ...opts, workers })).toEqual(sync);
    }
  });

  it('the fine-histogram path (more than 2^22 pairs) is the same on two workers', async () => {
    const big = codebook(3000, 32, 12); // 4.5e6 pairs, 2.9e8 flops
    const opts = { features: 'rows' as const, method: 'exact' as const, quantiles: [0.5, 0.999] };
    expect(await api.absCosDistributionAsync(big, { ...opts, workers: 2 })).toEqual(
      api.absCosDistribution(big, opts),
    );
  });
});

describe('the native tile kernel on worker threads (built package)', () => {
  const W = codebook(1100, 255, 13);

  it('each worker loads the native kernels: 2 and 3 workers give the one-thread result bit for bit, native or not', async () => {
    const { nativeKernels } = await import('@hyperposition/hypervector');
    for (const useNative of nativeKernels() === null ? [false] : [true, false]) {
      const opts = { features: 'rows' as const, rowStart: 0, rowEnd: 1100, native: useNative };
      const one = await api.gramStatsParallel(W, { ...opts, workers: 1 });
      for (const workers of [2, 3]) {
        const many = await api.gramStatsParallel(W, { ...opts, workers });
        expect(many.workers).toBe(workers); // a worker without the chosen kernel would not start
        expect({ ...many, workers: 1 }).toEqual(one);
      }
      const exact = { features: 'rows' as const, method: 'exact' as const, native: useNative };
      expect(await api.coherenceAsync(W, { ...exact, workers: 2 })).toEqual(
        api.coherence(W, exact),
      );
      expect(await api.featureMetricsAsync(W, { ...exact, workers: 3 })).toEqual(
        api.featureMetrics(W, exact),
      );
    }
  });

  it('HYPERPOSITION_NATIVE=0 gives the WebAssembly pass (native: false), bit for bit', async () => {
    // a script file (not -e: workers inherit the parent's exec flags) importing the built entries
    const hv = pathToFileURL(path.join(hypervector, 'dist/index.js')).href;
    const ours = pathToFileURL(path.join(pkg, 'dist/index.js')).href;
    const script = `
      import { createRng } from '${hv}';
      import { coherenceAsync, gramStatsParallel } from '${ours}';
      const rng = createRng(13);
      const data = Float32Array.from({ length: 1100 * 255 }, () => rng.nextNormal());
      data.fill(0, 3 * 255, 4 * 255);
      const W = { data, rows: 1100, cols: 255 };
      const s = await gramStatsParallel(W, { features: 'rows', workers: 2 });
      const c = await coherenceAsync(W, { features: 'rows', method: 'exact', workers: 2 });
      const { sum, sumSquares, max, maxPair, workers } = s;
      console.log(JSON.stringify({ sum, sumSquares, max, maxPair, workers, c }));
    `;
    const dir = mkdtempSync(path.join(tmpdir(), 'interference-native-'));
    const file = path.join(dir, 'wasm-only.mjs');
    writeFileSync(file, script);
    let out: string;
    try {
      out = execFileSync(process.execPath, [file], {
        env: { ...process.env, HYPERPOSITION_NATIVE: '0' },
        encoding: 'utf8',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const child = JSON.parse(out) as Record<string, unknown>;
    const s = await api.gramStatsParallel(W, { features: 'rows', workers: 2, native: false });
    const c = await api.coherenceAsync(W, {
      features: 'rows',
      method: 'exact',
      workers: 2,
      native: false,
    });
    expect(child).toEqual({
      sum: s.sum,
      sumSquares: s.sumSquares,
      max: s.max,
      maxPair: s.maxPair,
      workers: 2,
      c,
    });
  });
});
