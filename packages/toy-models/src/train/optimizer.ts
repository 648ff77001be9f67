import * as tf from '@tensorflow/tfjs';

/**
 * Optimizers, written as in PyTorch so results can be compared with the reference notebook:
 * - `'adamw'`: Adam with decoupled weight decay (Loshchilov and Hutter 2019), the notebook's
 *   `torch.optim.AdamW` (weight decay 0.01 on W and b). tfjs has no AdamW; this is
 *   p <- p (1 - lr wd), then the Adam step.
 * - `'adam'`: Adam (Kingma and Ba 2015); `weightDecay` adds wd * p to the gradient (L2).
 * - `'sgd'`: SGD with optional heavy-ball momentum; `weightDecay` as for Adam.
 */
export type OptimizerKind = 'adamw' | 'adam' | 'sgd';

/** Hyper-parameters of the optimizer other than the learning rate. */
export interface OptimizerSettings {
  kind: OptimizerKind;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  momentum: number;
}

/**
 * Optimizer state: the step count t (for bias correction) and one slot per parameter and
 * moment (`W.m`, `W.v`, `b.m`, ... or `W.momentum`).
 * @internal
 */
export interface OptimizerState {
  kind: OptimizerKind;
  t: number;
  slots: Map<string, tf.Variable>;
}

/** The slot names an optimizer keeps for one parameter. @internal */
export function slotNames(kind: OptimizerKind, momentum: number): string[] {
  if (kind === 'sgd') return momentum > 0 ? ['momentum'] : [];
  return ['m', 'v'];
}

/** @internal */
export function createOptimizerState(
  settings: OptimizerSettings,
  params: Record<string, tf.Variable>,
): OptimizerState {
  const slots = new Map<string, tf.Variable>();
  for (const [name, p] of Object.entries(params)) {
    for (const s of slotNames(settings.kind, settings.momentum)) {
      slots.set(
        `${name}.${s}`,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
    }
  }
  return { kind: settings.kind, t: 0, slots };
}

/** Apply one update in place; call inside `tf.tidy`. @internal */
export function optimizerStep(
  settings: OptimizerSettings,
  lr: number,
  state: OptimizerState,
  params: Record<string, tf.Variable>,
  grads: Record<string, tf.Tensor>,
): void {
  state.t += 1;
  const { kind, beta1, beta2, eps, weightDecay: wd, momentum } = settings;
  for (const [name, p] of Object.entries(params)) {
    let g = grads[name];
    if (kind === 'sgd') {
      if (wd > 0) g = tf.add(g, tf.mul(p, wd));
      if (momentum > 0) {
        const buf = state.slots.get(`${name}.momentum`)!;
        buf.assign(tf.add(tf.mul(buf, momentum), g));
        g = buf;
      }
      p.assign(tf.sub(p, tf.mul(g, lr)));
      continue;
    }
    let base: tf.Tensor = p;
    if (kind === 'adamw') {
      if (wd > 0) base = tf.mul(p, 1 - lr * wd);
    } else if (wd > 0) {
      g = tf.add(g, tf.mul(p, wd));
    }
    const m = state.slots.get(`${name}.m`)!;
    const v = state.slots.get(`${name}.v`)!;
    m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
    v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
    const bc1 = 1 - beta1 ** state.t;
    const bc2 = 1 - beta2 ** state.t;
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
    p.assign(tf.sub(base, tf.mul(tf.div(m, denom), lr / bc1)));
  }
}
