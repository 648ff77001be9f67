// Node-API glue of the packed Hamming kernels (hamming_kernels.inc): checks the arguments,
// picks the build the CPU runs (AVX-512 VPOPCNTDQ, else POPCNT) and splits the queries between
// threads. Every count is an exact integer, so any split gives the same result.
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdint.h>
#include <string.h>
#include <mutex>
#include <thread>

#include "hamming.h"
#include "napi_util.h"
#include "vsa.h"

namespace {

typedef void (*HammingFn)(const uint32_t *, int, int, const uint32_t *, int, int, float *, double,
                          double);

HammingFn kernel = nullptr;
const char *kernelName = "none";
bool haveVpopcnt = false, havePopcnt = false;

using hp::fail;

// hammingPacked(q, nq, c, n, words, out, a, b, threads): out[i * n + j] =
// a * popcount(q_i XOR c_j) + b over `words` 32-bit words per row; q [nq, words], c [n, words]
// (Uint32Arrays), out [nq, n] (Float32Array). threads 0: the cores this process may use.
// Returns true, or false with nothing written where out shares memory with q or c.
napi_value Hamming(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!hp::args(env, info, 9, argv)) return fail(env, false, "hammingPacked: expected 9 arguments");
  if (kernel == nullptr) return fail(env, false, "hammingPacked: this CPU has no POPCNT");
  uint32_t *q, *c;
  float *out;
  size_t lq, lc, lo;
  if (!hp::typedArray(env, argv[0], napi_uint32_array, &q, &lq) ||
      !hp::typedArray(env, argv[2], napi_uint32_array, &c, &lc) ||
      !hp::typedArray(env, argv[5], napi_float32_array, &out, &lo))
    return fail(env, false, "hammingPacked: q and c must be Uint32Arrays, out a Float32Array");
  int64_t nq, n, words, threads;
  double a, b;
  if (napi_get_value_int64(env, argv[1], &nq) != napi_ok ||
      napi_get_value_int64(env, argv[3], &n) != napi_ok ||
      napi_get_value_int64(env, argv[4], &words) != napi_ok ||
      napi_get_value_int64(env, argv[8], &threads) != napi_ok ||
      napi_get_value_double(env, argv[6], &a) != napi_ok ||
      napi_get_value_double(env, argv[7], &b) != napi_ok)
    return fail(env, false, "hammingPacked: expected numbers");
  if (nq < 0 || n < 0 || words < 0 || nq > INT32_MAX || n > INT32_MAX || words > INT32_MAX)
    return fail(env, true, "hammingPacked: sizes must be non-negative 32-bit integers");
  if ((int64_t)lq < nq * words || (int64_t)lc < n * words || (int64_t)lo < nq * n)
    return fail(env, true, "hammingPacked: an array is shorter than its shape");
  // False, with nothing written, where out shares a byte with q or c: the rows of out are
  // written while other threads (and later rows) still read the operands, where the loops of
  // hammingKernel go one output at a time. Checked on the pointers, which also see two
  // SharedArrayBuffer objects over the same bytes.
  const size_t ob = 4 * (size_t)(nq * n);
  if (hp::shareBytes(out, ob, q, 4 * (size_t)(nq * words)) ||
      hp::shareBytes(out, ob, c, 4 * (size_t)(n * words)))
    return hp::boolean(env, false);
  if (nq == 0 || n == 0) return hp::boolean(env, true);
  int64_t parts = threads >= 1 ? threads : hp::cores();
  // At least about two million word comparisons a thread (a thread costs tens of µs).
  const int64_t work = nq * n * (words > 0 ? words : 1);
  if (parts > work >> 21) parts = work >> 21;
  if (parts > 16) parts = 16;
  if (parts < 1) parts = 1;
  const HammingFn k = kernel;
  hp::parallelRanges(nq, (int)parts, [=](int64_t i0, int64_t i1) {
    k(q, (int)i0, (int)i1, c, (int)n, (int)words, out, a, b);
  });
  return hp::boolean(env, true);
}

// hammingIsa(name): 'vpopcnt' or 'popcnt' where the CPU has it (tests of both builds);
// returns the build in use ('none' without POPCNT).
napi_value Isa(napi_env env, napi_callback_info info) {
  char name[16];
  hp::nameArg(env, info, name);
  if (strcmp(name, "vpopcnt") == 0 && haveVpopcnt) {
    kernel = hp_hamming_vpopcnt;
    kernelName = "vpopcnt";
  } else if (strcmp(name, "popcnt") == 0 && havePopcnt) {
    kernel = hp_hamming_popcnt;
    kernelName = "popcnt";
  }
  napi_value v;
  napi_create_string_utf8(env, kernelName, NAPI_AUTO_LENGTH, &v);
  return v;
}

std::once_flag detected;

void detect() {
  __builtin_cpu_init();
  havePopcnt = __builtin_cpu_supports("popcnt");
  haveVpopcnt = havePopcnt && __builtin_cpu_supports("avx512f") &&
                __builtin_cpu_supports("avx512vpopcntdq");
  if (haveVpopcnt) {
    kernel = hp_hamming_vpopcnt;
    kernelName = "vpopcnt";
  } else if (havePopcnt) {
    kernel = hp_hamming_popcnt;
    kernelName = "popcnt";
  }
}

} // namespace

void hp_register_hamming(napi_env env, napi_value exports) {
  // Once per process: each worker thread's load registers the functions again.
  std::call_once(detected, detect);
  napi_value fn;
  if (napi_create_function(env, "hammingPacked", NAPI_AUTO_LENGTH, Hamming, nullptr, &fn) == napi_ok)
    napi_set_named_property(env, exports, "hammingPacked", fn);
  if (napi_create_function(env, "hammingIsa", NAPI_AUTO_LENGTH, Isa, nullptr, &fn) == napi_ok)
    napi_set_named_property(env, exports, "hammingIsa", fn);
}
