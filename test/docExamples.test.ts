/**
 * Every public export of the five packages is documented, every one that exists at run time
 * has an `@example`, and every example runs against the built packages with the values its
 * comments claim (`f(x); // returns 0.5`: to the digits written; `// about 3`: within 5%).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkClaim,
  documentedExports,
  entries,
  exampleModule,
  parseClaim,
  runnerSource,
} from './docExamples.js';

const exports = documentedExports();
const work = mkdtempSync(join(tmpdir(), 'hp-doc-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('TSDoc of the public exports', () => {
  it('reads the exports of every entry point', () => {
    for (const e of entries()) {
      expect(exports.filter((x) => x.entry === e.specifier).length, e.specifier).toBeGreaterThan(0);
    }
  });

  it('documents every export', () => {
    const missing = exports
      .filter((x) => x.doc === '')
      .map((x) => `${x.entry} ${x.name} (${x.where})`);
    expect(missing).toEqual([]);
  });

  it('gives every function, class and constant an @example', () => {
    const missing = exports
      .filter((x) => x.value && x.examples.length === 0)
      .map((x) => `${x.entry} ${x.name} (${x.where})`);
    expect(missing).toEqual([]);
  });
});

describe('claims in examples', () => {
  it('reads numbers to the digits written, and "about" within 5%', () => {
    const c = parseClaim('0.6366 (2/pi)')!;
    expect(checkClaim(2 / Math.PI, c)).toBeNull();
    expect(checkClaim(0.6367, c)).not.toBeNull();
    expect(checkClaim(553, parseClaim('553')!)).toBeNull();
    expect(checkClaim(554, parseClaim('553')!)).not.toBeNull();
    expect(checkClaim(9.8e-9, parseClaim('about 9.5e-9')!)).toBeNull();
    expect(checkClaim(1.1e-8, parseClaim('about 9.5e-9')!)).not.toBeNull();
  });

  it('reads arrays (whole, or a prefix before "..."), objects, types and literals', () => {
    expect(checkClaim([1, 0.9, 0.8, 0.7], parseClaim('[1, 0.9, 0.8, ...]')!)).toBeNull();
    expect(checkClaim([1, 0.9], parseClaim('[1, 0.9, 0.8]')!)).not.toBeNull();
    expect(checkClaim({ mean: 0.5, x: 1 }, parseClaim('{ mean: 0.5, ... }')!)).toBeNull();
    expect(checkClaim({ mean: 0.4 }, parseClaim('{ mean: 0.5 }')!)).not.toBeNull();
    expect(checkClaim(new Float64Array(2), parseClaim('Float64Array(2)')!)).toBeNull();
    expect(checkClaim(new Float32Array(2), parseClaim('Float64Array(2)')!)).not.toBeNull();
    expect(
      checkClaim('superposition', parseClaim("'superposition' (below the bound)")!),
    ).toBeNull();
    expect(checkClaim(false, parseClaim('true')!)).not.toBeNull();
    expect(parseClaim('the phase diagram')).toBeNull();
    // the last items after an ellipsis, a length, fields after an ellipsis
    expect(checkClaim([1, 0.9, 0.5, 0.1], parseClaim('[1, ..., 0.1]')!)).toBeNull();
    expect(checkClaim([1, 0.9, 0.5, 0.2], parseClaim('[1, ..., 0.1]')!)).not.toBeNull();
    expect(checkClaim(new Float64Array(5), parseClaim('Float64Array(2)')!)).not.toBeNull();
    expect(checkClaim({ a: 1, mean: 0.4 }, parseClaim('{ ..., mean: 0.5 }')!)).not.toBeNull();
    // digits cut short, and a full stop after a number
    expect(checkClaim(0.0365851, parseClaim('0.036585... (truncated)')!)).toBeNull();
    expect(checkClaim(0.0366, parseClaim('0.036585...')!)).not.toBeNull();
    expect(checkClaim(0.5, parseClaim('0.5.')!)).toBeNull();
    // an expression is not a claim the checker can read
    expect(parseClaim('0.1/3 - 0.01/4 = 0.0308')).toBeNull();
  });
});

describe('every @example', () => {
  it('runs against the built packages, and the values its comments claim hold', () => {
    const all = entries();
    const names = new Map<string, string[]>();
    for (const x of exports) {
      if (!x.value) continue;
      names.set(x.entry, [...(names.get(x.entry) ?? []), x.name]);
    }
    const files: string[] = [];
    const meta: { label: string; claims: string[] }[] = [];
    const modules = join(work, 'modules');
    mkdirSync(modules, { recursive: true });
    for (const x of exports) {
      x.examples.forEach((ex, k) => {
        const m = exampleModule(ex, x.entry, names, all);
        const file = join(modules, `${files.length}.mjs`);
        writeFileSync(file, m.code);
        files.push(file);
        meta.push({
          label: `${x.entry} ${x.name} example ${k + 1} (${x.where})`,
          claims: m.claims,
        });
      });
    }
    const cwd = join(work, 'cwd');
    mkdirSync(cwd, { recursive: true });
    const out = join(work, 'results.json');
    writeFileSync(join(work, 'runner.mjs'), runnerSource(files, out));
    execFileSync(process.execPath, [join(work, 'runner.mjs')], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 400_000,
    });
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      file: string;
      checked: { index: number; failure: string | null }[];
      error: string | null;
    }[];
    expect(results).toHaveLength(files.length);
    const problems: string[] = [];
    let checked = 0;
    results.forEach((r, i) => {
      const { label, claims } = meta[i];
      if (r.error) problems.push(`${label}: threw ${r.error}`);
      for (const c of r.checked) {
        checked++;
        if (c.failure) problems.push(`${label}: "${claims[c.index]}": ${c.failure}`);
      }
      // a claim that was never reached (its statement did not run)
      if (!r.error && r.checked.length < claims.length)
        problems.push(`${label}: ${claims.length - r.checked.length} claims not reached`);
    });
    expect(problems).toEqual([]);
    // the examples and their claims are read at all (a reader that skipped everything would
    // pass the above)
    expect(files.length).toBeGreaterThan(200);
    expect(checked).toBeGreaterThan(120);
  });
});
