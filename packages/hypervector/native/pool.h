// The addon's persistent worker threads (pool.cc), shared by every translation unit that
// splits work with hp::parallelRanges (napi_util.h).
#pragma once

namespace hp {

// The flags of a job (poolRun, parallelRanges).
// POOL_SHORT: the job takes tens of microseconds; it gives no range to a worker that sleeps
// (the caller runs that range).
constexpr int POOL_SHORT = 1;
// POOL_AFFINE: each range should run where the same range of the job before ran, whose data
// it reads from that core's cache (a second step over the first step's output). A range whose
// worker did not run its range of the job before runs on the caller; otherwise the caller
// gives the awake worker up to 20 µs to take it before it runs the range itself.
constexpr int POOL_AFFINE = 2;

// Runs fn(ctx, t) for t = 1 .. parts - 1 on the pool's threads (range t on thread t) and
// fn(ctx, 0) on the calling thread, and returns true once all of them have returned. Returns
// false, having run nothing, when the pool cannot take the job: another thread of the process
// is using it (Node worker threads may call the kernels at the same time), parts is outside
// [2, 16], or a thread could not start, or this thread is already inside a job of the pool.
// The caller then runs the parts another way. fn must not throw. flags: POOL_SHORT and
// POOL_AFFINE above.
bool poolRun(int parts, void (*fn)(void *ctx, int t), void *ctx, int flags);

// What the pool has done since the process started (tests): out[0] threads started, [1] jobs
// it took, [2] ranges run by a worker, [3] ranges run by the caller in place of a worker, [4]
// jobs it turned down (busy, or a thread could not start).
void poolCounts(double out[5]);

} // namespace hp
