// The packed Hamming kernels by instruction set (hamming_kernels.inc).
#pragma once
#include <stdint.h>

extern "C" {
// out[i * n + j] = (float)(a * popcount(q_i XOR c_j) + b) for queries i in [i0, i1), the sum
// over `words` 32-bit words per row, in double as JavaScript computes it, rounded once.
void hp_hamming_vpopcnt(const uint32_t *q, int i0, int i1, const uint32_t *c, int n, int words,
                        float *out, double a, double b);
void hp_hamming_popcnt(const uint32_t *q, int i0, int i1, const uint32_t *c, int n, int words,
                       float *out, double a, double b);
}
