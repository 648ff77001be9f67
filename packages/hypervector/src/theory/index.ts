export { erf, erfc, normalCdf, normalPdf } from './normal.js';
export {
  randomSimilarityMoments,
  type RandomSimilarityOptions,
  type Moments,
} from './atomSimilarity.js';
export { majorityAgreement } from './majority.js';
export { expectedBundleSimilarity, type BundleSimilarityOptions } from './bundleSimilarity.js';
export {
  expectedRetrievalAccuracy,
  capacity,
  type RetrievalOptions,
  type CapacityOptions,
} from './retrieval.js';
