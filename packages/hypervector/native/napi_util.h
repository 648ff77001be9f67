// Helpers shared by the baseline translation units (addon.cc, optim.cc, vsa.cc). Everything
// here has internal linkage, so no copy compiled with other flags can stand in for it; never
// include this from an instruction-set-specific unit.
#pragma once
#include <node_api.h>

#include <stdint.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "pool.h"
#ifdef __linux__
#include <sched.h>
#endif

namespace hp {
namespace {

// A typed array of element type `want`: its data and length (elements); false for anything
// else.
template <class T>
bool typedArray(napi_env env, napi_value v, napi_typedarray_type want, T **data, size_t *len) {
  napi_typedarray_type type;
  void *p = nullptr;
  if (napi_get_typedarray_info(env, v, &type, len, &p, nullptr, nullptr) != napi_ok ||
      type != want)
    return false;
  *data = static_cast<T *>(p);
  return true;
}

// The bytes of an array view as 32-bit words (the BSC kernels, which only move and combine
// bits): its data and word count; false where it is not a view, or its address or byte length
// is not a multiple of 4. One napi_get_buffer_info answers for any view (Node's Buffer test is
// "an ArrayBufferView") without the element-type lookup of napi_get_typedarray_info, a chain of
// type tests that costs about 23 ns for a Uint32Array here, against 17 ns for a whole call with
// no arguments: a BSC binding on one vector took 120 ns natively, 69 of them in those lookups.
// Where a Node answers only for Buffers, the typed-array path takes the rest.
inline bool words(napi_env env, napi_value v, uint32_t **data, size_t *n) {
  void *p = nullptr;
  size_t bytes = 0;
  if (napi_get_buffer_info(env, v, &p, &bytes) != napi_ok)
    return typedArray(env, v, napi_uint32_array, data, n);
  if ((bytes & 3) != 0 || (reinterpret_cast<uintptr_t>(p) & 3) != 0) return false;
  *data = static_cast<uint32_t *>(p);
  *n = bytes >> 2;
  return true;
}

// The JavaScript boolean x.
inline napi_value boolean(napi_env env, bool x) {
  napi_value v = nullptr;
  napi_get_boolean(env, x, &v);
  return v;
}

// Throws a RangeError (`range`) or a TypeError with `msg`; returns null for the caller to
// return.
inline napi_value fail(napi_env env, bool range, const char *msg) {
  if (range)
    napi_throw_range_error(env, nullptr, msg);
  else
    napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

// Reads exactly `want` arguments into argv; false for any other count.
inline bool args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc == want;
}

// Reads `want` arguments and an optional one after them into argv (want + 1 slots); *given
// says whether the optional one came. False for any other count.
inline bool args(napi_env env, napi_callback_info info, size_t want, napi_value *argv,
                 bool *given) {
  size_t argc = want + 1;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok ||
      (argc != want && argc != want + 1))
    return false;
  *given = argc == want + 1;
  return true;
}

// The one string argument of the test-only instruction-set switches, into name (empty when
// the call has none).
inline void nameArg(napi_env env, napi_callback_info info, char (&name)[16]) {
  napi_value argv[1];
  size_t len = 0;
  name[0] = 0;
  if (!args(env, info, 1, argv) ||
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok)
    name[0] = 0;
}

// The cores this process may run on (its affinity mask on Linux, which containers narrow;
// the machine's count elsewhere). Reading the mask is a system call, about 1 µs on a virtual
// machine, which every call that may split its work paid (a MAP-B bundle of one 64-element
// row took 1.7 µs, of which 1 µs was this): the count is read again at most once a second,
// so a mask changed while the process runs takes effect within a second.
inline int cores() {
  static std::atomic<int> cached{0};
  static std::atomic<int64_t> readAt{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int n = cached.load(std::memory_order_relaxed);
  if (n > 0 && now - readAt.load(std::memory_order_relaxed) < 1000) return n;
  n = 0;
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
#endif
  if (n <= 0) n = (int)std::thread::hardware_concurrency();
  if (n <= 0) n = 1;
  cached.store(n, std::memory_order_relaxed);
  readAt.store(now, std::memory_order_relaxed);
  return n;
}

// Runs body(from, to) over [0, count) split into `parts` (at most 16) contiguous ranges,
// range t being [count * t / parts, count * (t + 1) / parts), one per thread; the calling
// thread takes range 0. The other ranges run on the addon's persistent threads (pool.cc);
// where the pool is taken by another thread of the process, on threads started for this call,
// and ranges whose thread cannot start run on the calling thread. The ranges, and so the
// results, are the same whichever threads run them. `flags`: hp::POOL_SHORT (the whole job
// takes tens of microseconds, less than waking a sleeping thread) and hp::POOL_AFFINE (a step
// over the output of the job before, with the same ranges), see pool.h.
template <class F> void parallelRanges(int64_t count, int parts, F body, int flags = 0) {
  if (parts > 16) parts = 16;
  if (parts > count) parts = (int)count;
  if (parts <= 1) {
    body(0, count);
    return;
  }
  struct Job {
    F *body;
    int64_t count;
    int parts;
  } job{&body, count, parts};
  // noexcept: a part that threw would leave the pool's other parts pointing at this frame;
  // the process ends instead (no body throws).
  auto range = [](void *ctx, int t) noexcept {
    const Job *j = static_cast<const Job *>(ctx);
    (*j->body)(j->count * t / j->parts, j->count * (t + 1) / j->parts);
  };
  if (poolRun(parts, range, &job, flags)) return;
  // A short job that the pool cannot take runs on this thread: starting threads would cost
  // more than the job.
  if ((flags & POOL_SHORT) != 0) {
    body(0, count);
    return;
  }
  std::thread others[15];
  int started = 0;
  for (int t = 1; t < parts; t++) {
    const int64_t from = count * t / parts, to = count * (t + 1) / parts;
    try {
      others[t - 1] = std::thread([&body, from, to]() { body(from, to); });
      started = t;
    } catch (...) {
      break;
    }
  }
  body(0, count / parts);
  for (int t = 1; t <= started; t++) others[t - 1].join();
  for (int t = started + 1; t < parts; t++) body(count * t / parts, count * (t + 1) / parts);
}

} // namespace
} // namespace hp
