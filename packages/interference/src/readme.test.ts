// The README's examples, run: the numbers printed in the README are asserted here.
import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import {
  absCosDistribution,
  circleAngles,
  coherence,
  compareToRandom,
  effectiveRank,
  featureGeometry,
  featureMetrics,
  randomAbsCosMean,
  welchBound,
} from './index.js';

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

describe('README examples', () => {
  it('a hand-made pentagon (the paper intro figure, S = 0.9)', () => {
    // W: [nHidden = 2, nFeatures = 5], feature i at 72 i degrees, norm 1.1
    const W = { data: new Float64Array(10), rows: 2, cols: 5 };
    for (let i = 0; i < 5; i++) {
      W.data[i] = 1.1 * Math.cos((2 * Math.PI * i) / 5);
      W.data[5 + i] = 1.1 * Math.sin((2 * Math.PI * i) / 5);
    }
    const m = featureMetrics(W);
    const out = {
      norms: Array.from(m.norms, (x) => round(x)),
      dimensionality: Array.from(m.dimensionality, (x) => round(x)),
      interference: Array.from(m.interference, (x) => round(x)),
      superposition: Array.from(m.superposition, (x) => round(x)),
      gaps: Array.from(circleAngles(W).gapsDegrees, (x) => round(x, 2)),
      kind: featureGeometry(W).configurations[0].kind,
      coherence: round(coherence(W).coherence),
      welch: round(welchBound(5, 2)),
      effectiveRank: round(effectiveRank(W)),
    };
    console.log(JSON.stringify(out));
    expect(out).toEqual({
      norms: [1.1, 1.1, 1.1, 1.1, 1.1],
      dimensionality: [0.4, 0.4, 0.4, 0.4, 0.4],
      interference: [1.815, 1.815, 1.815, 1.815, 1.815],
      superposition: [1.3472, 1.3472, 1.3472, 1.3472, 1.3472],
      gaps: [72, 72, 72, 72, 72],
      kind: 'pentagon',
      coherence: 0.809,
      welch: 0.6124,
      effectiveRank: 2,
    });
  });

  it('a random bipolar codebook of 2000 items in d = 256', () => {
    const rng = createRng(42);
    const n = 2000;
    const d = 256;
    const codebook = {
      data: Float32Array.from({ length: n * d }, () => (rng.nextFloat() < 0.5 ? -1 : 1)),
      rows: n,
      cols: d,
    };
    const cmp = compareToRandom(codebook, { features: 'rows' });
    const exact = cmp.learned;
    const sampled = absCosDistribution(codebook, {
      features: 'rows',
      method: 'sampled',
      samples: 100_000,
      rng: createRng(1),
    });
    const out = {
      method: exact.method,
      pairs: exact.pairs,
      mean: round(exact.mean),
      lawMean: round(randomAbsCosMean(d)),
      median: round(exact.quantiles[0].value),
      q999: round(exact.quantiles[3].value),
      coherence: round(exact.coherence),
      randomCoherence: round(cmp.random.coherence),
      welch: round(cmp.welch),
      sampledMean: round(sampled.mean),
      sampledMeanStdError: round(sampled.meanStdError, 5),
      sampledMedian: [round(sampled.quantiles[0].lower), round(sampled.quantiles[0].upper)],
      meanAbsCosGain: round(cmp.meanAbsCosGain, 3),
      equivalentRandomDim: round(cmp.equivalentRandomDim, 1),
    };
    console.log(JSON.stringify(out));
    expect(out).toEqual({
      method: 'exact',
      pairs: 1999000,
      mean: 0.0498,
      lawMean: 0.0499,
      median: 0.0391,
      q999: 0.2031,
      coherence: 0.3047,
      randomCoherence: 0.3134,
      welch: 0.0584,
      sampledMean: 0.0498,
      sampledMeanStdError: 0.00012,
      sampledMedian: [0.0391, 0.0391],
      meanAbsCosGain: 1.003,
      equivalentRandomDim: 257.4,
    });
  });
});
