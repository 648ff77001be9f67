// Node-API glue of Hyperposition's native kernels: picks the widest instruction set the CPU
// has (AVX-512, else AVX2 + FMA), checks the arguments, and splits a product's columns (or
// rows) between threads. Compiled without instruction-set flags, so loading it is safe on any
// x86-64 CPU; the kernels themselves are only called after the CPU check.
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <atomic>
#include <mutex>

#include "csr.h"
#include "gemm_work.h"
#include "napi_util.h"

// The layout of the raw functions' arguments; src/native/native.ts refuses an addon built
// with another (a stale build from older sources).
#define HP_NATIVE_ABI 11

extern "C" void hp_sgemm_avx512(int, int, int, int, int, const float *, long, const float *, long,
                                float *, long, int, float *);
// The VSA kernels' functions (vsa.cc) add themselves to the exports.
void hp_register_vsa(napi_env env, napi_value exports);
// fast.cc: BSC's XOR and rotation as V8 fast API calls, where this Node allows them.
void hp_register_fast(napi_env env, napi_value exports);
// The Adam update (optim.cc).
void hp_register_optim(napi_env env, napi_value exports);
// The packed Hamming distances (hamming.cc).
void hp_register_hamming(napi_env env, napi_value exports);
// The toy model's loss pass (loss.cc).
void hp_register_loss(napi_env env, napi_value exports);

extern "C" void hp_sgemm_avx2(int, int, int, int, int, const float *, long, const float *, long,
                              float *, long, int, float *);

namespace {

typedef void (*SgemmFn)(int, int, int, int, int, const float *, long, const float *, long, float *,
                        long, int, float *);

// Enough packing space for either build: MC x KC + KC x NC floats (see gemm_*.cc: AVX-512
// 240 x 512 + 512 x 512, AVX2 120 x 256 + 256 x 2048; gemm.inc checks that they fit).
constexpr long WORK_FLOATS = HP_GEMM_WORK_FLOATS;

typedef void (*CsrNtFn)(const HpCsc *, int, const float *, int, int, int, int, float *);
typedef void (*TnCsrFn)(const HpCsc *, const float *, int, int, int, int, float *);

SgemmFn sgemm = nullptr;
CsrNtFn csrNt = nullptr;
TnCsrFn tnCsr = nullptr;
const char *isa = "none";

void useAvx512() {
  sgemm = hp_sgemm_avx512;
  csrNt = hp_csr_nt_avx512;
  tnCsr = hp_tn_csr_avx512;
  isa = "avx512";
}

void useAvx2() {
  sgemm = hp_sgemm_avx2;
  csrNt = hp_csr_nt_avx2;
  tnCsr = hp_tn_csr_avx2;
  isa = "avx2";
}

std::once_flag detected;

void detect() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
    useAvx512();
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    useAvx2();
}

struct Job {
  int transA, transB, m, n, k;
  const float *a;
  long lda;
  const float *b;
  long ldb;
  float *c;
  long ldc;
  int accumulate;
};

// Packing space (2.3 MB a thread), reused across calls from a free list: the products'
// threads are started per call, so a per-thread buffer would not outlive them. (glibc mostly
// recycles freed blocks of this size too; timed side by side, the list made no measurable
// difference here, but it does not depend on the allocator.) At most 64 are kept.
std::mutex workMutex;
float *freeWork[64];
int freeCount = 0;

float *takeWork() {
  {
    std::lock_guard<std::mutex> lock(workMutex);
    if (freeCount > 0) return freeWork[--freeCount];
  }
  return static_cast<float *>(aligned_alloc(64, WORK_FLOATS * sizeof(float)));
}

void giveWork(float *p) {
  {
    std::lock_guard<std::mutex> lock(workMutex);
    if (freeCount < 64) {
      freeWork[freeCount++] = p;
      return;
    }
  }
  free(p);
}

bool run(const Job &j) {
  float *work = takeWork();
  if (work == nullptr) return false;
  sgemm(j.transA, j.transB, j.m, j.n, j.k, j.a, j.lda, j.b, j.ldb, j.c, j.ldc, j.accumulate, work);
  giveWork(work);
  return true;
}

// Splits C into `parts` ranges along its longer side, in whole register tiles (32 columns or
// 12 rows), so that every element is computed exactly as on one thread.
bool runThreaded(const Job &j, int parts) {
  const bool byCols = j.n >= j.m;
  const int len = byCols ? j.n : j.m;
  const int unit = byCols ? 32 : 12;
  std::atomic<bool> ok{true};
  hp::parallelRanges((len + unit - 1) / unit, parts, [&](int64_t u0, int64_t u1) {
    const int start = (int)(u0 * unit), end = (int)(u1 * unit < len ? u1 * unit : len);
    Job s = j;
    if (byCols) {
      s.n = end - start;
      s.b = j.transB ? j.b + (long)start * j.ldb : j.b + start;
      s.c = j.c + start;
    } else {
      s.m = end - start;
      s.a = j.transA ? j.a + start : j.a + (long)start * j.lda;
      s.c = j.c + (long)start * j.ldc;
    }
    if (!run(s)) ok = false;
  });
  return ok;
}

bool getF32(napi_env env, napi_value v, float **data, size_t *len) {
  return hp::typedArray(env, v, napi_float32_array, data, len);
}

bool getI32(napi_env env, napi_value v, int32_t **data, size_t *len) {
  return hp::typedArray(env, v, napi_int32_array, data, len);
}

// sgemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, threads)
napi_value Sgemm(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!hp::args(env, info, 13, argv)) return hp::fail(env, false, "sgemm: expected 13 arguments");
  if (sgemm == nullptr) return hp::fail(env, false, "sgemm: this CPU has neither AVX-512 nor AVX2+FMA");
  int64_t ints[13] = {0};
  const int intArgs[] = {0, 1, 2, 3, 4, 6, 8, 10, 11, 12};
  for (int idx : intArgs) {
    if (napi_get_value_int64(env, argv[idx], &ints[idx]) != napi_ok)
      return hp::fail(env, false, "sgemm: expected integer arguments");
  }
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!getF32(env, argv[5], &a, &la) || !getF32(env, argv[7], &b, &lb) ||
      !getF32(env, argv[9], &c, &lc))
    return hp::fail(env, false, "sgemm: a, b and c must be Float32Arrays");
  const int64_t m = ints[2], n = ints[3], k = ints[4], lda = ints[6], ldb = ints[8], ldc = ints[10];
  const int transA = ints[0] != 0, transB = ints[1] != 0;
  if (m < 0 || n < 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX)
    return hp::fail(env, true, "sgemm: sizes must be non-negative 32-bit integers");
  if (m == 0 || n == 0) return nullptr;
  // The last element each operand's layout reaches must lie inside its array.
  const int64_t aRows = transA ? k : m, aCols = transA ? m : k;
  const int64_t bRows = transB ? n : k, bCols = transB ? k : n;
  if (lda > INT32_MAX || ldb > INT32_MAX || ldc > INT32_MAX)
    return hp::fail(env, true, "sgemm: row strides must be 32-bit integers");
  if (aCols > lda || bCols > ldb || n > ldc)
    return hp::fail(env, true, "sgemm: a row stride is shorter than its row");
  if (k > 0 && ((aRows - 1) * lda + aCols > (int64_t)la || (bRows - 1) * ldb + bCols > (int64_t)lb))
    return hp::fail(env, true, "sgemm: an operand is shorter than its shape");
  if ((m - 1) * ldc + n > (int64_t)lc) return hp::fail(env, true, "sgemm: c is shorter than [m, n]");
  Job j{transA, transB, (int)m, (int)n, (int)k, a, (long)lda, b, (long)ldb, c, (long)ldc,
        ints[11] != 0 ? 1 : 0};
  int threads = (int)(ints[12] < 1 ? 1 : ints[12] > 16 ? 16 : ints[12]);
  // Below about a million multiply-adds a thread costs more than it saves.
  if (m * n * k < (1LL << 21)) threads = 1;
  if (!runThreaded(j, threads)) return hp::fail(env, false, "sgemm: out of memory");
  return nullptr;
}

// The arguments of the two sparse products: (offsets, indices, values, rows, dense, m, n, out,
// threads), a CSR matrix X [rows, n], a dense operand and the output.
struct CsrCall {
  int64_t rows, m, n;
  const int32_t *off, *idx;
  const float *val;
  int64_t lo, hi; // the checked entries [offsets[0], offsets[rows])
  float *dense, *out;
  int parts; // threads for the call
};

// Reads and checks a sparse product's arguments for `fn` (throwing on failure): offsets
// non-negative and non-decreasing (row s is entries offsets[s] to offsets[s + 1] of indices
// and values, so a block of rows of a larger CSR matrix needs no copy), every index of those
// entries in [0, n), and `dense` (named `denseName`) [m, n] and out [rows, m], or with
// `denseByRows` dense [rows, m] and out [m, n].
bool readCsrCall(napi_env env, napi_callback_info info, const char *fn, const char *denseName,
                 bool denseByRows, CsrCall *c) {
  char msg[160];
  auto fail = [&](bool range, const char *what) {
    snprintf(msg, sizeof msg, "%s: %s", fn, what);
    hp::fail(env, range, msg);
    return false;
  };
  napi_value argv[9];
  if (!hp::args(env, info, 9, argv)) return fail(false, "expected 9 arguments");
  int64_t threads;
  if (napi_get_value_int64(env, argv[3], &c->rows) != napi_ok ||
      napi_get_value_int64(env, argv[5], &c->m) != napi_ok ||
      napi_get_value_int64(env, argv[6], &c->n) != napi_ok ||
      napi_get_value_int64(env, argv[8], &threads) != napi_ok)
    return fail(false, "expected integer sizes");
  const int64_t rows = c->rows, m = c->m, n = c->n;
  if (rows < 0 || m < 0 || n < 0 || rows > INT32_MAX || m > INT32_MAX || n > INT32_MAX)
    return fail(true, "sizes must be non-negative 32-bit integers");
  int32_t *o, *ix;
  float *v;
  size_t lo, li, lv;
  if (!getI32(env, argv[0], &o, &lo) || !getI32(env, argv[1], &ix, &li) ||
      !getF32(env, argv[2], &v, &lv))
    return fail(false, "offsets and indices must be Int32Arrays, values a Float32Array");
  if ((int64_t)lo < rows + 1) return fail(true, "offsets must hold rows + 1 entries");
  if (o[0] < 0) return fail(true, "offsets[0] must be non-negative");
  for (int64_t r = 0; r < rows; r++)
    if (o[r + 1] < o[r]) return fail(true, "offsets must be non-decreasing");
  const int64_t nnz = o[rows];
  if ((int64_t)li < nnz || (int64_t)lv < nnz)
    return fail(true, "indices and values must hold offsets[rows] entries");
  for (int64_t e = o[0]; e < nnz; e++)
    if (ix[e] < 0 || ix[e] >= n) return fail(true, "every index must lie in [0, n)");
  size_t ld, lout;
  char what[96];
  if (!getF32(env, argv[4], &c->dense, &ld) || !getF32(env, argv[7], &c->out, &lout)) {
    snprintf(what, sizeof what, "%s and out must be Float32Arrays", denseName);
    return fail(false, what);
  }
  const int64_t needDense = denseByRows ? rows * m : m * n;
  const int64_t needOut = denseByRows ? m * n : rows * m;
  if ((int64_t)ld < needDense || (int64_t)lout < needOut) {
    snprintf(what, sizeof what, "%s or out is shorter than its shape", denseName);
    return fail(true, what);
  }
  c->off = o;
  c->idx = ix;
  c->val = v;
  c->lo = o[0];
  c->hi = nnz;
  // Threads take rows of the [m, n] operand; below about 2^18 multiply-adds one is enough.
  c->parts = (nnz - o[0]) * m < (1LL << 18) ? 1 : (int)(threads < 1 ? 1 : threads > 16 ? 16 : threads);
  return true;
}

// The offsets and indices were checked, but they may sit on shared memory that another
// thread changes: every read below is clamped again (entries to [lo, hi), indices to
// [0, n)), so no change can make a kernel read or write outside the arrays.
inline void rowRange(const int32_t *off, int64_t s, int64_t lo, int64_t hi, int32_t *e0,
                     int32_t *e1) {
  int64_t a = off[s], b = off[s + 1];
  if (a < lo) a = lo;
  if (b > hi) b = hi;
  if (b < a) b = a;
  *e0 = (int32_t)a;
  *e1 = (int32_t)b;
}

// X regrouped by column for the vector kernels of csr.inc: a private copy, made with the
// clamped reads above, so that a change to shared memory during the call cannot move any
// later read. `sorted` tells whether every row's features are non-decreasing (then summing by
// increasing feature is summing each row in its CSR order). Frees itself.
struct Csc {
  HpCsc view{0, nullptr, nullptr, nullptr, nullptr};
  bool sorted = true;
  void *mem = nullptr;
  ~Csc() { free(mem); }

  // False when out of memory (the caller then runs the scalar loops).
  bool build(const CsrCall &c) {
    const int64_t rows = c.rows, n = c.n, cap = c.hi - c.lo;
    const uint32_t un = (uint32_t)n;
    // feat, start (n + 1), the count per feature (n), rows and values by column, and the
    // entries in CSR order (feature, value, row).
    const size_t bytes = (size_t)(3 * n + 1) * 4 + (size_t)cap * 20;
    mem = malloc(bytes ? bytes : 4);
    if (mem == nullptr) return false;
    int32_t *feat = (int32_t *)mem, *start = feat + n, *cursor = start + n + 1;
    int32_t *row = cursor + n;
    float *val = (float *)(row + cap);
    int32_t *ef = (int32_t *)(val + cap);
    float *ev = (float *)(ef + cap);
    int32_t *er = (int32_t *)(ev + cap);
    memset(cursor, 0, (size_t)n * 4);
    int64_t count = 0;
    // Rows never step back (a shared `offsets` changed since the checks could make two rows
    // overlap), so at most hi - lo entries are copied.
    int32_t floorE = (int32_t)c.lo;
    for (int64_t s = 0; s < rows; s++) {
      int32_t e0, e1;
      rowRange(c.off, s, c.lo, c.hi, &e0, &e1);
      if (e0 < floorE) e0 = floorE;
      if (e1 < e0) e1 = e0;
      floorE = e1;
      uint32_t last = 0;
      for (int32_t e = e0; e < e1 && count < cap; e++) {
        const uint32_t f = (uint32_t)c.idx[e];
        if (f >= un) continue;
        if (f < last) sorted = false;
        last = f;
        ef[count] = (int32_t)f;
        ev[count] = c.val[e];
        er[count] = (int32_t)s;
        cursor[f]++;
        count++;
      }
    }
    int32_t active = 0, at = 0;
    for (int64_t f = 0; f < n; f++) {
      if (cursor[f] == 0) continue;
      feat[active] = (int32_t)f;
      start[active] = at;
      at += cursor[f];
      cursor[f] = start[active];
      active++;
    }
    start[active] = at;
    // Entries to their column's slots in CSR order (rows ascending): a stable counting sort.
    for (int64_t e = 0; e < count; e++) {
      const int32_t slot = cursor[ef[e]]++;
      row[slot] = er[e];
      val[slot] = ev[e];
    }
    view = HpCsc{active, feat, start, row, val};
    return true;
  }
};

// Whether the vector kernels can address a group of rows of an [m, n] operand: 32-bit
// element offsets up to 15 rows apart.
inline bool vectorReach(int64_t n) { return n * 15 < INT32_MAX; }

// csrMatmulNT(offsets, indices, values, rows, w, m, n, out, threads):
// out[s, i] = sum over row s's entries e of values[e] * w[i, indices[e]]; X [rows, n] in CSR,
// w [m, n], out [rows, m]. Threads take rows of w (each row stays in L1 while it is read).
napi_value CsrMatmulNT(napi_env env, napi_callback_info info) {
  CsrCall c;
  if (!readCsrCall(env, info, "csrMatmulNT", "w", false, &c)) return nullptr;
  const int64_t rows = c.rows, m = c.m, n = c.n, lo = c.lo, hi = c.hi;
  const int32_t *off = c.off, *idx = c.idx;
  const float *val = c.val, *w = c.dense;
  float *out = c.out;
  const uint32_t un = (uint32_t)n;
  Csc csc;
  if (csrNt != nullptr && vectorReach(n) && csc.build(c) && csc.sorted) {
    // By column, 16 rows of w at a time (the same sums in the same order).
    const HpCsc *x = &csc.view;
    const CsrNtFn kernel = csrNt;
    hp::parallelRanges((m + 15) / 16, c.parts, [=](int64_t g0, int64_t g1) {
      kernel(x, (int)rows, w, (int)m, (int)n, (int)(g0 * 16), (int)(g1 * 16 < m ? g1 * 16 : m),
             out);
    });
    return nullptr;
  }
  hp::parallelRanges(m, c.parts, [=](int64_t i0, int64_t i1) {
    int64_t i = i0;
    // Four rows of w at a time share the index and value loads; each output still sums its
    // terms in the order of the entries.
    for (; i + 4 <= i1; i += 4) {
      const float *w0 = w + (long)i * n, *w1 = w0 + n, *w2 = w1 + n, *w3 = w2 + n;
      for (int64_t s = 0; s < rows; s++) {
        float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
        int32_t e0, e1;
        rowRange(off, s, lo, hi, &e0, &e1);
        for (int32_t e = e0; e < e1; e++) {
          const uint32_t f = (uint32_t)idx[e];
          if (f >= un) continue;
          const float v = val[e];
          a0 += v * w0[f];
          a1 += v * w1[f];
          a2 += v * w2[f];
          a3 += v * w3[f];
        }
        float *o = out + s * m + i;
        o[0] = a0;
        o[1] = a1;
        o[2] = a2;
        o[3] = a3;
      }
    }
    for (; i < i1; i++) {
      const float *wr = w + (long)i * n;
      for (int64_t s = 0; s < rows; s++) {
        float acc = 0.0f;
        int32_t e0, e1;
        rowRange(off, s, lo, hi, &e0, &e1);
        for (int32_t e = e0; e < e1; e++) {
          const uint32_t f = (uint32_t)idx[e];
          if (f < un) acc += val[e] * wr[f];
        }
        out[s * m + i] = acc;
      }
    }
  });
  return nullptr;
}

// matmulTNCsr(offsets, indices, values, rows, g, m, n, out, threads):
// out[i, f] += sum over s of g[s, i] * X[s, f]; X [rows, n] in CSR, g [rows, m], out [m, n].
// Each element adds its terms in the order of s; threads take rows of out.
napi_value MatmulTNCsr(napi_env env, napi_callback_info info) {
  CsrCall c;
  if (!readCsrCall(env, info, "matmulTNCsr", "g", true, &c)) return nullptr;
  const int64_t rows = c.rows, m = c.m, n = c.n, lo = c.lo, hi = c.hi;
  const int32_t *off = c.off, *idx = c.idx;
  const float *val = c.val, *g = c.dense;
  float *out = c.out;
  const uint32_t un = (uint32_t)n;
  Csc csc;
  if (tnCsr != nullptr && vectorReach(n) && csc.build(c)) {
    // By column, 16 rows of out at a time: each element still adds its terms in the order of
    // s (the columns keep their entries in row order).
    const HpCsc *x = &csc.view;
    const TnCsrFn kernel = tnCsr;
    hp::parallelRanges((m + 15) / 16, c.parts, [=](int64_t g0, int64_t g1) {
      kernel(x, g, (int)m, (int)n, (int)(g0 * 16), (int)(g1 * 16 < m ? g1 * 16 : m), out);
    });
    return nullptr;
  }
  hp::parallelRanges(m, c.parts, [=](int64_t i0, int64_t i1) {
    int64_t i = i0;
    // Four rows of out at a time where all four factors are non-zero (the index and value
    // loads are shared); otherwise row by row, skipping zeros.
    for (; i + 4 <= i1; i += 4) {
      float *o0 = out + (long)i * n, *o1 = o0 + n, *o2 = o1 + n, *o3 = o2 + n;
      for (int64_t s = 0; s < rows; s++) {
        const float *gs = g + s * m + i;
        const float g0 = gs[0], g1 = gs[1], g2 = gs[2], g3 = gs[3];
        if (g0 != 0.0f && g1 != 0.0f && g2 != 0.0f && g3 != 0.0f) {
          int32_t e0, e1;
          rowRange(off, s, lo, hi, &e0, &e1);
          for (int32_t e = e0; e < e1; e++) {
            const uint32_t f = (uint32_t)idx[e];
            if (f >= un) continue;
            const float v = val[e];
            o0[f] += v * g0;
            o1[f] += v * g1;
            o2[f] += v * g2;
            o3[f] += v * g3;
          }
          continue;
        }
        float *os[4] = {o0, o1, o2, o3};
        for (int r = 0; r < 4; r++) {
          const float gr = gs[r];
          if (gr == 0.0f) continue;
          float *orow = os[r];
          int32_t e0, e1;
          rowRange(off, s, lo, hi, &e0, &e1);
          for (int32_t e = e0; e < e1; e++) {
            const uint32_t f = (uint32_t)idx[e];
            if (f < un) orow[f] += val[e] * gr;
          }
        }
      }
    }
    for (; i < i1; i++) {
      float *orow = out + (long)i * n;
      for (int64_t s = 0; s < rows; s++) {
        const float gs = g[s * m + i];
        if (gs == 0.0f) continue;
        int32_t e0, e1;
        rowRange(off, s, lo, hi, &e0, &e1);
        for (int32_t e = e0; e < e1; e++) {
          const uint32_t f = (uint32_t)idx[e];
          if (f < un) orow[f] += val[e] * gs;
        }
      }
    }
  });
  return nullptr;
}

// useIsa(name): switch to 'avx512' or 'avx2' if the CPU has it (tests of both builds);
// returns the instruction set now in use.
napi_value UseIsa(napi_env env, napi_callback_info info) {
  char name[16];
  hp::nameArg(env, info, name);
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (strcmp(name, "avx512") == 0 && __builtin_cpu_supports("avx512f") && avx2)
    useAvx512();
  else if (strcmp(name, "avx2") == 0 && avx2)
    useAvx2();
  napi_value out;
  napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &out);
  return out;
}

// poolCounts(): what the persistent threads have done (pool.h), as
// { threads, jobs, byWorker, byCaller, refused } (tests).
napi_value PoolCounts(napi_env env, napi_callback_info) {
  double c[5];
  hp::poolCounts(c);
  const char *names[5] = {"threads", "jobs", "byWorker", "byCaller", "refused"};
  napi_value out, v;
  if (napi_create_object(env, &out) != napi_ok) return nullptr;
  for (int i = 0; i < 5; i++) {
    napi_create_double(env, c[i], &v);
    napi_set_named_property(env, out, names[i], v);
  }
  return out;
}

} // namespace

NAPI_MODULE_INIT() {
  // Once per process: every worker thread's instance shares the choice.
  std::call_once(detected, detect);
  napi_value fn, str;
  if (napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, Sgemm, nullptr, &fn) != napi_ok)
    return nullptr;
  napi_set_named_property(env, exports, "sgemm", fn);
  if (napi_create_function(env, "csrMatmulNT", NAPI_AUTO_LENGTH, CsrMatmulNT, nullptr, &fn) != napi_ok)
    return nullptr;
  napi_set_named_property(env, exports, "csrMatmulNT", fn);
  if (napi_create_function(env, "matmulTNCsr", NAPI_AUTO_LENGTH, MatmulTNCsr, nullptr, &fn) != napi_ok)
    return nullptr;
  napi_set_named_property(env, exports, "matmulTNCsr", fn);
  if (napi_create_function(env, "useIsa", NAPI_AUTO_LENGTH, UseIsa, nullptr, &fn) != napi_ok)
    return nullptr;
  napi_set_named_property(env, exports, "useIsa", fn);
  if (napi_create_function(env, "poolCounts", NAPI_AUTO_LENGTH, PoolCounts, nullptr, &fn) != napi_ok)
    return nullptr;
  napi_set_named_property(env, exports, "poolCounts", fn);
  hp_register_vsa(env, exports);
  hp_register_fast(env, exports);
  hp_register_optim(env, exports);
  hp_register_hamming(env, exports);
  hp_register_loss(env, exports);
  napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &str);
  napi_set_named_property(env, exports, "isa", str);
  napi_value abi;
  napi_create_int32(env, HP_NATIVE_ABI, &abi);
  napi_set_named_property(env, exports, "abi", abi);
  return exports;
}
