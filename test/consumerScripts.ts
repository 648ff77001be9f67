/**
 * The scripts the consumer smoke test runs in a fresh npm project, one per package. Each
 * checks a fact (not just that the import works) and prints `ok <name>` as its last line.
 */
export const smokeScripts: Record<string, string> = {
  hypervector: `
import { createRng } from '@hyperposition/hypervector';
const a = createRng(1), b = createRng(1);
if (a.nextUint32() !== b.nextUint32()) throw new Error('seeded generators differ');
console.log('ok hypervector');
`,
};
