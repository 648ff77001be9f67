// Native Adam/AdamW update in place on the caller's arrays, with exactly the float32
// operations of src/wasm/optim.wat in the same order (compiled with -ffp-contract=off and no
// instruction-set flags, so no fused multiply-adds): the same bits as adamUpdate.
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdint.h>

#include "napi_util.h"

namespace {

struct Consts {
  float b1, c1, b2, c2, l2, decay, sbc2, eps, step;
};

void adamRange(float *__restrict p, const float *__restrict g, float *__restrict m,
               float *__restrict v, int64_t from, int64_t to,
               const Consts &k) {
  for (int64_t i = from; i < to; i++) {
    const float x = p[i];
    const float gi = g[i] + k.l2 * x;
    const float mi = m[i] * k.b1 + gi * k.c1;
    const float vi = v[i] * k.b2 + (gi * gi) * k.c2;
    m[i] = mi;
    v[i] = vi;
    p[i] = x * k.decay - (mi / (__builtin_sqrtf(vi) / k.sbc2 + k.eps)) * k.step;
  }
}

// adam(p, g, m, v, from, to, b1, c1, b2, c2, l2, decay, sbc2, eps, step, threads)
napi_value Adam(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  if (!hp::args(env, info, 16, argv)) return hp::fail(env, false, "adam: expected 16 arguments");
  float *arr[4];
  size_t len[4];
  for (int a = 0; a < 4; a++) {
    if (!hp::typedArray(env, argv[a], napi_float32_array, &arr[a], &len[a]))
      return hp::fail(env, false, "adam: p, g, m and v must be Float32Arrays");
  }
  int64_t from, to, threads;
  double c[9];
  bool ok = napi_get_value_int64(env, argv[4], &from) == napi_ok &&
            napi_get_value_int64(env, argv[5], &to) == napi_ok &&
            napi_get_value_int64(env, argv[15], &threads) == napi_ok;
  for (int i = 0; i < 9 && ok; i++) ok = napi_get_value_double(env, argv[6 + i], &c[i]) == napi_ok;
  if (!ok) return hp::fail(env, false, "adam: expected numbers");
  for (int a = 0; a < 4; a++) {
    if (from < 0 || to < from || (int64_t)len[a] < to)
      return hp::fail(env, true, "adam: [from, to) must lie inside every array");
  }
  const Consts k{(float)c[0], (float)c[1], (float)c[2], (float)c[3], (float)c[4],
                 (float)c[5], (float)c[6], (float)c[7], (float)c[8]};
  int parts = (int)(threads < 1 ? 1 : threads > 16 ? 16 : threads);
  const int64_t count = to - from;
  if (count < (1 << 16)) parts = 1;
  hp::parallelRanges(count, parts, [&](int64_t a, int64_t b) {
    adamRange(arr[0], arr[1], arr[2], arr[3], from + a, from + b, k);
  });
  return nullptr;
}

} // namespace

void hp_register_optim(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "adam", NAPI_AUTO_LENGTH, Adam, nullptr, &fn) == napi_ok)
    napi_set_named_property(env, exports, "adam", fn);
}
