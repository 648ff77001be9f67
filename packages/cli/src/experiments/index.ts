export {
  EXPERIMENT_SCALES,
  type ExperimentScale,
  type ExperimentContext,
  type ExperimentOutput,
} from './types.js';
export { EXPERIMENTS, type ExperimentEntry, type ExperimentName } from './registry.js';
export { openCellStore, stableHash, type CellStore } from './cellStore.js';
export { ExperimentAbortedError } from './runtime.js';
export { dedicatedBaselineLoss } from './dedicatedBaseline.js';
export {
  evaluateReluOutput,
  trainFrozenBaseline,
  type ReluOutputWeights,
  type FrozenBaselineOptions,
} from './frozenBaseline.js';
export { directionStats, type DirectionStats } from './featureStats.js';
export {
  activation,
  secondDerivativeAtZero,
  hadamardByFourUnits,
  type SmoothActivation,
} from './hadamardConstruction.js';
export {
  runDensePhase,
  weightMovement,
  DENSE_PHASE_SCALES,
  type DensePhaseConfig,
  type DensePhaseCell,
  type DensePhaseSummary,
  type DensePhaseOutput,
} from './densePhase.js';
export {
  runSparseDirections,
  SPARSE_DIRECTIONS_SCALES,
  type SparseDirectionsConfig,
  type SparseDirectionsCell,
  type SparseDirectionsSummary,
  type SparseDirectionsOutput,
} from './sparseDirections.js';
export {
  runLearnedPrimitives,
  LEARNED_PRIMITIVES_SCALES,
  type LearnedPrimitivesConfig,
  type LearnedPrimitivesCell,
  type LinearCell,
  type ProductCell,
  type CleanupCell,
  type ProductFactors,
  type LearnedPrimitivesSummary,
  type LearnedPrimitivesOutput,
} from './learnedPrimitives.js';
export { densePhaseTable, densePhaseBoundaryTable } from './report.js';
