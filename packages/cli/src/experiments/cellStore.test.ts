import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCellStore, stableHash } from './cellStore.js';

describe('openCellStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cells-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back a saved cell only under the same hash', () => {
    const a = openCellStore<{ x: number }>(dir, stableHash({ a: 1, b: [2, 3] }));
    a.put('n10-d2', { x: 5 });
    expect(a.get('n10-d2')).toEqual({ x: 5 });
    expect(openCellStore(dir, stableHash({ b: [2, 3], a: 1 })).get('n10-d2')).toEqual({ x: 5 });
    expect(openCellStore(dir, stableHash({ a: 2, b: [2, 3] })).get('n10-d2')).toBeUndefined();
  });

  it("keeps the cells of two configurations side by side: neither overwrites the other's", () => {
    const one = openCellStore<{ x: number }>(dir, stableHash({ seed: 1 }));
    const two = openCellStore<{ x: number }>(dir, stableHash({ seed: 2 }));
    one.put('S0.9', { x: 1 });
    two.put('S0.9', { x: 2 });
    expect(one.get('S0.9')).toEqual({ x: 1 });
    expect(two.get('S0.9')).toEqual({ x: 2 });
    expect(readdirSync(join(dir, 'cells')).filter((f) => f.startsWith('S0.9.'))).toEqual(
      [`S0.9.${stableHash({ seed: 1 })}.json`, `S0.9.${stableHash({ seed: 2 })}.json`].sort(),
    );
    // claims are per configuration too
    expect(one.claim('S0.9')).toBe(true);
    expect(two.claim('S0.9')).toBe(true);
    one.release('S0.9');
    two.release('S0.9');
  });

  it("lets one process at a time claim a cell, and takes over a dead process's claim", () => {
    const s = openCellStore(dir, 'h');
    expect(s.claim('k')).toBe(true);
    expect(s.claim('k')).toBe(false); // held (by this live process)
    s.release('k');
    expect(s.claim('k')).toBe(true);
    s.release('k');
    // A lock left by a process that no longer exists on this host (pid 2^22 + 1 is above Linux's pid_max default).
    writeFileSync(
      join(dir, 'cells', 'dead.h.lock'),
      JSON.stringify({ pid: 4_194_305, host: hostname(), at: '' }),
    );
    expect(s.claim('dead')).toBe(true);
    s.release('dead');
    // Another host's lock is never taken over.
    writeFileSync(
      join(dir, 'cells', 'far.h.lock'),
      JSON.stringify({ pid: 4_194_305, host: `${hostname()}-other`, at: '' }),
    );
    expect(s.claim('far')).toBe(false);
  });
});
