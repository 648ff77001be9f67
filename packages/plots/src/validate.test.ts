import { describe, expect, it } from 'vitest';
import { checkKeys, nearestKey, toFiniteArray, toIdPrefix, toMatrix } from './validate.js';

describe('toMatrix', () => {
  it('reads { data, rows, cols } and arrays of rows into the same row-major matrix', () => {
    const a = toMatrix('f', 'W', { data: new Float32Array([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 });
    const b = toMatrix('f', 'W', [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a).toEqual(b);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the function, the argument, what was expected and what came', () => {
    expect(() => toMatrix('featureNorms', 'W', { data: [1, 2, 3], rows: 2, cols: 2 })).toThrow(
      'featureNorms: W.data expected rows * cols = 4 numbers (rows 2, cols 2), got Array(3)',
    );
    expect(() => toMatrix('featureNorms', 'W', [[1, 2], [3]])).toThrow(
      'featureNorms: W[1] expected a row of 2 numbers like W[0], got Array(1)',
    );
    expect(() => toMatrix('featureNorms', 'W', [[1, NaN]])).toThrow(
      'featureNorms: W[0][1] expected a finite number, got NaN',
    );
    expect(() => toMatrix('featureNorms', 'W', { data: [1, Infinity], rows: 1, cols: 2 })).toThrow(
      'featureNorms: W.data[1] expected a finite number, got Infinity',
    );
    expect(() => toMatrix('featureNorms', 'W', [])).toThrow(RangeError);
    expect(() => toMatrix('featureNorms', 'W', 'W')).toThrow(TypeError);
  });
});

describe('toFiniteArray', () => {
  it('checks the length', () => {
    expect(() => toFiniteArray('f', 'options.importance', [1, 2], 3)).toThrow(
      'f: options.importance expected 3 numbers, got Array(2)',
    );
    expect(Array.from(toFiniteArray('f', 'x', new Float32Array([0.5, 2])))).toEqual([0.5, 2]);
  });
});

describe('checkKeys', () => {
  const known = ['document', 'width', 'height', 'steps'];

  it('suggests the nearest key: one swap, insertion, deletion or substitution, any case', () => {
    expect(nearestKey('widht', known)).toBe('width');
    expect(nearestKey('stpes', known)).toBe('steps');
    expect(nearestKey('wdth', known)).toBe('width');
    expect(nearestKey('heigth', known)).toBe('height');
    expect(nearestKey('Width', known)).toBe('width');
    expect(nearestKey('documnet', known)).toBe('document');
    // too far: more than max(1, floor(length / 3)) edits
    expect(nearestKey('colour', known)).toBeUndefined();
    expect(nearestKey('x', known)).toBeUndefined();
  });

  it('throws a TypeError naming the function, the key, the known keys and the hint', () => {
    expect(() => checkKeys('f', 'options', { widht: 1 }, known)).toThrow(TypeError);
    expect(() => checkKeys('f', 'options', { width: 1, widht: 1 }, known)).toThrow(
      'f: options.widht expected one of the known options (document, width, height, steps); did you mean options.width?, got an unknown key',
    );
    expect(() => checkKeys('f', 'options.colorBy', { colour: 1 }, known)).toThrow(
      'f: options.colorBy.colour expected one of the known options (document, width, height, steps), got an unknown key',
    );
  });

  it('lets keys whose value is undefined pass', () => {
    expect(() => checkKeys('f', 'options', { widht: undefined, width: 3 }, known)).not.toThrow();
    expect(() => checkKeys('f', 'options', {}, known)).not.toThrow();
  });
});

describe('toIdPrefix', () => {
  it('accepts an ASCII XML name without a colon, and falls back when undefined', () => {
    expect(toIdPrefix('f', 'options.idPrefix', 'a-b_c.1', 'f')).toBe('a-b_c.1');
    expect(toIdPrefix('f', 'options.idPrefix', undefined, 'fallback')).toBe('fallback');
    expect(() => toIdPrefix('f', 'options.idPrefix', 'a b', 'f')).toThrow(RangeError);
    expect(() => toIdPrefix('f', 'options.idPrefix', 3, 'f')).toThrow(TypeError);
  });
});
