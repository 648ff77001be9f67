import { parseHTML } from 'linkedom';

/**
 * A DOM document for rendering figures in Node (linkedom: small and fast, no layout).
 *
 * @returns a fresh HTML document; pass it as the `document` option of any figure.
 * @example
 * ```ts
 * const doc = createDocument();
 * const svg = featureNorms([[1, 0], [0, 1]], { document: doc });
 * ```
 */
export function createDocument(): Document {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  return document as unknown as Document;
}
