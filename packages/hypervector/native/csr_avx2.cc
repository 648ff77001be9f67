// AVX2 build of csr.inc (compiled with -mavx2 -ffp-contract=off).
#define HP_AVX2 1
#define HP_CSR_NT hp_csr_nt_avx2
#define HP_TN_CSR hp_tn_csr_avx2
#include "csr.inc"
