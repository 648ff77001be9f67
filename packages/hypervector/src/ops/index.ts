export { cosine } from './cosine.js';
export { dot } from './dot.js';
export { hamming } from './hamming.js';
export { overlap } from './overlap.js';
export { packBipolar } from './packBipolar.js';
export { hammingSimilarityPacked } from './hammingSimilarityPacked.js';
export type { RealTypedArray } from './shape.js';
