import { describe, expect, it } from 'vitest';
import { toFiniteArray, toMatrix } from './validate.js';

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
