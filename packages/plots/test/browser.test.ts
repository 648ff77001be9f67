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
import { galleryFigures } from '../src/index.js';
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

const page = `<!doctype html><meta charset="utf-8"><body><script type="module">
import { galleryFigures } from './plots.js';
const signature = ${signature.toString()};
window.__result = galleryFigures().map((f) => {
  const svg = f.render();
  document.body.appendChild(svg);
  const box = svg.getBoundingClientRect();
  return { id: f.id, sig: signature(svg), width: box.width, height: box.height };
});
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
      result = (await tab.evaluate(
        () => (window as unknown as { __result: BrowserFigure[] }).__result,
      )) as BrowserFigure[];
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
});
