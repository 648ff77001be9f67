export { useBackend, type UseBackendOptions } from './backend.js';
export {
  resolveConfig,
  type ToyModelConfig,
  type ResolvedToyModelConfig,
  type ToyModelKind,
  type FeatureGroup,
  type InitSpec,
} from './model/config.js';
export { resolveImportance, type ImportanceSpec } from './data/importance.js';
export { sampleFeatures, type FeatureBatch, type FeatureRngs } from './data/sampleFeatures.js';
export { initStd, initWeights } from './model/initWeights.js';
export { createToyModel, type ToyModel } from './model/createToyModel.js';
export { instanceWeights, type ToyModelSnapshot, type MatrixView } from './model/snapshot.js';
export { learningRateAt, type LrSchedule } from './train/schedule.js';
export type { OptimizerKind } from './train/optimizer.js';
export {
  train,
  resolveTrainOptions,
  TrainingDivergedError,
  type TrainOptions,
  type ResolvedTrainOptions,
  type TrainProgress,
  type TrainResult,
  type HistoryEntry,
} from './train/train.js';
export type { TrainEngine } from './fused/fusedEngine.js';
export {
  checkpoint,
  restoreCheckpoint,
  serializeCheckpoint,
  parseCheckpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type ToyModelCheckpoint,
} from './train/checkpoint.js';
export {
  createRun,
  encodeRun,
  decodeRun,
  modelFromRun,
  RUN_FORMAT,
  RUN_VERSION,
  RUN_BINARY_THRESHOLD,
  type ToyModelRun,
  type RunInstance,
  type RunWeightsFile,
  type EncodeRunOptions,
  type EncodedRun,
} from './run/runFormat.js';
export { evaluateLoss, type EvaluateLossOptions } from './train/evaluateLoss.js';
export {
  trainBestOf,
  replicateConfig,
  type BestOfOptions,
  type BestOfResult,
  type BestInstance,
} from './train/trainBestOf.js';
export {
  candidateLosses,
  superpositionThreshold,
  theoreticalPhase,
  type Phase,
} from './sweep/theory.js';
export { classifyPhase, type ClassifyPhaseOptions } from './sweep/classifyPhase.js';
export {
  resolveSweepSpec,
  sweepHash,
  sweepCells,
  shardOf,
  runSweep,
  mergeShards,
  type SweepParam,
  type SweepAxis,
  type SweepSpec,
  type SweepTrainOptions,
  type ResolvedSweepSpec,
  type SweepCell,
  type SweepCellPhase,
  type SweepCellResult,
  type SweepCheckpoint,
  type SweepPart,
  type SweepResult,
  type RunSweepOptions,
} from './sweep/sweep.js';
export { logspace, phaseDiagramSpec, type PhaseDiagramOptions } from './sweep/phaseDiagram.js';
