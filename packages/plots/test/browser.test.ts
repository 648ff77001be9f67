// The same figures in Chromium and in Node (linkedom): bundle the package for the browser with
// vite, render the gallery in headless Debian Chromium, and compare every element and
// attribute with the Node rendering (numbers to 0.1 px). Needs /usr/bin/chromium (CI installs
// it); without it this test fails rather than passing silently.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { galleryFigures, wtwHeatmap } from '../src/index.js';
import { createDocument } from '../src/node/index.js';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));

/** Elements in document order, each with its sorted attributes (numbers to 0.1) and leaf text. */
function signature(el: Element): string[] {
  const out: string[] = [];
  for (const node of [el, ...Array.from(el.querySelectorAll('*'))]) {
    const attrs = Array.from(node.attributes)
      .map(
        (a) =>
          `${a.name}=${a.value.replace(/-?\d+\.\d+/g, (s) => String(Number(Number(s).toFixed(1))))}`,
      )
      .sort();
    out.push(
      `${node.localName}[${attrs.join(' ')}]${node.children.length === 0 ? (node.textContent ?? '') : ''}`,
    );
  }
  return out;
}

/** The W^T W of the raster check: 3 features, entries 1, 0, 0.5 / 0, 4, -1 / 0.5, -1, 0.5. */
const RASTER_W = [
  [1, 0, 0.5],
  [0, -2, 0.5],
];

const page = `<!doctype html><meta charset="utf-8"><body><script type="module">
import { galleryFigures, wtwHeatmap } from './plots.js';
const signature = ${signature.toString()};
const figures = galleryFigures().map((f) => {
  const svg = f.render();
  document.body.appendChild(svg);
  const box = svg.getBoundingClientRect();
  return { id: f.id, sig: signature(svg), width: box.width, height: box.height };
});
// a raster heatmap drawn by Chromium onto a canvas: the colour a quarter cell in from the
// corner of each entry (a smoothed upscale would mix in the neighbours there)
const raster = wtwHeatmap(${JSON.stringify(RASTER_W)}, { render: 'raster', width: 300 });
document.body.appendChild(raster);
const frame = raster.querySelector('g[aria-label="image"] image').getBoundingClientRect();
const origin = raster.getBoundingClientRect();
const xml = new XMLSerializer().serializeToString(raster);
const img = new Image();
img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
await img.decode();
const canvas = document.createElement('canvas');
canvas.width = origin.width;
canvas.height = origin.height;
const ctx = canvas.getContext('2d');
ctx.drawImage(img, 0, 0);
const samples = [];
for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    const x = Math.floor(frame.left - origin.left + ((j + 0.25) * frame.width) / 3);
    const y = Math.floor(frame.top - origin.top + ((i + 0.25) * frame.height) / 3);
    samples.push(Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)));
  }
}
window.__result = { figures, samples };
</script>`;

interface BrowserFigure {
  id: string;
  sig: string[];
  width: number;
  height: number;
}

describe('figures in the browser', () => {
  let server: Server;
  let result: BrowserFigure[];
  let samples: number[][];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is needed (apt-get install chromium)`).toBe(true);
    // vite is vitest's own dependency; resolve it from there (the package does not depend on it)
    const requireFromVitest = createRequire(
      createRequire(import.meta.url).resolve('vitest/package.json'),
    );
    const vite = (await import(
      pathToFileURL(requireFromVitest.resolve('vite')).href
    )) as typeof import('vite');
    const out = mkdtempSync(join(tmpdir(), 'plots-browser-'));
    await vite.build({
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir: out,
        minify: false,
        lib: { entry: join(here, '../src/index.ts'), formats: ['es'], fileName: () => 'plots.js' },
      },
    });
    writeFileSync(join(out, 'index.html'), page);
    server = createServer((req, res) => {
      const file = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1);
      const path = join(out, file);
      if (!/^[\w.-]+$/.test(file) || !existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html',
      });
      res.end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const context = await chromium.launchPersistentContext(
      mkdtempSync(join(tmpdir(), 'chromium-profile-')),
      {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
        // Plot shifts axes by half a pixel for crisp lines on screens with devicePixelRatio 1 and
        // not in Node or on high-density screens; at ratio 2 the markup must be identical.
        deviceScaleFactor: 2,
      },
    );
    try {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${port}/`);
      await tab.waitForFunction(() => '__result' in window, null, { timeout: 30_000 });
      ({ figures: result, samples } = (await tab.evaluate(
        () =>
          (window as unknown as { __result: { figures: BrowserFigure[]; samples: number[][] } })
            .__result,
      )) as { figures: BrowserFigure[]; samples: number[][] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  afterAll(() => {
    server?.close();
  });

  it('renders every gallery figure with the markup Node produces, at the declared size', () => {
    const doc = createDocument();
    const figures = galleryFigures();
    expect(result.map((r) => r.id)).toEqual(figures.map((f) => f.id));
    for (const [k, figure] of figures.entries()) {
      const svg = figure.render(doc);
      expect(result[k].sig, figure.id).toEqual(signature(svg));
      expect(result[k].width, figure.id).toBe(Number(svg.getAttribute('width')));
      expect(result[k].height, figure.id).toBe(Number(svg.getAttribute('height')));
    }
  });

  it('draws a raster W^T W without smoothing: each entry in its own colour, to 1 of 255', () => {
    const svg = wtwHeatmap(RASTER_W, { document: createDocument(), render: 'raster', width: 300 });
    const href = svg.querySelector('g[aria-label="image"] image')?.getAttribute('href') ?? '';
    const png = new Uint8Array(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64'));
    // the PNG is stored (not compressed): after the 2-byte zlib header and 5-byte block header,
    // 3 rows of a filter byte and 9 colour bytes
    const idat = png.indexOf(0x49, 8 + 25 + 4); // 'I' of IDAT, after the signature and IHDR
    const raw = png.subarray(idat + 4 + 2 + 5, idat + 4 + 2 + 5 + 30);
    expect(samples).toHaveLength(9);
    samples.forEach((got, k) => {
      const [i, j] = [Math.floor(k / 3), k % 3];
      const want = Array.from(raw.subarray(10 * i + 1 + 3 * j, 10 * i + 4 + 3 * j));
      got.forEach((v, c) =>
        expect(Math.abs(v - want[c]), `entry (${i}, ${j})`).toBeLessThanOrEqual(1),
      );
    });
  });
});
