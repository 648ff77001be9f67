import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './testing/harness.js';

// The installed command (the built bin.js): how it meets the signals a scheduler sends.
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = tempDir('bin');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Run the command, send `signal` once `ready()` holds, and collect its exit and stderr. */
function runUntil(
  args: string[],
  ready: () => boolean,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    let killer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        child.kill(signal);
        // a command that ignores the signal is killed, and fails the test on its exit code
        killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, err });
    });
  });
}

describe('the hyperposition command and signals', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} (a scheduler's stop, a closed terminal) stops like Ctrl-C: a checkpoint kept, exit 130`, async () => {
      const out = join(root, `run-${signal}`);
      const staging = join(root, `.run-${signal}.partial`);
      const args = [
        'sweep',
        '--x',
        'lr=0.01,0.02',
        '--steps',
        '200000',
        '--restarts',
        '1',
        '--batch',
        '64',
        '--out',
        out,
        '--quiet',
      ];
      // once the run has checkpointed at least once, it is well inside the training
      const r = await runUntil(
        [...args, '--checkpoint-every', '50'],
        () => existsSync(join(staging, 'progress', 'checkpoint.json')),
        signal,
      );
      expect(r.code, r.err).toBe(130);
      expect(r.err.trim().split('\n').at(-1)).toMatch(
        new RegExp(
          `^hyperposition sweep: interrupted; continue with: hyperposition sweep --resume --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(same flags\\); 0 of 2 cells and a checkpoint at step \\d+ of the cells in training are saved in `,
        ),
      );
      expect(existsSync(join(staging, 'progress', 'lock'))).toBe(false);
    }, 60_000);
  }
});
