/**
 * Every publishable package passes publint (strict): its exports map, types and files are
 * what a consumer's bundler and TypeScript expect. Needs the packages' dist/ (the test
 * command builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['hypervector', 'interference', 'plots', 'toy-models', 'cli'];
const built = packages.every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.js')));

describe.skipIf(!built && !process.env.CI)('publint --strict', () => {
  it.each(packages)('@hyperposition/%s has no publint message', async (name) => {
    const pkgDir = join(root, 'packages', name);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const { messages } = await publint({ pkgDir, strict: true, pack: 'pnpm' });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  it.each(packages)('@hyperposition/%s is ESM, side-effect free, with types', (name) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect(existsSync(join(root, 'packages', name, 'README.md'))).toBe(true);
  });
});
