// Worker entry of the parallel Gram pass (started by pool.ts from the built package): its own
// WebAssembly instance of matmulNT (through @hyperposition/hypervector), the shared unit rows,
// and its own accumulator, which it hands back on 'finish'. @internal
import { parentPort, workerData } from 'node:worker_threads';
import { newAccumulator, runTiles, tileScratch } from './absCosPass.js';
import type { FromWorker, ToWorker, WorkerInit } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('gramWorker: must run as a worker thread');
const { U, plan, cfg, stored } = workerData as WorkerInit;
const acc = newAccumulator(cfg);
const G = tileScratch(plan);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'run') {
    const sums = new Float64Array(2 * (msg.t1 - msg.t0));
    runTiles(U, plan, cfg, msg.t0, msg.t1, acc, stored, G, sums);
    port.postMessage({ type: 'sums', sums } satisfies FromWorker, [sums.buffer]);
  } else {
    port.postMessage({ type: 'acc', acc } satisfies FromWorker);
  }
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
