/**
 * `pnpm lint`'s ESLint and Prettier steps, run inside the test command so CI counts them:
 * the committed tree has no lint error and no formatting drift.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function exec(args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync('pnpm', ['exec', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

it('eslint reports no problem in the workspace', () => {
  const { code, output } = exec(['eslint', '.']);
  expect(code, output.slice(0, 4000)).toBe(0);
});

it('prettier finds every file formatted', () => {
  const { code, output } = exec(['prettier', '--check', '.']);
  expect(code, output.slice(0, 4000)).toBe(0);
});
