// AVX-512 VPOPCNTDQ build of hamming_kernels.inc (-mavx512f -mavx512vpopcntdq).
#define HP_VPOPCNT 1
#define HP_HAMMING hp_hamming_vpopcnt
#include "hamming_kernels.inc"
