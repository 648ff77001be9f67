import { fail } from '../errors.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { HVArray, VSAModel } from '../types.js';
import {
  bundleOf,
  checkList,
  checkMemory,
  checkPair,
  lookup,
  type Powers,
  resolveOptions,
  type StructureOptions,
} from './common.js';

/**
 * A finite-state automaton held in one vector: the transition table is the bundle of
 * `state ⊗ input ⊗ rho(next)` over its transitions; a step unbinds `state ⊗ input`, permutes
 * back and cleans up against the states, `rho^{-1}(unbind(T, s ⊗ x)) = next + noise`
 * (Osipov, Kleyko and Legalov 2017, "Associative synthesis of finite state automata model of
 * a controlled object with hyperdimensional computing"; Kleyko et al. 2021 survey,
 * arXiv 2111.06077, section 3.1.5). A (state, input) pair without a transition scores at
 * chance and throws.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 2048, variant: 'B' });
 * const rng = createRng(5);
 * const states = ItemMemory.random(vsa, ['locked', 'unlocked'], { rng });
 * const inputs = ItemMemory.random(vsa, ['coin', 'push'], { rng });
 * const turnstile = new FiniteStateAutomaton(states, inputs, [
 *   ['locked', 'coin', 'unlocked'], ['locked', 'push', 'locked'],
 *   ['unlocked', 'push', 'locked'], ['unlocked', 'coin', 'unlocked'],
 * ]);
 * turnstile.run('locked', ['coin', 'push']); // returns ['locked', 'unlocked', 'locked']
 * ```
 */
export class FiniteStateAutomaton<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The state vectors. */
  readonly states: ItemMemory<V>;
  /** The input-symbol vectors. */
  readonly inputs: ItemMemory<V>;
  /** The transition table, one vector `[model.length]`. */
  readonly table: V;
  /** Similarity a step's best state must reach (chance threshold). */
  readonly threshold: number;
  private readonly rho: Powers;

  /**
   * @param states - the states' item memory.
   * @param inputs - the inputs' item memory (same model).
   * @param transitions - `[state, input, next]` label triples, at least one; at most one per (state, input).
   * @param options - `{ normalize, rng, falsePositiveRate }`.
   */
  constructor(
    states: ItemMemory<V>,
    inputs: ItemMemory<V>,
    transitions: readonly (readonly [string, string, string])[],
    options?: StructureOptions,
  ) {
    const fn = 'FiniteStateAutomaton';
    checkMemory(fn, 'states', states);
    checkMemory(fn, 'inputs', inputs);
    checkPair(fn, states, 'inputs', inputs);
    checkList(fn, 'transitions', transitions);
    this.model = states.model;
    this.states = states;
    this.inputs = inputs;
    const opts = resolveOptions(fn, this.model, options);
    this.threshold = opts.threshold;
    this.rho = opts.rho;
    const seen = new Set<string>();
    const terms = transitions.map(([s, x, t], i) => {
      const key = JSON.stringify([s, x]);
      if (seen.has(key))
        fail(
          fn,
          `transitions[${i}]`,
          'one transition per (state, input)',
          `a second one for ${key}`,
        );
      seen.add(key);
      const sx = this.model.bind(
        lookup(fn, `transitions[${i}][0]`, states, s, 'states'),
        lookup(fn, `transitions[${i}][1]`, inputs, x, 'inputs'),
      );
      return this.model.bind(
        sx,
        opts.rho.apply(this.model, lookup(fn, `transitions[${i}][2]`, states, t, 'states'), 1),
      );
    });
    this.table = bundleOf(this.model, terms, opts);
  }

  /**
   * One transition.
   *
   * @param state - the current state label.
   * @param input - the input label.
   * @returns the next state (a RangeError when no transition scores above the threshold).
   */
  step(state: string, input: string): Match {
    const fn = 'FiniteStateAutomaton.step';
    const key = this.model.bind(
      lookup(fn, 'state', this.states, state, 'states'),
      lookup(fn, 'input', this.inputs, input, 'inputs'),
    );
    const m = this.states.query(this.rho.apply(this.model, this.model.unbind(this.table, key), -1));
    if (m.similarity < this.threshold) {
      throw new RangeError(
        `${fn}: (state, input) expected a pair with a transition, got ("${state}", "${input}") (best similarity ${m.similarity.toFixed(3)} below ${this.threshold.toFixed(3)})`,
      );
    }
    return m;
  }

  /**
   * Run the automaton over an input string.
   *
   * @param start - the initial state.
   * @param inputs - the input labels in order.
   * @returns the visited states, `inputs.length + 1` labels, `start` first.
   */
  run(start: string, inputs: readonly string[]): string[] {
    const fn = 'FiniteStateAutomaton.run';
    lookup(fn, 'start', this.states, start, 'states');
    checkList(fn, 'inputs', inputs, 0);
    const out = [start];
    for (const x of inputs) out.push(this.step(out[out.length - 1], x).label);
    return out;
  }
}
