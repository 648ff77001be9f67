import { MODEL_NAMES } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { playgroundDims, runPlayground, sbcBlockSize } from './vsaPlayground.js';

describe.each(MODEL_NAMES)('examples/vsaPlayground with %s', (model) => {
  const out = runPlayground({ model, dim: 4096, seed: 7, bundleSize: 5, beta: 50 });
  const { mean, std } = out.chance;

  it('binding gives a vector at chance similarity to its input (4 sigma)', () => {
    expect(Math.abs(out.boundVsA - mean)).toBeLessThan(4 * std);
  });

  it('unbinding recovers the bound value far above chance', () => {
    // Exact models give 1; HRR about 0.707 and MAP-C about 0.745 (Kleyko et al. 2022).
    expect(out.unboundVsB - mean).toBeGreaterThan(0.6 * (1 - mean));
  });

  it('a bundle is similar to its members and at chance to a stranger (4 sigma)', () => {
    expect(out.bundleVsMember - mean).toBeGreaterThan(10 * std);
    expect(Math.abs(out.bundleVsStranger - mean)).toBeLessThan(4 * std);
  });

  it('reads every key of a four-pair record back correctly', () => {
    expect(out.reads.map((r) => r.label)).toEqual(['ada', 'blue', 'paris', 'cat']);
  });

  it('puts almost all the attention weight on the right value at beta = 50', () => {
    expect(out.attentionWeight).toBeGreaterThan(0.9);
  });
});

it('runs SBC at every dimension the playground offers, with blocks that divide d', () => {
  expect(playgroundDims.map(sbcBlockSize)).toEqual([64, 64, 64, 50]);
  for (const dim of playgroundDims) expect(dim % sbcBlockSize(dim)).toBe(0);
  expect(sbcBlockSize(7)).toBe(7);
  expect(sbcBlockSize(130)).toBe(65);
  const out = runPlayground({ model: 'SBC', dim: 10000, seed: 7, bundleSize: 5, beta: 50 });
  expect(out.blockSize).toBe(50);
  expect(out.reads.map((r) => r.label)).toEqual(['ada', 'blue', 'paris', 'cat']);
  expect(
    runPlayground({ model: 'MAP-B', dim: 10000, seed: 7, bundleSize: 5, beta: 50 }).blockSize,
  ).toBeNull();
});

it.each(playgroundDims)('runs every model at d = %i, the same code as the page', (dim) => {
  for (const model of MODEL_NAMES) {
    const out = runPlayground({ model, dim, seed: 7, bundleSize: 5, beta: 50 });
    const labels = out.reads.map((r) => r.label);
    // SBC at d = 256 has 4 segments of 64 units: too few for a four-pair record (as the page says).
    if (model === 'SBC' && dim === 256) expect(labels).not.toEqual(['ada', 'blue', 'paris', 'cat']);
    else expect(labels).toEqual(['ada', 'blue', 'paris', 'cat']);
  }
});

it('is deterministic for a seed', () => {
  const options = { model: 'MAP-B' as const, dim: 1024, seed: 3, bundleSize: 3, beta: 10 };
  expect(runPlayground(options)).toEqual(runPlayground(options));
});
