export { ItemMemory, type Match } from './itemMemory.js';
export {
  chanceSimilarity,
  membershipThreshold,
  normalQuantile,
  type SimilarityLaw,
  type ThresholdOptions,
} from './chance.js';
export { softCleanup, type SoftCleanupOptions, type SoftCleanupResult } from './attention.js';
export {
  hopfieldRetrieve,
  hopfieldCleanup,
  type HopfieldOptions,
  type HopfieldResult,
  type HopfieldCleanupOptions,
  type HopfieldCleanupResult,
} from './hopfield.js';
export {
  SparseDistributedMemory,
  type SparseDistributedMemoryOptions,
  type SparseDistributedMemoryRead,
} from './sdm.js';
export {
  resonate,
  type ResonatorOptions,
  type ResonatorResult,
  type ResonatorStatus,
} from './resonator.js';
