import { checkInteger, checkKeys, checkNumber, checkSeed, fail } from '../errors.js';
import { resolveImportance, type ImportanceSpec } from '../data/importance.js';

/** The most weights W may hold (2^30 float32 values: 4 GiB). */
const MAX_WEIGHTS = 2 ** 30;
/**
 * The four toy models of Elhage et al. (2022), "Toy Models of Superposition", section 2:
 * - `'relu-output'`: x' = ReLU(W^T W x + b) (the paper's main model);
 * - `'linear'`: x' = W^T W x + b (the linear baseline);
 * - `'relu-hidden'`: h = ReLU(W x), x' = ReLU(W^T h + b);
 * - `'abs'`: h = ReLU(W1 x), y' = ReLU(W2^T h + b) with target |x| (computation in
 *   superposition, section 9; untied by default, inputs uniform on [-1, 1]).
 */
export type ToyModelKind = 'relu-output' | 'linear' | 'relu-hidden' | 'abs';

/**
 * A group of features whose presence is drawn jointly (paper, section 7 "correlated and
 * anticorrelated features").
 * - `'correlated'`: one draw with probability p decides whether every member is active;
 * - `'anticorrelated'`: with probability min(1, k p) exactly one of the k members is active,
 *   chosen uniformly, so each member keeps marginal probability p and never co-occurs.
 */
export interface FeatureGroup {
  /** How members co-occur. */
  kind: 'correlated' | 'anticorrelated';
  /** Feature indices (0-based, distinct, each in at most one group). */
  features: number[];
}

/**
 * Initialisation of the weights.
 * - `'xavier-notebook'` (default): normal with std sqrt(2 / ((nFeatures + nInstances) nHidden)),
 *   which is what PyTorch's `xavier_normal_` gives on the reference notebook's 3-D
 *   (instances, features, hidden) tensor. The instance count enters the std: this quirk is
 *   kept on purpose because a much smaller init changes which solution training finds.
 * - `{ kind: 'normal', std }`: plain normal init with the given std.
 */
export type InitSpec = 'xavier-notebook' | { kind: 'normal'; std: number };

/**
 * Configuration of {@link createToyModel}. Every field but `nFeatures` and `nHidden` has a
 * default. Per-instance fields take either one value for every instance or an array of
 * `nInstances` values.
 *
 * Naming: `sparsity` is S, the probability that a feature is ZERO; `featureProbability` is
 * p = 1 - S, the probability that it is active. Give one of them, not both.
 */
export interface ToyModelConfig {
  /** Which toy model; default `'relu-output'`. */
  model?: ToyModelKind;
  /** Number of independent models trained together; default 1. */
  nInstances?: number;
  /** n, number of features. */
  nFeatures: number;
  /** m, number of hidden dimensions. */
  nHidden: number;
  /** Tie the decoder to the encoder (x' uses W^T); default true, false for `'abs'`. */
  tied?: boolean;
  /** S, probability that a feature is zero, per instance (default 0, i.e. dense). */
  sparsity?: number | number[];
  /** p = 1 - S, probability that a feature is active, per instance. */
  featureProbability?: number | number[];
  /** Importance I_i, one spec for all instances or one per instance; default constant 1. */
  importance?: ImportanceSpec | ImportanceSpec[];
  /** Correlated / anticorrelated feature groups (shared by all instances); default none. */
  featureGroups?: FeatureGroup[];
  /** Range [lo, hi) of an active feature's value; default [0, 1], [-1, 1] for `'abs'`. */
  valueRange?: [number, number];
  /** Weight initialisation; default `'xavier-notebook'`. */
  init?: InitSpec;
  /**
   * Seed of the weight init and of the model's own data streams, as `createRng` takes it: an
   * integer (taken modulo 2^32) or a string; default 0. A non-integer number is rejected.
   */
  seed?: number | string;
  /**
   * One seed per instance (overrides `seed`): instance i's init and data streams then depend
   * on its own seed only, so its training is the same whichever other instances share the
   * model (what makes sweep shards reproducible). Each is an integer or a string, as `seed`.
   */
  instanceSeeds?: (number | string)[] | null;
  /**
   * Feed the encoder only the active features (gather / segment-sum, O(B k m) instead of
   * O(B n m)). `'auto'` (default) turns it on when nFeatures >= 512 and every p <= 0.05.
   */
  sparseInput?: boolean | 'auto';
}

/** A {@link ToyModelConfig} with every default filled in and every per-instance value expanded. */
export interface ResolvedToyModelConfig {
  model: ToyModelKind;
  nInstances: number;
  nFeatures: number;
  nHidden: number;
  tied: boolean;
  /** S per instance, length nInstances. */
  sparsity: number[];
  /** p = 1 - S per instance, length nInstances. */
  featureProbability: number[];
  /** Importance per instance: nInstances arrays of nFeatures numbers. */
  importance: number[][];
  featureGroups: FeatureGroup[];
  valueRange: [number, number];
  init: InitSpec;
  seed: number | string;
  instanceSeeds: (number | string)[] | null;
  sparseInput: boolean;
}

function perInstance(
  fn: string,
  arg: string,
  value: number | number[],
  nInstances: number,
): number[] {
  if (typeof value === 'number') return new Array<number>(nInstances).fill(value);
  if (!Array.isArray(value) || value.length !== nInstances) {
    fail(fn, arg, `a number or an array of nInstances (${nInstances}) numbers`, value, 'type');
  }
  return value.slice();
}

/** Every option of {@link ToyModelConfig} (and of the resolved config). */
const CONFIG_KEYS: readonly string[] = [
  'model',
  'nInstances',
  'nFeatures',
  'nHidden',
  'tied',
  'sparsity',
  'featureProbability',
  'importance',
  'featureGroups',
  'valueRange',
  'init',
  'seed',
  'instanceSeeds',
  'sparseInput',
];

/**
 * Fill in defaults and check a {@link ToyModelConfig}. Idempotent: a resolved config resolves
 * to itself, so saved runs can be re-created.
 *
 * @param config - the user's configuration.
 * @returns the resolved configuration (plain data, JSON-safe).
 * @throws RangeError / TypeError naming the offending field.
 * @example
 * ```ts
 * const c = resolveConfig({ nFeatures: 5, nHidden: 2, sparsity: 0.9, importance: { kind: 'geometric', ratio: 0.9 } });
 * c.featureProbability; // returns [0.1] (approximately)
 * ```
 */
export function resolveConfig(
  config: ToyModelConfig | ResolvedToyModelConfig,
): ResolvedToyModelConfig {
  const fn = 'resolveConfig';
  if (config === null || typeof config !== 'object')
    fail(fn, 'config', 'an object', config, 'type');
  checkKeys(fn, 'config', config, CONFIG_KEYS);
  const model = config.model ?? 'relu-output';
  if (!['relu-output', 'linear', 'relu-hidden', 'abs'].includes(model)) {
    fail(fn, 'config.model', "'relu-output', 'linear', 'relu-hidden' or 'abs'", model);
  }
  const nInstances = checkInteger(fn, 'config.nInstances', config.nInstances ?? 1, 1);
  const nFeatures = checkInteger(fn, 'config.nFeatures', config.nFeatures, 1);
  const nHidden = checkInteger(fn, 'config.nHidden', config.nHidden, 1);
  // W (nInstances x nHidden x nFeatures float32) must fit one typed array and the WebAssembly
  // backend's 4 GiB of memory
  if (nInstances * nHidden * nFeatures > MAX_WEIGHTS)
    fail(
      fn,
      'config',
      `at most 2^30 weights (nInstances x nHidden x nFeatures: W is one float32 array of at most 4 GiB)`,
      `${nInstances} x ${nHidden} x ${nFeatures} = ${(nInstances * nHidden * nFeatures).toExponential(3)}`,
    );
  const tied = config.tied ?? model !== 'abs';
  if (typeof tied !== 'boolean') fail(fn, 'config.tied', 'a boolean', tied, 'type');

  let featureProbability: number[];
  const hasS = config.sparsity !== undefined;
  const hasP = config.featureProbability !== undefined;
  if (hasS && hasP) {
    // A resolved config carries both; accept them when they agree.
    const s = perInstance(fn, 'config.sparsity', config.sparsity!, nInstances);
    const p = perInstance(fn, 'config.featureProbability', config.featureProbability!, nInstances);
    if (s.some((si, i) => Math.abs(1 - si - p[i]) > 1e-12)) {
      fail(
        fn,
        'config.sparsity',
        'to be omitted when featureProbability is given (S = 1 - p)',
        config.sparsity,
      );
    }
    featureProbability = p;
  } else if (hasP) {
    featureProbability = perInstance(
      fn,
      'config.featureProbability',
      config.featureProbability!,
      nInstances,
    );
  } else {
    featureProbability = perInstance(fn, 'config.sparsity', config.sparsity ?? 0, nInstances).map(
      (s) => 1 - s,
    );
  }
  featureProbability.forEach((p, i) => {
    const arg = hasP ? `config.featureProbability[${i}]` : `config.sparsity[${i}]`;
    checkNumber(fn, arg, hasP ? p : 1 - p, 0, 1);
  });
  const sparsity = featureProbability.map((p) => 1 - p);

  let importance: number[][];
  const spec = config.importance ?? { kind: 'constant' as const };
  const perInstanceSpecs = Array.isArray(spec) && spec.length > 0 && typeof spec[0] !== 'number';
  if (perInstanceSpecs) {
    const specs = spec as ImportanceSpec[];
    if (specs.length !== nInstances) {
      fail(fn, 'config.importance', `one spec or nInstances (${nInstances}) specs`, specs, 'type');
    }
    importance = specs.map((s, i) => resolveImportance(s, nFeatures, `config.importance[${i}]`));
  } else {
    const row = resolveImportance(spec as ImportanceSpec, nFeatures, 'config.importance');
    importance = Array.from({ length: nInstances }, () => row.slice());
  }

  const groups: unknown = config.featureGroups ?? [];
  if (!Array.isArray(groups)) {
    fail(fn, 'config.featureGroups', 'an array of feature groups', groups, 'type');
  }
  const seen = new Set<number>();
  const featureGroups = (groups as unknown[]).map((g, gi) => {
    // A group must at least have both fields; a present but wrong one is named below.
    const group = g as Partial<FeatureGroup> | null;
    if (
      group === null ||
      typeof group !== 'object' ||
      group.kind === undefined ||
      group.features === undefined
    ) {
      fail(
        fn,
        `config.featureGroups[${gi}]`,
        "a group { kind: 'correlated' or 'anticorrelated', features: [feature indices] }",
        g,
        'type',
      );
    }
    if (group.kind !== 'correlated' && group.kind !== 'anticorrelated') {
      fail(fn, `config.featureGroups[${gi}].kind`, "'correlated' or 'anticorrelated'", group.kind);
    }
    if (!Array.isArray(group.features) || group.features.length < 1) {
      fail(fn, `config.featureGroups[${gi}].features`, 'a non-empty array', group.features, 'type');
    }
    for (const f of group.features) {
      if (!Number.isInteger(f) || f < 0 || f >= nFeatures || seen.has(f)) {
        fail(
          fn,
          `config.featureGroups[${gi}].features`,
          `distinct feature indices in [0, ${nFeatures}) used once`,
          f,
        );
      }
      seen.add(f);
    }
    return { kind: group.kind, features: group.features.slice() };
  });

  const valueRange = config.valueRange ?? (model === 'abs' ? [-1, 1] : [0, 1]);
  if (
    !Array.isArray(valueRange) ||
    valueRange.length !== 2 ||
    !valueRange.every(Number.isFinite) ||
    !(valueRange[0] < valueRange[1])
  ) {
    fail(fn, 'config.valueRange', '[lo, hi] with lo < hi', valueRange);
  }
  const init = config.init ?? 'xavier-notebook';
  if (init !== 'xavier-notebook') {
    if (typeof init !== 'object' || init.kind !== 'normal' || !(init.std >= 0)) {
      fail(fn, 'config.init', "'xavier-notebook' or { kind: 'normal', std >= 0 }", init);
    }
  }
  const seed = checkSeed(fn, 'config.seed', config.seed ?? 0);
  const instanceSeeds = config.instanceSeeds ?? null;
  if (instanceSeeds !== null) {
    if (!Array.isArray(instanceSeeds) || instanceSeeds.length !== nInstances) {
      fail(
        fn,
        'config.instanceSeeds',
        `an array of nInstances (${nInstances}) integers or strings`,
        instanceSeeds,
        'type',
      );
    }
    instanceSeeds.forEach((s, i) => checkSeed(fn, `config.instanceSeeds[${i}]`, s));
  }
  const si = config.sparseInput ?? 'auto';
  const sparseInput =
    si === 'auto' ? nFeatures >= 512 && featureProbability.every((p) => p <= 0.05) : si === true;
  return {
    model,
    nInstances,
    nFeatures,
    nHidden,
    tied,
    sparsity,
    featureProbability,
    importance,
    featureGroups,
    valueRange: [valueRange[0], valueRange[1]],
    init: typeof init === 'string' ? init : { kind: 'normal', std: init.std },
    seed,
    instanceSeeds: instanceSeeds ? instanceSeeds.slice() : null,
    sparseInput,
  };
}
