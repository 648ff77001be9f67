// POPCNT build of hamming_kernels.inc (-mpopcnt).
#define HP_POPCNT 1
#define HP_HAMMING hp_hamming_popcnt
#include "hamming_kernels.inc"
