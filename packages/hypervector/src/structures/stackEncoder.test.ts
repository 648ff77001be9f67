import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../memory/itemMemory.js';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { FiniteStateAutomaton } from './finiteStateAutomaton.js';
import { StackEncoder } from './stackEncoder.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 1024, blockSize: 16 } : { dim: 2048 });

describe.each(['MAP-I', 'MAP-C', 'HRR', 'FHRR'] as ModelName[])('StackEncoder over %s', (name) => {
  const model = make(name);
  const items = ItemMemory.random(
    model,
    Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)),
    {
      rng: createRng(16),
    },
  );
  const stacks = new StackEncoder(items);

  it('pops in last-in first-out order, then reports empty', () => {
    const pushed = [...'stackorder'];
    let s = stacks.empty();
    expect(stacks.peek(s)).toBeNull();
    for (const x of pushed) s = stacks.push(s, x);
    const popped: string[] = [];
    for (let i = 0; i < pushed.length; i++) {
      const { top, rest } = stacks.pop(s);
      popped.push(top.label);
      s = rest;
    }
    expect(popped).toEqual([...pushed].reverse());
    expect(stacks.peek(s)).toBeNull();
    expect(() => stacks.pop(s)).toThrow(
      'StackEncoder.pop: stack expected a non-empty stack, got one whose best match is at chance',
    );
  });

  it('interleaved pushes and pops keep the order', () => {
    let s = stacks.push(stacks.push(stacks.empty(), 'a'), 'b');
    s = stacks.pop(s).rest;
    s = stacks.push(s, 'c');
    expect(stacks.peek(s)?.label).toBe('c');
    s = stacks.pop(s).rest;
    expect(stacks.pop(s).top.label).toBe('a');
  });
});

describe('StackEncoder errors', () => {
  it('rejects models whose bundle normalises', () => {
    for (const name of ['MAP-B', 'BSC', 'SBC'] as ModelName[]) {
      const items = ItemMemory.random(make(name), ['a'], { rng: createRng(1) });
      expect(() => new StackEncoder(items)).toThrow(
        `StackEncoder: items.model expected a model whose bundle keeps the raw sum (MAP-I, MAP-C, HRR, FHRR), got "${name}"`,
      );
    }
  });
});

describe.each(MODEL_NAMES)('FiniteStateAutomaton over %s', (name) => {
  const model = make(name);

  it('runs a turnstile', () => {
    const rng = createRng(17);
    const states = ItemMemory.random(model, ['locked', 'unlocked'], { rng });
    const inputs = ItemMemory.random(model, ['coin', 'push'], { rng });
    const turnstile = new FiniteStateAutomaton(
      states,
      inputs,
      [
        ['locked', 'coin', 'unlocked'],
        ['locked', 'push', 'locked'],
        ['unlocked', 'push', 'locked'],
        ['unlocked', 'coin', 'unlocked'],
      ],
      { rng: createRng(1) },
    );
    expect(turnstile.run('locked', ['push', 'coin', 'coin', 'push', 'push', 'coin'])).toEqual([
      'locked',
      'locked',
      'unlocked',
      'unlocked',
      'locked',
      'locked',
      'unlocked',
    ]);
  });

  it('computes the parity of 40 random bits, and rejects an undefined transition', () => {
    const rng = createRng(18);
    const states = ItemMemory.random(model, ['even', 'odd', 'trap'], { rng });
    const inputs = ItemMemory.random(model, ['0', '1'], { rng });
    const parity = new FiniteStateAutomaton(states, inputs, [
      ['even', '0', 'even'],
      ['even', '1', 'odd'],
      ['odd', '0', 'odd'],
      ['odd', '1', 'even'],
    ]);
    const bits = Array.from({ length: 40 }, () => String(rng.nextInt(2)));
    const run = parity.run('even', bits);
    let ones = 0;
    bits.forEach((b, i) => {
      if (b === '1') ones++;
      expect(run[i + 1]).toBe(ones % 2 === 0 ? 'even' : 'odd');
    });
    expect(() => parity.step('trap', '1')).toThrow(
      /FiniteStateAutomaton.step: \(state, input\) expected a pair with a transition, got \("trap", "1"\)/,
    );
  });
});

describe('FiniteStateAutomaton errors', () => {
  it('rejects duplicate transitions and unknown labels', () => {
    const model = make('MAP-B');
    const states = ItemMemory.random(model, ['s'], { rng: createRng(1) });
    const inputs = ItemMemory.random(model, ['x'], { rng: createRng(2) });
    expect(
      () =>
        new FiniteStateAutomaton(states, inputs, [
          ['s', 'x', 's'],
          ['s', 'x', 's'],
        ]),
    ).toThrow(
      /FiniteStateAutomaton: transitions\[1\] expected one transition per \(state, input\)/,
    );
    expect(() => new FiniteStateAutomaton(states, inputs, [['s', 'y', 's']])).toThrow(
      'FiniteStateAutomaton: transitions[0][1] expected a label stored in inputs, got "y"',
    );
  });
});
