// AVX2 + FMA build of gemm.inc (compiled with -mavx2 -mfma): the classic 6 x 16 tile.
#define VW 8
#define MR 6
#define KC 256
#define MC 120
#define NC 2048
#define HP_SGEMM hp_sgemm_avx2
#include "gemm.inc"
