// Browser tests of the built site: Debian's Chromium driven by playwright-core, over an
// in-process static server on loopback. Build first (`pnpm --filter docs build`, or the
// root `pnpm test`, which runs `turbo run build`); without a build or without Chromium the
// tests skip with a message, and under CI=true they fail instead.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBuildFile, startStaticServer, type StaticServer } from './staticServer.js';
import { pentagonDemo } from '../src/lib/demoDefaults.js';
import { galleryFigures } from '@hyperposition/plots';
import { runBindAndBundle } from '../examples/bindAndBundle.js';
import { runMultiplyWithNeurons } from '../examples/multiplyWithNeurons.js';
import { runRandomDirections } from '../examples/randomDirections.js';

const siteDir = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(siteDir, 'build');
const repoRoot = join(siteDir, '..', '..');
const artifacts = process.env.HYPERPOSITION_ARTIFACTS ?? join(repoRoot, 'test-artifacts');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function missingPrerequisite(): string | undefined {
  if (!existsSync(join(buildDir, 'index.html'))) {
    return `apps/docs/build is missing: build the site first with \`pnpm --filter docs... build\` (or \`pnpm turbo run build --filter=docs...\`)`;
  }
  if (!existsSync(chromiumPath)) {
    return `Chromium not found at ${chromiumPath}: install it with \`apt-get install chromium fonts-dejavu-core\` (or set CHROMIUM_PATH)`;
  }
  return undefined;
}

const missing = missingPrerequisite();

if (missing) {
  describe('docs site in Chromium', () => {
    if (inCI) {
      it('has its prerequisites (CI=true)', () => {
        throw new Error(missing);
      });
    } else {
      console.warn(`[docs e2e] skipped: ${missing}`);
      it.skip(`skipped: ${missing}`, () => {});
    }
  });
} else {
  describe('docs site in Chromium', () => {
    let server: StaticServer;
    let context: BrowserContext;
    let profileDir: string;
    const offsite: string[] = [];

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      server = await startStaticServer(buildDir);
      profileDir = mkdtempSync(join(tmpdir(), 'hyperposition-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: chromiumPath,
        headless: true,
        viewport: { width: 1280, height: 900 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      // The site must work offline: every request goes to the loopback server.
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol === 'data:' || url.protocol === 'blob:') return;
        if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
          offsite.push(request.url());
      });
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    });

    /** Open a page and collect its console errors, uncaught exceptions and failed responses. */
    async function open(path: string): Promise<{ page: Page; problems: string[] }> {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
      });
      await page.goto(server.origin + path, { waitUntil: 'load' });
      // The demos read their query (backend, seed, steps) in an effect after hydration: wait
      // for it to land, or a click under load can start a run with the defaults.
      const backend = new URL(server.origin + path).searchParams.get('backend');
      if (backend && (await page.getByTestId('backend-select').count()) > 0) {
        await page.waitForFunction(
          (want) =>
            (document.querySelector('[data-testid="backend-select"]') as HTMLSelectElement | null)
              ?.value === want,
          backend,
          { timeout: 20_000 },
        );
      }
      const engine = new URL(server.origin + path).searchParams.get('engine');
      if (engine && (await page.getByTestId('engine-select').count()) > 0) {
        await page.waitForFunction(
          (want) =>
            (document.querySelector('[data-testid="engine-select"]') as HTMLSelectElement | null)
              ?.value === want,
          engine,
          { timeout: 20_000 },
        );
      }
      return { page, problems };
    }

    async function waitForStatus(
      page: Page,
      testId: string,
      done: RegExp,
      timeout: number,
    ): Promise<string> {
      await page.waitForFunction(
        ([id, source]) =>
          new RegExp(source).test(
            document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '',
          ),
        [testId, done.source] as const,
        { timeout },
      );
      return (await page.getByTestId(testId).textContent()) ?? '';
    }

    it('trains the n = 5, m = 2 model to the pentagon on the wasm backend', async () => {
      const { seed, sparsity, steps } = pentagonDemo.pentagonCheck;
      const { page, problems } = await open(
        `/docs/examples/pentagon?backend=wasm&seed=${seed}&sparsity=${sparsity}&steps=${steps}`,
      );
      await page.getByTestId('train').click();
      const status = await waitForStatus(page, 'status', /^(done|stopped|error)/, 60_000);
      await page.screenshot({ path: join(artifacts, 'docs-pentagon.png'), fullPage: true });
      expect(status).toMatch(/^done/);
      expect(await page.getByTestId('backend').textContent()).toBe('wasm');
      expect(await page.getByTestId('engine').textContent()).toBe(pentagonDemo.engine);
      expect(Number(await page.getByTestId('step').textContent())).toBe(steps);
      // All five features represented (norm > 0.5), at adjacent angles of 72 degrees (a regular pentagon).
      expect(Number(await page.getByTestId('represented').textContent())).toBe(5);
      const gaps = ((await page.getByTestId('angles').textContent()) ?? '').split(',').map(Number);
      expect(gaps).toHaveLength(5);
      for (const gap of gaps) expect(gap).toBeCloseTo(72, -1); // within 5 degrees
      expect(Number(await page.getByTestId('loss').textContent())).toBeGreaterThan(0);
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('trains the pentagon on the engine set by ?engine= or the picker: tfjs and fused agree within float tolerance', async () => {
      const { seed, sparsity, steps } = pentagonDemo.pentagonCheck;
      const query = `backend=wasm&seed=${seed}&sparsity=${sparsity}&steps=${steps}`;
      const runs: Record<string, { angles: number[]; norms: number[]; loss: number }> = {};
      for (const engine of ['tfjs', 'fused'] as const) {
        // tfjs from the query string; fused picked in the control after opening with tfjs.
        const { page, problems } = await open(`/docs/examples/pentagon?${query}&engine=tfjs`);
        if (engine === 'fused') await page.getByTestId('engine-select').selectOption('fused');
        expect(await page.getByTestId('engine-select').inputValue()).toBe(engine);
        await page.getByTestId('train').click();
        const status = await waitForStatus(page, 'status', /^(done|stopped|error)/, 60_000);
        expect(status).toMatch(/^done/);
        expect(await page.getByTestId('engine').textContent()).toBe(engine);
        expect(await page.getByTestId('backend').textContent()).toBe('wasm');
        expect(Number(await page.getByTestId('step').textContent())).toBe(steps);
        expect(Number(await page.getByTestId('represented').textContent())).toBe(5);
        const numbers = async (id: string): Promise<number[]> =>
          ((await page.getByTestId(id).textContent()) ?? '').split(',').map(Number);
        runs[engine] = {
          angles: await numbers('angles'),
          norms: await numbers('norms'),
          loss: Number(await page.getByTestId('loss').textContent()),
        };
        expect(problems).toEqual([]);
        await page.close();
      }
      const { tfjs, fused } = runs;
      expect(fused.angles).toHaveLength(5);
      // Same data and update, float32 arithmetic in a different order: readouts agree to
      // within a few units of their last printed digit (angles 0.1 degree, norms 0.01).
      fused.angles.forEach((a, i) => expect(Math.abs(a - tfjs.angles[i])).toBeLessThan(0.5));
      fused.norms.forEach((v, i) => expect(Math.abs(v - tfjs.norms[i])).toBeLessThan(0.02));
      expect(Math.abs(fused.loss - tfjs.loss) / tfjs.loss).toBeLessThan(1e-2);
    }, 120_000);

    it('stops training within a second of pressing stop, and the page stays responsive (cpu backend, both engines)', async () => {
      for (const engine of ['fused', 'tfjs'] as const) {
        // Long enough that the run is still going when stop is pressed, on either engine.
        const steps = engine === 'fused' ? 1_000_000 : 100_000;
        const { page, problems } = await open(
          `/docs/examples/pentagon?backend=cpu&seed=1&steps=${steps}&engine=${engine}`,
        );
        await page.getByTestId('train').click();
        await waitForStatus(page, 'status', /^training/, 20_000);
        await page.waitForFunction(
          () => Number(document.querySelector('[data-testid="step"]')?.textContent) > 0,
          null,
          { timeout: 20_000 },
        );
        // The main thread answers while training runs: evaluating a script needs a free event loop.
        expect(await page.evaluate(() => 1 + 1)).toBe(2);
        await page.getByTestId('stop').click();
        const status = await waitForStatus(page, 'status', /^(stopped|done|error)/, 1_000);
        expect(status).toMatch(/^stopped/);
        expect(await page.getByTestId('backend').textContent()).toBe('cpu');
        expect(await page.getByTestId('engine').textContent()).toBe(engine);
        expect(problems).toEqual([]);
        await page.close();
      }
    }, 60_000);

    it('shows the outputs of the example files that the examples tests run', async () => {
      const expected: Record<string, Record<string, string>> = {};
      const bind = runBindAndBundle();
      expected['/docs/concepts/vsa'] = {
        'output-unbound-similarity': bind.unboundSimilarity.toFixed(4),
        'output-member-similarity': bind.memberSimilarity.toFixed(4),
        'output-stranger-similarity': bind.strangerSimilarity.toFixed(4),
      };
      const random = runRandomDirections();
      expected['/docs/concepts/dense-regime'] = {
        'output-mean-abs-cos': random.meanAbsCos.toFixed(4),
        'output-theory-mean-abs-cos': random.theoryMeanAbsCos.toFixed(4),
        'output-coherence': random.coherence.toFixed(4),
        'output-welch': random.welch.toFixed(4),
      };
      const product = runMultiplyWithNeurons();
      expected['/docs/concepts/computation'] = {
        'output-neural-product': product.product.toFixed(5),
        'output-worst-error-01': product.worstAt01.toExponential(2),
        'output-worst-error-1': product.worstAt1.toFixed(3),
      };
      for (const [path, outputs] of Object.entries(expected)) {
        const { page, problems } = await open(path);
        for (const [testId, value] of Object.entries(outputs)) {
          expect(await page.getByTestId(testId).textContent(), `${path} ${testId}`).toBe(value);
        }
        expect(problems).toEqual([]);
        await page.close();
      }
    }, 30_000);

    it('runs the VSA playground in the page: a record is read back key by key', async () => {
      const { page, problems } = await open('/docs/examples/vsa-playground');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="vsa-record"]')?.textContent?.includes('pet'),
      );
      expect(await page.getByTestId('vsa-record').textContent()).toMatch(
        /^name→ada .*colour→blue .*city→paris .*pet→cat /,
      );
      await page.getByTestId('vsa-model').selectOption('HRR');
      await page.waitForFunction(() =>
        /^name→ada/.test(document.querySelector('[data-testid="vsa-record"]')?.textContent ?? ''),
      );
      const unbound = Number(await page.getByTestId('vsa-unbound-vs-b').textContent());
      expect(unbound).toBeGreaterThan(0.6); // HRR unbinding: about 1/sqrt(2)
      expect(unbound).toBeLessThan(0.8);
      // Every model at every offered d: SBC at d = 10,000 takes blocks of 50 (64 does not divide it).
      await page.getByTestId('vsa-model').selectOption('SBC');
      await page.getByTestId('vsa-dim').selectOption('10000');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="vsa-sbc-blocks"]')?.textContent ===
          '200 of 50 units',
      );
      expect(await page.getByTestId('vsa-error').count()).toBe(0);
      expect(await page.getByTestId('vsa-record').textContent()).toMatch(
        /^name→ada .*colour→blue .*city→paris .*pet→cat /,
      );
      expect(problems).toEqual([]);
      await page.close();
    }, 30_000);

    it('renders every figure of the gallery', async () => {
      const { page, problems } = await open('/docs/gallery');
      const count = galleryFigures().length;
      expect(await waitForStatus(page, 'gallery-status', /figures$|^error/, 20_000)).toBe(
        `${count} figures`,
      );
      expect(await page.locator('[data-testid="gallery-figure"] svg').count()).toBe(count);
      expect(problems).toEqual([]);
      await page.close();
    }, 30_000);

    it('runs every live example to the end (short settings) and draws its figures', async () => {
      const runs: { path: string; figures: string[]; check: (page: Page) => Promise<void> }[] = [
        {
          path: '/docs/examples/sparsity-sweep?backend=wasm&steps=200&restarts=1',
          figures: ['figure-sweep', 'figure-loss'],
          check: async (page) => {
            // Five sparsities, each with a count of represented features between 0 and 5.
            const text = (await page.getByTestId('represented-per-sparsity').textContent()) ?? '';
            expect(text.match(/S=[\d.]+: [0-5]/g)).toHaveLength(5);
          },
        },
        {
          path: '/docs/examples/phase-diagram?backend=wasm&steps=150&grid=3&restarts=1',
          figures: ['figure-phase'],
          check: async (page) =>
            expect(await page.getByTestId('cells-done').textContent()).toBe('9/9'),
        },
        {
          path: '/docs/examples/interference?backend=wasm&steps=100',
          figures: ['figure-coherence', 'figure-cosines'],
          check: async (page) => {
            // Random coherence at n = 8d sits above the Welch bound (no set of directions beats it).
            const random = Number(
              /n=64: ([\d.]+)$/.exec(
                (await page.getByTestId('random-coherence').textContent()) ?? '',
              )?.[1],
            );
            const welch = Number(
              /n=64: ([\d.]+)$/.exec((await page.getByTestId('welch').textContent()) ?? '')?.[1],
            );
            expect(random).toBeGreaterThan(welch);
          },
        },
        {
          path: '/docs/concepts/computation?items=100',
          figures: ['figure-capacity'],
          check: async (page) => {
            // Short records are read back perfectly (K = 5, d = 1000, N = 100: theory 1.000).
            expect(await page.getByTestId('capacity-measured').textContent()).toMatch(/^5: 1\.000/);
          },
        },
      ];
      for (const run of runs) {
        const { page, problems } = await open(run.path);
        await page.getByTestId('train').click();
        // Seconds when the machine is free; the margin is for CI, where the other test
        // projects run beside this one on the same two cores.
        const status = await waitForStatus(page, 'status', /^(done|stopped|error)/, 180_000).catch(
          async (error: unknown) => {
            throw new Error(
              `${run.path}: ${await page.getByTestId('status').textContent()} ${String(error)}`,
            );
          },
        );
        const name = run.path.split('?')[0].split('/').pop();
        await page.screenshot({ path: join(artifacts, `docs-run-${name}.png`), fullPage: true });
        expect(status, run.path).toBe('done');
        for (const figure of run.figures)
          expect(await page.locator(`[data-testid="${figure}"] svg`).count(), figure).toBe(1);
        await run.check(page);
        expect(problems).toEqual([]);
        await page.close();
      }
    }, 900_000);

    // Docusaurus remounts every code block once after hydration. Between the commit that
    // drops the old <pre> and the effect cleanup that removes its resize listener, a resize
    // event used to throw "Cannot destructure property 'scrollWidth' of ... as it is null"
    // (seen once in CI, where a full-page screenshot resizes the view). A mutation observer
    // fires in that window (a microtask after the commit, before React's effect task), so
    // dispatching a resize from it hits the window every time.
    it('survives a window resize while its code blocks remount after hydration', async () => {
      const paths = ['/docs/', '/docs/guides/hypervector', '/docs/guides/cli'];
      for (const path of paths) {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
        await page.addInitScript(() => {
          const w = window as unknown as { __removedPre: number };
          w.__removedPre = 0;
          new MutationObserver((records) => {
            for (const record of records)
              for (const node of Array.from(record.removedNodes))
                if (
                  node instanceof Element &&
                  (node.matches('pre') || node.querySelector('pre') !== null)
                ) {
                  w.__removedPre += 1;
                  window.dispatchEvent(new Event('resize'));
                }
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(server.origin + path, { waitUntil: 'load' });
        await page.waitForFunction(
          () => document.documentElement.hasAttribute('data-has-hydrated'),
          undefined,
          { timeout: 20_000 },
        );
        // The observer must have seen a remount, or the test proves nothing. On a busy machine
        // the remount can come later than hydration by more than a fixed pause: wait for it
        // (up to 15 s), then give the resize handlers a moment to fail.
        await page
          .waitForFunction(
            () => (window as unknown as { __removedPre: number }).__removedPre > 0,
            undefined,
            { timeout: 15_000 },
          )
          .catch(() => undefined);
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
        const removed = await page.evaluate(
          () => (window as unknown as { __removedPre: number }).__removedPre,
        );
        expect(removed, path).toBeGreaterThan(0);
        expect(problems, path).toEqual([]);
        await page.close();
      }
    }, 60_000);

    it('loads every page with no console error, no failed request and no broken link', async () => {
      const sitemap = readFileSync(join(buildDir, 'sitemap.xml'), 'utf8');
      const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map(
        (m) => new URL(m[1]).pathname,
      );
      expect(paths.length).toBeGreaterThan(10);
      const links = new Map<string, string>(); // target -> a page linking to it
      const ids = new Map<string, Set<string>>(); // page -> the element ids in its rendered DOM
      const failures: string[] = [];
      const queue = [...paths];
      // A few tabs in parallel keep the crawl of a few hundred pages well inside the time budget.
      const worker = async (): Promise<void> => {
        const page = await context.newPage();
        let current = '';
        page.on('console', (message) => {
          if (message.type() === 'error')
            failures.push(`${current}: console error: ${message.text()}`);
        });
        page.on('pageerror', (error) => failures.push(`${current}: uncaught: ${error.message}`));
        page.on('response', (response) => {
          if (response.status() >= 400)
            failures.push(`${current}: HTTP ${response.status()} ${response.url()}`);
        });
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          current = path;
          await page.goto(server.origin + path, { waitUntil: 'load' });
          ids.set(
            path,
            new Set(await page.$$eval('[id]', (elements) => elements.map((e) => e.id))),
          );
          const hrefs = await page.$$eval('a[href]', (anchors) =>
            anchors.map((a) => (a as HTMLAnchorElement).href),
          );
          for (const href of hrefs) {
            const url = new URL(href);
            if (url.origin === server.origin && !links.has(url.pathname + url.hash))
              links.set(url.pathname + url.hash, path);
          }
          // The API pages run to hundreds of screens: their first screen is enough to review.
          const name = path === '/' ? 'home' : path.replace(/^\/|\/$/g, '').replace(/\//g, '_');
          await page.screenshot({
            path: join(artifacts, `docs-page-${name}.png`),
            fullPage: !path.startsWith('/docs/api/'),
          });
        }
        await page.close();
      };
      await Promise.all([worker(), worker(), worker()]);
      for (const [target, from] of links) {
        const [pathname, hash] = target.split('#');
        const page = pathname.replace(/(.)\/$/, '$1');
        if (!resolveBuildFile(buildDir, pathname))
          failures.push(`${from}: broken link to ${target}`);
        else if (hash && ids.has(page) && !ids.get(page)!.has(decodeURIComponent(hash))) {
          failures.push(`${from}: broken anchor ${target}`);
        }
      }
      expect(failures).toEqual([]);
      expect(offsite).toEqual([]);
    }, 100_000);
  });
}
