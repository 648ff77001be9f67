import { BSC, createArena, createRng } from '@hyperposition/hypervector';

/** A trigram bound in a vector arena and on ordinary arrays, and what the arena holds. */
export interface ArenaTrigram {
  /** Whether the two trigram vectors are identical, bit for bit. */
  same: boolean;
  /** Whether WebAssembly kernels served the arena. */
  accelerated: boolean;
  /** Bytes of the arena in use. */
  used: number;
}

/**
 * Encode the trigram (x, y, z) as permute(x, 2) XOR permute(y, 1) XOR z with BSC, once on
 * vectors kept in a vector arena (each binding a WebAssembly call on them, in place) and once
 * on ordinary arrays, and compare.
 */
export function arenaTrigram(dim = 10_000, seed = 1): ArenaTrigram {
  const bsc = BSC({ dim });
  const atoms = bsc.random(3, { rng: createRng(seed) });
  const [x, y, z] = [0, 1, 2].map((i) => bsc.row(atoms, i));

  const arena = createArena({ bytes: 1 << 16 });
  const [ax, ay, az] = [x, y, z].map((v) => arena.from(bsc, v));
  const px = arena.alloc(bsc);
  const py = arena.alloc(bsc);
  const gram = arena.alloc(bsc);
  bsc.bind(bsc.permute(ax, 2, px), bsc.permute(ay, 1, py), gram);
  bsc.bind(gram, az, gram);

  const plain = bsc.bind(bsc.bind(bsc.permute(x, 2), bsc.permute(y, 1)), z);
  const same = plain.every((w, i) => w === gram[i]);
  return { same, accelerated: arena.accelerated, used: arena.used };
}
