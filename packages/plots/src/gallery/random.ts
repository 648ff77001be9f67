/**
 * A tiny seeded generator for the gallery's example data (mulberry32 with Box-Muller normals).
 * The plots package imports no other workspace package at run time, so it cannot use the
 * project's `createRng`; this one only has to be deterministic, not statistically strong.
 * @internal
 */
export interface GalleryRng {
  uniform(): number;
  normal(): number;
}

/** Create a {@link GalleryRng} from an integer seed. @internal */
export function galleryRng(seed: number): GalleryRng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal(): number {
      let u = 0;
      while (u === 0) u = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
  };
}

/** Round to `digits` decimals, so snapshots do not depend on the last bits of Math.sin/log. @internal */
export function round(x: number, digits = 4): number {
  const r = Number(x.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}

/** Standard normal distribution function (Abramowitz and Stegun 7.1.26, error < 1.5e-7). @internal */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    t *
      (0.254829592 +
        t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
