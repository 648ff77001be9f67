// Copy the tfjs wasm binaries into static/tfjs-wasm/ so the site serves them itself:
// the live examples call setWasmPaths(useBaseUrl('/tfjs-wasm/')) and fetch nothing from a CDN.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const source = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const target = join(here, '..', 'static', 'tfjs-wasm');

mkdirSync(target, { recursive: true });
const files = readdirSync(source).filter((name) => name.endsWith('.wasm'));
if (files.length === 0) throw new Error(`copy-wasm: no .wasm files in ${source}`);
for (const name of files) copyFileSync(join(source, name), join(target, name));
console.log(`copy-wasm: ${files.length} files -> static/tfjs-wasm/ (${files.join(', ')})`);
