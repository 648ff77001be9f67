import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from './progress.js';

function sink(isTTY: boolean): {
  text: () => string;
  stream: { write(s: string): void; isTTY: boolean; columns: number };
} {
  let out = '';
  return {
    text: () => out,
    stream: { write: (s: string) => void (out += s), isTTY, columns: 100 },
  };
}

describe('createProgress', () => {
  it('prints one plain line per tenth of the work when stderr is not a terminal', () => {
    const s = sink(false);
    let t = 0;
    const p = createProgress({
      stream: s.stream,
      total: 200,
      label: 'train',
      unit: 'steps',
      now: () => t,
    });
    for (let step = 1; step <= 200; step++) {
      t += 10;
      p.update(step, `loss ${step}`);
    }
    p.finish('loss 0.5');
    const lines = s.text().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('train: 10% 20/200 steps loss 20');
    expect(lines[8]).toBe('train: 90% 180/200 steps loss 180');
    expect(lines[9]).toBe('train: done 200/200 steps in 2s loss 0.5');
    expect(s.text()).not.toContain('\r');
  });

  it('redraws a bar in place on a terminal, at most once per redraw interval, and ends the line', () => {
    const s = sink(true);
    let t = 0;
    const p = createProgress({
      stream: s.stream,
      total: 1000,
      label: 'train',
      unit: 'steps',
      now: () => t,
      redrawMs: 100,
    });
    for (let step = 1; step <= 1000; step++) {
      t += 1; // 1 ms per step: 1000 ms in all, so about 10 redraws
      p.update(step);
    }
    p.finish();
    const frames = s
      .text()
      .split('\r')
      .filter((f) => f !== '');
    expect(frames.length).toBeGreaterThanOrEqual(9);
    expect(frames.length).toBeLessThanOrEqual(12);
    expect(frames.at(-1)).toBe(`\u001b[2Ktrain ${'█'.repeat(30)} 100% 1000/1000 steps\n`);
    expect(frames[0]).toContain('1/1000 steps');
  });

  it('writes nothing when quiet, on a terminal or not', () => {
    for (const tty of [true, false]) {
      const s = sink(tty);
      const p = createProgress({ stream: s.stream, total: 10, label: 'x', quiet: true });
      for (let i = 1; i <= 10; i++) p.update(i);
      p.finish();
      expect(s.text()).toBe('');
    }
  });

  it('finishes only once', () => {
    const s = sink(false);
    const p = createProgress({ stream: s.stream, total: 3, label: 'x', now: () => 0 });
    p.finish();
    p.finish();
    p.update(2);
    expect(s.text()).toBe('x: done 3/3 in 0s\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.4, '0s'],
    [59.4, '59s'],
    [65, '1m05s'],
    [3725, '1h02m'],
  ])('formatDuration(%d) is %s', (s, text) => expect(formatDuration(s)).toBe(text));
});

describe('createProgress heartbeat', () => {
  it('off a terminal prints a line when the count has not moved for heartbeatMs', () => {
    const s = sink(false);
    let t = 0;
    const p = createProgress({
      stream: s.stream,
      total: 4,
      label: 'sweep',
      unit: 'cells',
      now: () => t,
      heartbeatMs: 60_000,
    });
    for (let k = 0; k < 150; k++) {
      t += 1000;
      p.update(0);
    }
    expect(s.text()).toBe(
      'sweep: 0% 0/4 cells, 1m00s elapsed\nsweep: 0% 0/4 cells, 2m00s elapsed\n',
    );
  });
});
