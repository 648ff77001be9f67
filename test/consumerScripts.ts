/**
 * The scripts the consumer smoke test runs in a fresh npm project, one per package. Each
 * checks a fact (not just that the import works) and prints `ok <name>` as its last line.
 */
export const smokeScripts: Record<string, string> = {
  hypervector: `
import { MAP, BSC, createRng, capacity, nativeKernels, nativeKernelsInfo } from '@hyperposition/hypervector';
const vsa = MAP({ dim: 10000, variant: 'I' });
const [a, b] = [vsa.random(1, { rng: createRng(1) }), vsa.random(1, { rng: createRng(2) })];
const back = vsa.unbind(vsa.bind(a, b), a);
if (vsa.similarity(back, b)[0] !== 1) throw new Error('MAP unbind is not exact');
const bsc = BSC({ dim: 1000 });
const x = bsc.random(1, { rng: createRng(3) });
if (bsc.similarity(bsc.bind(x, x), bsc.identity())[0] !== 1) throw new Error('BSC x*x != identity');
const k = capacity({ dim: 10000, items: 1000, accuracy: 0.99 });
if (k < 280 || k > 330) throw new Error('capacity ' + k);
// npm ran the package's install script: where the machine has a compiler (CI) the native
// kernels are built and give A·Bᵀ of two small matrices exactly (small integers).
const info = nativeKernelsInfo();
if (process.env.HYPERPOSITION_NATIVE_REQUIRED === '1' && !info.available) throw new Error('native: ' + info.reason);
const nk = nativeKernels();
if (nk) {
  const c = nk.matmulNT(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 2, 2);
  if (c.join() !== '17,23,39,53') throw new Error('native matmulNT ' + c.join());
}
console.log('ok hypervector');
`,
  interference: `
import { featureDimensionality, welchBound } from '@hyperposition/interference';
// A regular pentagon in 2-D: each feature has dimensionality exactly 2/5.
const n = 5, W = new Float64Array(2 * n);
for (let i = 0; i < n; i++) { W[i] = Math.cos(2 * Math.PI * i / n); W[n + i] = Math.sin(2 * Math.PI * i / n); }
const D = featureDimensionality({ data: W, rows: 2, cols: n });
for (const v of D) if (Math.abs(v - 0.4) > 1e-6) throw new Error('pentagon D ' + v); // float32 kernels
if (Math.abs(welchBound(3, 2) - 0.5) > 1e-12) throw new Error('welch');
console.log('ok interference');
`,
  plots: `
import { featureGeometry } from '@hyperposition/plots';
import { createDocument, figureToSvgString, figureToPng } from '@hyperposition/plots/node';
const W = { data: [1, 0, -1, 0, 0, 1, 0, -1], rows: 2, cols: 4 };
const svg = featureGeometry(W, { document: createDocument() });
const text = figureToSvgString(svg);
if (!text.includes('xmlns="http://www.w3.org/2000/svg"')) throw new Error('no xmlns');
const png = figureToPng(svg, { scale: 1 });
if (png[0] !== 0x89 || png[1] !== 0x50) throw new Error('not a PNG');
console.log('ok plots');
`,
  'toy-models': `
import { createToyModel, train, useBackend } from '@hyperposition/toy-models';
await useBackend('cpu');
const model = createToyModel({ nFeatures: 5, nHidden: 2, sparsity: 0, seed: 1 });
const { history } = await train(model, { steps: 300, lr: 1e-2, batchSize: 256, historyEvery: 10 });
const first = history[0].loss, last = history[history.length - 1].loss;
if (!(last < 0.7 * first)) throw new Error('loss did not fall: ' + first + ' -> ' + last);
model.dispose();
console.log('ok toy-models');
`,
  cli: `
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const bin = join(process.cwd(), 'node_modules', '.bin', 'hyperposition');
const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
if (!help.includes('train')) throw new Error('help lacks train');
const out = join(mkdtempSync(join(tmpdir(), 'hp-')), 'run');
execFileSync(bin, ['train', '--features', '5', '--hidden', '2', '--sparsity', '0', '--steps', '50', '--quiet', '--figures', 'svg', '--out', out], { encoding: 'utf8' });
const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
if (run.instances[0].W.length !== 2 || run.instances[0].W[0].length !== 5) throw new Error('W shape');
console.log('ok cli');
`,
};
