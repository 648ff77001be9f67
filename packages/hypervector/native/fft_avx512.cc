// AVX-512 build of fft_kernels.inc (compiled with -mavx512f -ffp-contract=off).
#define HP_FFT_CONVOLVE hp_fft_convolve_avx512
#include "fft_kernels.inc"
