// The addon's persistent worker threads (pool.cc), shared by every translation unit that
// splits work with hp::parallelRanges (napi_util.h).
#pragma once

namespace hp {

// Runs fn(ctx, t) for t = 1 .. parts - 1 on the pool's threads and fn(ctx, 0) on the calling
// thread, and returns true once all of them have returned. Returns false, having run nothing,
// when the pool cannot take the job: another thread of the process is using it (Node worker
// threads may call the kernels at the same time), parts is outside [2, 16], or a thread could
// not start, or this thread is already inside a job of the pool. The caller then runs the
// parts another way. fn must not throw. A `short_` job
// (tens of microseconds) gives no range to a worker that sleeps: the caller runs it.
bool poolRun(int parts, void (*fn)(void *ctx, int t), void *ctx, bool short_);

// What the pool has done since the process started (tests): out[0] threads started, [1] jobs
// it took, [2] ranges run by a worker, [3] ranges run by the caller in place of a worker, [4]
// jobs it turned down (busy, or a thread could not start).
void poolCounts(double out[5]);

} // namespace hp
