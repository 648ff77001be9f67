import { describe, expect, it } from 'vitest';
import { randomDirections, runRandomDirections } from './randomDirections.js';

describe('examples/randomDirections', () => {
  const out = runRandomDirections();

  it('draws unit columns', () => {
    const W = randomDirections(5, 7, 3);
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let k = 0; k < 7; k++) s += W.data[k * 5 + i] ** 2;
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it('has a mean |cos| that matches the random-direction law', () => {
    // 130,816 pairs (not independent: n = 512 directions); the mean over pairs has a standard error
    // of about sd(|cos|) / sqrt(n) = 0.075 / 22.6 = 0.0033; 4 sigma = 0.013.
    expect(Math.abs(out.meanAbsCos - out.theoryMeanAbsCos)).toBeLessThan(0.013);
    expect(out.theoryMeanAbsCos).toBeCloseTo(Math.sqrt(2 / (Math.PI * out.d)), 2);
  });

  it('sits above the Welch bound and within a small factor of it', () => {
    expect(out.coherence).toBeGreaterThan(out.welch);
    // max |cos| of ~1.3e5 random pairs is about sqrt(2 ln(pairs) / d) = 0.6; Welch is 0.117.
    expect(out.coherence).toBeLessThan(
      Math.sqrt((2 * Math.log((out.n * (out.n - 1)) / 2)) / out.d) * 1.3,
    );
  });
});
