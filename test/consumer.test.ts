/**
 * Consumer smoke test: every publishable package is packed with `pnpm pack`, installed with
 * npm into a temporary project outside the workspace, and imported and used from plain Node
 * ESM. This is what "installing one package" means for our users. It needs the packages'
 * dist/ (the test command builds first) and the npm registry for third-party dependencies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeScripts } from './consumerScripts.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['hypervector', 'interference', 'plots', 'toy-models', 'cli'];
const missingBuild = packages.filter(
  (p) => !existsSync(join(root, 'packages', p, 'dist', 'index.js')),
);
const work = mkdtempSync(join(tmpdir(), 'hyperposition-consumer-'));
const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 400_000,
  });

describe.skipIf(missingBuild.length > 0 && !process.env.CI)(
  'packed packages installed with npm',
  () => {
    beforeAll(() => {
      if (missingBuild.length > 0) {
        throw new Error(
          `consumer test: dist/ missing for ${missingBuild.join(', ')}; run \`pnpm build\` first`,
        );
      }
      for (const p of packages)
        run('pnpm', ['pack', '--pack-destination', work], join(root, 'packages', p));
      const tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz'));
      const project = join(work, 'project');
      run('mkdir', ['-p', project], work);
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          ...tarballs.map((t) => join(work, t)),
        ],
        project,
      );
    }, 600_000);

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it.each(Object.entries(smokeScripts))(
      '%s imports and works from plain Node ESM',
      (name, script) => {
        const file = join(work, 'project', `${name}.mjs`);
        writeFileSync(file, script);
        const out = run('node', [file], join(work, 'project')).trim().split('\n').pop() ?? '';
        expect(out).toBe(`ok ${name}`);
      },
    );
  },
);
