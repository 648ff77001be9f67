// The sparse products' kernels by instruction set (csr.inc, compiled once per set): a CSR
// matrix X [rows, n] regrouped by column (its active features, each with its entries in the
// order of the rows), read by register-wide groups of rows of the dense operand.
#pragma once
#include <stdint.h>

extern "C" {

// X by columns: the `count` active features feat[0..count) in increasing order; feature
// feat[c] has the entries start[c] to start[c + 1] of row[] and val[] (rows non-decreasing,
// entries of one row in their CSR order). Built from checked, clamped CSR data.
struct HpCsc {
  int32_t count;
  const int32_t *feat;
  const int32_t *start;
  const int32_t *row;
  const float *val;
};

// out[s, i] = sum over the entries of X's row s (in increasing feature order) of
// val * w[i, f], for i in [i0, i1); w [m, n], out [rows, m]. Writes out[s, i0:i1] for every s.
void hp_csr_nt_avx512(const HpCsc *x, int rows, const float *w, int m, int n, int i0, int i1,
                      float *out);
void hp_csr_nt_avx2(const HpCsc *x, int rows, const float *w, int m, int n, int i0, int i1,
                    float *out);

// out[i, f] += g[s, i] * val for each entry (s, f, val) of X in the order of s, skipping
// g[s, i] == 0, for i in [i0, i1); g [rows, m], out [m, n].
void hp_tn_csr_avx512(const HpCsc *x, const float *g, int m, int n, int i0, int i1, float *out);
void hp_tn_csr_avx2(const HpCsc *x, const float *g, int m, int n, int i0, int i1, float *out);
}
