import { describe, expect, it } from 'vitest';
import { runPlotToSvg } from './plotToSvg.js';

describe('examples/plotToSvg', () => {
  it('renders a standalone SVG with its title and the SVG namespace', () => {
    const text = runPlotToSvg();
    expect(text).toContain('<svg');
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('A regular pentagon');
  });

  it('is deterministic', () => {
    expect(runPlotToSvg()).toBe(runPlotToSvg());
  });
});
