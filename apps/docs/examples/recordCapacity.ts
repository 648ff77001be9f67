import {
  createModel,
  createRng,
  expectedRetrievalAccuracy,
  ItemMemory,
  KeyValueRecord,
  type ModelName,
} from '@hyperposition/hypervector';

/** Settings of one capacity measurement. */
export interface RecordCapacityOptions {
  /** VSA model; default 'MAP-I'. */
  model?: ModelName;
  /** Dimension d; default 1,000. */
  dim?: number;
  /** Items N in the value memory (the clean-up candidates); default 1,000. */
  items?: number;
  /** Records encoded per bundle size; default 4. */
  trials?: number;
  /** Seed; default 1. */
  seed?: number;
}

/** Measured and predicted accuracy of reading a record of K key-value pairs. */
export interface CapacityPoint {
  bundleSize: number;
  /** Fraction of keys read back correctly by arg-max clean-up. */
  measured: number;
  /** Frady, Kleyko and Sommer (2018): p = ∫ φ(h) Φ(h + √(d_eff/K))^(N−1) dh. */
  theory: number;
  /** Reads behind `measured` (trials × K). */
  reads: number;
}

/**
 * Encode records of K random key-value pairs, read every key back with clean-up against the N
 * values, and compare the fraction read correctly with the capacity theory.
 */
export function measureRecordCapacity(
  bundleSizes: readonly number[],
  options: RecordCapacityOptions = {},
): CapacityPoint[] {
  const { model = 'MAP-I', dim = 1000, items = 1000, trials = 4, seed = 1 } = options;
  const vsa = createModel(model, { dim });
  const rng = createRng(seed);
  const maxK = Math.max(...bundleSizes);
  const keyLabels = Array.from({ length: maxK }, (_, i) => `key${i}`);
  const valueLabels = Array.from({ length: items }, (_, i) => `value${i}`);
  const keys = ItemMemory.random(vsa, keyLabels, { rng });
  const values = ItemMemory.random(vsa, valueLabels, { rng });
  const record = new KeyValueRecord(keys, values);
  return bundleSizes.map((K) => {
    let correct = 0;
    for (let t = 0; t < trials; t++) {
      const pairs = keyLabels
        .slice(0, K)
        .map((key) => [key, valueLabels[rng.nextInt(items)]] as const);
      const r = record.encode(pairs);
      for (const [key, value] of pairs) if (record.get(r, key).label === value) correct++;
    }
    const theory = expectedRetrievalAccuracy({ dim, bundleSize: K, items, model });
    return { bundleSize: K, measured: correct / (trials * K), theory, reads: trials * K };
  });
}
