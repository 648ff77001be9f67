/**
 * The docs' Performance page shows the latest full benchmark run: its table is the one
 * bench/markdown.mjs renders from the committed results (apps/docs/docs/performance-data/
 * latest.json, a copy of bench/results/latest.json), cell by cell (Prettier's padding aside).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tableRows } from './markdownTable.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('Performance page', () => {
  const data = join(root, 'apps/docs/docs/performance-data/latest.json');

  it('shows the table rendered from performance-data/latest.json', () => {
    const rendered = execFileSync(process.execPath, [join(root, 'bench/markdown.mjs'), data], {
      encoding: 'utf8',
    });
    const want = tableRows(rendered, 'workload');
    expect(want.length).toBeGreaterThan(10);
    const page = readFileSync(join(root, 'apps/docs/docs/performance.md'), 'utf8');
    expect(tableRows(page, 'workload')).toEqual(want);
  });

  it('is a full run, the same as bench/results/latest.json', () => {
    const docs = JSON.parse(readFileSync(data, 'utf8'));
    const bench = JSON.parse(readFileSync(join(root, 'bench/results/latest.json'), 'utf8'));
    expect(docs).toEqual(bench);
    expect(docs.mode).toBe('full');
  });
});
