import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as hv from './index.js';

describe('public API', () => {
  it('exports the models, operations, theory and the other modules', () => {
    for (const name of [
      'MAP',
      'BSC',
      'HRR',
      'FHRR',
      'SBC',
      'createModel',
      'createPermutation',
      'row',
      'cosine',
      'dot',
      'hamming',
      'overlap',
      'packBipolar',
      'hammingSimilarityPacked',
      'expectedRetrievalAccuracy',
      'capacity',
      'majorityAgreement',
      'randomSimilarityMoments',
      'expectedBundleSimilarity',
      'normalCdf',
      'erf',
      'createFFT',
      'createRng',
      'restoreRng',
    ]) {
      expect(typeof (hv as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('the README example prints the values the README shows', () => {
    const vsa = hv.MAP({ dim: 10_000, variant: 'B' });
    const keys = vsa.random(3, { rng: hv.createRng(1) });
    const values = vsa.random(3, { rng: hv.createRng(2) });
    const record = vsa.bundle(vsa.bind(keys, values));
    const age = vsa.unbind(record, vsa.row(keys, 1));
    const sims = vsa.similarity(age, values);
    expect(Array.from(sims, (s) => s.toFixed(3))).toEqual(['-0.005', '0.500', '0.014']);
    expect(hv.capacity({ dim: 10_000, items: 1000, accuracy: 0.99 })).toBe(304);
  });

  it("the README's misspelt-option example throws the error it shows", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown =
      /vsa\.bundle\(keys, \{ normalise: 'sign' \}\);\n\/\/ (TypeError: [\s\S]*?)\n```/.exec(readme);
    expect(shown).not.toBeNull();
    const message = shown![1].replace(/\n\/\/ /g, ' ').replace(/^TypeError: /, '');
    const vsa = hv.MAP({ dim: 10_000, variant: 'B' });
    const keys = vsa.random(3, { rng: hv.createRng(1) });
    expect(() => vsa.bundle(keys, { normalise: 'sign' } as never)).toThrow(new TypeError(message));
  });
});
