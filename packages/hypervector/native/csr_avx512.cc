// AVX-512 build of csr.inc (compiled with -mavx512f -ffp-contract=off).
#define HP_AVX512 1
#define HP_CSR_NT hp_csr_nt_avx512
#define HP_TN_CSR hp_tn_csr_avx512
#include "csr.inc"
