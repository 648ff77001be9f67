export type { FigureOptions, MatrixInput, Phase } from './types.js';
export { theme, type Theme } from './theme.js';
export { principalDirections } from './principalDirections.js';
export { featureGeometry, type FeatureGeometryOptions } from './figures/featureGeometry.js';
export { wtwHeatmap, type WtwHeatmapOptions } from './figures/wtwHeatmap.js';
export { WTW_RASTER_THRESHOLD, type WtwRender } from './figures/raster.js';
export { featureNorms, type FeatureNormsOptions } from './figures/featureNorms.js';
export {
  sparsitySweep,
  type SparsitySweepOptions,
  type SweepColumn,
} from './figures/sparsitySweep.js';
export {
  phaseDiagram,
  type PhaseBoundary,
  type PhaseCell,
  type PhaseDiagramOptions,
} from './figures/phaseDiagram.js';
export {
  featureDimensionality,
  type DimensionalityInstance,
  type FeatureDimensionalityOptions,
} from './figures/featureDimensionality.js';
export {
  cosineHistogram,
  type CosineHistogramInput,
  type CosineHistogramOptions,
} from './figures/cosineHistogram.js';
export {
  coherenceCurve,
  type CoherenceCurveOptions,
  type CoherenceSeries,
} from './figures/coherenceCurve.js';
export {
  sparseInterference,
  type InterferencePoints,
  type SparseInterferenceInput,
  type SparseInterferenceOptions,
} from './figures/sparseInterference.js';
export { capacity, type CapacityOptions, type CapacitySeries } from './figures/capacity.js';
export { trainingLoss, type LossCurve, type TrainingLossOptions } from './figures/trainingLoss.js';
export {
  galleryFigures,
  galleryInputs,
  type GalleryFigure,
  type GalleryInputs,
} from './gallery.js';
