// The toy model's loss pass in place, with exactly the operations of the WebAssembly kernel
// `lossGrad` of src/wasm/sparse.wat in its order (float32 arithmetic, the squared errors summed
// in float64 in four lanes, j mod 4 of each row, plus one sum of the rows' last n mod 4
// columns), so every output is the same bits: the gradient written over o, gradBias, the
// squared error and the count of non-zero gradient entries. Compiled with -ffp-contract=off.
#define NAPI_VERSION 8
#include <node_api.h>

#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <mutex>

#include "napi_util.h"

namespace {

struct Args {
  const float *bias, *weight;
  float *gb;
  float c; // the gradient's factor, as the kernel's f32 parameter
  bool relu;
  int64_t n;
};

struct Sums {
  double lane[4] = {0, 0, 0, 0}; // the kernel's accA (lanes 0, 1) and accB (lanes 2, 3)
  double tail = 0;
  int64_t count = 0;
};

// f32.max(x, 0) of WebAssembly: NaN stays NaN, -0 and negatives give +0.
inline float relu0(float x) { return x <= 0.0f ? 0.0f : x; }

// Columns [j0, j1) of one row in scalar code. Their squared errors go to lane j mod 4 for the
// columns the kernel takes four at a time (below n4), to the separate tail sum for the rest.
inline void columns(const Args &a, float *o, const float *t, int64_t j0, int64_t j1,
                    int64_t n4, Sums *z) {
  for (int64_t j = j0; j < j1; j++) {
    const float x = o[j] + a.bias[j];
    const float d = (a.relu ? relu0(x) : x) - t[j];
    const float wd = a.weight[j] * d;
    (j < n4 ? z->lane[j & 3] : z->tail) += (double)(wd * d);
    float g = a.c * wd;
    if (a.relu && !(x > 0.0f)) g = 0.0f;
    o[j] = g;
    a.gb[j] = a.gb[j] + g;
    if (g != 0.0f) z->count++;
  }
}

void rowScalar(const Args &a, float *o, const float *t, Sums *z) {
  columns(a, o, t, 0, a.n, a.n & ~(int64_t)3, z);
}

// Sixteen columns a step; the four lane sums take their four terms each in column order.
__attribute__((target("avx512f"))) void row512(const Args &a, float *o, const float *t,
                                               Sums *z) {
  const __m512 zero = _mm512_setzero_ps(), c = _mm512_set1_ps(a.c);
  __m256d acc = _mm256_loadu_pd(z->lane);
  int64_t count = 0, j = 0;
  const int64_t n4 = a.n & ~(int64_t)3;
  for (; j + 16 <= n4; j += 16) {
    const __m512 x = _mm512_add_ps(_mm512_loadu_ps(o + j), _mm512_loadu_ps(a.bias + j));
    const __m512 y = a.relu ? _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LE_OQ), zero) : x;
    const __m512 d = _mm512_sub_ps(y, _mm512_loadu_ps(t + j));
    const __m512 wd = _mm512_mul_ps(_mm512_loadu_ps(a.weight + j), d);
    const __m512 q = _mm512_mul_ps(wd, d);
    acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm512_castps512_ps128(q)));
    acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm512_extractf32x4_ps(q, 1)));
    acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm512_extractf32x4_ps(q, 2)));
    acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm512_extractf32x4_ps(q, 3)));
    __m512 g = _mm512_mul_ps(c, wd);
    if (a.relu) g = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x, zero, _CMP_GT_OQ), g);
    _mm512_storeu_ps(o + j, g);
    _mm512_storeu_ps(a.gb + j, _mm512_add_ps(_mm512_loadu_ps(a.gb + j), g));
    count += __builtin_popcount((unsigned)_mm512_cmp_ps_mask(g, zero, _CMP_NEQ_UQ));
  }
  _mm256_storeu_pd(z->lane, acc);
  z->count += count;
  columns(a, o, t, j, a.n, n4, z);
}

bool have512 = false;

using hp::fail;

// lossGrad(o, bias, weight, offsets, indices, values, rows, n, flags, scale, gradBias | null):
// returns [sse, nonzero]. flags: 1 relu, 2 absolute targets.
napi_value LossGrad(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!hp::args(env, info, 11, argv)) return fail(env, false, "lossGrad: expected 11 arguments");
  float *o, *bias, *weight, *val, *gb = nullptr;
  int32_t *off, *idx;
  size_t lo, lb, lw, loff, lidx, lval, lgb = 0;
  if (!hp::typedArray(env, argv[0], napi_float32_array, &o, &lo) ||
      !hp::typedArray(env, argv[1], napi_float32_array, &bias, &lb) ||
      !hp::typedArray(env, argv[2], napi_float32_array, &weight, &lw) ||
      !hp::typedArray(env, argv[3], napi_int32_array, &off, &loff) ||
      !hp::typedArray(env, argv[4], napi_int32_array, &idx, &lidx) ||
      !hp::typedArray(env, argv[5], napi_float32_array, &val, &lval))
    return fail(env, false, "lossGrad: expected typed arrays");
  napi_valuetype gbType;
  napi_typeof(env, argv[10], &gbType);
  if (gbType != napi_null && !hp::typedArray(env, argv[10], napi_float32_array, &gb, &lgb))
    return fail(env, false, "lossGrad: gradBias must be a Float32Array or null");
  int64_t rows, n, flags;
  double scale;
  if (napi_get_value_int64(env, argv[6], &rows) != napi_ok ||
      napi_get_value_int64(env, argv[7], &n) != napi_ok ||
      napi_get_value_int64(env, argv[8], &flags) != napi_ok ||
      napi_get_value_double(env, argv[9], &scale) != napi_ok)
    return fail(env, false, "lossGrad: expected numbers");
  if (rows < 0 || n < 0 || rows > INT32_MAX || n > INT32_MAX)
    return fail(env, true, "lossGrad: sizes must be non-negative 32-bit integers");
  if ((int64_t)lo < rows * n || (int64_t)lb < n || (int64_t)lw < n || (int64_t)loff < rows + 1 ||
      (gb != nullptr && (int64_t)lgb < n))
    return fail(env, true, "lossGrad: an array is shorter than its shape");
  // Without gradBias the kernel adds into a scratch row; so does this.
  float *scratch = static_cast<float *>(calloc((size_t)(2 * (n > 0 ? n : 1)), sizeof(float)));
  if (scratch == nullptr) return fail(env, false, "lossGrad: out of memory");
  float *t = scratch, *gbRow = gb != nullptr ? gb : scratch + n;
  const Args a{bias, weight, gbRow, (float)scale, (flags & 1) != 0, n};
  const bool absTarget = (flags & 2) != 0;
  const int64_t cap = (int64_t)(lidx < lval ? lidx : lval);
  Sums z;
  for (int64_t s = 0; s < rows; s++) {
    // The row's targets, read with every offset and index clamped (shared memory may change
    // under the call); the row is cleared in full afterwards.
    int64_t e0 = off[s], e1 = off[s + 1];
    if (e0 < 0) e0 = 0;
    if (e1 > cap) e1 = cap;
    for (int64_t e = e0; e < e1; e++) {
      const uint32_t f = (uint32_t)idx[e];
      if ((int64_t)f < n) t[f] = absTarget ? __builtin_fabsf(val[e]) : val[e];
    }
    float *orow = o + s * n;
    if (have512)
      row512(a, orow, t, &z);
    else
      rowScalar(a, orow, t, &z);
    for (int64_t e = e0; e < e1; e++) {
      const uint32_t f = (uint32_t)idx[e];
      if ((int64_t)f < n) t[f] = 0.0f;
    }
  }
  free(scratch);
  const double sse = z.tail + ((z.lane[0] + z.lane[1]) + (z.lane[2] + z.lane[3]));
  const int64_t nonzero = z.count;
  napi_value out, v;
  napi_create_array_with_length(env, 2, &out);
  napi_create_double(env, sse, &v);
  napi_set_element(env, out, 0, v);
  napi_create_double(env, (double)nonzero, &v);
  napi_set_element(env, out, 1, v);
  return out;
}

bool cpu512 = false;

// lossIsa(name): 'avx512' (where the CPU has it) or 'base' (the scalar loop), for tests of
// both; returns the one in use.
napi_value Isa(napi_env env, napi_callback_info info) {
  char name[16];
  hp::nameArg(env, info, name);
  if (strcmp(name, "avx512") == 0) have512 = cpu512;
  if (strcmp(name, "base") == 0) have512 = false;
  napi_value v;
  napi_create_string_utf8(env, have512 ? "avx512" : "base", NAPI_AUTO_LENGTH, &v);
  return v;
}

} // namespace

void hp_register_loss(napi_env env, napi_value exports) {
  static std::once_flag detected;
  std::call_once(detected, []() {
    __builtin_cpu_init();
    cpu512 = __builtin_cpu_supports("avx512f");
    have512 = cpu512;
  });
  napi_value fn;
  if (napi_create_function(env, "lossIsa", NAPI_AUTO_LENGTH, Isa, nullptr, &fn) == napi_ok)
    napi_set_named_property(env, exports, "lossIsa", fn);
  if (napi_create_function(env, "lossGrad", NAPI_AUTO_LENGTH, LossGrad, nullptr, &fn) == napi_ok)
    napi_set_named_property(env, exports, "lossGrad", fn);
}
