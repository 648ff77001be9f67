import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { checkOutDir, openStaging, writeFileAtomic } from './output.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hp-output-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('checkOutDir', () => {
  it('accepts a new nested path and creates nothing', () => {
    const t = checkOutDir('train', '--out', 'a/b/c', root, 'fresh', false);
    expect(t.dir).toBe(join(root, 'a/b/c'));
    expect(t.staging).toBe(join(root, 'a/b/.c.partial'));
    expect(readdirSync(root)).toEqual([]);
  });

  it('rejects a path that runs through a file', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(message(() => checkOutDir('train', '--out', 'file/run', root, 'fresh', false))).toBe(
      'hyperposition train: --out expected a writable directory, got "file/run" (file is a file)',
    );
    expect(message(() => checkOutDir('train', '--out', 'file', root, 'fresh', false))).toContain(
      '(file is a file)',
    );
  });

  it('rejects a broken symbolic link on the way, and a place where nothing can be created', () => {
    symlinkSync(join(root, 'nowhere'), join(root, 'dangle'));
    expect(message(() => checkOutDir('train', '--out', 'dangle/run', root, 'fresh', false))).toBe(
      'hyperposition train: --out expected a writable directory, got "dangle/run" (dangle is a broken symbolic link)',
    );
    // /proc takes no new directories, whatever its permission bits say (a recursive mkdir
    // there never returned)
    if (existsSync('/proc/self')) {
      expect(
        message(() => checkOutDir('figures', '--out', '/proc/x', root, 'shared', false)),
      ).toMatch(
        /^hyperposition figures: --out expected a writable directory, got "\/proc\/x" \(cannot create anything in \/proc: E[A-Z]+\)$/,
      );
    }
    // the probe leaves nothing behind
    checkOutDir('train', '--out', 'fine/run', root, 'fresh', false);
    expect(readdirSync(root).sort()).toEqual(['dangle']);
  });

  it('shows the path as given, less trailing slashes (the summaries add one)', () => {
    expect(checkOutDir('train', '--out', 'runs/x/', root, 'fresh', false).shown).toBe('runs/x');
    expect(checkOutDir('train', '--out', 'runs/x//', root, 'fresh', false).shown).toBe('runs/x');
    expect(checkOutDir('train', '--out', 'runs/x', root, 'fresh', false).shown).toBe('runs/x');
  });

  it('rejects a non-empty directory unless forced', () => {
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'x'), 'x');
    expect(message(() => checkOutDir('train', '--out', 'full', root, 'fresh', false))).toBe(
      'hyperposition train: --out expected a new or empty directory (or --force to replace it), got "full" (not empty)',
    );
    // --force replaces an earlier output (it has a cli.json), not a folder of other files
    expect(message(() => checkOutDir('train', '--out', 'full', root, 'fresh', true))).toBe(
      'hyperposition train: --out expected a new or empty directory, or an earlier output of hyperposition (with a cli.json) for --force to replace, got "full" (not empty, and no cli.json in it)',
    );
    writeFileSync(join(root, 'full', 'cli.json'), '{}');
    expect(checkOutDir('train', '--out', 'full', root, 'fresh', true).dir).toBe(join(root, 'full'));
    // never the working directory, or one that contains it, even an earlier output
    const inside = join(root, 'full', 'sub');
    mkdirSync(inside);
    for (const [path, cwd] of [
      ['.', join(root, 'full')],
      ['..', inside],
    ]) {
      expect(message(() => checkOutDir('train', '--out', path, cwd, 'fresh', true))).toBe(
        `hyperposition train: --out expected a directory other than the working directory or one that contains it (a run replaces its folder when it ends), got "${path}"`,
      );
    }
    // also without --force, from an empty working directory, and under another name (a
    // symbolic link to it)
    const empty = join(root, 'empty-cwd');
    mkdirSync(empty);
    expect(message(() => checkOutDir('train', '--out', '.', empty, 'fresh', false))).toMatch(
      /other than the working directory/,
    );
    symlinkSync(join(root, 'full'), join(root, 'alias'));
    expect(
      message(() => checkOutDir('train', '--out', '../../alias', inside, 'fresh', true)),
    ).toMatch(/other than the working directory/);
    mkdirSync(join(root, 'empty'));
    expect(checkOutDir('train', '--out', 'empty', root, 'fresh', false).dir).toBe(
      join(root, 'empty'),
    );
  });

  it('asks for --resume when an interrupted run sits beside the target, and demands one for --resume', () => {
    mkdirSync(join(root, '.run.partial'));
    expect(message(() => checkOutDir('train', '--out', 'run', root, 'fresh', false))).toMatch(
      /add --resume to continue it/,
    );
    expect(checkOutDir('train', '--out', 'run', root, 'resume', false).staging).toBe(
      join(root, '.run.partial'),
    );
    expect(message(() => checkOutDir('train', '--out', 'other', root, 'resume', false))).toBe(
      'hyperposition train: --resume expected an interrupted run at "other", got no interrupted run',
    );
  });
});

describe('openStaging', () => {
  it('publishes the staging directory with one rename on commit', () => {
    const s = openStaging(checkOutDir('train', '--out', 'x/y', root, 'fresh', false), false);
    writeFileSync(join(s.dir, 'run.json'), '{}');
    expect(existsSync(join(root, 'x/y'))).toBe(false);
    s.commit();
    expect(readdirSync(join(root, 'x'))).toEqual(['y']);
    expect(readFileSync(join(root, 'x/y/run.json'), 'utf8')).toBe('{}');
  });

  it('replaces a non-empty directory on commit when forced', () => {
    mkdirSync(join(root, 'r'));
    writeFileSync(join(root, 'r', 'old'), 'x');
    writeFileSync(join(root, 'r', 'cli.json'), '{}');
    const s = openStaging(checkOutDir('train', '--out', 'r', root, 'fresh', true), false);
    writeFileSync(join(s.dir, 'new'), 'y');
    s.commit();
    expect(readdirSync(join(root, 'r'))).toEqual(['new']);
    expect(readdirSync(root)).toEqual(['r']);
  });

  it('writes through a symbolic link to the output folder: the link stays, its target is replaced', () => {
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'cli.json'), '{}');
    writeFileSync(join(root, 'real', 'old'), 'x');
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const s = openStaging(checkOutDir('train', '--out', 'link', root, 'fresh', true), false);
    writeFileSync(join(s.dir, 'new'), 'y');
    s.commit();
    expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(root, 'link'))).toEqual(['new']);
    expect(readdirSync(root).sort()).toEqual(['link', 'real']);
  });

  it('removes the staging directory and the parents it created on discard', () => {
    const s = openStaging(checkOutDir('train', '--out', 'p/q/r', root, 'fresh', false), false);
    writeFileSync(join(s.dir, 'half'), 'x');
    s.discard();
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file', () => {
    const p = join(root, 'm.json');
    writeFileAtomic(p, 'one');
    writeFileAtomic(p, 'two');
    expect(readFileSync(p, 'utf8')).toBe('two');
    expect(readdirSync(root)).toEqual(['m.json']);
  });
});
