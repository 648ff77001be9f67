// Persistent worker threads for hp::parallelRanges. Starting a std::thread costs tens of
// microseconds, and waking a thread that sleeps can cost a hundred or more on a virtual
// machine (an idle core halts): as much as a row sum of a few MB takes on two cores. These
// threads start once, on the first job that needs them, and then wait for work: spinning for
// a short while after each job, then asleep on a condition variable.
//
// Every range but the caller's is posted to a worker, and a range that no worker has claimed
// by the time the caller has finished its own runs on the caller. A short job (the caller
// says so) is not posted to a sleeping worker at all: one that woke halfway would start its
// range late, on a cold core, and the caller would wait for it. The caller runs such ranges
// itself and wakes those workers at the end, so that a job that follows soon finds them
// awake. The pool and its threads are never torn down: they are detached and end with the
// process, so that no destructor runs at exit while a thread waits.
#include "pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdint.h>
#include <thread>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HP_PAUSE() _mm_pause()
#else
#define HP_PAUSE() std::this_thread::yield()
#endif

namespace hp {
namespace {

constexpr int MAX_WORKERS = 15;
// How long a worker spins for the next job before it sleeps, and how long the caller spins
// for the ranges the workers claimed before it sleeps.
constexpr auto SPIN = std::chrono::microseconds(200);
// The first part of SPIN, in which a spinning thread does not yield (see spin).
constexpr auto HOT = std::chrono::microseconds(20);
// How long the caller of an affine job waits for an awake worker to take its range.
constexpr auto AFFINE_WAIT = std::chrono::microseconds(20);

// One worker's mailbox. The caller writes the job, then stores its ticket (a number no other
// job has) in `posted`; whoever first swaps that ticket for 0, the worker or the caller, runs
// the range, so it runs exactly once. A worker that a job does not use is never woken by it.
struct alignas(64) Slot {
  std::mutex m;
  std::condition_variable cv;
  std::atomic<uint64_t> posted{0};
  std::atomic<bool> awake{true}; // false while the worker sleeps
  bool kick = false;             // under m: wake without a job
  void (*fn)(void *, int) = nullptr;
  void *ctx = nullptr;
  int t = 0;
  // Whether this worker ran its range of the last job that posted one to it (written by
  // whoever ran it before the job's end, read by the next job's caller): an affine job runs
  // the range on the caller where the worker did not.
  bool ranLast = false;
};

struct Pool {
  std::mutex use; // one job at a time
  int started = 0;
  uint64_t ticket = 0;
  Slot slots[MAX_WORKERS];
  alignas(64) std::atomic<int> pending{0}; // worker ranges not yet finished
  std::mutex doneM;
  std::condition_variable doneCv;
  std::atomic<uint64_t> jobs{0}, byWorker{0}, byCaller{0}, refused{0};
};

// Whether this thread is inside a job of the pool (as its caller or as a worker): a split
// from inside a part (none does so today) then starts threads of its own instead of taking the
// pool's lock a second time.
thread_local bool inPool = false;

Pool &pool() {
  // Leaked on purpose (see the top of the file).
  static Pool *p = new Pool();
  return *p;
}

void finish(Pool *p) {
  if (p->pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    std::lock_guard<std::mutex> lk(p->doneM);
    p->doneCv.notify_one();
  }
}

// Spins until ready() or for `limit` (SPIN), pausing; returns ready(). After the first HOT of it, it
// also yields the core every 64 turns to any thread that waits for it. Not before: a yield is
// a system call, about 1.2 µs on this machine kind (a pause about 20 ns), and a thread that
// yielded every 64 pauses noticed a job or a finished range about 0.6 µs late on average,
// which a job of two steps (vsaBundleF32) paid four times.
template <class Ready> bool spin(Ready ready, std::chrono::microseconds limit = SPIN) {
  const auto start = std::chrono::steady_clock::now();
  const auto hot = start + HOT, until = start + limit;
  bool polite = false;
  for (int i = 0;; i++) {
    if (ready()) return true;
    HP_PAUSE();
    if ((i & 63) != 63) continue;
    if (polite) std::this_thread::yield();
    const auto now = std::chrono::steady_clock::now();
    if (now > until) return ready();
    polite = now > hot;
  }
}

void worker(Pool *p, Slot *s) {
  inPool = true;
  const auto posted = [s] { return s->posted.load(std::memory_order_acquire) != 0; };
  for (;;) {
    if (!spin(posted)) {
      std::unique_lock<std::mutex> lk(s->m);
      s->awake.store(false, std::memory_order_release);
      s->cv.wait(lk, [&] { return s->kick || posted(); });
      s->kick = false;
      s->awake.store(true, std::memory_order_release);
      continue;
    }
    // The job's fields are read only after the claim: until this range finishes, the caller
    // cannot post another job here.
    uint64_t g = s->posted.load(std::memory_order_acquire);
    if (g == 0 || !s->posted.compare_exchange_strong(g, 0, std::memory_order_acq_rel)) continue;
    s->fn(s->ctx, s->t);
    s->ranLast = true;
    p->byWorker.fetch_add(1, std::memory_order_relaxed);
    finish(p);
  }
}

} // namespace

bool poolRun(int parts, void (*fn)(void *, int), void *ctx, int flags) {
  const bool short_ = (flags & POOL_SHORT) != 0;
  if (parts < 2 || parts > MAX_WORKERS + 1 || inPool) return false;
  Pool &p = pool();
  std::unique_lock<std::mutex> busy(p.use, std::try_to_lock);
  if (!busy.owns_lock()) {
    p.refused.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  while (p.started < parts - 1) {
    try {
      std::thread(worker, &p, &p.slots[p.started]).detach();
    } catch (...) {
      p.refused.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    p.started++;
  }
  p.jobs.fetch_add(1, std::memory_order_relaxed);
  struct Inside {
    Inside() { inPool = true; }
    ~Inside() { inPool = false; }
  } inside;
  // Each range's ticket, or 0 where the caller runs it (a short job's sleeping worker).
  uint64_t tickets[MAX_WORKERS];
  for (int t = 1; t < parts; t++) {
    Slot &s = p.slots[t - 1];
    tickets[t - 1] = 0;
    if (short_ && !s.awake.load(std::memory_order_acquire)) continue;
    // The range that this worker did not run in the job before reads data in another cache.
    if ((flags & POOL_AFFINE) != 0 && !s.ranLast) continue;
    p.pending.fetch_add(1, std::memory_order_relaxed); // 0 between jobs
    {
      std::lock_guard<std::mutex> lk(s.m);
      s.fn = fn;
      s.ctx = ctx;
      s.t = t;
      tickets[t - 1] = ++p.ticket;
      s.posted.store(tickets[t - 1], std::memory_order_release);
    }
    s.cv.notify_one();
  }
  fn(ctx, 0);
  // The ranges no worker has claimed yet, or whose worker sleeps, run here; an affine job
  // first gives each awake worker some time to claim its range.
  for (int t = 1; t < parts; t++) {
    uint64_t g = tickets[t - 1];
    if (g != 0 && (flags & POOL_AFFINE) != 0) {
      Slot &s = p.slots[t - 1];
      spin([&s] {
        return s.posted.load(std::memory_order_acquire) == 0 ||
               !s.awake.load(std::memory_order_acquire);
      }, AFFINE_WAIT);
    }
    if (g != 0 && !p.slots[t - 1].posted.compare_exchange_strong(g, 0, std::memory_order_acq_rel))
      continue;
    fn(ctx, t);
    p.slots[t - 1].ranLast = false;
    p.byCaller.fetch_add(1, std::memory_order_relaxed);
    if (tickets[t - 1] != 0) finish(&p);
  }
  const auto done = [&p] { return p.pending.load(std::memory_order_acquire) == 0; };
  if (!spin(done)) {
    std::unique_lock<std::mutex> lk(p.doneM);
    p.doneCv.wait(lk, done);
  }
  // Wake the sleeping workers, for the next job.
  for (int t = 1; t < parts; t++) {
    if (tickets[t - 1] != 0) continue;
    Slot &s = p.slots[t - 1];
    {
      std::lock_guard<std::mutex> lk(s.m);
      s.kick = true;
    }
    s.cv.notify_one();
  }
  return true;
}

void poolCounts(double out[5]) {
  Pool &p = pool();
  {
    std::lock_guard<std::mutex> lk(p.use);
    out[0] = (double)p.started;
  }
  out[1] = (double)p.jobs.load(std::memory_order_relaxed);
  out[2] = (double)p.byWorker.load(std::memory_order_relaxed);
  out[3] = (double)p.byCaller.load(std::memory_order_relaxed);
  out[4] = (double)p.refused.load(std::memory_order_relaxed);
}

} // namespace hp
