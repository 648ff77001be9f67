import { inflateSync } from 'node:zlib';
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { createDocument, figureToSvgString } from '../node/index.js';
import { galleryRng } from '../gallery/random.js';
import { theme } from '../theme.js';
import { gramPixels, WTW_RASTER_THRESHOLD } from './raster.js';
import { sparsitySweep } from './sparsitySweep.js';
import { divergingColor, wtwHeatmap } from './wtwHeatmap.js';

const doc = createDocument();

function cells(svg: Element): { fill: string; title: string }[] {
  return Array.from(svg.querySelectorAll('g[aria-label="cell"] rect')).map((r) => ({
    fill: r.getAttribute('fill') ?? '',
    title: r.querySelector('title')?.textContent ?? '',
  }));
}

describe('wtwHeatmap', () => {
  const W = [
    [1, 0, 0.5],
    [0, -2, 0.5],
  ];

  it('draws n x n cells per instance and one panel label per instance', () => {
    const svg = wtwHeatmap([W, W, W], { document: doc, labels: ['a', 'b', 'c'] });
    expect(cells(svg)).toHaveLength(3 * 9);
    const labels = Array.from(svg.querySelectorAll('g[aria-label="text"] text')).map(
      (t) => t.textContent,
    );
    expect(labels).toEqual(['a', 'b', 'c']);
  });

  it('maps 0 to the neutral midpoint of the diverging scheme (symmetric domain)', () => {
    // W^T W = [[1, 0, 0.5], [0, 4, -1], [0.5, -1, 0.5]]: asymmetric range [-1, 4]
    const all = cells(wtwHeatmap(W, { document: doc }));
    const zero = all.find((c) => c.title === 'W_0 · W_1 = 0.000');
    const midpoint = Plot.scale({
      color: { type: 'linear', scheme: theme.diverging, domain: [0, 1] },
    }).apply(0.5);
    expect(zero?.fill).toBe(midpoint);
    // the largest |entry| (4) takes the scheme's end, and -4 would take the other end
    const top = all.find((c) => c.title === 'W_1 · W_1 = 4.000');
    expect(top?.fill).toBe(
      Plot.scale({ color: { type: 'linear', scheme: theme.diverging, domain: [0, 1] } }).apply(1),
    );
  });

  it('orders rows and columns by decreasing importance', () => {
    const svg = wtwHeatmap(W, { document: doc, importance: [0.1, 0.5, 1] });
    const ticks = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(ticks).toEqual(['2', '1', '0']);
    expect(cells(svg)[0].title).toBe('W_2 · W_2 = 0.500');
  });

  it('ends a panel label wider than its panel in an ellipsis, the whole label in its title', () => {
    const long = 'extraImportance=0.251, featureProbability=0.0631';
    const svg = wtwHeatmap([W, W, W, W, W, W], {
      document: doc,
      labels: [long, 'short', 'b', 'c', 'd', 'e'],
      width: 900,
    });
    const texts = Array.from(svg.querySelectorAll('g[aria-label="text"] text'));
    const first = texts.find((t) => t.querySelector('title')?.textContent === long);
    expect(first).toBeDefined();
    const shown = (first?.firstChild?.textContent ?? '').trim();
    expect(shown.endsWith('…')).toBe(true);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    // shown in at most the panel's width: 900 px over the default 5 columns, 11 px type, about
    // 0.6 em a glyph
    expect(shown.length * 0.6 * 11).toBeLessThan(900 / 5);
    // a label that fits is drawn whole, without a title
    const short = texts.find((t) => t.textContent === 'short');
    expect(short?.querySelector('title')).toBeNull();
  });

  it('gives every panel a square frame by default, within 1 px, in any grid', () => {
    // Plot's facet bands have no outer padding: a layout sized as if they had one drew panels
    // of, e.g., 604 x 633 px (6 instances of 40 features in 3 columns).
    const frames = (svg: Element): [number, number][] =>
      Array.from(svg.querySelectorAll('g[aria-label="frame"] rect')).map((r) => [
        Number(r.getAttribute('width')),
        Number(r.getAttribute('height')),
      ]);
    const instance = (n: number): number[][] => [
      Array.from({ length: n }, (_, j) => Math.cos(j)),
      Array.from({ length: n }, (_, j) => Math.sin(j)),
    ];
    for (const [k, n, columns] of [
      [1, 5, undefined],
      [2, 5, undefined],
      [3, 5, undefined],
      [10, 5, undefined],
      [6, 5, 3],
      [6, 40, 3],
      [3, 30, 1],
      [2, 5, 1],
      [2, 150, undefined],
      // more columns than instances: Plot draws only the used ones (347 x 132 px before)
      [2, 5, 5],
      [3, 5, 6],
    ] as [number, number, number | undefined][]) {
      const svg = wtwHeatmap(
        Array.from({ length: k }, () => instance(n)),
        { document: doc, columns },
      );
      const f = frames(svg);
      expect(f).toHaveLength(k);
      for (const [w, h] of f) {
        expect(w).toBeGreaterThan(100);
        expect(
          Math.abs(w - h),
          `${k} panels of ${n} in ${columns ?? 'auto'} columns`,
        ).toBeLessThanOrEqual(1);
      }
    }
  });

  it('accepts { data, rows, cols } views and reads them row-major [nHidden, nFeatures]', () => {
    const view = { data: new Float32Array([1, 0, 0.5, 0, -2, 0.5]), rows: 2, cols: 3 };
    expect(cells(wtwHeatmap(view, { document: doc }))).toEqual(
      cells(wtwHeatmap(W, { document: doc })),
    );
  });

  it('has an accessible name and description', () => {
    const svg = wtwHeatmap(W, { document: doc });
    expect(svg.getAttribute('aria-label')).toBeTruthy();
    expect(svg.querySelector('desc')?.textContent).toMatch(/1 instance\(s\) of 3 features/);
  });

  it('rejects mismatched shapes and label counts', () => {
    expect(() => wtwHeatmap([W, [[1, 0]]], { document: doc })).toThrow(
      'wtwHeatmap: W[1] expected shape [2, 3] like W[0], got [1, 2]',
    );
    expect(() => wtwHeatmap([W, W], { document: doc, labels: ['only one'] })).toThrow(
      'wtwHeatmap: options.labels expected 2 labels (one per instance), got Array(1)',
    );
    expect(() => wtwHeatmap(W, { document: doc, importance: [1] })).toThrow(
      'wtwHeatmap: options.importance expected 3 numbers, got Array(1)',
    );
  });
});

/** Decode a PNG written with filter 0 on every row (as the raster heatmap writes it): [h, w, 3]. */
function decodePng(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (o < bytes.length) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      expect(Array.from(data.subarray(8))).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (3 * width + 1));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (3 * width + 1)]).toBe(0);
    rgb.set(raw.subarray(y * (3 * width + 1) + 1, (y + 1) * (3 * width + 1)), 3 * width * y);
  }
  return { width, height, rgb };
}

function imagesOf(svg: Element) {
  return Array.from(svg.querySelectorAll('g[aria-label="image"] image')).map((image) => {
    const href = image.getAttribute('href') ?? '';
    expect(href.startsWith('data:image/png;base64,')).toBe(true);
    return {
      image,
      png: decodePng(new Uint8Array(Buffer.from(href.slice(22), 'base64'))),
    };
  });
}

const rgbOf = (fill: string) => fill.match(/\d+/g)?.map(Number) ?? [];

function randomW(rows: number, cols: number, seed: number): number[][] {
  const rng = galleryRng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => 2 * rng.uniform() - 1),
  );
}

describe('wtwHeatmap as a raster', () => {
  const W = [
    [1, 0, 0.5],
    [0, -2, 0.5],
  ];

  it("draws each panel as an n x n PNG whose pixels are the cells' colours (within 2 of 255)", () => {
    // 7 features, 2 instances, importance reversing the order
    const Ws = [randomW(3, 7, 1), randomW(3, 7, 2)];
    const importance = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const cellSvg = wtwHeatmap(Ws, { document: doc, importance, render: 'cells' });
    const rasterSvg = wtwHeatmap(Ws, { document: doc, importance, render: 'raster' });
    expect(rasterSvg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(0);
    const images = imagesOf(rasterSvg);
    expect(images).toHaveLength(2);
    const all = cells(cellSvg);
    expect(all).toHaveLength(2 * 49);
    images.forEach(({ png }, panel) => {
      expect([png.width, png.height]).toEqual([7, 7]);
      // cells come panel by panel, row i then column j, both in importance order
      for (let k = 0; k < 49; k++) {
        const expected = rgbOf(all[panel * 49 + k].fill);
        const got = Array.from(png.rgb.subarray(3 * k, 3 * k + 3));
        got.forEach((v, c) => expect(Math.abs(v - expected[c])).toBeLessThanOrEqual(2));
      }
    });
  });

  it("places each image on its facet's frame, scaled without smoothing", () => {
    const svg = wtwHeatmap([W, W, W], { document: doc, columns: 2, render: 'raster' });
    const frames = Array.from(svg.querySelectorAll('g[aria-label="frame"] rect'));
    const images = imagesOf(svg).map((i) => i.image);
    expect(images).toHaveLength(3);
    const box = (e: Element) =>
      ['x', 'y', 'width', 'height'].map((a) => e.getAttribute(a)).join(' ') +
      ` ${e.getAttribute('transform') ?? e.parentElement?.getAttribute('transform')}`;
    expect(images.map(box).sort()).toEqual(frames.map(box).sort());
    // three distinct facets: two in the first row, one in the second
    expect(new Set(images.map(box)).size).toBe(3);
    for (const image of images) {
      expect(image.getAttribute('image-rendering')).toBe('optimizeSpeed');
      expect(image.getAttribute('style')).toBe(
        'image-rendering: pixelated; image-rendering: optimizeSpeed',
      );
      expect(image.getAttribute('preserveAspectRatio')).toBe('none');
    }
    // the axis ticks (n <= 24) stay, at the centres of the bands that the pixels fill
    const ticks = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text'));
    // (repeated under each of the two columns of panels)
    expect(ticks.map((t) => t.textContent)).toEqual(['0', '1', '2', '0', '1', '2']);
  });

  it('renders to PNG with resvg: a point a quarter cell in from the corner of each entry has its colour', () => {
    // W^T W = [[1, 0, 0.5], [0, 4, -1], [0.5, -1, 0.5]]
    const svg = wtwHeatmap(W, { document: doc, render: 'raster', width: 300 });
    const [frame] = Array.from(svg.querySelectorAll('g[aria-label="frame"] rect'));
    const [{ png }] = imagesOf(svg);
    const x0 = Number(frame.getAttribute('x'));
    const y0 = Number(frame.getAttribute('y'));
    const size = Number(frame.getAttribute('width')) / 3;
    // the frame's offset in the figure: the translations of the frame and of its ancestors
    let [px, py] = [x0, y0];
    for (let e: Element | null = frame; e !== null; e = e.parentElement) {
      const t = /translate\(([-\d.]+),([-\d.]+)\)/.exec(e.getAttribute('transform') ?? '');
      if (t) [px, py] = [px + Number(t[1]), py + Number(t[2])];
    }
    const rendered = new Resvg(figureToSvgString(svg, { xmlDeclaration: false })).render();
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        // a pixel a quarter of a cell in from the corner of cell (i, j): smoothing would mix
        // in the neighbours there, nearest-neighbour scaling does not
        const x = Math.floor(px + (j + 0.25) * size);
        const y = Math.floor(py + (i + 0.25) * size);
        const o = 4 * (y * rendered.width + x);
        const got = Array.from(rendered.pixels.subarray(o, o + 3));
        const want = Array.from(png.rgb.subarray(3 * (3 * i + j), 3 * (3 * i + j) + 3));
        got.forEach((v, c) => expect(Math.abs(v - want[c])).toBeLessThanOrEqual(1));
      }
    }
  });

  it('is what auto draws above the threshold, and 300 features fit in about 4 bytes per entry', () => {
    expect(WTW_RASTER_THRESHOLD).toBe(100);
    const small = wtwHeatmap(randomW(4, WTW_RASTER_THRESHOLD, 3), { document: doc });
    expect(small.querySelectorAll('g[aria-label="image"]')).toHaveLength(0);
    const n = 300;
    const svg = wtwHeatmap(randomW(8, n, 4), { document: doc });
    // README: 0.37 MB
    const [{ png }] = imagesOf(svg);
    expect([png.width, png.height]).toEqual([n, n]);
    const text = figureToSvgString(svg);
    // the PNG holds n (3 n + 1) bytes, base64 adds a third; the rest of the figure is small
    const pngBytes = n * (3 * n + 1);
    expect(text.length).toBeGreaterThan((4 / 3) * pngBytes);
    expect(text.length).toBeLessThan((4 / 3) * pngBytes * 1.01 + 20_000);
    expect(text.length / (n * n)).toBeLessThan(4.2);
    expect(Math.abs(text.length / 0.37e6 - 1)).toBeLessThan(0.02);
    // the default width stops growing: 720 px per panel
    expect(svg.getAttribute('width')).toBe(String(60 + 720 + 30));
    expect(svg.querySelector('desc')?.textContent).toContain('an image of 300 x 300 pixels');
  });

  it('is 20 times smaller than the cells at n = 100 (the sizes the README gives)', () => {
    const W100 = randomW(8, 100, 5);
    const cellsText = figureToSvgString(wtwHeatmap(W100, { document: doc, render: 'cells' }));
    const rasterText = figureToSvgString(wtwHeatmap(W100, { document: doc, render: 'raster' }));
    // README: 1.13 MB as rectangles, 46 kB as an image (to 2 %)
    expect(Math.abs(cellsText.length / 1.13e6 - 1)).toBeLessThan(0.02);
    expect(Math.abs(rasterText.length / 46e3 - 1)).toBeLessThan(0.02);
    expect(cellsText.length / rasterText.length).toBeGreaterThan(20);
  });

  it('rejects an unknown render mode', () => {
    expect(() => wtwHeatmap(W, { document: doc, render: 'svg' as unknown as 'cells' })).toThrow(
      "wtwHeatmap: options.render expected 'auto', 'cells' or 'raster', got \"svg\"",
    );
  });
});

describe('sparsitySweep with a W^T W top row as a raster', () => {
  it('draws one image per column, with the colours of the cells, on invisible frames', () => {
    const columns = [0, 0.9].map((sparsity, k) => ({ sparsity, W: randomW(3, 6, 20 + k) }));
    const cellSvg = sparsitySweep(columns, { document: doc, top: 'wtw', render: 'cells' });
    const rasterSvg = sparsitySweep(columns, { document: doc, top: 'wtw', render: 'raster' });
    const all = cells(cellSvg);
    expect(all).toHaveLength(2 * 36);
    const images = imagesOf(rasterSvg);
    expect(images).toHaveLength(2);
    images.forEach(({ png }, col) => {
      expect([png.width, png.height]).toEqual([6, 6]);
      for (let k = 0; k < 36; k++) {
        const expected = rgbOf(all[col * 36 + k].fill);
        const got = Array.from(png.rgb.subarray(3 * k, 3 * k + 3));
        got.forEach((v, c) => expect(Math.abs(v - expected[c])).toBeLessThanOrEqual(2));
      }
    });
    const frames = Array.from(rasterSvg.querySelectorAll('g[aria-label="frame"] rect'));
    expect(frames).toHaveLength(2);
    // invisible: no fill, and no stroke on the rectangles or any of their ancestors
    for (const f of frames) {
      expect(f.getAttribute('fill')).toBe('none');
      for (let e: Element | null = f; e !== null; e = e.parentElement) {
        expect(e.hasAttribute('stroke')).toBe(false);
      }
    }
    const box = (e: Element) => ['x', 'y', 'width', 'height'].map((a) => e.getAttribute(a));
    expect(images.map(({ image }) => box(image))).toEqual(frames.map(box));
    expect(rasterSvg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(0);
  });

  it('is what auto draws above the threshold: 300 features in 3 dimensions stay small', () => {
    const n = 300;
    const columns = [0, 0.9].map((sparsity, k) => ({ sparsity, W: randomW(3, n, 30 + k) }));
    const svg = sparsitySweep(columns, { document: doc });
    const images = imagesOf(svg);
    // the panels are narrower than 300 px: each image has as many pixels as its frame
    const frames = Array.from(svg.querySelectorAll('g[aria-label="frame"] rect'));
    const size = frames.map((f) => [
      Math.round(Number(f.getAttribute('width'))),
      Math.round(Number(f.getAttribute('height'))),
    ]);
    expect(size[0][0]).toBeLessThan(n);
    expect(images.map(({ png }) => [png.width, png.height])).toEqual(size);
    // two images of w (3 w + 1) bytes or so in base64, and 2 n norm bars
    const [w, h] = size[0];
    const text = figureToSvgString(svg);
    expect(text.length).toBeLessThan(2 * (4 / 3) * h * (3 * w + 1) * 1.01 + 600 * n);
  });
});

describe('a raster smaller than its n x n entries', () => {
  it('keeps the largest entry of each block: isolated antipodal pairs all stay visible', () => {
    // 1,000 features, W^T W = I except 20 antipodal pairs (entries -1) and the 0.1 between
    // features 500 and 501; a 300-pixel frame: each pixel covers a 3-4 feature block
    const n = 1000;
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++) G[i * n + i] = 1;
    const pairs = Array.from({ length: 20 }, (_, t) => [40 * t + 3, 40 * t + 23]);
    for (const [a, b] of pairs) G[a * n + b] = G[b * n + a] = -1;
    G[500 * n + 501] = G[501 * n + 500] = 0.1;
    const order = Array.from({ length: n }, (_, i) => i);
    const color = divergingColor(1);
    const pixels = gramPixels(G, n, order, color, 1, 300, 300);
    const at = (R: number, C: number) =>
      Array.from(pixels.subarray(3 * (R * 300 + C), 3 * (R * 300 + C) + 3));
    const minus = rgbOf(String(Plot.scale({ color }).apply(-1)));
    const plus = rgbOf(String(Plot.scale({ color }).apply(1)));
    // the pixel whose rows [floor(R n / 300), floor((R + 1) n / 300)) hold feature i
    const block = (i: number) => {
      let R = 0;
      while (Math.floor(((R + 1) * n) / 300) <= i) R++;
      return R;
    };
    for (const [a, b] of pairs) {
      expect(at(block(a), block(b)), `pair ${a}, ${b}`).toEqual(minus);
      expect(at(block(b), block(a))).toEqual(minus);
    }
    // the diagonal blocks hold a 1; the block of (500, 501) also holds the diagonal 1
    for (let R = 0; R < 300; R += 37) expect(at(R, R)).toEqual(plus);
    // a block with only zeros is white (the scheme's midpoint)
    const zero = rgbOf(String(Plot.scale({ color }).apply(0)));
    expect(at(0, 299)).toEqual(zero);
    // at full size each pixel is its entry
    const full = gramPixels(G, n, order, color, 1);
    expect(full.length).toBe(3 * n * n);
    const [a, b] = pairs[0];
    expect(Array.from(full.subarray(3 * (a * n + b), 3 * (a * n + b) + 3))).toEqual(minus);
  });

  it('wtwHeatmap pools 1,000 features into its frame and says so', () => {
    const W = randomW(4, 1000, 40);
    const svg = wtwHeatmap(W, { document: doc, width: 500 });
    const [frame] = Array.from(svg.querySelectorAll('g[aria-label="frame"] rect'));
    const [{ png }] = imagesOf(svg);
    expect(png.width).toBe(Math.round(Number(frame.getAttribute('width'))));
    expect(png.height).toBe(Math.round(Number(frame.getAttribute('height'))));
    expect(png.width).toBeLessThan(1000);
    expect(svg.querySelector('desc')?.textContent).toContain(
      `an image of ${png.width} x ${png.height} pixels, each showing the largest entry of the block of features it covers`,
    );
  });
});
