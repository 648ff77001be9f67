import { matmulNN, matmulNT, type AdamUpdateArgs } from '@hyperposition/hypervector';
import { adamRange } from './adamRange.js';

// A second thread for the fused engine's large-model step, in Node only: one worker that
// takes a share of the rows of each dense product (and half of the Adam update) while the
// calling thread does the rest. Every output row and every optimizer element is computed by
// the same code on either thread, so results are bit-identical with or without the worker.
// The worker is started lazily by the first call that asks for two threads and used once it
// reports ready; where worker_threads, SharedArrayBuffer or the built worker entry are missing
// (browsers, TypeScript sources under a test runner), or the machine has one core, everything
// runs on the calling thread. Node's modules are loaded through a specifier that bundlers
// leave alone, so browser bundles never see them. @internal

/** The worker entry, next to this module (dist/kernels/teamWorker.js in the built package). */
const WORKER_FILE = './teamWorker.js';

/** Control words (Int32 indices) of the shared control block. @internal */
export const CTL = { job: 0, done: 1, ready: 2, failed: 3 } as const;

/**
 * Float64 index (on the same control block) where the worker leaves its last job's
 * milliseconds. @internal
 */
export const CTL_WORKER_MS = 4;

/** A job for the worker (typed arrays on SharedArrayBuffers). @internal */
export type TeamJob =
  | {
      op: 'nn' | 'nt';
      a: Float32Array;
      b: Float32Array;
      m: number;
      n: number;
      k: number;
      out: Float32Array;
    }
  | ({ op: 'adam' } & AdamUpdateArgs)
  | SampleJob;

/**
 * The small-model fused draw-and-gradient pass for instances [from, to) (see
 * fusedSampleStep.ts): `st` (8 words per instance: presence then value stream), `gW`, `gb`
 * and `res` (per instance: squared error, empty rows) are shared and written; the rest are
 * read. @internal
 */
export interface SampleJob {
  op: 'sample';
  m: number;
  n: number;
  relu: boolean;
  from: number;
  to: number;
  W: Float32Array;
  b: Float32Array;
  imp: Float32Array;
  thr: Int32Array[];
  st: Int32Array;
  gW: Float32Array;
  gb: Float32Array;
  res: Float64Array;
  B: number;
  c: number;
  lo: number;
  span: number;
  modes: Int32Array;
}

interface Team {
  ctl: Int32Array;
  ms: Float64Array;
  post(job: TeamJob): void;
  seq: number;
  broken: boolean;
  stage: Map<string, Float32Array>;
  close(): void;
}

type WorkerThreads = typeof import('node:worker_threads');
type Os = typeof import('node:os');

let team: Team | null = null;
let starting = false;
let startFailed = false;
let jobs = 0;

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
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as T;
  } catch {
    return null;
  }
}

/** Whether a fused engine asking for `threads` should put its arrays on shared memory. @internal */
export function shareFor(threads: number): boolean {
  return threads > 1 && typeof SharedArrayBuffer === 'function' && isNode() && !startFailed;
}

/** A Float32Array on a SharedArrayBuffer when `shared`, else an ordinary one. @internal */
export function hostFloat32(length: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
}

function isShared(x: Float32Array): boolean {
  return typeof SharedArrayBuffer === 'function' && x.buffer instanceof SharedArrayBuffer;
}

/**
 * The parent's Node flags without custom export conditions: the worker is built JavaScript
 * and loads `@hyperposition/hypervector` from its built entry.
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

async function start(): Promise<void> {
  const wt = await nodeModule<WorkerThreads>('node:worker_threads');
  const os = await nodeModule<Os>('node:os');
  if (wt === null || os === null) throw new Error('no worker_threads');
  // One core: a second thread would only take turns with this one.
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (cores < 2) throw new Error('one core');
  const block = new SharedArrayBuffer(64);
  const ctl = new Int32Array(block);
  const url = new URL(WORKER_FILE, import.meta.url);
  const { port1, port2 } = new wt.MessageChannel();
  const init = { ctl, port: port2 };
  let worker: InstanceType<WorkerThreads['Worker']>;
  try {
    worker = new wt.Worker(url, {
      workerData: init,
      transferList: [port2],
      execArgv: workerExecArgv(),
    });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    worker = new wt.Worker(url, { workerData: init, transferList: [port2], execArgv: [] });
  }
  worker.unref();
  port1.unref();
  const t: Team = {
    ctl,
    ms: new Float64Array(block),
    seq: 0,
    broken: false,
    stage: new Map(),
    post: (job) => port1.postMessage(job),
    close: () => {
      t.broken = true;
      t.stage.clear();
      void worker.terminate();
      port1.close();
    },
  };
  worker.on('error', () => t.close());
  worker.on('exit', () => t.close());
  team = t;
}

/** The team when its worker is ready; starts it (in the background) on first use. */
function readyTeam(): Team | null {
  if (startFailed || typeof SharedArrayBuffer !== 'function' || !isNode()) return null;
  const t = team;
  if (t === null) {
    if (!starting) {
      starting = true;
      start().catch(() => {
        startFailed = true;
      });
    }
    return null;
  }
  if (t.broken || Atomics.load(t.ctl, CTL.ready) !== 1) return null;
  return t;
}

/** A staging array of at least `length` floats on a SharedArrayBuffer, by role. */
function stage(t: Team, role: string, length: number): Float32Array {
  let s = t.stage.get(role);
  if (!s || s.length < length) {
    s = new Float32Array(new SharedArrayBuffer(4 * Math.max(length, 1024)));
    t.stage.set(role, s);
  }
  return s.subarray(0, length);
}

/** Hand `job` to the worker; returns its sequence number (never 0, wraps within Int32). */
function submit(t: Team, job: TeamJob): number {
  jobs++;
  t.post(job);
  let seq = (t.seq + 1) | 0;
  if (seq === 0) seq = 1;
  t.seq = seq;
  Atomics.store(t.ctl, CTL.job, seq);
  Atomics.notify(t.ctl, CTL.job);
  return seq;
}

/**
 * Wait for job `seq`, at most `limitMs` (a lost worker: its 'exit' event cannot run while this
 * thread waits). False when the worker failed or ran out of time; the team is then dropped.
 */
function finish(t: Team, seq: number, limitMs: number): boolean {
  const t0 = performance.now();
  // Spin briefly first: waking a blocked thread can take tens of microseconds on a virtual
  // machine, as long as a small model's whole step.
  for (let k = 0; k < 20_000 && Atomics.load(t.ctl, CTL.done) !== seq; k++);
  for (;;) {
    const done = Atomics.load(t.ctl, CTL.done);
    if (done === seq) break;
    if (performance.now() - t0 > limitMs) {
      t.close();
      return false;
    }
    Atomics.wait(t.ctl, CTL.done, done, 250);
  }
  if (Atomics.load(t.ctl, CTL.failed) !== 0) {
    t.close();
    return false;
  }
  return true;
}

/** How long to wait for the worker's share, given this thread's time for its own. */
const limitFor = (ownMs: number): number => 10_000 + 20 * ownMs;

/** Least work (multiply-adds) worth a second thread. */
const MIN_WORK = 1 << 22;

/** This thread's share of the rows of each product shape (see teamMatmul). */
const shares = new Map<string, number>();

/**
 * C = A·B (`nt` false, B is [k, n]) or C = A·Bᵀ (`nt` true, B is [n, k]) into `out` [m, n],
 * on up to `threads` threads (rows split between this thread and the team's worker when it is
 * ready): the same values as `matmulNN`/`matmulNT` of `@hyperposition/hypervector`, bit for
 * bit. If the worker fails, this thread computes its rows too.
 * @internal
 */
export function teamMatmul(
  nt: boolean,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  out: Float32Array,
  threads: number,
): void {
  const mm = nt ? matmulNT : matmulNN;
  const t = threads > 1 && m >= 8 && m * n * k >= MIN_WORK ? readyTeam() : null;
  if (t === null) {
    mm(a, b, m, n, k, out);
    return;
  }
  // This thread: rows [0, mine); the worker: rows [mine, m), in multiples of 4 where it can,
  // split by the two threads' speeds on the last product of this shape (a core that another
  // process shares finishes its part later: it then gets fewer rows).
  const key = `${nt ? 't' : 'n'}${m}x${n}x${k}`;
  const share = shares.get(key) ?? 0.5;
  const mine = Math.max(4, Math.min(m - 4, 4 * Math.round((share * m) / 4)));
  const rest = m - mine;
  const aW = stage(t, 'a', rest * k);
  aW.set(a.subarray(mine * k, m * k));
  let bW = b.subarray(0, n * k);
  if (!isShared(bW)) {
    const s = stage(t, 'b', n * k);
    s.set(bW);
    bW = s;
  }
  const oW = stage(t, 'out', rest * n);
  const seq = submit(t, { op: nt ? 'nt' : 'nn', a: aW, b: bW, m: rest, n, k, out: oW });
  const t0 = performance.now();
  mm(a.subarray(0, mine * k), b, mine, n, k, out.subarray(0, mine * n));
  const mainMs = performance.now() - t0;
  if (!finish(t, seq, limitFor(mainMs))) {
    // the worker wrote only to its staging array: redo its rows here
    mm(a.subarray(mine * k, m * k), b, rest, n, k, out.subarray(mine * n, m * n));
    return;
  }
  out.set(oW, mine * n);
  const workerMs = t.ms[CTL_WORKER_MS];
  if (mainMs > 0 && workerMs > 0) {
    // rows per millisecond of each thread -> the share that makes both finish together
    const sMain = mine / mainMs;
    const sWorker = rest / workerMs;
    const target = sMain / (sMain + sWorker);
    shares.set(key, Math.min(0.9, Math.max(0.1, 0.5 * share + 0.5 * target)));
  }
}

/**
 * Run `job` on the team's worker while this thread runs `own()`, when `threads` > 1 and the
 * team is ready; false (nothing submitted, `own` not called) otherwise, or when the worker
 * failed (then `own` has run and the worker's outputs must be recomputed here: the worker
 * writes only to the job's own shared arrays). @internal
 */
export function teamRun(job: SampleJob, own: () => void, threads: number): boolean {
  const t = threads > 1 ? readyTeam() : null;
  if (t === null) return false;
  const seq = submit(t, job);
  const t0 = performance.now();
  own();
  return finish(t, seq, limitFor(performance.now() - t0));
}

/**
 * The Adam/AdamW update of {@link adamRange} over [from, to), split with the team's worker when
 * `threads` > 1, every array is shared and the team is ready (element-wise: the same values
 * either way).
 * @throws Error when the worker fails during its half: the worker updates the arrays in place,
 *   so its half cannot be redone safely (the optimizer state is then inconsistent).
 * @internal
 */
export function teamAdam(args: AdamUpdateArgs, threads: number): void {
  const from = args.from ?? 0;
  const to = args.to ?? args.p.length;
  const len = to - from;
  const t =
    threads > 1 &&
    len >= 1 << 18 &&
    isShared(args.p) &&
    isShared(args.g) &&
    isShared(args.m) &&
    isShared(args.v)
      ? readyTeam()
      : null;
  if (t === null) {
    adamRange(args);
    return;
  }
  const mid = from + (len >> 1);
  const seq = submit(t, { op: 'adam', ...args, from: mid, to });
  const t0 = performance.now();
  adamRange({ ...args, from, to: mid });
  if (!finish(t, seq, limitFor(performance.now() - t0))) {
    throw new Error(
      'fused engine: the worker thread failed during the optimizer update, so the parameters and optimizer slots are inconsistent; restore them from a checkpoint and train with threads: 1',
    );
  }
}

/**
 * Start the worker now and wait (up to `timeoutMs`) until it is ready; true when it is.
 * For tests and benchmarks that want the two-thread path from the first step. @internal
 */
export async function awaitTeam(timeoutMs = 10_000): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (readyTeam() !== null) return true;
    if (startFailed || team?.broken) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

/** Jobs handed to the worker so far (for tests that the two-thread path ran). @internal */
export function teamJobCount(): number {
  return jobs;
}
