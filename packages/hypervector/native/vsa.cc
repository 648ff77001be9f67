// Native kernels of the VSA operations (bind, bundle, permute on the caller's typed arrays,
// no copies). Compiled without instruction-set flags and with -ffp-contract=off, so every
// result is the same, bit for bit, as the scalar JavaScript path's. The kernels themselves
// (vsa_kernels.inc) are built twice: here for baseline x86-64 and in vsa_avx2.cc for AVX2,
// which is used where the CPU has it.
//
// The package's wrappers (src/native/vsa.ts, src/models/*.ts) validate the arguments first;
// the checks here are the cheap ones that keep every read and write inside the arrays.
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdint.h>
#include <string.h>

#include "napi_util.h"

#define HP_VSA_FILL hp_vsa_kernels_base
#include "vsa_kernels.inc"
#include <vector>

namespace {

using hp::args;
using hp::boolean;
using hp::fail;
using hp::typedArray;
using hp::words;
using hp::partialOverlap;
using hp::shareBytes;

HpVsaKernels base, avx2, avx512, *active = &base;
bool haveAvx2 = false, haveAvx512 = false;

bool size(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

napi_value num(napi_env env, double x) {
  napi_value v = nullptr;
  napi_create_double(env, x, &v);
  return v;
}

// Lengths of a broadcast pair: each total or one row of L = min(la, lb), total a multiple
// of L.
bool pairOk(size_t la, size_t lb, size_t total) {
  const size_t L = la < lb ? la : lb;
  return L > 0 && total % L == 0 && (la == total || la == L) && (lb == total || lb == L);
}

// null: the value of the calls whose false already means something else (a non-finite
// output) where they refuse an overlap.
napi_value nullValue(napi_env env) {
  napi_value v = nullptr;
  napi_get_null(env, &v);
  return v;
}

// The checks of an element-wise call on a broadcast pair (a, b, o) once it has read its
// arrays (elements of `size` bytes): true, with *ret the call's value, where it stops before
// its kernel: true for an empty o; a RangeError (`bad`) for lengths that do not broadcast (or
// `odd`); the refusal (false, or null with `nullRefusal`) where o partly overlaps a or b.
bool pairStop(napi_env env, const char *bad, const void *a, size_t la, const void *b, size_t lb,
              const void *o, size_t lo, size_t size, bool odd, bool nullRefusal,
              napi_value *ret) {
  if (lo == 0) *ret = boolean(env, true);
  else if (!pairOk(la, lb, lo) || odd) *ret = fail(env, true, bad);
  else if (partialOverlap(o, size * lo, a, size * la) ||
           partialOverlap(o, size * lo, b, size * lb))
    *ret = nullRefusal ? nullValue(env) : boolean(env, false);
  else return false;
  return true;
}

// Range [a, b) of a split over blocks of `block` items, as items [*i0, *i1) of n.
void blockRange(int64_t a, int64_t b, size_t block, size_t n, size_t *i0, size_t *i1) {
  *i0 = block * (size_t)a;
  *i1 = block * (size_t)b < n ? block * (size_t)b : n;
}

// The number of parts vsaSplitForTesting fixed for the row-sum splits (0: by size and cores).
int forcedParts = 0;

// How many threads share a sum over `bytes` of rows: one per 256 kB (so none below 512 kB), at
// most 4 and the process's cores.
size_t rowParts(size_t bytes) {
  if (forcedParts > 0) return (size_t)forcedParts;
  size_t parts = bytes >> 18;
  const size_t cores = (size_t)hp::cores();
  if (parts < 1) parts = 1;
  if (parts > 4) parts = 4;
  if (parts > cores) parts = cores;
  return parts;
}

// The pool's flags for such a sum: a short job below 4 MiB of rows (pool.h).
int rowFlags(size_t bytes) { return bytes < ((size_t)4 << 20) ? hp::POOL_SHORT : 0; }

// The errors of a three-array call: wrong count, wrong types, lengths that do not broadcast.
struct TripleErrors {
  const char *count, *types, *lengths;
};

// The wrapping integer products, vsaMulI8 and vsaMulI32: (a, b, o) -> true; false, with
// nothing written, where o shares bytes with a or b without being the same span
// (partialOverlap).
template <class T>
napi_value intProduct(napi_env env, napi_callback_info info, const TripleErrors &err,
                      napi_typedarray_type type,
                      void (*HpVsaKernels::*kernel)(const T *, size_t, const T *, size_t, T *,
                                                    size_t)) {
  napi_value argv[3];
  if (!args(env, info, 3, argv)) return fail(env, false, err.count);
  T *a, *b, *o;
  size_t la, lb, lo;
  if (!typedArray(env, argv[0], type, &a, &la) || !typedArray(env, argv[1], type, &b, &lb) ||
      !typedArray(env, argv[2], type, &o, &lo))
    return fail(env, false, err.types);
  napi_value ret;
  if (pairStop(env, err.lengths, a, la, b, lb, o, lo, sizeof(T), false, false, &ret)) return ret;
  (active->*kernel)(a, la, b, lb, o, lo);
  return boolean(env, true);
}

napi_value MulI8(napi_env env, napi_callback_info info) {
  static const TripleErrors err{"vsaMulI8: expected 3 arguments",
                                "vsaMulI8: a, b and o must be Int8Arrays",
                                "vsaMulI8: lengths do not broadcast"};
  return intProduct<int8_t>(env, info, err, napi_int8_array, &HpVsaKernels::mulI8);
}

// vsaXorU32(a, b, o) -> true; false as vsaMulI8. The arrays are read as 32-bit words whatever
// their element type (words(): Uint32Arrays from the models).
napi_value XorU32(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv)) return fail(env, false, "vsaXorU32: expected 3 arguments");
  uint32_t *a, *b, *o;
  size_t la, lb, lo;
  if (!words(env, argv[0], &a, &la) || !words(env, argv[1], &b, &lb) ||
      !words(env, argv[2], &o, &lo))
    return fail(env, false, "vsaXorU32: a, b and o must be views of whole 32-bit words");
  napi_value ret;
  if (pairStop(env, "vsaXorU32: lengths do not broadcast", a, la, b, lb, o, lo, 4, false, false,
               &ret))
    return ret;
  active->xorU32(a, la, b, lb, o, lo);
  return boolean(env, true);
}

// vsaCmulF32(a, b, o, conj) -> whether every output is finite; null, with nothing written,
// where o partly overlaps a or b (as vsaMulI8).
napi_value CmulF32(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaCmulF32: expected 4 arguments");
  float *a, *b, *o;
  size_t la, lb, lo;
  int64_t conj;
  if (!typedArray(env, argv[0], napi_float32_array, &a, &la) ||
      !typedArray(env, argv[1], napi_float32_array, &b, &lb) ||
      !typedArray(env, argv[2], napi_float32_array, &o, &lo) || !size(env, argv[3], &conj))
    return fail(env, false, "vsaCmulF32: a, b and o must be Float32Arrays, conj a number");
  napi_value ret;
  if (pairStop(env, "vsaCmulF32: lengths do not broadcast (or are odd)", a, la, b, lb, o, lo, 4,
               (la & 1) != 0 || (lb & 1) != 0, true, &ret))
    return ret;
  return boolean(env, active->cmulF32(a, la, b, lb, o, lo, conj != 0) != 0);
}

// vsaMulF32(a, b, o) -> whether every output is finite; null, with nothing written, where o
// partly overlaps a or b (as vsaCmulF32).
napi_value MulF32(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv)) return fail(env, false, "vsaMulF32: expected 3 arguments");
  float *a, *b, *o;
  size_t la, lb, lo;
  if (!typedArray(env, argv[0], napi_float32_array, &a, &la) ||
      !typedArray(env, argv[1], napi_float32_array, &b, &lb) ||
      !typedArray(env, argv[2], napi_float32_array, &o, &lo))
    return fail(env, false, "vsaMulF32: a, b and o must be Float32Arrays");
  napi_value ret;
  if (pairStop(env, "vsaMulF32: lengths do not broadcast", a, la, b, lb, o, lo, 4, false, true,
               &ret))
    return ret;
  return boolean(env, active->mulF32(a, la, b, lb, o, lo) != 0);
}

// MAP-I's product, wrapping in 32 bits (as intProduct).
napi_value MulI32(napi_env env, napi_callback_info info) {
  static const TripleErrors err{"vsaMulI32: expected 3 arguments",
                                "vsaMulI32: a, b and o must be Int32Arrays",
                                "vsaMulI32: lengths do not broadcast"};
  return intProduct<int32_t>(env, info, err, napi_int32_array, &HpVsaKernels::mulI32);
}

// One draw of the package's xoshiro128** generator (src/random/rng.ts, nextUint32) reduced to
// its bit 0: bit 0 of rotl(5 b, 7) * 9 is bit 25 of 5 b (9 is odd); then the state update,
// with c taking the old b. The words are kept as uint32 (the generator's int32 words, the
// same bits).
struct TieBits {
  uint32_t a, b, c, d;
  explicit TieBits(const int32_t *w)
      : a((uint32_t)w[0]), b((uint32_t)w[1]), c((uint32_t)w[2]), d((uint32_t)w[3]) {}
  // The next output, all 32 bits: rotl(b * 5, 7) * 9.
  uint32_t nextWord() {
    const uint32_t x = b * 5u;
    const uint32_t word = ((x << 7) | (x >> 25)) * 9u;
    step();
    return word;
  }
  void step() {
    const uint32_t s9 = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= s9;
    d = (d << 11) | (d >> 21);
  }
  void store(int32_t *w) const {
    w[0] = (int32_t)a;
    w[1] = (int32_t)b;
    w[2] = (int32_t)c;
    w[3] = (int32_t)d;
  }
};

// vsaSignSumI8(rows, d, out, ties[, state]) -> number of ties (-1, nothing written, where out or
// ties shares memory with rows or each other). With state (an Int32Array of
// the four words of the package's xoshiro128** generator), the ties are broken here as
// map.ts breaks them (drawSignsAt in rng.ts): each group of 32 positions with a tie takes one
// output of the generator, in increasing order, and a tie at p gets 1 where bit p & 31 of it
// is set, else -1; state holds the generator's words afterwards.
napi_value SignSumI8(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  bool withState;
  if (!args(env, info, 4, argv, &withState))
    return fail(env, false, "vsaSignSumI8: expected 4 or 5 arguments");
  int8_t *rows, *out;
  int32_t *ties, *state = nullptr;
  size_t lr, lo, lt, ls = 0;
  int64_t d;
  if (!typedArray(env, argv[0], napi_int8_array, &rows, &lr) || !size(env, argv[1], &d) ||
      !typedArray(env, argv[2], napi_int8_array, &out, &lo) ||
      !typedArray(env, argv[3], napi_int32_array, &ties, &lt) ||
      (withState && !typedArray(env, argv[4], napi_int32_array, &state, &ls)))
    return fail(env, false,
                "vsaSignSumI8: expected (Int8Array, d, Int8Array, Int32Array[, Int32Array])");
  if (d <= 0 || d > INT32_MAX || lr % (size_t)d != 0 || lr == 0 || lr / (size_t)d >= (1u << 24) ||
      lo < (size_t)d || lt < (size_t)d || (state != nullptr && ls != 4))
    return fail(env, true, "vsaSignSumI8: lengths do not match d (or state is not 4 words)");
  // -1, with nothing written, where out or ties shares a byte with rows or each other: the
  // strips write before the later ones are read, where map.ts's loops read every row first.
  // Checked on the pointers, which also see two SharedArrayBuffer objects over the same bytes.
  if (shareBytes(out, (size_t)d, rows, lr) || shareBytes(ties, 4 * (size_t)d, rows, lr) ||
      shareBytes(ties, 4 * (size_t)d, out, (size_t)d))
    return num(env, -1.0);
  // The columns are split between threads from 512 kB of rows (one per 256 kB, at most 4 and
  // the process's cores), in whole strips of 512; part t writes its tied positions from
  // ties[j0] on (it has at most j1 - j0 of them), and they are moved together afterwards, so
  // the list is the same as on one thread. Measured here, side by side, in a loop of calls:
  // MAP-B's bundle of 100 rows at d = 10,000 (1 MB) from about 16.4 to 13.6 µs (the native
  // call alone 14.5 to 10.8 µs).
  const size_t n = lr / (size_t)d;
  const HpVsaKernels *k = active;
  size_t parts = rowParts(lr);
  const size_t strips = ((size_t)d + 511) / 512;
  if (parts > strips) parts = strips;
  size_t count;
  if (parts <= 1) {
    count = k->signSumI8(rows, n, (size_t)d, 0, (size_t)d, out, ties);
  } else {
    size_t counts[16] = {0};
    const size_t D = (size_t)d;
    hp::parallelRanges((int64_t)strips, (int)parts, [&](int64_t a, int64_t b) {
      const size_t j0 = 512 * (size_t)a, j1 = 512 * (size_t)b < D ? 512 * (size_t)b : D;
      // The part that starts at strip a (range t starts at strips * t / parts).
      size_t t = 0;
      while (t + 1 < parts && (size_t)(strips * (t + 1) / parts) <= (size_t)a) t++;
      counts[t] = k->signSumI8(rows, n, D, j0, j1, out, ties + j0);
    }, rowFlags(lr));
    count = 0;
    for (size_t t = 0; t < parts; t++) {
      const size_t j0 = 512 * (size_t)(strips * t / parts);
      if (count != j0 && counts[t] != 0) memmove(ties + count, ties + j0, counts[t] * sizeof(int32_t));
      count += counts[t];
    }
  }
  if (state != nullptr) {
    TieBits g(state);
    size_t group = SIZE_MAX;
    uint32_t r = 0;
    for (size_t t = 0; t < count; t++) {
      const size_t p = (size_t)ties[t];
      if (p >> 5 != group) {
        group = p >> 5;
        r = g.nextWord();
      }
      // Arithmetic, not a branch: the bit is a coin flip, which no predictor can follow.
      out[p] = (int8_t)(2 * (int)((r >> (p & 31)) & 1u) - 1);
    }
    g.store(state);
  }
  return num(env, (double)count);
}

// Weights: a Float64Array of n entries, or of none (no weights).
bool weights(napi_env env, napi_value v, size_t n, bool required, const double **w) {
  double *p;
  size_t lw;
  if (!typedArray(env, v, napi_float64_array, &p, &lw)) return false;
  if (lw == n) {
    *w = p;
    return true;
  }
  *w = nullptr;
  return lw == 0 && !required;
}

// vsaSumF32(rows, L, weights, acc)
napi_value SumF32(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaSumF32: expected 4 arguments");
  float *rows;
  double *acc;
  size_t lr, la;
  int64_t L;
  if (!typedArray(env, argv[0], napi_float32_array, &rows, &lr) || !size(env, argv[1], &L) ||
      !typedArray(env, argv[3], napi_float64_array, &acc, &la))
    return fail(env, false, "vsaSumF32: expected (Float32Array, L, Float64Array, Float64Array)");
  if (L <= 0 || lr % (size_t)L != 0 || la < (size_t)L)
    return fail(env, true, "vsaSumF32: lengths do not match L");
  const size_t n = lr / (size_t)L;
  const double *w;
  if (!weights(env, argv[2], n, false, &w))
    return fail(env, true, "vsaSumF32: weights must be a Float64Array of n or 0 entries");
  // The columns are split between threads from 512 kB of rows (one thread per 256 kB, at most
  // 4 and the process's cores), on the addon's persistent threads (pool.cc). Each column's
  // sum is the same whichever thread computes it. Measured here, side by side with the
  // previous split (one thread started per call for each 2 MiB, so none below 4 MiB), in a
  // loop of calls: 25 rows at d = 10,000 (1 MB) 16 to 11 µs; HRR's bundle of 100 rows (4 MB)
  // 60-74 to 39-45 µs; 200 rows (8 MB) 152-182 to 65-97 µs. Below 4 MiB a job is short
  // (pool.cc): a call after a pause runs on one thread, as before.
  const size_t bytes = n * (size_t)L * sizeof(float);
  const size_t parts = rowParts(bytes);
  const HpVsaKernels *k = active;
  const size_t cols = (size_t)L;
  hp::parallelRanges((int64_t)((cols + 7) / 8), (int)parts, [&](int64_t a, int64_t b) {
    const size_t j1 = 8 * (size_t)b;
    k->sumF32(rows, n, cols, 8 * (size_t)a, j1 < cols ? j1 : cols, w, acc);
  }, rowFlags(bytes));
  return nullptr;
}

// vsaSumI8(rows, L, weights, acc): the weighted sum of Int8 rows
napi_value SumI8(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaSumI8: expected 4 arguments");
  int8_t *rows;
  double *acc;
  size_t lr, la;
  int64_t L;
  if (!typedArray(env, argv[0], napi_int8_array, &rows, &lr) || !size(env, argv[1], &L) ||
      !typedArray(env, argv[3], napi_float64_array, &acc, &la))
    return fail(env, false, "vsaSumI8: expected (Int8Array, L, Float64Array, Float64Array)");
  if (L <= 0 || lr % (size_t)L != 0 || la < (size_t)L)
    return fail(env, true, "vsaSumI8: lengths do not match L");
  const size_t n = lr / (size_t)L;
  const double *w;
  if (!weights(env, argv[2], n, true, &w))
    return fail(env, true, "vsaSumI8: weights must be a Float64Array of n entries");
  active->sumI8Weighted(rows, n, (size_t)L, w, acc);
  return nullptr;
}

// vsaSumI32(rows, L, acc) -> true: acc[j] = the exact sum of column j of Int32 rows (MAP-I's
// unweighted bundle; the JavaScript sums are exact as well, below 2^53). 64-bit sums over
// blocks of 1,024 columns, the rows added in turn; columns split between threads as the other
// row sums.
napi_value SumI32(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv)) return fail(env, false, "vsaSumI32: expected 3 arguments");
  int32_t *rows;
  double *acc;
  size_t lr, la;
  int64_t L;
  if (!typedArray(env, argv[0], napi_int32_array, &rows, &lr) || !size(env, argv[1], &L) ||
      !typedArray(env, argv[2], napi_float64_array, &acc, &la))
    return fail(env, false, "vsaSumI32: expected (Int32Array, L, Float64Array)");
  if (L <= 0 || lr % (size_t)L != 0 || la < (size_t)L)
    return fail(env, true, "vsaSumI32: lengths do not match L");
  if (shareBytes(acc, 8 * (size_t)L, rows, 4 * lr)) return boolean(env, false);
  const size_t n = lr / (size_t)L, cols = (size_t)L, blocks = (cols + 1023) / 1024;
  const size_t bytes = lr * sizeof(int32_t);
  hp::parallelRanges((int64_t)blocks, (int)rowParts(bytes), [&](int64_t a, int64_t b) {
    int64_t sum[1024];
    size_t c0, c1;
    blockRange(a, b, 1024, cols, &c0, &c1);
    for (size_t j0 = c0; j0 < c1; j0 += 1024) {
      const size_t m = c1 - j0 < 1024 ? c1 - j0 : 1024;
      for (size_t j = 0; j < m; j++) sum[j] = 0;
      for (size_t r = 0; r < n; r++) {
        const int32_t *x = rows + r * cols + j0;
        for (size_t j = 0; j < m; j++) sum[j] += x[j];
      }
      for (size_t j = 0; j < m; j++) acc[j0 + j] = (double)sum[j];
    }
  }, rowFlags(bytes));
  return boolean(env, true);
}

// vsaSumBits(rows, d, weights, acc): the weighted sum of packed bit rows as +-w
napi_value SumBits(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaSumBits: expected 4 arguments");
  uint32_t *rows;
  double *acc;
  size_t lr, la;
  int64_t d;
  if (!typedArray(env, argv[0], napi_uint32_array, &rows, &lr) || !size(env, argv[1], &d) ||
      !typedArray(env, argv[3], napi_float64_array, &acc, &la))
    return fail(env, false, "vsaSumBits: expected (Uint32Array, d, Float64Array, Float64Array)");
  if (d <= 0 || d > INT32_MAX) return fail(env, true, "vsaSumBits: d out of range");
  const size_t L = ((size_t)d + 31) / 32;
  if (lr % L != 0 || la < (size_t)d) return fail(env, true, "vsaSumBits: lengths do not match d");
  const size_t n = lr / L;
  const double *w;
  if (!weights(env, argv[2], n, true, &w))
    return fail(env, true, "vsaSumBits: weights must be a Float64Array of n entries");
  active->sumBitsWeighted(rows, n, L, (size_t)d, w, acc);
  return nullptr;
}

// The sum of the blocks' sums of squares (squareBlocks), in order.
double addBlocks(const double *sq, size_t blocks) {
  double s = 0.0;
  for (size_t b = 0; b < blocks; b++) s += sq[b];
  return s;
}

// HRR's "l2" on one thread: returns the sum of squares s; out = acc / sqrt(s) (0 when s is 0).
double scaleL2(const HpVsaKernels *k, const double *acc, size_t L, float *out) {
  std::vector<double> sq((L + SQ_BLOCK - 1) / SQ_BLOCK);
  k->squareBlocks(acc, 0, L, sq.data());
  const double s = addBlocks(sq.data(), sq.size());
  k->scaleF32(acc, L, s > 0.0 ? 1.0 / __builtin_sqrt(s) : 0.0, out);
  return s;
}

// vsaNormalize(acc, out, mode): out[0..L) from acc[0..L), L = out.length.
//   0 'none': returns 1 when an output is not finite, else 0.
//   1 'clip' to [-1, 1]: the same.
//   2 'l2' (HRR): returns the sum of squares.
//   3 'phasor' (FHRR): -1 (nothing written) when acc holds a non-finite value, else the
//     number of pairs left for the caller (zero, tiny or huge sums).
//   4 'none' after checking acc: 2 (nothing written) when acc holds a non-finite value, else
//     as 0.
napi_value Normalize(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, 3, argv)) return fail(env, false, "vsaNormalize: expected 3 arguments");
  double *acc;
  float *out;
  size_t la, lo;
  int64_t mode;
  if (!typedArray(env, argv[0], napi_float64_array, &acc, &la) ||
      !typedArray(env, argv[1], napi_float32_array, &out, &lo) || !size(env, argv[2], &mode))
    return fail(env, false, "vsaNormalize: expected (Float64Array, Float32Array, mode)");
  if (la < lo) return fail(env, true, "vsaNormalize: acc is shorter than out");
  switch (mode) {
  case 0:
  case 1:
    return num(env, active->toF32(acc, lo, out, (int)mode));
  case 2:
    return num(env, scaleL2(active, acc, lo, out));
  case 3:
    if ((lo & 1) != 0) return fail(env, true, "vsaNormalize: phasor needs an even length");
    if (active->nonFinite(acc, lo)) return num(env, -1);
    return num(env, (double)active->phasor(acc, lo, out));
  case 4:
    if (active->nonFinite(acc, lo)) return num(env, 2);
    return num(env, active->toF32(acc, lo, out, 0));
  default:
    return fail(env, true, "vsaNormalize: unknown mode");
  }
}

// vsaBundleF32(rows, L, weights, acc, out, mode): vsaSumF32(rows, L, weights, acc), then
// vsaNormalize(acc, out, mode) with the same result, in one call whose threads each normalise
// the columns they summed. Split as vsaSumF32, in whole blocks of 256 columns (HRR's sum of
// squares comes in such blocks). After a split sum, half of acc sits in the other core's
// cache: reading it all from one thread, as vsaNormalize does, cost about 10 µs at HRR's
// bundle of 100 rows of 10,000 here (about 4 µs when acc is the caller's), against about
// 1.5 µs for the second step on the pool. Every output is written in that second step, after
// the whole sum (so an out that overlaps rows reads as before), and none in modes 3 and 4
// when acc holds a non-finite value.
napi_value BundleF32(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, 6, argv)) return fail(env, false, "vsaBundleF32: expected 6 arguments");
  float *rows, *out;
  double *acc;
  size_t lr, la, lo;
  int64_t L, mode;
  if (!typedArray(env, argv[0], napi_float32_array, &rows, &lr) || !size(env, argv[1], &L) ||
      !typedArray(env, argv[3], napi_float64_array, &acc, &la) ||
      !typedArray(env, argv[4], napi_float32_array, &out, &lo) || !size(env, argv[5], &mode))
    return fail(env, false,
                "vsaBundleF32: expected (Float32Array, L, Float64Array, Float64Array, "
                "Float32Array, mode)");
  if (L <= 0 || lr % (size_t)L != 0 || la < (size_t)L || lo != (size_t)L)
    return fail(env, true, "vsaBundleF32: lengths do not match L");
  if (mode < 0 || mode > 4) return fail(env, true, "vsaBundleF32: unknown mode");
  if (mode == 3 && (L & 1) != 0)
    return fail(env, true, "vsaBundleF32: phasor needs an even length");
  const size_t n = lr / (size_t)L;
  const double *w;
  if (!weights(env, argv[2], n, false, &w))
    return fail(env, true, "vsaBundleF32: weights must be a Float64Array of n or 0 entries");
  const size_t cols = (size_t)L;
  const size_t blocks = (cols + SQ_BLOCK - 1) / SQ_BLOCK;
  const size_t bytes = n * cols * sizeof(float);
  const size_t parts = rowParts(bytes);
  const HpVsaKernels *k = active;
  // Per block: its sum of squares (mode 2), or, at the first block of each range, whether the
  // range holds a non-finite sum or output, or how many pairs it left (mode 3).
  std::vector<double> per(blocks, 0.0);
  hp::parallelRanges((int64_t)blocks, (int)parts, [&](int64_t a, int64_t b) {
    size_t j0, j1;
    blockRange(a, b, SQ_BLOCK, cols, &j0, &j1);
    k->sumF32(rows, n, cols, j0, j1, w, acc);
    if (mode == 2) k->squareBlocks(acc, j0, j1, per.data() + a);
    else if (mode >= 3) per[(size_t)a] = k->nonFinite(acc + j0, j1 - j0);
  }, rowFlags(bytes));
  double scale = 0.0, s = 0.0;
  if (mode == 2) {
    s = addBlocks(per.data(), blocks);
    if (s > 0.0) scale = 1.0 / __builtin_sqrt(s);
  } else if (mode >= 3) {
    for (size_t b = 0; b < blocks; b++)
      if (per[b] != 0.0) return num(env, mode == 3 ? -1.0 : 2.0);
  }
  // The outputs, each range on the thread that summed it (the pool's threads are awake).
  hp::parallelRanges((int64_t)blocks, (int)parts, [&](int64_t a, int64_t b) {
    size_t j0, j1;
    blockRange(a, b, SQ_BLOCK, cols, &j0, &j1);
    double r = 0.0;
    if (mode == 2) k->scaleF32(acc + j0, j1 - j0, scale, out + j0);
    else if (mode == 3) r = (double)k->phasor(acc + j0, j1 - j0, out + j0);
    else r = k->toF32(acc + j0, j1 - j0, out + j0, mode == 1 ? 1 : 0);
    if (mode != 2) per[(size_t)a] = r;
  }, hp::POOL_SHORT | hp::POOL_AFFINE);
  if (mode == 2) return num(env, s);
  double r = 0.0;
  for (size_t b = 0; b < blocks; b++) r += per[b];
  return num(env, mode == 3 ? r : r != 0.0 ? 1.0 : 0.0);
}

// vsaMajority(rows, L, lastMask, out, ties[, state]) -> whether a bit is tied (null where out or
// ties shares memory with rows or each other). With state (the
// four words of the package's generator, an Int32Array), the tied bits are broken here as
// bsc.ts breaks them: one draw of the generator per word with a tied bit, in word order, whose
// bits set the tied bits they cover; state holds the words afterwards.
napi_value Majority(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  bool withState;
  if (!args(env, info, 5, argv, &withState))
    return fail(env, false, "vsaMajority: expected 5 or 6 arguments");
  uint32_t *rows, *out, *ties;
  int32_t *state = nullptr;
  size_t lr, lo, lt, ls = 0;
  int64_t L, mask;
  if (!typedArray(env, argv[0], napi_uint32_array, &rows, &lr) || !size(env, argv[1], &L) ||
      !size(env, argv[2], &mask) || !typedArray(env, argv[3], napi_uint32_array, &out, &lo) ||
      !typedArray(env, argv[4], napi_uint32_array, &ties, &lt) ||
      (withState && !typedArray(env, argv[5], napi_int32_array, &state, &ls)))
    return fail(env, false,
                "vsaMajority: expected (Uint32Array, L, mask, Uint32Array, Uint32Array[, "
                "Int32Array])");
  // Below 2^32 rows, the counters' planes fit (vsa_kernels.inc).
  if (L <= 0 || lr == 0 || lr % (size_t)L != 0 || lo < (size_t)L || lt < (size_t)L ||
      lr / (size_t)L > 0xffffffffu || (state != nullptr && ls != 4))
    return fail(env, true, "vsaMajority: lengths do not match L (or state is not 4 words)");
  // null, with nothing written, where out or ties shares a byte with rows or each other: the
  // blocks of words, split between threads, write before later columns are read, where the
  // loops of bsc.ts go one word at a time. Checked on the pointers, which also see two
  // SharedArrayBuffer objects over the same bytes (JavaScript cannot tell those apart).
  const size_t W4 = 4 * (size_t)L;
  if (shareBytes(out, W4, rows, 4 * lr) || shareBytes(ties, W4, rows, 4 * lr) ||
      shareBytes(out, W4, ties, W4))
    return nullValue(env);
  // The words are split between threads in blocks of 16, from 512 kB of rows as the other
  // row sums (rowParts), on the persistent threads when they are awake (a short job below 4
  // MiB). Each word's result is the same whichever thread computes it; the tie draws below
  // stay in word order on this thread. A split costs about 1.5 µs here (a job's round trip
  // between two cores of this virtual machine: 2 rows of 4,096 floats summed in 0.9 µs on one
  // thread, 2.0 µs on two), more than it saves below some 100 kB of work: BSC's bundle of
  // 100 rows at d = 10,000 (125 kB, 2.0 µs on one thread) took 3.9 µs split in two, and 1,000
  // rows 32.8 µs on one thread against 22.7 µs on two, timed side by side in a loop of calls.
  const HpVsaKernels *k = active;
  const size_t n = lr / (size_t)L, W = (size_t)L, blocks = (W + 15) / 16;
  const size_t bytes = lr * sizeof(uint32_t);
  const size_t parts = rowParts(bytes);
  std::atomic<int> anyTie{0};
  hp::parallelRanges((int64_t)blocks, (int)parts, [&](int64_t a, int64_t b) {
    size_t w0, w1;
    blockRange(a, b, 16, W, &w0, &w1);
    if (k->majority(rows, n, W, w0, w1, (uint32_t)mask, out, ties) != 0)
      anyTie.store(1, std::memory_order_relaxed);
  }, rowFlags(bytes));
  const bool tied = anyTie.load(std::memory_order_relaxed) != 0;
  if (tied && state != nullptr) {
    TieBits g(state);
    for (size_t w = 0; w < (size_t)L; w++)
      if (ties[w] != 0) out[w] |= ties[w] & g.nextWord();
    g.store(state);
  }
  return boolean(env, tied);
}

// vsaRotateBits(a, d, s, o) -> true: each row of d bits (ceil(d / 32) words) cyclically
// shifted by s in [0, d): output bit (j + s) mod d = input bit j; padding bits written as 0.
// False, with nothing written, where a and o share a byte.
napi_value RotateBits(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaRotateBits: expected 4 arguments");
  uint32_t *a, *o;
  size_t la, lo;
  int64_t d, s;
  if (!words(env, argv[0], &a, &la) || !size(env, argv[1], &d) || !size(env, argv[2], &s) ||
      !words(env, argv[3], &o, &lo))
    return fail(env, false, "vsaRotateBits: expected (words, d, s, words): views of 32-bit words");
  if (d <= 0 || d > INT32_MAX || s < 0 || s >= d)
    return fail(env, true, "vsaRotateBits: d or s out of range");
  const size_t D = (size_t)d, S = (size_t)s, L = (D + 31) / 32;
  if (la != lo || la % L != 0) return fail(env, true, "vsaRotateBits: lengths do not match d");
  if (shareBytes(a, 4 * la, o, 4 * lo)) return boolean(env, false);
  active->rotateBits(a, la, D, S, o);
  return boolean(env, true);
}

size_t elementSize(napi_typedarray_type t) {
  switch (t) {
  case napi_int8_array:
  case napi_uint8_array:
  case napi_uint8_clamped_array:
    return 1;
  case napi_int16_array:
  case napi_uint16_array:
    return 2;
  case napi_int32_array:
  case napi_uint32_array:
  case napi_float32_array:
    return 4;
  default:
    return 8;
  }
}

// vsaShift(a, o, L, sh) -> true: each row of L elements rotated right by sh in [0, L]
// elements (o[(i + sh) mod L] = a[i]); a and o of one type and length. False, with nothing
// written, where they share a byte.
napi_value Shift(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, 4, argv)) return fail(env, false, "vsaShift: expected 4 arguments");
  napi_typedarray_type ta, to;
  void *pa, *po;
  size_t la, lo;
  int64_t L, sh;
  if (napi_get_typedarray_info(env, argv[0], &ta, &la, &pa, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &to, &lo, &po, nullptr, nullptr) != napi_ok ||
      ta != to || !size(env, argv[2], &L) || !size(env, argv[3], &sh))
    return fail(env, false, "vsaShift: expected two typed arrays of one type, L and sh");
  if (L <= 0 || sh < 0 || sh > L || la != lo || la % (size_t)L != 0)
    return fail(env, true, "vsaShift: lengths do not match L");
  const size_t es = elementSize(ta), rowBytes = (size_t)L * es, shBytes = (size_t)sh * es;
  if (shareBytes(pa, la * es, po, lo * es)) return boolean(env, false);
  hp::shiftRows(static_cast<const char *>(pa), static_cast<char *>(po), la * es, rowBytes, shBytes);
  return boolean(env, true);
}

// Twiddles of one plan's stages (re and im per stage) for the radices rad[0..n) of size len;
// 0 when a radix is not 2, 4 or 5 or the radices do not multiply to len.
size_t planTwiddles(const int32_t *rad, size_t n, size_t len) {
  size_t t = 0;
  for (size_t k = 0; k < n; k++) {
    const size_t p = (size_t)rad[k];
    if ((p != 2 && p != 4 && p != 5) || len % p != 0) return 0;
    len /= p;
    t += 2 * len * (p - 1);
  }
  return len == 1 ? t + 1 : 0;
}

// vsaConvolve(rad, nf, tab, x, ox, y, oy, o, oo[, n, sx, sy]): o[oo..oo+M) = the circular
// convolution of x[ox..ox+M) and y[oy..oy+M) (Float32) as RealConvolution computes it, for an
// even M whose plan radices are rad[0..nf) (and rad[nf..) for M / 2); tab as fft_kernels.inc
// describes. With n, sx and sy: n such rows, row r of x from ox + r sx, of y from oy + r sy
// (sx, sy: 0 for one vector used by every row, or M), into o from oo + r M; the rows are split
// between threads (each row's result does not depend on the thread). Returns true when every
// output is finite, or null when the kernels in use have no convolution (the caller then
// takes its WebAssembly path).
napi_value Convolve(napi_env env, napi_callback_info info) {
  napi_value argv[12];
  size_t argc = 12;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok ||
      (argc != 9 && argc != 12))
    return fail(env, false, "vsaConvolve: expected 9 or 12 arguments");
  int32_t *rad;
  double *tab;
  float *x, *y, *o;
  size_t lr, lt, lx, ly, lo;
  int64_t nf, ox, oy, oo, n = 1, sx = 0, sy = 0;
  if (!typedArray(env, argv[0], napi_int32_array, &rad, &lr) || !size(env, argv[1], &nf) ||
      !typedArray(env, argv[2], napi_float64_array, &tab, &lt) ||
      !typedArray(env, argv[3], napi_float32_array, &x, &lx) || !size(env, argv[4], &ox) ||
      !typedArray(env, argv[5], napi_float32_array, &y, &ly) || !size(env, argv[6], &oy) ||
      !typedArray(env, argv[7], napi_float32_array, &o, &lo) || !size(env, argv[8], &oo) ||
      (argc == 12 &&
       (!size(env, argv[9], &n) || !size(env, argv[10], &sx) || !size(env, argv[11], &sy))))
    return fail(env, false,
                "vsaConvolve: expected (Int32Array, nf, Float64Array, Float32Array, ox, "
                "Float32Array, oy, Float32Array, oo[, n, sx, sy])");
  if (nf < 1 || (size_t)nf > lr) return fail(env, true, "vsaConvolve: nf out of range");
  size_t M = 1;
  for (int64_t k = 0; k < nf && M <= (size_t(1) << 40); k++)
    M *= rad[k] > 0 && rad[k] <= 5 ? (size_t)rad[k] : 0;
  if (M > (size_t(1) << 40))
    return fail(env, true, "vsaConvolve: radices do not fit an even size");
  const size_t nh = lr - (size_t)nf;
  const size_t tf = M % 2 == 0 ? planTwiddles(rad, (size_t)nf, M) : 0;
  const size_t th = tf > 0 ? planTwiddles(rad + nf, nh, M / 2) : 0;
  if (tf == 0 || th == 0) return fail(env, true, "vsaConvolve: radices do not fit an even size");
  if (lt != 4 + M + (tf - 1) + (th - 1))
    return fail(env, true, "vsaConvolve: the table has the wrong length");
  if (n < 1 || (sx != 0 && (size_t)sx != M) || (sy != 0 && (size_t)sy != M))
    return fail(env, true, "vsaConvolve: n must be positive and sx, sy 0 or M");
  // The last row's ranges inside the arrays (n < 2^31 keeps the products exact).
  const size_t last = (size_t)n - 1;
  if (n >= (int64_t(1) << 31) || ox < 0 || oy < 0 || oo < 0 || (size_t)ox > lx ||
      lx - (size_t)ox < M + last * (size_t)sx || (size_t)oy > ly ||
      ly - (size_t)oy < M + last * (size_t)sy || (size_t)oo > lo ||
      (lo - (size_t)oo) / M < (size_t)n)
    return fail(env, true, "vsaConvolve: offsets out of range");
  const HpVsaKernels *k = active;
  if (k->convolve == nullptr) return nullValue(env);
  // Each thread's work arrays, aligned to cache lines: the stages' vector loads and stores then
  // never straddle two lines (this alone makes the large-stride stages about 2.5 times
  // faster). Each thread keeps the arrays of sizes up to 2^16 (8 MB) between calls; larger ones
  // are freed after the call.
  std::atomic<bool> finite{true};
  const auto rows = [&](int64_t r0, int64_t r1) {
    static thread_local std::vector<double> kept;
    std::vector<double> once;
    std::vector<double> &work = M <= (size_t(1) << 16) ? kept : once;
    if (work.size() < 4 * M + 8) work.resize(4 * M + 8);
    double *w = reinterpret_cast<double *>((reinterpret_cast<uintptr_t>(work.data()) + 63) &
                                           ~static_cast<uintptr_t>(63));
    bool ok = true;
    for (int64_t r = r0; r < r1; r++)
      if (k->convolve(rad, (size_t)nf, nh, M, tab, x + ox + r * sx, y + oy + r * sy,
                      o + oo + r * (int64_t)M, w) == 0)
        ok = false;
    if (!ok) finite.store(false, std::memory_order_relaxed);
  };
  // Rows split between threads where there are several and enough work (a row of 10,000
  // takes about 30 µs here): from 2^14 samples, at most the process's cores; a short job (no
  // range for a sleeping thread) below 2^15.
  const size_t total = (size_t)n * M;
  int parts = total < (size_t(1) << 14) ? 1 : (int)(n < 16 ? n : 16);
  if (parts > hp::cores()) parts = hp::cores();
  hp::parallelRanges(n, parts, rows, total < (size_t(1) << 15) ? hp::POOL_SHORT : 0);
  return boolean(env, finite.load(std::memory_order_relaxed));
}

// A Float64Array argument that may be null: its data (nullptr for null) and length.
bool optionalF64(napi_env env, napi_value v, double **data, size_t *len) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return false;
  if (t == napi_null) {
    *data = nullptr;
    *len = 0;
    return true;
  }
  return typedArray(env, v, napi_float64_array, data, len);
}

// vsaDotF32(q, nq, c, n, d, out, sq, cn, mode) -> true: dot.ts's dot products (mode 0) or
// cosines (1: the rows' norms in the same pass; 2: from cn), in its order of additions
// (vsa.h, dotF32); sq and cn Float64Arrays or null (modes 1 and 2 need sq, 2 needs cn). q and
// c both Float32Arrays, both Int8Arrays (MAP-B; exact integer sums) or both Int32Arrays
// (MAP-I; the same Float64 operations as on Float32 values). False, with nothing
// written, where out shares memory with q or c (dot.ts's loops then run, in their order). The
// codebook rows are split between threads from 512 kB of them, in blocks of four rows; a
// row's results do not depend on the split.
napi_value DotF32(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!args(env, info, 9, argv)) return fail(env, false, "vsaDotF32: expected 9 arguments");
  void *q, *c;
  float *out;
  double *sq, *cn;
  size_t lq, lc, lo, lsq, lcn;
  int64_t nq, n, d, mode;
  napi_typedarray_type tq, tc;
  if (napi_get_typedarray_info(env, argv[0], &tq, &lq, &q, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &tc, &lc, &c, nullptr, nullptr) != napi_ok ||
      tq != tc || (tq != napi_float32_array && tq != napi_int8_array && tq != napi_int32_array) ||
      !size(env, argv[1], &nq) || !size(env, argv[3], &n) || !size(env, argv[4], &d) ||
      !typedArray(env, argv[5], napi_float32_array, &out, &lo) ||
      !optionalF64(env, argv[6], &sq, &lsq) || !optionalF64(env, argv[7], &cn, &lcn) ||
      !size(env, argv[8], &mode))
    return fail(env, false,
                "vsaDotF32: expected (q, nq, c, n, d, Float32Array, Float64Array or null, "
                "Float64Array or null, mode), q and c both Float32Arrays, both Int8Arrays or "
                "both Int32Arrays");
  const bool i8 = tq == napi_int8_array, i32 = tq == napi_int32_array;
  const size_t es = i8 ? 1 : sizeof(float);
  // Below 2^31 of each count, the products of two fit a size_t.
  const int64_t big = int64_t(1) << 31;
  if (nq < 0 || n < 0 || d < 1 || nq >= big || n >= big || d >= big ||
      lq < (size_t)(nq * d) || lc < (size_t)(n * d) || lo < (size_t)(nq * n) || mode < 0 ||
      mode > 2 || (mode >= 1 && (sq == nullptr || lsq < (size_t)nq)) ||
      (mode == 2 && (cn == nullptr || lcn < (size_t)n)))
    return fail(env, true, "vsaDotF32: lengths do not match nq, n and d (or mode, sq and cn)");
  const size_t N = (size_t)n, D = (size_t)d, NQ = (size_t)nq;
  if (shareBytes(out, 4 * NQ * N, q, es * NQ * D) || shareBytes(out, 4 * NQ * N, c, es * N * D))
    return boolean(env, false);
  const HpVsaKernels *k = active;
  const size_t blocks = (N + 3) / 4;
  const size_t bytes = N * D * es;
  const int m = (int)mode;
  hp::parallelRanges((int64_t)blocks, (int)rowParts(bytes), [&](int64_t a, int64_t b) {
    size_t j0, j1;
    blockRange(a, b, 4, N, &j0, &j1);
    if (i8)
      k->dotI8(static_cast<const int8_t *>(q), NQ, static_cast<const int8_t *>(c), N, j0, j1, D,
               out, sq, cn, m);
    else if (i32)
      k->dotI32(static_cast<const int32_t *>(q), NQ, static_cast<const int32_t *>(c), N, j0, j1,
                D, out, sq, cn, m);
    else
      k->dotF32(static_cast<const float *>(q), NQ, static_cast<const float *>(c), N, j0, j1, D,
                out, sq, cn, m);
  }, rowFlags(bytes));
  return boolean(env, true);
}

// vsaInvNormsF32(x, rows, d, into, inverse) -> true: into[r] = |row r| (inverse: 1 / |row r|,
// 0 for a zero row), the squares added as dot.ts adds them (Int8 rows: exactly); rows split
// as vsaDotF32's. False, with nothing written, where into shares memory with x.
napi_value InvNormsF32(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, 5, argv)) return fail(env, false, "vsaInvNormsF32: expected 5 arguments");
  void *x;
  double *into;
  size_t lx, li;
  int64_t rows, d, inverse;
  napi_typedarray_type tx;
  if (napi_get_typedarray_info(env, argv[0], &tx, &lx, &x, nullptr, nullptr) != napi_ok ||
      (tx != napi_float32_array && tx != napi_int8_array && tx != napi_int32_array) ||
      !size(env, argv[1], &rows) ||
      !size(env, argv[2], &d) || !typedArray(env, argv[3], napi_float64_array, &into, &li) ||
      !size(env, argv[4], &inverse))
    return fail(env, false,
                "vsaInvNormsF32: expected (Float32Array, Int8Array or Int32Array, rows, d, "
                "Float64Array, inverse)");
  const bool i8 = tx == napi_int8_array, i32 = tx == napi_int32_array;
  const size_t es = i8 ? 1 : sizeof(float);
  const int64_t big = int64_t(1) << 31;
  if (rows < 0 || d < 1 || rows >= big || d >= big || lx < (size_t)(rows * d) ||
      li < (size_t)rows)
    return fail(env, true, "vsaInvNormsF32: lengths do not match rows and d");
  const size_t R = (size_t)rows, D = (size_t)d, blocks = (R + 3) / 4;
  if (shareBytes(into, 8 * R, x, es * R * D)) return boolean(env, false);
  const HpVsaKernels *k = active;
  const size_t bytes = R * D * es;
  const int inv = inverse != 0 ? 1 : 0;
  hp::parallelRanges((int64_t)blocks, (int)rowParts(bytes), [&](int64_t a, int64_t b) {
    size_t r0, r1;
    blockRange(a, b, 4, R, &r0, &r1);
    if (i8)
      k->invNormsI8(static_cast<const int8_t *>(x), r0, r1, D, into, inv);
    else if (i32)
      k->invNormsI32(static_cast<const int32_t *>(x), r0, r1, D, into, inv);
    else
      k->invNormsF32(static_cast<const float *>(x), r0, r1, D, into, inv);
  }, rowFlags(bytes));
  return boolean(env, true);
}

// vsaSplitForTesting(parts) -> the previous setting: every split by rowParts (the row sums of
// bundles, the majority, the dot products and norms) into `parts` ranges whatever the size and
// the cores (0: as usual, 1 to 16), so that tests reach 3- and 4-part splits on any machine.
// Tests only.
napi_value SplitForTesting(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t parts;
  if (!args(env, info, 1, argv) || !size(env, argv[0], &parts))
    return fail(env, false, "vsaSplitForTesting: expected (parts)");
  if (parts < 0 || parts > 16) return fail(env, true, "vsaSplitForTesting: parts must be 0 to 16");
  const int before = forcedParts;
  forcedParts = (int)parts;
  return num(env, before);
}

// vsaIsa(name): 'avx512', 'avx2' or 'base' (tests of every build, each only where the CPU
// has it);
// returns the kernels now in use.
napi_value Isa(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, 1, argv)) return fail(env, false, "vsaIsa: expected 1 argument");
  char name[16] = {0};
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) == napi_ok) {
    if (strcmp(name, "avx512") == 0 && haveAvx512) active = &avx512;
    if (strcmp(name, "avx2") == 0 && haveAvx2) active = &avx2;
    if (strcmp(name, "base") == 0) active = &base;
  }
  napi_value v = nullptr;
  napi_create_string_utf8(env, active == &avx512 ? "avx512" : active == &avx2 ? "avx2" : "base",
                          NAPI_AUTO_LENGTH, &v);
  return v;
}

}  // namespace

const HpVsaKernels *hp_vsa_active() { return active; }

void hp_register_vsa(napi_env env, napi_value exports) {
  hp_vsa_kernels_base(&base, 0);
  __builtin_cpu_init();
  haveAvx2 = __builtin_cpu_supports("avx2");
  haveAvx512 =
      haveAvx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  if (haveAvx2) {
    hp_vsa_kernels_avx2(&avx2, 0);
    active = &avx2;
  }
  if (haveAvx512) {
    hp_vsa_kernels_avx2(&avx512, 1);
    avx512.convolve = hp_fft_convolve_avx512;
    active = &avx512;
  }
  const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {
      {"vsaMulI8", MulI8},         {"vsaXorU32", XorU32},   {"vsaCmulF32", CmulF32},
      {"vsaMulF32", MulF32},       {"vsaMulI32", MulI32},   {"vsaSumI32", SumI32},
      {"vsaSignSumI8", SignSumI8}, {"vsaSumF32", SumF32},   {"vsaSumI8", SumI8},
      {"vsaSumBits", SumBits},     {"vsaNormalize", Normalize},
      {"vsaBundleF32", BundleF32}, {"vsaSplitForTesting", SplitForTesting}, {"vsaMajority", Majority},
      {"vsaRotateBits", RotateBits}, {"vsaShift", Shift},   {"vsaIsa", Isa},
      {"vsaConvolve", Convolve},   {"vsaDotF32", DotF32},   {"vsaInvNormsF32", InvNormsF32},
  };
  for (const auto &f : fns) {
    napi_value v;
    if (napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v) == napi_ok)
      napi_set_named_property(env, exports, f.name, v);
  }
}
