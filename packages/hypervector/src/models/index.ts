export { MAP, type MAPOptions, type MAPVariant, type MAPArrays } from './map.js';
export { BSC, type BSCOptions } from './bsc.js';
export { HRR, type HRROptions, type HRRModel } from './hrr.js';
export { FHRR, type FHRROptions, type FHRRModel } from './fhrr.js';
export { SBC, type SBCOptions, type SBCModel } from './sbc.js';
export { createModel, row, MODEL_NAMES, type CreateModelOptions } from './createModel.js';
export { createPermutation } from './permutation.js';
export { createArena, type ArenaOptions, type VectorArena } from './arena.js';
