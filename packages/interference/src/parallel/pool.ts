import { checkInt } from '../errors.js';
import { mergeLanes, runMetricsSync, type MetricsLanes, type MetricsPlan } from './metricsPass.js';
import {
  runPassSync,
  runPassWith,
  type PassAccumulator,
  type PassConfig,
  type PassExecutor,
  type PassPlan,
  type PassResult,
} from './absCosPass.js';

// Worker threads for the Gram pass, in Node only. Node's modules are loaded lazily, through a
// specifier that bundlers leave alone, so that browser bundles never see them; where they are
// missing (browsers, other runtimes) every pass runs on the calling thread. @internal

/** The worker entry, next to this module (dist/parallel/gramWorker.js in the built package). */
const WORKER_FILE = './gramWorker.js';

/** What a worker is started with (structured-cloned; the SharedArrayBuffers are shared). @internal */
export interface WorkerInit {
  U: Float32Array;
  plan: PassPlan;
  cfg: PassConfig;
  stored: Float64Array | null;
}

/** What a worker of the featureMetrics pass is started with. @internal */
export interface MetricsWorkerInit {
  kind: 'metrics';
  U: Float32Array;
  n2: Float64Array;
  plan: MetricsPlan;
  lanes: MetricsLanes;
}

/** Messages to a worker. @internal */
export type ToWorker =
  { type: 'run'; t0: number; t1: number } | { type: 'finish' } | { type: 'lane'; lane: number };

/** Messages from a worker. @internal */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'sums'; sums: Float64Array }
  | { type: 'acc'; acc: PassAccumulator }
  | { type: 'laneDone' };

/** A started worker: one request at a time. */
interface WorkerHandle {
  ask(msg: ToWorker): Promise<FromWorker>;
  close(): void;
}

type WorkerThreads = typeof import('node:worker_threads');
type Os = typeof import('node:os');

function isNode(): boolean {
  return (
    typeof process === 'object' &&
    process !== null &&
    typeof process.versions === 'object' &&
    typeof process.versions.node === 'string'
  );
}

async function nodeModule<T>(name: string): Promise<T | null> {
  if (!isNode()) return null;
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch {
    return null;
  }
}

/** Whether worker_threads can be used here. @internal */
export async function workerThreads(): Promise<WorkerThreads | null> {
  if (typeof SharedArrayBuffer !== 'function') return null;
  return nodeModule<WorkerThreads>('node:worker_threads');
}

/** Default number of workers: min(2, available parallelism) in Node, 1 elsewhere. @internal */
export async function defaultWorkerCount(): Promise<number> {
  const wt = await workerThreads();
  if (wt === null) return 1;
  const os = await nodeModule<Os>('node:os');
  if (os === null) return 1;
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cores));
}

/** A Float32Array on a SharedArrayBuffer when `shared`, else an ordinary one. @internal */
export function float32(length: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
}

/** A Float64Array on a SharedArrayBuffer when `shared`, else an ordinary one. @internal */
export function float64(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

/**
 * Start `count` workers on `init` and wait until each has loaded its kernel. Returns null
 * (after stopping any that did start) when worker_threads are missing or a worker cannot
 * start, e.g. when this module runs from TypeScript sources without a built worker entry;
 * the caller then runs the pass on its own thread. The typed arrays of `init` that workers
 * write must live on SharedArrayBuffers.
 */
async function startHandles(
  count: number,
  init: WorkerInit | MetricsWorkerInit,
): Promise<WorkerHandle[] | null> {
  const wt = await workerThreads();
  if (wt === null) return null;
  let url: URL;
  try {
    url = new URL(WORKER_FILE, import.meta.url);
  } catch {
    return null;
  }
  const started = await Promise.all(
    Array.from({ length: count }, () => startOne(wt, url, init).catch(() => null)),
  );
  if (started.some((x) => x === null)) {
    for (const h of started) h?.close();
    return null;
  }
  return started as WorkerHandle[];
}

/** Workers for the |cos| pass as {@link PassExecutor}s (see startHandles for null). @internal */
export async function startWorkers(
  count: number,
  init: WorkerInit,
): Promise<PassExecutor[] | null> {
  const handles = await startHandles(count, init);
  if (handles === null) return null;
  return handles.map((h) => ({
    run: async (t0: number, t1: number) => {
      const r = await h.ask({ type: 'run', t0, t1 });
      if (r.type !== 'sums') throw new Error(`gram worker: unexpected reply ${r.type}`);
      return r.sums;
    },
    finish: async () => {
      const r = await h.ask({ type: 'finish' });
      if (r.type !== 'acc') throw new Error(`gram worker: unexpected reply ${r.type}`);
      return r.acc;
    },
    close: h.close,
  }));
}

/**
 * The parent's Node flags without custom export conditions (`--conditions`, `-C`): the worker
 * is built JavaScript and must load `@hyperposition/hypervector` the same way, from its built
 * entry, even where the parent resolves packages to their sources (a test runner, a dev setup).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--conditions' || a === '-C') k++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}

function startOne(
  wt: WorkerThreads,
  url: URL,
  init: WorkerInit | MetricsWorkerInit,
): Promise<WorkerHandle> {
  return new Promise((resolveStart, rejectStart) => {
    let worker: InstanceType<WorkerThreads['Worker']>;
    try {
      worker = new wt.Worker(url, { workerData: init, execArgv: workerExecArgv() });
    } catch {
      // a flag of the parent that workers refuse (ERR_WORKER_INVALID_EXEC_ARGV): none at all
      worker = new wt.Worker(url, { workerData: init, execArgv: [] });
    }
    let ready = false;
    let closed = false;
    let pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
    const fail = (err: Error): void => {
      if (!ready) rejectStart(err);
      const p = pending;
      pending = null;
      p?.reject(err);
      close();
    };
    const close = (): void => {
      if (closed) return;
      closed = true;
      worker.removeAllListeners();
      worker.on('error', () => {});
      void worker.terminate();
    };
    const ask = (msg: ToWorker): Promise<FromWorker> =>
      new Promise((resolve, reject) => {
        if (closed) {
          reject(new Error('gram worker: already stopped'));
          return;
        }
        pending = { resolve, reject };
        worker.postMessage(msg);
      });
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') {
        ready = true;
        resolveStart({ ask, close });
        return;
      }
      const p = pending;
      pending = null;
      p?.resolve(msg);
    });
    worker.on('error', (err: Error) => fail(err));
    worker.on('exit', (code: number) => {
      if (!closed) fail(new Error(`gram worker: exited with code ${code}`));
    });
  });
}

/** Below this many flops a pass runs on the calling thread: starting workers would cost more. @internal */
export const PARALLEL_MIN_FLOPS: number = 2 ** 28;

/**
 * Run a pass with `workers` threads when that is possible and worth it (`U` and `stored` on
 * SharedArrayBuffers, at least {@link PARALLEL_MIN_FLOPS}), else on the calling thread; the
 * result is the same either way. Returns it with the number of threads that computed it.
 * @internal
 */
export async function runPass(
  U: Float32Array,
  plan: PassPlan,
  cfg: PassConfig,
  stored: Float64Array | null,
  workers: number,
): Promise<{ result: PassResult; workers: number }> {
  const shared =
    typeof SharedArrayBuffer === 'function' &&
    U.buffer instanceof SharedArrayBuffer &&
    (stored === null || stored.buffer instanceof SharedArrayBuffer);
  if (workers > 1 && shared && plan.flops >= PARALLEL_MIN_FLOPS && plan.count > 1) {
    const executors = await startWorkers(Math.min(workers, plan.count), { U, plan, cfg, stored });
    if (executors !== null) {
      try {
        return { result: await runPassWith(executors, plan, cfg), workers: executors.length };
      } finally {
        for (const ex of executors) ex.close();
      }
    }
  }
  return { result: runPassSync(U, plan, cfg, stored), workers: 1 };
}

/** Check `options.workers` (an integer in [1, 64]) or pick the default. @internal */
export async function resolveWorkers(fn: string, workers: unknown): Promise<number> {
  if (workers === undefined) return defaultWorkerCount();
  return checkInt(fn, 'options.workers', workers, 1, 64);
}

/**
 * The featureMetrics pass on `workers` threads when possible and worth it (`U` and the lanes
 * on SharedArrayBuffers, at least {@link PARALLEL_MIN_FLOPS}, more than one lane), else on the
 * calling thread; then the lanes summed in lane order into the three length-n arrays. The
 * result is the same either way. Returns the number of threads used. @internal
 */
export async function runMetrics(
  U: Float32Array,
  n2: Float64Array,
  plan: MetricsPlan,
  lanes: MetricsLanes,
  workers: number,
  out: { interference: Float64Array; absSum: Float64Array; maxAbs: Float64Array },
): Promise<number> {
  const flops = plan.n * plan.n * plan.d;
  const shared =
    typeof SharedArrayBuffer === 'function' &&
    U.buffer instanceof SharedArrayBuffer &&
    lanes.interference.buffer instanceof SharedArrayBuffer &&
    lanes.absSum.buffer instanceof SharedArrayBuffer &&
    lanes.maxAbs.buffer instanceof SharedArrayBuffer;
  let used = 1;
  const handles =
    workers > 1 && shared && flops >= PARALLEL_MIN_FLOPS && plan.lanes > 1
      ? await startHandles(Math.min(workers, plan.lanes), { kind: 'metrics', U, n2, plan, lanes })
      : null;
  if (handles !== null) {
    try {
      let next = 0;
      await Promise.all(
        handles.map(async (h) => {
          while (next < plan.lanes) {
            const lane = next++;
            const r = await h.ask({ type: 'lane', lane });
            if (r.type !== 'laneDone') throw new Error(`gram worker: unexpected reply ${r.type}`);
          }
        }),
      );
      used = handles.length;
    } finally {
      for (const h of handles) h.close();
    }
  } else {
    runMetricsSync(U, n2, plan, lanes);
  }
  mergeLanes(plan, lanes, out.interference, out.absSum, out.maxAbs);
  return used;
}
