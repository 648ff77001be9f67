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

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function tableRows(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s+/g, ' ').startsWith(`| ${first} |`));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i]
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim().replace(/\s+/g, ' '));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}

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
