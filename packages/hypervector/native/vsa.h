// The element-wise VSA kernels (vsa_kernels.inc), built once per instruction set: vsa.cc holds
// the baseline x86-64 copy and the Node-API glue, vsa_avx2.cc the AVX2 copy. Every kernel
// computes the same values, bit for bit, as the package's scalar JavaScript path (the same
// float64 operations, float32 for the complex products, in the same order, no fused
// multiply-adds: both units are compiled with -ffp-contract=off), so which copy runs changes
// only the speed.
#ifndef HP_VSA_H
#define HP_VSA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct HpVsaKernels {
  // o[i] = a[i] * b[i] (Int8 wrap-around); la, lb are total or one row of a whole number of
  // rows of total (that row repeated). o may be a or b itself (never a partial overlap).
  void (*mulI8)(const int8_t *a, size_t la, const int8_t *b, size_t lb, int8_t *o, size_t total);
  // o[i] = a[i] ^ b[i], broadcasting as mulI8.
  void (*xorU32)(const uint32_t *a, size_t la, const uint32_t *b, size_t lb, uint32_t *o,
                 size_t total);
  // Each row of D bits (ceil(D / 32) words) of a[0..la) cyclically shifted by S in [0, D):
  // output bit (j + S) mod D = input bit j, padding bits 0 (vsaRotateBits). a, o disjoint.
  void (*rotateBits)(const uint32_t *a, size_t la, size_t D, size_t S, uint32_t *o);
  // o[i] = a[i] * b[i] in float32 (MAP-C; one rounding, as JavaScript's product of two
  // Float32 values stored to a Float32Array), broadcasting as mulI8; returns 1 when every
  // output is finite, else 0.
  int (*mulF32)(const float *a, size_t la, const float *b, size_t lb, float *o, size_t total);
  // o[i] = a[i] * b[i] wrapping in 32 bits (MAP-I; Math.imul), broadcasting as mulI8.
  void (*mulI32)(const int32_t *a, size_t la, const int32_t *b, size_t lb, int32_t *o,
                 size_t total);
  // Interleaved complex o = a * b (or a * conj(b)) in float32 arithmetic (each product
  // rounded, then the sum or difference), as src/kernels/complex.ts; broadcasting as mulI8
  // (la, lb, total in floats, even). Returns 1 when every output is finite, else 0.
  int (*cmulF32)(const float *a, size_t la, const float *b, size_t lb, float *o, size_t total,
                 int conj);
  // For the columns j0 <= j < j1 of n Int8 rows of d: out[j] = the sign of the exact Int32
  // column sum (0 for a zero sum); writes the positions of the zero sums in increasing order
  // to ties[0], ties[1], ... and returns their count. n below 2^24.
  size_t (*signSumI8)(const int8_t *rows, size_t n, size_t d, size_t j0, size_t j1, int8_t *out,
                      int32_t *ties);
  // acc[j] = the Float64 sum of n Float32 rows of L, grouped exactly as sumRowsFloat32 of
  // src/kernels/sum.ts; with weights (w != nullptr) acc[j] += w[r] * x[r][j] row by row.
  // Only columns [j0, j1) (the other entries of acc untouched): ranges may run on threads.
  void (*sumF32)(const float *rows, size_t n, size_t L, size_t j0, size_t j1, const double *w,
                 double *acc);
  // acc[j] += w[r] * x[r][j] row by row over Int8 rows (sumRowsInt8's weighted path).
  void (*sumI8Weighted)(const int8_t *rows, size_t n, size_t L, const double *w, double *acc);
  // acc[j] += bit j of row r ? w[r] : -w[r], row by row (BSC's weighted bundle).
  void (*sumBitsWeighted)(const uint32_t *rows, size_t n, size_t L, size_t d, const double *w,
                          double *acc);
  // HRR's "l2", in two steps so that threads can share it: the sums of squares of the
  // 256-entry blocks of acc[j0..j1) (j0 a multiple of 256; each block's lanes and tree as
  // sumOfSquares of hrr.ts), blocks[0], blocks[1], ...; the caller adds them in order.
  void (*squareBlocks)(const double *acc, size_t j0, size_t j1, double *blocks);
  // out[j] = (float)(acc[j] * scale).
  void (*scaleF32)(const double *acc, size_t L, double scale, float *out);
  // FHRR's "phasor" on pairs (x, y) with x*x + y*y in (1e-280, inf): out = (x, y) / sqrt(.);
  // other pairs are left unwritten and counted (the caller finishes them). Returns the count.
  size_t (*phasor)(const double *acc, size_t L, float *out);
  // out[j] = acc[j] (clip: clipped to [-1, 1]); returns 1 when an output is not finite.
  int (*toF32)(const double *acc, size_t L, float *out, int clip);
  // Returns 1 when acc[0..L) holds a non-finite value.
  int (*nonFinite)(const double *acc, size_t L);
  // Bitwise majority of n rows of L words (majorityPacked of src/kernels/majority.ts), words
  // [w0, w1) only: out[w] the majority bits, ties[w] the tied bits (even n only), both masked
  // by lastMask in the last word (when w1 = L). Returns 1 when a bit of the range is tied.
  // Each word's result does not depend on the range, so ranges can run on threads.
  int (*majority)(const uint32_t *rows, size_t n, size_t L, size_t w0, size_t w1,
                  uint32_t lastMask, uint32_t *out, uint32_t *ties);
  // Dot products of Float32 rows, each a sum of exact Float64 products in four lanes (lane l
  // adds k = l, l + 4, ... in turn, the last d mod 4 terms lane 0's), then ((l0 + l1) + l2) + l3,
  // as dot.ts adds them: for the queries i < nq and the codebook rows j0 <= j < j1,
  // out[i * n + j] = mode 0: the dot product; 1: the cosine cosineOf(acc, sq[i], sqrt(s)) with
  // s row j's squared norm (same lanes); 2: cosineOf(acc, sq[i], cn[j]); cosineOf(a, q, c) =
  // c > 0 ? a * q / c : c == 0 ? 0 : NaN.
  void (*dotF32)(const float *q, size_t nq, const float *c, size_t n, size_t j0, size_t j1,
                 size_t d, float *out, const double *sq, const double *cn, int mode);
  // dotF32 on Int8 rows (MAP-B): the sums are exact integers, as in the JavaScript kernels,
  // whatever their order; the same formulas.
  void (*dotI8)(const int8_t *q, size_t nq, const int8_t *c, size_t n, size_t j0, size_t j1,
                size_t d, float *out, const double *sq, const double *cn, int mode);
  // into[r] = the norm of row r (inverse: 1 / the norm, 0 for a zero row), rows r0 <= r < r1,
  // the squares added as dotF32 adds its products.
  void (*invNormsF32)(const float *x, size_t r0, size_t r1, size_t d, double *into, int inverse);
  // invNormsF32 on Int8 rows: the exact integer sums of squares.
  void (*invNormsI8)(const int8_t *x, size_t r0, size_t r1, size_t d, double *into, int inverse);
  // dotF32 and invNormsF32 on Int32 rows (MAP-I): the same Float64 operations in the same
  // order on the values (exact in Float64), each product rounded there as in JavaScript.
  void (*dotI32)(const int32_t *q, size_t nq, const int32_t *c, size_t n, size_t j0, size_t j1,
                 size_t d, float *out, const double *sq, const double *cn, int mode);
  void (*invNormsI32)(const int32_t *x, size_t r0, size_t r1, size_t d, double *into,
                      int inverse);
  // HRR's circular convolution (fft_kernels.inc; set by the glue, not by the fill functions;
  // null in the builds that have none).
  int (*convolve)(const int32_t *rad, size_t nf, size_t nh, size_t M, const double *tab,
                  const float *x, const float *y, float *o, double *work);
};

// Fill k with a build's kernels; avx512 = 1 (AVX2 build, a CPU with AVX-512F and BW)
// switches the loops that gain from it (complex products, Int8 sums) to AVX-512 versions.
void hp_vsa_kernels_base(HpVsaKernels *k, int avx512);
void hp_vsa_kernels_avx2(HpVsaKernels *k, int avx512);

// The AVX-512 build of fft_kernels.inc (fft_avx512.cc), the only one: its kernels work on
// 8-lane vectors, which narrower builds would split into slower code than the WebAssembly
// stages.
int hp_fft_convolve_avx512(const int32_t *rad, size_t nf, size_t nh, size_t M,
                           const double *tab, const float *x, const float *y, float *o,
                           double *work);

namespace hp {

// Whether the n bytes at p and the m bytes at q share a byte.
inline bool shareBytes(const void *p, size_t n, const void *q, size_t m) {
  const uintptr_t a = (uintptr_t)p, b = (uintptr_t)q;
  return n != 0 && m != 0 && a < b + m && b < a + n;
}

// Whether an element-wise kernel's output o (no bytes) may not be written while it reads x
// (nx bytes): they share bytes without being the same span. The models leave such calls to
// their loops, which read and write in another order. Checked here, on the pointers, rather
// than by the caller: `a.buffer === o.buffer` costs about 13 ns a typed array in V8 (40 of a
// BSC binding's 160 ns), and pointers also see memory that two buffer objects share.
inline bool partialOverlap(const void *o, size_t no, const void *x, size_t nx) {
  return shareBytes(o, no, x, nx) && !(o == x && no == nx);
}

// Each row of rowBytes bytes of a[0..bytes) rotated right by shBytes in [0, rowBytes] into o
// (two memory moves a row; vsaShift). a and o disjoint.
inline void shiftRows(const char *a, char *o, size_t bytes, size_t rowBytes, size_t shBytes) {
  for (size_t off = 0; off < bytes; off += rowBytes) {
    memmove(o + off + shBytes, a + off, rowBytes - shBytes);
    memmove(o + off, a + off + rowBytes - shBytes, shBytes);
  }
}

}  // namespace hp

// The active build of the kernels (vsa.cc; the one vsaIsa chose).
const HpVsaKernels *hp_vsa_active();

#endif
