import type { ColorScheme } from '@observablehq/plot';

/**
 * The one visual theme of every figure: fonts, sizes and colour-blind-safe palettes.
 *
 * - categorical: Okabe and Ito (2008), "Color Universal Design", safe for the common forms of
 *   colour-vision deficiency;
 * - diverging: ColorBrewer RdBu (negative red, positive blue), always on a domain symmetric
 *   around 0 so that 0 maps to the neutral midpoint;
 * - sequential: viridis (importance) and cividis (superposition), both perceptually uniform.
 *
 * @example
 * ```ts
 * const accent: string = theme.categorical[0]; // Okabe-Ito blue
 * ```
 */
export interface Theme {
  /** CSS font stack; DejaVu Sans is what resvg finds on Debian (fonts-dejavu-core). */
  readonly fontFamily: string;
  /** Base font size in px (tick labels, legends). */
  readonly fontSize: number;
  /** Title font size in px. */
  readonly titleSize: number;
  /** Subtitle font size in px. */
  readonly subtitleSize: number;
  /** Text and axis colour. */
  readonly textColor: string;
  /** Secondary text (subtitles, guides). */
  readonly mutedColor: string;
  /** Background painted behind every figure (PNG files have no transparency surprises). */
  readonly background: string;
  /** Light guide lines (zero lines, reference fractions). */
  readonly guideColor: string;
  /** Okabe-Ito categorical palette, ordered so that the first colours contrast most. */
  readonly categorical: readonly string[];
  /** Plot scheme name of the diverging scale (W^T W). */
  readonly diverging: ColorScheme;
  /** Plot scheme name of the importance scale. */
  readonly importanceScheme: ColorScheme;
  /** Plot scheme name of the superposition scale (feature norms). */
  readonly superpositionScheme: ColorScheme;
  /** Fill of each phase of a phase diagram. */
  readonly phaseColors: {
    readonly 'not-represented': string;
    readonly dedicated: string;
    readonly superposition: string;
  };
}

/**
 * The theme every figure uses.
 *
 * @example
 * ```ts
 * theme.categorical[0]; // '#0072B2' (Okabe-Ito blue)
 * ```
 */
export const theme: Theme = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Verdana, sans-serif',
  fontSize: 11,
  titleSize: 15,
  subtitleSize: 11,
  textColor: '#1a1a1a',
  mutedColor: '#555555',
  background: '#ffffff',
  guideColor: '#bbbbbb',
  categorical: [
    '#0072B2',
    '#D55E00',
    '#009E73',
    '#CC79A7',
    '#E69F00',
    '#56B4E9',
    '#000000',
    '#F0E442',
  ],
  diverging: 'rdbu',
  importanceScheme: 'viridis',
  superpositionScheme: 'cividis',
  phaseColors: {
    'not-represented': '#e6e6e6',
    dedicated: '#56B4E9',
    superposition: '#E69F00',
  },
};
