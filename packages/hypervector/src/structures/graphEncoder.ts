import { fail } from '../errors.js';
import { checkVector } from '../memory/check.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { HVArray, VSAModel } from '../types.js';
import {
  bundleOf,
  checkList,
  checkMemory,
  checkPairArg,
  lookup,
  type Resolved,
  resolveOptions,
  type StructureOptions,
} from './common.js';

/** Options of {@link GraphEncoder}. */
export interface GraphOptions extends StructureOptions {
  /** Directed edges (default false): edge a -> b is `a ⊗ rho(b)` instead of `a ⊗ b`. */
  directed?: boolean;
}

/**
 * Graphs as bundles of edges: an undirected edge {a, b} is `a ⊗ b`, a directed edge a -> b is
 * `a ⊗ rho(b)` (the permutation rho, {@link StructureOptions.permutation}, marks the head), and the graph is the bundle of its edges
 * (Poduval, Alimohamadi, Zakeri, Imani, Najafi, Givargis and Imani 2022, "GrapHD";
 * Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.1.4). Unbinding a node leaves the
 * bundle of its neighbours plus noise, decoded against the nodes with the chance threshold.
 * Every model here binds commutatively, which the predecessor query relies on.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4096, variant: 'I' });
 * const nodes = ItemMemory.random(vsa, ['a', 'b', 'c', 'd'], { rng: createRng(3) });
 * const graphs = new GraphEncoder(nodes, { directed: true });
 * const g = graphs.encode([['a', 'b'], ['a', 'c'], ['c', 'd']]);
 * graphs.successors(g, 'a').map((m) => m.label).sort(); // returns ['b', 'c']
 * ```
 */
export class GraphEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The node vectors. */
  readonly nodes: ItemMemory<V>;
  /** Whether edges are directed. */
  readonly directed: boolean;
  /** Similarity above which a node counts as a neighbour (or an edge as present). */
  readonly threshold: number;
  private readonly opts: Resolved;

  /**
   * @param nodes - the node vectors.
   * @param options - `{ directed, normalize, rng, falsePositiveRate }`.
   */
  constructor(nodes: ItemMemory<V>, options?: GraphOptions) {
    checkMemory('GraphEncoder', 'nodes', nodes);
    this.model = nodes.model;
    this.nodes = nodes;
    this.opts = resolveOptions('GraphEncoder', this.model, options, ['directed']);
    const directed = options?.directed ?? false;
    if (typeof directed !== 'boolean')
      fail('GraphEncoder', 'options.directed', 'a boolean', directed, 'type');
    this.directed = directed;
    this.threshold = this.opts.threshold;
  }

  /**
   * The vector of one edge.
   *
   * @param from - tail label.
   * @param to - head label.
   * @returns `from ⊗ to` (undirected) or `from ⊗ rho(to)` (directed).
   */
  edge(from: string, to: string): V {
    return this.edgeOf('GraphEncoder.edge', 'from', from, 'to', to);
  }

  /**
   * Encode a graph.
   *
   * @param edges - `[from, to]` label pairs, at least one.
   * @returns one vector `[model.length]`.
   */
  encode(edges: readonly (readonly [string, string])[]): V {
    const fn = 'GraphEncoder.encode';
    checkList(fn, 'edges', edges);
    edges.forEach((e, i) => checkPairArg(fn, `edges[${i}]`, e, '[from, to]'));
    return bundleOf(
      this.model,
      edges.map(([a, b], i) => this.edgeOf(fn, `edges[${i}][0]`, a, `edges[${i}][1]`, b)),
      this.opts,
    );
  }

  /**
   * Neighbours of `node` (undirected graphs), or its successors (directed graphs).
   *
   * @param graph - one vector `[model.length]`.
   * @param node - a node label.
   * @returns the nodes above the threshold, most similar first.
   */
  neighbours(graph: V, node: string): Match[] {
    return this.query('GraphEncoder.neighbours', graph, node, 'out');
  }

  /**
   * Successors of `node`: heads of the edges leaving it (same as neighbours when undirected).
   *
   * @param graph - one vector `[model.length]`.
   * @param node - a node label.
   * @returns the nodes above the threshold, most similar first.
   */
  successors(graph: V, node: string): Match[] {
    return this.query('GraphEncoder.successors', graph, node, 'out');
  }

  /**
   * Predecessors of `node`: tails of the edges entering it (same as neighbours when undirected).
   *
   * @param graph - one vector `[model.length]`.
   * @param node - a node label.
   * @returns the nodes above the threshold, most similar first.
   */
  predecessors(graph: V, node: string): Match[] {
    return this.query('GraphEncoder.predecessors', graph, node, 'in');
  }

  /**
   * Whether the edge is in the graph (similarity of the graph and the edge vector above the threshold).
   *
   * @param graph - one vector `[model.length]`.
   * @param from - tail label.
   * @param to - head label.
   * @returns the decision.
   */
  hasEdge(graph: V, from: string, to: string): boolean {
    const fn = 'GraphEncoder.hasEdge';
    checkVector(fn, 'graph', this.model, graph);
    return (
      this.model.similarity(graph, this.edgeOf(fn, 'from', from, 'to', to))[0] >= this.threshold
    );
  }

  private edgeOf(fn: string, argA: string, a: string, argB: string, b: string): V {
    const x = lookup(fn, argA, this.nodes, a, 'nodes');
    const y = lookup(fn, argB, this.nodes, b, 'nodes');
    return this.model.bind(x, this.directed ? this.opts.rho.apply(this.model, y, 1) : y);
  }

  private query(fn: string, graph: V, node: string, direction: 'out' | 'in'): Match[] {
    checkVector(fn, 'graph', this.model, graph);
    const x = lookup(fn, 'node', this.nodes, node, 'nodes');
    let q: V;
    if (!this.directed) q = this.model.unbind(graph, x);
    else if (direction === 'out')
      q = this.opts.rho.apply(this.model, this.model.unbind(graph, x), -1);
    else q = this.model.unbind(graph, this.opts.rho.apply(this.model, x, 1));
    // A node is not its own neighbour: self-loops are not represented.
    return this.nodes.threshold(q, this.threshold).filter((m) => m.label !== node);
  }
}
