#!/usr/bin/env node
// Time the docs' live pentagon example (n = 5, m = 2, three restarts, 2,000 steps, tfjs wasm
// backend) in headless Chromium, from pressing "train" to "done", on the built site
// (apps/docs/build): once with the demo's default engine (the fused one) and once with
// `?engine=tfjs` (each step a chain of tfjs ops on wasm) as a reference, each in a fresh page.
//
//   node bench/pentagon.mjs [--json out.json]
//
// Prints one JSON line: { seconds, status, represented, engine, tfjsSeconds, tfjsStatus,
// tfjsRepresented } (seconds, status, represented, engine: the default run) or
// { skipped: reason }.
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'apps', 'docs', 'build');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : null;

function finish(result) {
  console.log(JSON.stringify(result));
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
}

if (!existsSync(path.join(buildDir, 'index.html'))) {
  finish({ skipped: 'apps/docs/build is missing (build the docs site first)' });
  process.exit(0);
}
if (!existsSync(chromiumPath)) {
  finish({ skipped: `Chromium not found at ${chromiumPath}` });
  process.exit(0);
}
const { chromium } = await import('playwright-core');

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
// A minimal static server for the built site (Docusaurus: /a/b -> a/b/index.html or a/b.html).
const server = createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const base = path.join(buildDir, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
  const candidates = [base, path.join(base, 'index.html'), `${base}.html`];
  const file = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const profile = mkdtempSync(path.join(tmpdir(), 'hyperposition-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
});
/** Open the example with `query`, press train, and time it to "done" in this page. */
async function timeRun(query) {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/docs/examples/pentagon?${query}`);
  const button = page.getByTestId('train');
  await button.waitFor({ timeout: 60_000 });
  // The demo reads its query in an effect after hydration: wait for it to apply.
  await page.waitForFunction(
    (want) => globalThis.document.querySelector('[data-testid="backend-select"]')?.value === want,
    'wasm',
    { timeout: 20_000 },
  );
  const t0 = Date.now();
  await button.click();
  await page.waitForFunction(
    () =>
      /^(done|stopped|error)/.test(
        globalThis.document.querySelector('[data-testid="status"]')?.textContent ?? '',
      ),
    null,
    { timeout: 120_000, polling: 20 },
  );
  const seconds = (Date.now() - t0) / 1e3;
  const status = await page.getByTestId('status').textContent();
  const represented = Number(await page.getByTestId('represented').textContent());
  const engine = await page.getByTestId('engine').textContent();
  await page.close();
  return { seconds, status, represented, engine };
}

try {
  // The settings of the docs' pentagon check (apps/docs/src/lib/demoDefaults.ts).
  const query = 'backend=wasm&seed=3&sparsity=0.95&steps=2000';
  const fast = await timeRun(query);
  const reference = await timeRun(`${query}&engine=tfjs`);
  finish({
    ...fast,
    tfjsSeconds: reference.seconds,
    tfjsStatus: reference.status,
    tfjsRepresented: reference.represented,
  });
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
