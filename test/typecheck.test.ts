/**
 * The whole workspace type-checks: every package's sources and tests, and the docs site's
 * components and example files (the code the pages show), under strict TypeScript with
 * isolatedDeclarations. This is `pnpm lint`'s typecheck step, run inside the test command so
 * CI counts it.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

it('turbo run typecheck passes in every package and the docs app', () => {
  let output: string;
  let code = 0;
  try {
    output = execFileSync(
      'pnpm',
      ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
        timeout: 400_000,
      },
    );
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    code = e.status ?? 1;
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  expect(
    code,
    output
      .split('\n')
      .filter((l) => /error TS/.test(l))
      .slice(0, 20)
      .join('\n'),
  ).toBe(0);
});
