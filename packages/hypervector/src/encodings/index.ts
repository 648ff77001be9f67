export { levelBasis } from './levelBasis.js';
export { thermometerBasis } from './thermometerBasis.js';
export { circularBasis } from './circularBasis.js';
export {
  FractionalPowerEncoder,
  type FPEKernel,
  type FractionalPowerOptions,
} from './fractionalPower.js';
export { RandomProjection, type RandomProjectionOptions } from './randomProjection.js';
