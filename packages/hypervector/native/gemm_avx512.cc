// AVX-512 build of gemm.inc (compiled with -mavx512f -mfma): 12 x 32 register tile.
#define VW 16
#define MR 12
#define KC 256
#define MC 240
#define NC 2048
#define HP_SGEMM hp_sgemm_avx512
#include "gemm.inc"
