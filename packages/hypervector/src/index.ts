export * from './types.js';
export { createRng, restoreRng, type Rng } from './random/rng.js';
// The models, operations, similarity, theory and kernels re-export here.
export * from './models/index.js';
export * from './ops/index.js';
export * from './theory/index.js';
export { createFFT, type FFTPlan } from './kernels/fft.js';
// Clean-up memories, encodings and structures.
export * from './memory/index.js';
export * from './encodings/index.js';
export * from './structures/index.js';
// Single-precision matrix products on WebAssembly SIMD, shared by the other packages.
export { matmulNN, matmulNT, simdMatmulAvailable } from './wasm/matmul.js';
// Optional native kernels (Node, x86-64: AVX-512 or AVX2 matrix products on threads).
export {
  nativeKernels,
  nativeKernelsInfo,
  type NativeKernels,
  type NativeKernelsInfo,
  type NativeMatmulOptions,
} from './native/native.js';
// The Adam/AdamW update on WebAssembly SIMD (the toy-model trainer's optimizer).
export { adamUpdate, type AdamUpdateArgs } from './wasm/optim.js';
export {
  addTransposed,
  createWasmWorkspace,
  csrMatmul,
  csrTransposeMatmul,
  denseToCsr,
  transposeMatrix,
  weightedSquaredErrorGrad,
  type CsrArrays,
  type WasmArrayLayout,
  type WasmArrays,
  type WasmWorkspace,
  type WeightedSquaredErrorOptions,
} from './wasm/sparse.js';
