// Worker entry of the fused engine's team (started by team.ts from the built package): waits
// on the shared control block, takes each job from its port synchronously, runs it with the
// same kernels as the calling thread and reports completion through the control block.
// @internal
import { matmulNN, matmulNT } from '@hyperposition/hypervector';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { adamRange } from './adamRange.js';
import { CTL, CTL_WORKER_MS, type SampleJob, type TeamJob } from './team.js';
import { fusedSampleStep } from '../fused/fusedSampleStep.js';

/** The small-model pass for the job's instances, with the calling thread's kernel. */
function sample(job: SampleJob): void {
  const kernel = fusedSampleStep(job.m, job.n, job.relu);
  if (kernel === null) throw new Error('teamWorker: no fused sample kernel here');
  const n = job.n;
  const sc = new Float64Array(2 * n * n + 2 * n);
  const ip = new Int32Array(n);
  const res = new Float64Array(1);
  for (let i = job.from; i < job.to; i++) {
    if (job.modes[i] < 0) continue; // p = 0: no draws, every row empty
    const st = job.st.subarray(8 * i, 8 * i + 8);
    const empty = kernel(
      job.W,
      job.b,
      job.imp,
      job.gW,
      job.gb,
      job.thr[i],
      st,
      sc,
      ip,
      i,
      job.B,
      job.c,
      job.lo,
      job.span,
      job.modes[i],
      res,
    );
    job.res[2 * i] = res[0];
    job.res[2 * i + 1] = empty;
  }
}

const { ctl, port } = workerData as { ctl: Int32Array; port: MessagePort };
const ms = new Float64Array(ctl.buffer);
Atomics.store(ctl, CTL.ready, 1);
Atomics.notify(ctl, CTL.ready);
let seen = 0;
/** Spin (at most about a millisecond) for the next job before blocking on it. */
function spin(): void {
  const t0 = performance.now();
  while (Atomics.load(ctl, CTL.job) === seen && performance.now() - t0 < 1) {
    for (let k = 0; k < 200 && Atomics.load(ctl, CTL.job) === seen; k++);
  }
}
for (;;) {
  spin();
  Atomics.wait(ctl, CTL.job, seen);
  const seq = Atomics.load(ctl, CTL.job);
  if (seq === seen) continue;
  seen = seq;
  const job = receiveMessageOnPort(port)?.message as TeamJob | undefined;
  const t0 = performance.now();
  try {
    if (job === undefined) throw new Error('teamWorker: no job on the port');
    if (job.op === 'adam') adamRange(job);
    else if (job.op === 'sample') sample(job);
    else (job.op === 'nt' ? matmulNT : matmulNN)(job.a, job.b, job.m, job.n, job.k, job.out);
  } catch {
    Atomics.store(ctl, CTL.failed, 1);
  }
  ms[CTL_WORKER_MS] = performance.now() - t0;
  Atomics.store(ctl, CTL.done, seq);
  Atomics.notify(ctl, CTL.done);
}
