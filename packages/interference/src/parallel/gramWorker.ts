// Worker entry of the parallel Gram passes (started by pool.ts from the built package): the
// tile kernel the calling thread chose for the pass (plan.kernel: its own load of the native
// addon, or its own WebAssembly instance of matmulNT, through @hyperposition/hypervector), the
// shared unit rows, and, for the |cos| pass, its own accumulator, which it hands back on
// 'finish'; for the featureMetrics pass, whole lanes written into shared accumulators. A worker
// that cannot load the chosen kernel fails to start, and the pass runs on the calling thread
// (with the same kernel, so with the same result). @internal
import { parentPort, workerData } from 'node:worker_threads';
import { nativeKernels } from '@hyperposition/hypervector';
import { newAccumulator, runTiles, tileScratch } from './absCosPass.js';
import { metricsScratch, runLane } from './metricsPass.js';
import type { FromWorker, MetricsWorkerInit, ToWorker, WorkerInit } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('gramWorker: must run as a worker thread');
const init = workerData as WorkerInit | MetricsWorkerInit;
if (init.plan.kernel === 'native' && nativeKernels() === null) {
  throw new Error('gramWorker: the native kernels do not load in this worker');
}

if ('kind' in init && init.kind === 'metrics') {
  const { U, n2, plan, lanes } = init;
  const G = metricsScratch(plan);
  port.on('message', (msg: ToWorker) => {
    if (msg.type !== 'lane') throw new Error(`gramWorker: unexpected message ${msg.type}`);
    runLane(U, n2, plan, msg.lane, lanes, G);
    port.postMessage({ type: 'laneDone' } satisfies FromWorker);
  });
} else {
  const { U, plan, cfg, stored } = init as WorkerInit;
  const acc = newAccumulator(cfg);
  const G = tileScratch(plan);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'run') {
      const sums = new Float64Array(2 * (msg.t1 - msg.t0));
      runTiles(U, plan, cfg, msg.t0, msg.t1, acc, stored, G, sums);
      port.postMessage({ type: 'sums', sums } satisfies FromWorker, [sums.buffer]);
    } else if (msg.type === 'finish') {
      port.postMessage({ type: 'acc', acc } satisfies FromWorker);
    } else {
      throw new Error(`gramWorker: unexpected message ${msg.type}`);
    }
  });
}
port.postMessage({ type: 'ready' } satisfies FromWorker);
