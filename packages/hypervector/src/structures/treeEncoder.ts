import { checkKeys, fail } from '../errors.js';
import { checkRngArg, checkVector } from '../memory/check.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { Rng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';
import {
  bundleOf,
  checkMemory,
  lookup,
  type Resolved,
  resolveOptions,
  type StructureOptions,
} from './common.js';

/** A binary tree: a leaf label, or a pair `[left, right]` of subtrees. */
export type BinaryTree = string | readonly [BinaryTree, BinaryTree];

/** Options of {@link TreeEncoder}. */
export interface TreeOptions extends StructureOptions {
  /**
   * Seeded generator for the two role vectors (left and right), drawn once at construction,
   * then for one seed of the bundle tie-breaking (the same for every encode).
   */
  rng: Rng;
}

/**
 * Binary trees as bundles of leaves bound to their paths: a leaf reached by the moves
 * r_1 r_2 ... r_k (each L or R) contributes `P(path) ⊗ leaf` with the path vector
 * `P = rho^0(r_1) ⊗ rho^1(r_2) ⊗ ... ⊗ rho^{k-1}(r_k)` built from two random role vectors
 * (the powers of the permutation rho, {@link StructureOptions.permutation}, make depth matter, so L then R differs from R then L, and L L is not the
 * identity in self-inverse models); the tree is the bundle. A leaf is read by unbinding its
 * path and cleaning up (Plate 1995, "Holographic reduced representations", IEEE TNN
 * 6:623-641; Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.1.4).
 *
 * Paths are strings over 'L' and 'R' ('' is the root).
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4096, variant: 'B' });
 * const words = ItemMemory.random(vsa, ['the', 'cat', 'sat'], { rng: createRng(1) });
 * const trees = new TreeEncoder(words, { rng: createRng(2) });
 * const t = trees.encode([['the', 'cat'], 'sat']);
 * trees.leaf(t, 'LR').label; // returns 'cat'
 * ```
 */
export class TreeEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The leaf vectors. */
  readonly leaves: ItemMemory<V>;
  /** Role vector of a left move. */
  readonly left: V;
  /** Role vector of a right move. */
  readonly right: V;
  private readonly opts: Resolved;

  /**
   * @param leaves - the leaf vectors.
   * @param options - `{ rng, normalize, falsePositiveRate }`.
   */
  constructor(leaves: ItemMemory<V>, options: TreeOptions) {
    const fn = 'TreeEncoder';
    checkMemory(fn, 'leaves', leaves);
    if (typeof options !== 'object' || options === null)
      fail(fn, 'options', '{ rng }', options, 'type');
    checkKeys(fn, 'options', options, ['normalize', 'rng', 'falsePositiveRate', 'permutation']);
    const rng = checkRngArg(fn, 'options.rng', options.rng);
    this.model = leaves.model;
    this.leaves = leaves;
    this.opts = resolveOptions(fn, this.model, options, [], false);
    const roles = this.model.random(2, { rng });
    this.left = this.model.row(roles, 0);
    this.right = this.model.row(roles, 1);
    // The role vectors are drawn once; then one seed for the tie-breaking of every encode.
    this.opts.tieSeed = rng.nextUint32();
  }

  /**
   * The path vector of a path of 'L'/'R' moves (`''` gives the identity).
   *
   * @param path - the moves from the root.
   * @returns one vector `[model.length]`.
   */
  path(path: string): V {
    return this.pathOf('TreeEncoder.path', path);
  }

  /**
   * Encode a tree.
   *
   * @param tree - a leaf label or a nested pair of subtrees.
   * @returns one vector `[model.length]`.
   */
  encode(tree: BinaryTree): V {
    const fn = 'TreeEncoder.encode';
    const terms: V[] = [];
    const walk = (node: BinaryTree, path: string): void => {
      if (typeof node === 'string') {
        terms.push(
          this.model.bind(
            this.pathOf(fn, path),
            lookup(fn, `tree at path "${path}"`, this.leaves, node, 'leaves'),
          ),
        );
      } else if (Array.isArray(node) && node.length === 2) {
        walk(node[0], path + 'L');
        walk(node[1], path + 'R');
      } else {
        fail(fn, `tree at path "${path}"`, 'a leaf label or a [left, right] pair', node, 'type');
      }
    };
    walk(tree, '');
    return bundleOf(this.model, terms, this.opts);
  }

  /**
   * The leaf at `path`, cleaned up.
   *
   * @param tree - one vector `[model.length]`.
   * @param path - the moves from the root, e.g. `'LRR'`.
   * @returns the best match.
   */
  leaf(tree: V, path: string): Match {
    const fn = 'TreeEncoder.leaf';
    checkVector(fn, 'tree', this.model, tree);
    return this.leaves.query(this.model.unbind(tree, this.pathOf(fn, path)));
  }

  private pathOf(fn: string, path: string): V {
    if (typeof path !== 'string' || !/^[LR]*$/.test(path))
      fail(fn, 'path', "a string of 'L' and 'R'", path, 'type');
    let acc = this.model.identity();
    for (let k = 0; k < path.length; k++) {
      acc = this.model.bind(
        acc,
        this.opts.rho.apply(this.model, path[k] === 'L' ? this.left : this.right, k),
      );
    }
    return acc;
  }
}
