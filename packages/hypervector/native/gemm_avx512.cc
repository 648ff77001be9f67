// AVX-512 build of gemm.inc (compiled with -mavx512f -mfma): 12 x 32 register tile. Blocks of
// 512 along k (a single block for the toy model's k = 500, so each tile of C is written once)
// and 512 columns of B a pass (1 MB packed, within L2). Timed side by
// side with 256 / 2048: about 10% faster on [256, 500] x [500, 10,000] and 2048^3, the same on
// the k = 256 and k = 10,000 products of the toy model.
#define VW 16
#define MR 12
#define KC 512
#define MC 240
#define NC 512
#define HP_SGEMM hp_sgemm_avx512
#include "gemm.inc"
