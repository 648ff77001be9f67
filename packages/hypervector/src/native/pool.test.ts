import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sumRowsFloat32 } from '../kernels/sum.js';
import { createRng } from '../random/rng.js';
import { nativeAddon, nativeKernels, nativeKernelsInfo } from './native.js';
import { MAP } from '../models/map.js';
import { setVsaNativeForTesting, vsaNative } from './vsa.js';

// The addon's persistent threads (native/pool.cc), which run the parts of every split kernel
// (matrix products, row sums, Hamming distances, Adam): a part runs on a worker that is awake,
// or on the calling thread when the worker sleeps (short jobs) or has not claimed it in time;
// a second thread of the process that finds the pool busy starts threads of its own. Which
// thread runs a part must never change a result: each part computes its own outputs.

type Counts = {
  threads: number;
  jobs: number;
  byWorker: number;
  byCaller: number;
  refused: number;
};
const addon = nativeAddon() as { poolCounts?: () => Counts } | null;
const nat = vsaNative();
const k = nativeKernels();
const counts = (): Counts => addon!.poolCounts!();
// The kernels split by the process's cores (its affinity mask), as this does.
const cores = availableParallelism();

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The column sums of n rows of L float32 values on the JavaScript/WebAssembly path (the
 * reference: the native sums group the rows as it does, bit for bit). */
function columnSums(rows: Float32Array, L: number, weights?: Float64Array): Float64Array {
  const acc = new Float64Array(L);
  sumRowsFloat32(rows, rows.length / L, L, weights, acc);
  return acc;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function randomRows(n: number, L: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const rows = new Float32Array(n * L);
  // Magnitudes over several binades, so that a sum in another order would round differently.
  for (let i = 0; i < rows.length; i++) rows[i] = rng.nextNormal() * 2 ** (rng.nextInt(20) - 10);
  return rows;
}

describe.skipIf(nat === null || addon?.poolCounts === undefined)('native thread pool', () => {
  it('row sums split between threads equal the sums in row order, awake or after a pause', () => {
    // 14 rows of 10,007 (560 kB: the least that splits), 25 (1 MB), 100 (4 MB: HRR's bundle of
    // 100), 210 of 10,000 (8.4 MB: not a short job, so a sleeping worker is woken for it).
    for (const [n, L] of [
      [14, 10_007],
      [25, 10_000],
      [100, 10_000],
      [210, 10_000],
    ]) {
      const rows = randomRows(n, L, n);
      const weights = Float64Array.from({ length: n }, (_, r) => 1 + r / 7);
      const want = columnSums(rows, L);
      const wantW = columnSums(rows, L, weights);
      const acc = new Float64Array(L);
      // A loop of calls (the workers stay awake), then calls after pauses (they sleep).
      for (let i = 0; i < 20; i++) {
        acc.fill(Number.NaN);
        nat!.vsaSumF32(rows, L, new Float64Array(0), acc);
        expect(sameBits(acc, want), `n=${n} L=${L} call ${i}`).toBe(true);
        nat!.vsaSumF32(rows, L, weights, acc);
        expect(sameBits(acc, wantW), `n=${n} L=${L} weighted call ${i}`).toBe(true);
      }
      for (let i = 0; i < 4; i++) {
        sleep(5);
        nat!.vsaSumF32(rows, L, new Float64Array(0), acc);
        expect(sameBits(acc, want), `n=${n} L=${L} after a pause ${i}`).toBe(true);
      }
    }
  });

  it('MAP-B bundles split between threads equal the WebAssembly path, ties and generator too', () => {
    // 100 rows of 10,000 (1 MB: split in as many parts as cores, up to 4), of 10,007 (a last strip of 279 columns), 300 of
    // 4,000 (8 strips) and 60 of 9,999 (600 kB); even counts, so that many sums are zero.
    for (const [n, d] of [
      [100, 10_000],
      [100, 10_007],
      [300, 4_000],
      [60, 9_999],
    ]) {
      const m = MAP({ dim: d, variant: 'B' });
      const rows = m.random(n, { rng: createRng(n + d) });
      const run = (native: boolean, pause: boolean): [Int8Array, number[]] => {
        setVsaNativeForTesting(native);
        try {
          const rng = createRng(9);
          if (pause) sleep(5);
          const out = m.bundle(rows, { rng }) as Int8Array;
          return [out, [rng.nextUint32(), rng.nextUint32()]];
        } finally {
          setVsaNativeForTesting(true);
        }
      };
      const [want, wantNext] = run(false, false);
      for (const pause of [false, false, true]) {
        const [got, next] = run(true, pause);
        expect(
          Buffer.compare(Buffer.from(got.buffer), Buffer.from(want.buffer)),
          `n=${n} d=${d}`,
        ).toBe(0);
        expect(next).toEqual(wantNext);
      }
    }
  });

  it.runIf(cores >= 2)(
    "gives parts to awake workers, and runs a sleeping one's part itself",
    () => {
      const L = 10_000;
      const rows = randomRows(100, L, 1);
      const acc = new Float64Array(L);
      const before = counts();
      // A loop of calls: 200, or more (up to 2 s) until a worker has taken a part, which a
      // machine busy with other tests can delay.
      let calls = 0;
      const t0 = Date.now();
      while (calls < 200 || (counts().byWorker === before.byWorker && Date.now() - t0 < 2000)) {
        nat!.vsaSumF32(rows, L, new Float64Array(0), acc);
        calls++;
      }
      const hot = counts();
      // 4 MB of rows: one part per 256 kB, at most 4 and the cores.
      const parts = Math.min(4, cores);
      expect(hot.threads).toBeGreaterThanOrEqual(parts - 1);
      // No other thread calls here, so the pool takes every job.
      expect(hot.jobs - before.jobs).toBe(calls);
      // In a loop the worker is awake and takes its part (most of the time; the machine may
      // preempt it).
      expect(hot.byWorker - before.byWorker).toBeGreaterThan(0);
      // After a pause of 20 ms (longer than the workers spin) a short job's part runs here.
      let asleep = 0;
      for (let i = 0; i < 5; i++) {
        sleep(20);
        const c0 = counts();
        nat!.vsaSumF32(rows, L, new Float64Array(0), acc);
        const c1 = counts();
        if (c1.byCaller - c0.byCaller === parts - 1 && c1.byWorker === c0.byWorker) asleep++;
      }
      expect(asleep).toBeGreaterThan(0);
    },
  );

  it('gives the same results when several threads of the process split work at once', async () => {
    // Two worker threads and this one run split row sums and matrix products together for a
    // while; at most one of them has the pool at a time, the others start their own threads.
    const file = nativeKernelsInfo().file;
    const L = 10_000;
    const n = 100;
    const rows = randomRows(n, L, 7);
    const want = columnSums(rows, L);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.file);
      const { rows, want, L } = workerData;
      const acc = new Float64Array(L);
      const a = new Float32Array(96 * 200).map((_, i) => ((i * 7919) % 101) / 50 - 1);
      const b = new Float32Array(200 * 512).map((_, i) => ((i * 104729) % 103) / 51 - 1);
      const c1 = new Float32Array(96 * 512), c2 = new Float32Array(96 * 512);
      addon.sgemm(0, 0, 96, 512, 200, a, 200, b, 512, c1, 512, 0, 1);
      let bad = 0, calls = 0;
      const t0 = Date.now();
      while (Date.now() - t0 < 400) {
        addon.vsaSumF32(rows, L, new Float64Array(0), acc);
        for (let j = 0; j < L; j++) if (!Object.is(acc[j], want[j])) { bad++; break; }
        addon.sgemm(0, 0, 96, 512, 200, a, 200, b, 512, c2, 512, 0, 2);
        for (let j = 0; j < c1.length; j++) if (!Object.is(c1[j], c2[j])) { bad++; break; }
        calls++;
      }
      parentPort.postMessage({ bad, calls });
    `;
    const start = () =>
      new Promise<{ bad: number; calls: number }>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { file, rows, want, L } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const before = counts();
    const others = [start(), start()];
    const acc = new Float64Array(L);
    let bad = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 400) {
      nat!.vsaSumF32(rows, L, new Float64Array(0), acc);
      if (!sameBits(acc, want)) bad++;
    }
    const results = await Promise.all(others);
    expect(bad).toBe(0);
    for (const r of results) {
      expect(r.calls).toBeGreaterThan(0);
      expect(r.bad).toBe(0);
    }
    // Both ways were taken: jobs on the pool, and jobs that found it busy.
    const after = counts();
    expect(after.jobs).toBeGreaterThan(before.jobs);
    expect(after.refused).toBeGreaterThan(before.refused);
  });

  it.skipIf(k === null)(
    'matrix products on the pool equal one thread, awake or after a pause',
    () => {
      const rng = createRng(3);
      const [m, n, kk] = [70, 1000, 300];
      const a = Float32Array.from({ length: m * kk }, () => rng.nextNormal());
      const b = Float32Array.from({ length: kk * n }, () => rng.nextNormal());
      const one = k!.matmulNN(a, b, m, n, kk, undefined, { threads: 1 });
      for (let i = 0; i < 6; i++) {
        if (i >= 3) sleep(5);
        const two = k!.matmulNN(a, b, m, n, kk, undefined, { threads: 2 });
        expect(Buffer.compare(Buffer.from(two.buffer), Buffer.from(one.buffer))).toBe(0);
      }
    },
  );
});
