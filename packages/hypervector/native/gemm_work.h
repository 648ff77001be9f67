// The packing space of one matrix-product call, in floats: shared by the glue, which allocates
// it (addon.cc), and the kernels, whose panels must fit it (gemm.inc). A constant only, so the
// instruction-set units may include it.
#pragma once

constexpr long HP_GEMM_WORK_FLOATS = 256L * 256 + 256L * 2048;
