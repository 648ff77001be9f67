// Worker entry of the fused engine's team (started by team.ts from the built package): waits
// on the shared control block, takes each job from its port synchronously, runs it with the
// same kernels as the calling thread and reports completion through the control block.
// @internal
import { matmulNN, matmulNT } from '@hyperposition/hypervector';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { adamRange } from './adamRange.js';
import { CTL, CTL_WORKER_MS, type TeamJob } from './team.js';

const { ctl, port } = workerData as { ctl: Int32Array; port: MessagePort };
const ms = new Float64Array(ctl.buffer);
Atomics.store(ctl, CTL.ready, 1);
Atomics.notify(ctl, CTL.ready);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.job, seen);
  const seq = Atomics.load(ctl, CTL.job);
  if (seq === seen) continue;
  seen = seq;
  const job = receiveMessageOnPort(port)?.message as TeamJob | undefined;
  const t0 = performance.now();
  try {
    if (job === undefined) throw new Error('teamWorker: no job on the port');
    if (job.op === 'adam') adamRange(job);
    else (job.op === 'nt' ? matmulNT : matmulNN)(job.a, job.b, job.m, job.n, job.k, job.out);
  } catch {
    Atomics.store(ctl, CTL.failed, 1);
  }
  ms[CTL_WORKER_MS] = performance.now() - t0;
  Atomics.store(ctl, CTL.done, seq);
  Atomics.notify(ctl, CTL.done);
}
