import { booleanFlag, choiceFlag, listFlag, numberFlag, UsageError, type Flag } from '../args.js';
import type { BackendName } from '../backend.js';

/** The toy-model variants (Elhage et al. 2022, section 2; `abs` is section 9's absolute value). */
export type ModelVariant = 'relu-output' | 'linear' | 'relu-hidden' | 'abs';

/** Optimizers the trainer offers (AdamW with decoupled weight decay matches the reference notebook). */
export type OptimizerName = 'adamw' | 'adam' | 'sgd';

/** Where the L1 penalty applies: hidden activations (the paper) or the weights W. */
export type L1Target = 'hidden' | 'weights';

/**
 * The model and training flags shared by `train`, `sweep` and `phase-diagram`
 * (list-valued in `sweep`, where noted there).
 */
export interface ModelTrainingOptions {
  /** `--model`: toy-model variant; default `relu-output`. */
  model: ModelVariant;
  /** `--steps`: optimizer steps; default 10000 (the reference notebook). */
  steps: number;
  /** `--batch`: fresh samples per step; default 1024. */
  batch: number;
  /** `--lr`: learning rate; default 1e-3. */
  lr: number;
  /** `--optimizer`: default `adamw`. */
  optimizer: OptimizerName;
  /** `--weight-decay`: decoupled for AdamW (default 0.01), L2 for adam and sgd (default 0). */
  weightDecay: number | undefined;
  /** `--beta1`: Adam first-moment decay; default 0.9. */
  beta1: number;
  /** `--beta2`: Adam second-moment decay; default 0.999. */
  beta2: number;
  /** `--eps`: Adam epsilon; default 1e-8. */
  eps: number;
  /** `--momentum`: SGD momentum; default 0. */
  momentum: number;
  /** `--l1`: L1 penalty coefficient lambda; default 0. */
  l1: number;
  /** `--l1-on`: what the L1 penalty applies to; default `hidden`. */
  l1On: L1Target;
  /** `--backend`: tfjs backend; default `wasm`. */
  backend: BackendName;
  /** `--engine`: the trainer's engine; default `auto`. */
  engine: EngineChoice;
}

/** `--engine`: which trainer engine runs the steps. */
export type EngineChoice = 'auto' | 'tfjs' | 'fused';

/**
 * Models with at least this many weights per instance (features x hidden) train on the fused
 * engine under `--engine auto`: there the tfjs engine's per-op cost and dense products make a
 * step about 10 times slower (n = 10,000, m = 500: 0.38 s against 37 ms on 2 cores). Smaller
 * models keep the tfjs engine, so that their runs are reproduced exactly as before the flag.
 */
export const FUSED_AUTO_MIN_WEIGHTS = 32_768;

/** The engine `--engine` picks for a model of `features` x `hidden` weights. @internal */
export function resolveEngine(
  choice: EngineChoice,
  features: number,
  hidden: number,
): 'tfjs' | 'fused' {
  if (choice !== 'auto') return choice;
  return features * hidden >= FUSED_AUTO_MIN_WEIGHTS ? 'fused' : 'tfjs';
}

/** `--engine`: the trainer's engine, for the commands that train. @internal */
export const engineFlag: Flag<EngineChoice> = choiceFlag({
  choices: ['auto', 'tfjs', 'fused'] as const,
  default: 'auto',
  placeholder: 'auto|tfjs|fused',
  description:
    'trainer engine: tfjs (a chain of TensorFlow.js ops per step), fused (one pass over typed arrays per step; native or WebAssembly kernels for large models; about 10x faster at n=10,000, m=500; the same data and update, equal within float tolerance), auto (fused when features x hidden >= 32,768, else tfjs)',
});

/** @internal */
export const modelFlag: Flag<ModelVariant> = choiceFlag({
  choices: ['relu-output', 'linear', 'relu-hidden', 'abs'] as const,
  default: 'relu-output',
  description:
    "toy model: relu-output x'=ReLU(W^T W x+b), linear x'=W^T W x+b, relu-hidden (ReLU after W x too), abs (untied, target |x|, x in [-1,1])",
});

/** The optimizer and training flags as a table fragment. */
export interface TrainingFlags {
  steps: Flag<number>;
  batch: Flag<number>;
  lr: Flag<number>;
  optimizer: Flag<OptimizerName>;
  weightDecay: Flag<number | undefined>;
  beta1: Flag<number>;
  beta2: Flag<number>;
  eps: Flag<number>;
  momentum: Flag<number>;
  l1: Flag<number>;
  l1On: Flag<L1Target>;
}

/**
 * The optimizer and training flags, with the reference notebook's defaults unless
 * overridden (the phase diagram trains shorter, with Adam at a higher rate).
 * @internal
 */
export function trainingFlagsWith(
  d: { steps?: number; lr?: number; optimizer?: OptimizerName; batch?: number } = {},
): TrainingFlags {
  return {
    steps: numberFlag({
      integer: true,
      min: 1,
      max: 1e9,
      default: d.steps ?? 10_000,
      placeholder: 'S',
      description: 'training steps',
    }),
    batch: numberFlag({
      integer: true,
      min: 1,
      max: 1 << 20,
      default: d.batch ?? 1024,
      placeholder: 'B',
      description: 'fresh samples per step',
    }),
    lr: numberFlag({ above: 0, default: d.lr ?? 1e-3, description: 'learning rate (constant)' }),
    optimizer: choiceFlag({
      choices: ['adamw', 'adam', 'sgd'] as const,
      default: d.optimizer ?? 'adamw',
      description: 'adamw (decoupled weight decay, as the reference notebook), adam (L2), sgd',
    }),
    weightDecay: numberFlag({
      min: 0,
      default: undefined,
      description:
        'weight decay on W and b: decoupled for adamw (default 0.01), L2 for adam and sgd (default 0)',
    }),
    beta1: numberFlag({ min: 0, below: 1, default: 0.9, description: 'Adam beta1' }),
    beta2: numberFlag({ min: 0, below: 1, default: 0.999, description: 'Adam beta2' }),
    eps: numberFlag({ above: 0, default: 1e-8, description: 'Adam epsilon' }),
    momentum: numberFlag({ min: 0, below: 1, default: 0, description: 'SGD momentum' }),
    l1: numberFlag({ min: 0, default: 0, description: 'L1 penalty lambda (0: none)' }),
    l1On: choiceFlag({
      choices: ['hidden', 'weights'] as const,
      default: 'hidden',
      description: 'apply the L1 penalty to hidden activations (the paper) or to W',
    }),
  };
}

/** The training flags with the reference notebook's defaults. @internal */
export const trainingFlags: TrainingFlags = trainingFlagsWith();

/** `--seed`: an unsigned 32-bit integer. @internal */
export const seedFlag: Flag<number> = numberFlag({
  integer: true,
  min: 0,
  max: 4294967295,
  default: 0,
  description: 'seed of the weight init and the data stream (same seed, same run)',
});

/** `--sparsity LIST` in [0, 1). @internal */
export const sparsityListFlag: Flag<number[] | undefined> = listFlag({
  min: 0,
  below: 1,
  default: undefined,
  description:
    'S, probability that a feature is ZERO (density p = 1 - S), one instance per value; default: the notebook schedule S_i = 1 - 20^(-i/(K-1)) for K = --instances, or 0',
});

/** `--importance-decay R`. @internal */
export const importanceDecayFlag: Flag<number> = numberFlag({
  above: 0,
  default: 0.9,
  placeholder: 'R',
  description: 'importance I_i = R^i (the paper uses 0.9 for n=5, 0.7 for n=20; 1: all equal)',
});

/** `--resume`. @internal */
export const resumeFlag: Flag<boolean> = booleanFlag({
  description:
    "continue an interrupted run from DIR's last checkpoint (same flags; same result as an uninterrupted run)",
});

/**
 * The sparsity per instance: the given list (then `instances`, if given, must agree), the
 * notebook schedule for `instances` when no list is given, or one dense instance.
 * @internal
 */
export function resolveSparsity(
  command: string,
  sparsity: number[] | undefined,
  instances: number | undefined,
): number[] {
  if (sparsity !== undefined) {
    if (instances !== undefined && instances !== sparsity.length) {
      throw new UsageError(
        command,
        '--instances',
        `${sparsity.length} (one instance per --sparsity value) or no --instances`,
        String(instances),
      );
    }
    return sparsity;
  }
  const k = instances ?? 1;
  // The reference notebook: feature probability 20^-linspace(0, 1, K).
  return Array.from({ length: k }, (_, i) => (k === 1 ? 0 : 1 - 20 ** (-i / (k - 1))));
}
