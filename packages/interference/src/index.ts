export {
  featureMatrix,
  type FeatureAxis,
  type FeatureOptions,
  type FeatureMatrix,
  type MatrixLike,
} from './core/featureMatrix.js';
export { DEAD_NORM } from './core/normalize.js';
export { AUTO_EXACT_LIMIT, type PairMethod, type PairOptions } from './core/sampling.js';
export { featureNorms } from './paper/featureNorms.js';
export { gram, GRAM_MAX_FEATURES } from './paper/gram.js';
export {
  featureMetrics,
  featureMetricsAsync,
  type FeatureMetrics,
  type FeatureMetricsOptions,
} from './paper/featureMetrics.js';
export { featureInterference } from './paper/featureInterference.js';
export { featureDimensionality } from './paper/featureDimensionality.js';
export { dimensionsPerFeature } from './paper/dimensionsPerFeature.js';
export {
  representedFeatures,
  type RepresentedFeatures,
  type RepresentedOptions,
} from './paper/representedFeatures.js';
export {
  biasRoles,
  type BiasRole,
  type BiasRoles,
  type BiasRolesOptions,
} from './paper/biasRoles.js';
export {
  featureGeometry,
  type ConfigurationKind,
  type FeatureConfiguration,
  type FeatureGeometry,
  type FeatureGeometryOptions,
} from './geometry/featureGeometry.js';
export {
  circleAngles,
  type CircleAngles,
  type CircleAnglesOptions,
} from './geometry/circleAngles.js';
export {
  absCosDistribution,
  absCosDistributionAsync,
  type AbsCosDistribution,
  type ParallelOptions,
  type AbsCosHistogram,
  type AbsCosOptions,
  type QuantileEstimate,
} from './dense/absCosDistribution.js';
export {
  coherence,
  coherenceAsync,
  type Coherence,
  type CoherenceOptions,
} from './dense/coherence.js';
export {
  randomAbsCosStats,
  type RandomAbsCosStats,
  type RandomAbsCosStatsOptions,
} from './dense/randomAbsCosStats.js';
export {
  compareToRandom,
  compareToRandomAsync,
  type RandomComparison,
} from './dense/compareToRandom.js';
export { singularValues } from './dense/singularValues.js';
export { effectiveRank } from './dense/effectiveRank.js';
export { participationRatio } from './dense/participationRatio.js';
export {
  gramBlocks,
  type GramBlock,
  type GramBlocksOptions,
  type GramBlocksResult,
} from './dense/gramBlocks.js';
export { gramStatsParallel, type GramStats, type GramStatsOptions } from './dense/gramStats.js';
export {
  randomAbsCosMean,
  randomAbsCosStd,
  randomAbsCosCdf,
  randomAbsCosTail,
  randomAbsCosQuantile,
} from './theory/randomAbsCos.js';
export { randomCoherence, type RandomCoherence } from './theory/randomCoherence.js';
export { welchBound } from './theory/welchBound.js';
export { johnsonLindenstraussDim } from './theory/johnsonLindenstraussDim.js';
export {
  featureSparsity,
  type FeatureSparsity,
  type FeatureSparsityOptions,
} from './sparse/featureSparsity.js';
export {
  interferenceBySparsity,
  type InterferenceBySparsity,
  type InterferenceBySparsityOptions,
} from './sparse/interferenceBySparsity.js';
export {
  sparseRandomDirections,
  type SparseRandomOptions,
} from './sparse/sparseRandomDirections.js';
export {
  sparseRandomAbsCos,
  type SparseRandomAbsCos,
  type SparseRandomAbsCosOptions,
} from './sparse/sparseRandomAbsCos.js';
export {
  bundleCrosstalk,
  type BundleCrosstalk,
  type BundleCrosstalkOptions,
} from './codebook/bundleCrosstalk.js';
export {
  codebookCapacity,
  type CodebookCapacity,
  type CodebookCapacityOptions,
} from './codebook/codebookCapacity.js';
