import { afterEach, describe, expect, it } from 'vitest';
import { createArena } from '../models/arena.js';
import { BSC } from '../models/bsc.js';
import { FHRR } from '../models/fhrr.js';
import { HRR } from '../models/hrr.js';
import { MAP } from '../models/map.js';
import { createRng } from '../random/rng.js';
import { nativeAddon } from './native.js';
import { setVsaFastCallsForTesting, setVsaNativeForTesting, vsaNative } from './vsa.js';

// BSC's XOR and bit rotation and the Float32 rows' shift as V8 fast API calls
// (native/fast.cc): the same bytes as the
// JavaScript loops and the Node-API functions, on every kernel build; false, with nothing
// written, for whatever they do not cover; and entered from optimised code.

type Xor = (a: Uint32Array, b: Uint32Array, o: Uint32Array) => boolean;
type Rotate = (a: Uint32Array, d: number, s: number, o: Uint32Array) => boolean;
type Shift = (a: Float32Array, o: Float32Array, L: number, sh: number) => boolean;

const addon = nativeAddon();
const nat = vsaNative();
const fastXor = nat?.vsaFastXorU32 as Xor | undefined;
const fastRotate = nat?.vsaFastRotateBits as Rotate | undefined;
const fastShift = nat?.vsaFastShiftF32 as Shift | undefined;
// V8 11.3 (Node 20), 12.4 (Node 22) and 13.6 (Node 24) are the versions fast_api.h declares;
// the build registers the calls there.
const expected =
  addon !== null &&
  /^(11\.3|12\.4|13\.6)\./.test(process.versions.v8) &&
  process.env.HYPERPOSITION_FAST_CALLS !== '0';
const isas: string[] = [];
if (nat !== null) {
  const first = nat.vsaIsa('query');
  for (const isa of ['avx512', 'avx2', 'base']) if (nat.vsaIsa(isa) === isa) isas.push(isa);
  nat.vsaIsa(first);
}

afterEach(() => {
  setVsaNativeForTesting(true);
  setVsaFastCallsForTesting(true);
});

function words(n: number, seed: number): Uint32Array {
  const rng = createRng(seed);
  const x = new Uint32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.nextUint32();
  return x;
}

/**
 * Calls `call` in batches of 10,000 until more than `want` calls entered a fast path, or 3
 * million calls: TurboFan optimises a call site after about 10^4 calls on V8 11.3, later on
 * 12.4 (whose mid tier, Maglev, calls the slow entry). Returns the fast entries counted.
 */
function untilFast(call: (i: number) => void, want: number): number {
  const start = nat!.vsaFastEntries();
  for (let i = 0; i < 3_000_000 && nat!.vsaFastEntries() - start <= want;)
    for (const end = i + 10_000; i < end; i++) call(i);
  return nat!.vsaFastEntries() - start;
}

/** Runs fn on each kernel build, restoring the one in use. */
function onEachIsa(fn: (isa: string) => void): void {
  const before = nat!.vsaIsa('query');
  try {
    for (const isa of isas) {
      expect(nat!.vsaIsa(isa)).toBe(isa);
      fn(isa);
    }
  } finally {
    nat!.vsaIsa(before);
  }
}

describe('V8 fast API calls (BSC XOR and rotation)', () => {
  it('are registered where the addon is built for this V8 (11.3, 12.4 or 13.6), and absent elsewhere', () => {
    expect(fastXor !== undefined).toBe(expected);
    expect(fastRotate !== undefined).toBe(expected);
    expect(fastShift !== undefined).toBe(expected);
  });

  describe.runIf(fastXor !== undefined && fastRotate !== undefined && fastShift !== undefined)(
    'where registered',
    () => {
      const xor = fastXor!;
      const rotate = fastRotate!;
      const shift = fastShift!;

      it("the Float32 shift gives the general path's bytes, one row and several", () => {
        for (const [name, m] of [
          ['HRR', HRR({ dim: 10_000 })],
          ['FHRR', FHRR({ dim: 1000 })],
          ['MAP-C', MAP({ dim: 257, variant: 'C' })],
        ] as const) {
          const x = m.random(3, { rng: createRng(31) }) as Float32Array;
          const L = m.length;
          const stride = L / m.units;
          for (const k of [0, 1, 2, 7, m.units - 1, m.units >> 1]) {
            setVsaNativeForTesting(false);
            const want = m.permute(x, k) as Float32Array;
            setVsaNativeForTesting(true);
            const o = new Float32Array(3 * L);
            expect(shift(x, o, L, k * stride), `${name}, k = ${k}`).toBe(true);
            expect(o).toEqual(want);
            const one = new Float32Array(L);
            expect(shift(x.subarray(0, L), one, L, k * stride)).toBe(true);
            expect(one).toEqual(want.subarray(0, L));
          }
        }
        // NaN payloads and signed zeros move as bits.
        const odd = new Float32Array([NaN, -0, 0, Infinity, -Infinity, 1e-45]);
        const got = new Float32Array(6);
        expect(shift(odd, got, 6, 2)).toBe(true);
        expect(new Uint32Array(got.buffer)).toEqual(
          new Uint32Array(new Float32Array([-Infinity, 1e-45, NaN, -0, 0, Infinity]).buffer),
        );
      });

      it('the Float32 shift refuses what it does not cover, writing nothing', () => {
        const L = 64;
        const buf = new Float32Array(3 * L).map((_, i) => i + 0.5);
        const before = buf.slice();
        const a = buf.subarray(0, L);
        expect(shift(a, buf.subarray(0, L), L, 3)).toBe(false);
        expect(shift(a, buf.subarray(L - 1, 2 * L - 1), L, 3)).toBe(false);
        expect(shift(a, new Float32Array(L), L, L + 1)).toBe(false);
        expect(shift(a, new Float32Array(L), 0, 0)).toBe(false);
        expect(shift(a, new Float32Array(L), L - 1, 0)).toBe(false);
        expect(shift(a, new Float32Array(L - 1), L, 1)).toBe(false);
        expect(shift(new Float32Array(0), new Float32Array(0), 1, 0)).toBe(false);
        const i32 = new Int32Array(L) as unknown as Float32Array;
        expect(shift(a, i32, L, 1)).toBe(false);
        expect(buf).toEqual(before);
      });

      it('XOR gives the JavaScript bytes, in place and on disjoint rows of one buffer', () => {
        onEachIsa(() => {
          for (const n of [1, 7, 8, 9, 313, 1000, 4099]) {
            const a = words(n, n);
            const b = words(n, n + 1);
            const want = a.map((x, i) => x ^ b[i]);
            const o = new Uint32Array(n);
            expect(xor(a, b, o)).toBe(true);
            expect(o).toEqual(want);
            const c = a.slice();
            expect(xor(c, b, c)).toBe(true);
            expect(c).toEqual(want);
            const buf = new Uint32Array(3 * n);
            buf.set(a);
            buf.set(b, n);
            expect(xor(buf.subarray(0, n), buf.subarray(n, 2 * n), buf.subarray(2 * n))).toBe(true);
            expect(buf.subarray(2 * n)).toEqual(want);
          }
        });
      });

      it('rotation gives the JavaScript bytes for every shift class, one row and several', () => {
        for (const d of [1, 31, 32, 33, 100, 511, 512, 513, 1000, 4099, 10_000]) {
          const m = BSC({ dim: d });
          const x = m.random(3, { rng: createRng(d) });
          const L = m.length;
          const shifts = [0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, d >> 1, d - 33, d - 1];
          const ks = [...new Set(shifts.filter((s) => s >= 0 && s < d))];
          setVsaNativeForTesting(false);
          const want = ks.map((k) => m.permute(x, k));
          setVsaNativeForTesting(true);
          onEachIsa((isa) => {
            ks.forEach((s, i) => {
              const o = new Uint32Array(3 * L);
              expect(rotate(x, d, s, o)).toBe(true);
              expect(o, `d = ${d}, s = ${s}, ${isa}`).toEqual(want[i]);
              const one = new Uint32Array(L);
              expect(rotate(x.subarray(0, L), d, s, one)).toBe(true);
              expect(one).toEqual(want[i].subarray(0, L));
            });
          });
        }
      });

      it('refuse what they do not cover, writing nothing', () => {
        const n = 64;
        const a = words(n, 1);
        const b = words(n, 2);
        const buf = words(3 * n, 3);
        const before = buf.slice();
        // Lengths that differ, empty arrays, other element types, missing arguments.
        expect(xor(a, b.subarray(1), buf.subarray(0, n))).toBe(false);
        expect(xor(a, b, buf.subarray(0, n - 1))).toBe(false);
        expect(xor(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0))).toBe(false);
        const i32 = new Int32Array(buf.buffer, 0, n) as unknown as Uint32Array;
        expect(xor(a, b, i32)).toBe(false);
        expect((xor as (...args: unknown[]) => boolean)(a, b)).toBe(false);
        // An output that partly overlaps an operand (in place is allowed), also through a second
        // SharedArrayBuffer object over the same memory.
        for (const shift of [1, n - 1]) {
          const o = buf.subarray(shift, shift + n);
          expect(xor(buf.subarray(0, n), b, o)).toBe(false);
          expect(xor(a, buf.subarray(0, n), o)).toBe(false);
        }
        const sab = new SharedArrayBuffer(4 * 2 * n);
        const alias = structuredClone(sab);
        const shared = new Uint32Array(sab);
        shared.set(a);
        const sharedBefore = shared.slice();
        expect(xor(shared.subarray(0, n), b, new Uint32Array(alias, 4, n))).toBe(false);
        expect(shared).toEqual(sharedBefore);
        // Rotation: any shared byte, the same span included; d and s out of range; lengths not
        // a whole number of rows of d bits.
        const d = 32 * n - 5;
        expect(rotate(buf.subarray(0, n), d, 3, buf.subarray(0, n))).toBe(false);
        expect(rotate(buf.subarray(0, n), d, 3, buf.subarray(n - 1, 2 * n - 1))).toBe(false);
        expect(rotate(a, d, d, buf.subarray(0, n))).toBe(false);
        expect(rotate(a, 0, 0, buf.subarray(0, n))).toBe(false);
        expect(rotate(a, d, -1, buf.subarray(0, n))).toBe(false);
        expect(rotate(a, 32 * n + 1, 3, buf.subarray(0, n))).toBe(false);
        expect(rotate(a.subarray(0, n - 1), d, 3, buf.subarray(0, n - 1))).toBe(false);
        expect(rotate(a, d, 3, i32)).toBe(false);
        expect(buf).toEqual(before);
        // Numbers are taken as `x >>> 0` takes them, by both entry points (V8 truncates a
        // number passed to a fast call's uint32_t parameter so): 2^32 + d is d, d + 0.5 is d.
        const row = words(n, 9);
        const want = new Uint32Array(n);
        expect(rotate(row, d, 3, want)).toBe(true);
        for (const [dd, ss] of [
          [2 ** 32 + d, 3],
          [d + 0.5, 3],
          [d, 3.75],
          [d, 2 ** 32 + 3],
        ]) {
          const got = new Uint32Array(n);
          expect(rotate(row, dd, ss, got)).toBe(true);
          expect(got).toEqual(want);
        }
        expect(rotate(row, Number.NaN, 3, new Uint32Array(n))).toBe(false);
        expect((rotate as (...args: unknown[]) => boolean)(row, '10', 3, new Uint32Array(n))).toBe(
          false,
        );
      });

      it('are entered from optimised code, with the same results and refusals there', () => {
        const n = 313;
        const a = words(n, 4);
        const b = words(n, 5);
        const o = new Uint32Array(n);
        const want = a.map((x, i) => x ^ b[i]);
        // One call site, hot enough for TurboFan.
        const hot = (x: Uint32Array, y: Uint32Array, z: Uint32Array): boolean => xor(x, y, z);
        expect(untilFast(() => hot(a, b, o), 100_000)).toBeGreaterThan(100_000);
        expect(o).toEqual(want);
        // Optimised: a partial overlap is refused there too, nothing written.
        const buf = words(2 * n, 6);
        const kept = buf.slice();
        const [x, y] = [buf.subarray(0, n), buf.subarray(1, n + 1)];
        let calls = 0;
        let refused = 0;
        const refusedFast = untilFast(() => {
          calls++;
          if (!hot(x, b, y)) refused++;
        }, 25_000);
        expect(refusedFast).toBeGreaterThan(25_000);
        expect(refused).toBe(calls);
        expect(buf).toEqual(kept);
        // The rotation's call site as well.
        const d = 10_000;
        const r = new Uint32Array(n);
        const spin = (s: number): boolean => rotate(a, d, s, r);
        let last = 0;
        const rotations = untilFast((i) => spin((last = i % d)), 100_000);
        expect(rotations).toBeGreaterThan(100_000);
        const m = BSC({ dim: d });
        setVsaNativeForTesting(false);
        const wantRot = m.permute(a, last);
        setVsaNativeForTesting(true);
        expect(r).toEqual(wantRot);
        // And the Float32 shift's, through the model (HRR's permutation of one vector, at a size
        // where the model takes the native path).
        const h = HRR({ dim: 10_000 });
        const v = h.random(1, { rng: createRng(8) });
        const w = h.alloc(1);
        expect(untilFast(() => h.permute(v, 3, w), 50_000)).toBeGreaterThan(50_000);
        setVsaNativeForTesting(false);
        expect(w).toEqual(h.permute(v, 3));
        setVsaNativeForTesting(true);
      });

      it('in optimised code, small in-heap arrays and detached ones are handled as documented', () => {
        const entries = () => nat!.vsaFastEntries();
        // V8 13.6 (Node 24) hands arrays over as values: one that V8 keeps inside its heap (made
        // without an ArrayBuffer, 64 bytes at most, and not yet moved out of it, as the slow
        // entry's Buffer() does) is refused there, nothing written; 11.3 and 12.4 pass its
        // data pointer and do the work.
        const inHeapRefused = process.versions.v8.startsWith('13.6.');
        const hot = (x: Uint32Array, y: Uint32Array, z: Uint32Array): boolean => xor(x, y, z);
        const big = [words(17, 1), words(17, 2), new Uint32Array(17)] as const;
        expect(untilFast(() => hot(...big), 25_000)).toBeGreaterThan(25_000);
        // Fresh arrays of 16 words, each used once, from the optimised call site.
        let fastCalls = 0;
        for (let t = 0; t < 100; t++) {
          const a = words(16, 100 + t);
          const b = words(16, 300 + t);
          const o = new Uint32Array(16).fill(7);
          const before = entries();
          const did = hot(a, b, o);
          if (entries() - before !== 1) continue; // not from the fast entry (a deoptimisation)
          fastCalls++;
          if (inHeapRefused) {
            expect(did).toBe(false);
            expect(o).toEqual(new Uint32Array(16).fill(7));
          } else {
            expect(did).toBe(true);
            expect(o).toEqual(a.map((x, i) => x ^ b[i]));
          }
        }
        expect(fastCalls).toBeGreaterThan(90);
        // A detached array (length 0) is refused on every version, nothing written.
        const n = 313;
        const a = words(n, 60);
        const o = new Uint32Array(n).fill(9);
        const gone = new Uint32Array(n);
        structuredClone(gone.buffer, { transfer: [gone.buffer] });
        expect(gone.length).toBe(0);
        for (let i = 0; i < 50_000; i++) expect(hot(gone, a, o)).toBe(false);
        expect(o).toEqual(new Uint32Array(n).fill(9));
      });

      it('with the fast calls off, permutations take the other paths, with the same bytes', () => {
        const arena = createArena({ bytes: 1 << 20 });
        for (const m of [HRR({ dim: 10_000 }), HRR({ dim: 2048 }), FHRR({ dim: 1000 })]) {
          const x = m.random(2, { rng: createRng(5) });
          const one = m.row(x, 0).slice();
          const A = arena.from(m, one);
          const O = arena.alloc(m, 1);
          const outs = (): Float32Array[] => [
            m.permute(x, 3).slice(),
            m.permute(one, 3, m.alloc(1)).slice(),
            m.permute(A, 3, O).slice(),
          ];
          const fast = outs();
          setVsaFastCallsForTesting(false);
          const slow = outs();
          setVsaFastCallsForTesting(true);
          setVsaNativeForTesting(false);
          const js = outs();
          setVsaNativeForTesting(true);
          expect(fast).toEqual(js);
          expect(slow).toEqual(js);
        }
      });

      it('the model takes them for one vector, and the Node-API functions without them', () => {
        const m = BSC({ dim: 10_000 });
        const x = m.random(2, { rng: createRng(7) });
        const a = m.row(x, 0).slice();
        const b = m.row(x, 1).slice();
        const o = m.alloc(1);
        const before = nat!.vsaFastEntries();
        const fast = { bind: m.bind(a, b, o).slice(), perm: m.permute(a, 77, o).slice() };
        setVsaFastCallsForTesting(false);
        const slow = { bind: m.bind(a, b, o).slice(), perm: m.permute(a, 77, o).slice() };
        expect(vsaNative()?.vsaFastXorU32).toBeUndefined();
        setVsaFastCallsForTesting(true);
        setVsaNativeForTesting(false);
        const js = { bind: m.bind(a, b), perm: m.permute(a, 77) };
        expect(fast).toEqual(js);
        expect(slow).toEqual(js);
        // Not optimised yet: the slow entry points (no fast entries counted).
        expect(nat!.vsaFastEntries()).toBe(before);
      });
    },
  );
});
