// The AVX2 copy of the VSA kernels (vsa_kernels.inc); vsa.cc calls it only where the CPU has
// AVX2. Compiled with -mavx2 and -ffp-contract=off (no fused multiply-adds: the same results,
// bit for bit, as the baseline copy and the JavaScript path).
#define HP_VSA_FILL hp_vsa_kernels_avx2
#include "vsa_kernels.inc"
