export { MAP, type MAPOptions, type MAPVariant, type MAPArrays } from './map.js';
export { BSC, type BSCOptions } from './bsc.js';
export { createPermutation } from './permutation.js';
