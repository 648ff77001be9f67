import { describe, expect, it } from 'vitest';
import { arenaTrigram } from './vectorArena.js';

describe('examples/vectorArena', () => {
  it('binds the same trigram in an arena as on ordinary arrays', () => {
    // Six BSC vectors of 313 words (1,252 bytes), each starting on a 64-byte boundary.
    expect(arenaTrigram()).toEqual({ same: true, accelerated: true, used: 5 * 1280 + 1252 });
  });
});
