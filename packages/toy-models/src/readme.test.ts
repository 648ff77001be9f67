import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('README', () => {
  it('prints what "Ten lines: the pentagon" says it prints (examples/pentagon.mjs, seed 2)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Ten lines: the pentagon'));
    // the block after "Printed (...)"
    const printed = /Printed \([^)]*\):\n\n```\n([\s\S]*?)```/.exec(section);
    expect(printed).not.toBeNull();
    // the example runs against the built package, as a user's script would (`pnpm test`
    // builds it first; `pnpm build:packages` does so by hand)
    expect(
      existsSync(join(root, 'dist/index.js')),
      'packages/toy-models/dist is missing: run `pnpm build:packages` first',
    ).toBe(true);
    const run = spawnSync(process.execPath, [join(root, 'examples/pentagon.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(printed?.[1]);
    // and it is the README's pentagon: five features about 72 degrees apart
    const degrees = JSON.parse(/degrees: (\[[^\]]*\])/.exec(run.stdout)?.[1] ?? '[]') as number[];
    const sorted = [...degrees].sort((a, b) => a - b);
    const gaps = sorted.map((d, i) => (i === 4 ? sorted[0] + 360 - d : sorted[i + 1] - d));
    for (const gap of gaps) expect(Math.abs(gap - 72)).toBeLessThanOrEqual(3);
  });
});
