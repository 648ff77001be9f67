;; VSA kernels with WebAssembly SIMD (128-bit): byte products and exact byte sums with signs
;; (MAP-B), XOR of packed words (BSC), row rotations (permutations in vector arenas), complex
;; products (FHRR), Float32 row sums into Float64 (HRR, FHRR, MAP-C bundles), and the stages
;; of the mixed-radix FFT with the spectrum step of the real convolution (HRR).
;; Source of src/wasm/vsaBytes.ts: regenerate with `pnpm --filter @hyperposition/hypervector wasm`.
;;
;; All pointers are byte offsets into the exported memory; sizes are in elements. The callers
;; (src/wasm/vsa.ts, src/kernels/fft.ts) lay the operands out and check every size, so the
;; kernels have no bounds checks. Every kernel computes exactly what the scalar JavaScript
;; kernels of src/kernels compute (the float kernels in Float64, the complex products in
;; Float32, in the same order of operations, without fused multiply-adds), so both paths give
;; bit-identical results.
(module
  (memory (export "memory") 1)

  ;; o[i] = a[i] * b[i] (Int8, wrapping) for i < n. From 16-bit products (only the low byte of
  ;; a byte product matters): the low 16 bits of x * y hold the even bytes' product in their
  ;; low byte; (x >> 8) * (y & 0xff00) the odd bytes' product in their high byte.
  (func (export "mulI8") (param $pa i32) (param $pb i32) (param $po i32) (param $n i32)
    (local $i i32) (local $x v128) (local $y v128) (local $m v128)
    (local.set $m (v128.const i16x8 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $x (v128.load (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.load (i32.add (local.get $pb) (local.get $i))))
        (v128.store (i32.add (local.get $po) (local.get $i))
          (v128.bitselect
            (i16x8.mul (i16x8.shr_u (local.get $x) (i32.const 8))
                       (v128.and (local.get $y) (local.get $m)))
            (i16x8.mul (local.get $x) (local.get $y))
            (local.get $m)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (block $done2
      (loop $l2
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $po) (local.get $i))
          (i32.mul
            (i32.load8_s (i32.add (local.get $pa) (local.get $i)))
            (i32.load8_s (i32.add (local.get $pb) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l2))))

  ;; o = a XOR b over n bytes (n a multiple of 4: packed BSC words). In place (o = a or o = b)
  ;; is safe: each block is read before it is written. Four vectors a step, the pointers
  ;; advanced and the exit tested at the bottom (one branch a step: a vector of 10,000 bits,
  ;; 1,252 bytes, is only about 80 vectors, so the loop's own instructions count).
  (func (export "xorU32") (param $pa i32) (param $pb i32) (param $po i32) (param $n i32)
    (local $end i32) (local $e64 i32)
    (local.set $end (i32.add (local.get $pa) (local.get $n)))
    (local.set $e64 (i32.add (local.get $pa) (i32.and (local.get $n) (i32.const -64))))
    (if (i32.lt_u (local.get $pa) (local.get $e64))
      (then
        (loop $l
          (v128.store offset=0 (local.get $po)
            (v128.xor (v128.load offset=0 (local.get $pa)) (v128.load offset=0 (local.get $pb))))
          (v128.store offset=16 (local.get $po)
            (v128.xor (v128.load offset=16 (local.get $pa))
                      (v128.load offset=16 (local.get $pb))))
          (v128.store offset=32 (local.get $po)
            (v128.xor (v128.load offset=32 (local.get $pa))
                      (v128.load offset=32 (local.get $pb))))
          (v128.store offset=48 (local.get $po)
            (v128.xor (v128.load offset=48 (local.get $pa))
                      (v128.load offset=48 (local.get $pb))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
          (local.set $po (i32.add (local.get $po) (i32.const 64)))
          (br_if $l (i32.lt_u (local.get $pa) (local.get $e64))))))
    (block $done
      (loop $l2
        (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
        (i32.store (local.get $po) (i32.xor (i32.load (local.get $pa)) (i32.load (local.get $pb))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (local.set $po (i32.add (local.get $po) (i32.const 4)))
        (br $l2))))

  ;; Each of `rows` rows of `row` bytes rotated right by `sh` bytes (0 <= sh <= row): the
  ;; row's first row - sh bytes to o + sh, its last sh bytes to o. a and o must not overlap.
  (func (export "rotate") (param $pa i32) (param $po i32) (param $row i32) (param $sh i32)
    (param $rows i32)
    (local $r i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (memory.copy (i32.add (local.get $po) (local.get $sh)) (local.get $pa)
          (i32.sub (local.get $row) (local.get $sh)))
        (memory.copy (local.get $po)
          (i32.sub (i32.add (local.get $pa) (local.get $row)) (local.get $sh)) (local.get $sh))
        (local.set $pa (i32.add (local.get $pa) (local.get $row)))
        (local.set $po (i32.add (local.get $po) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $l))))

  ;; Word i of the packed row at byte offset p for the bit rotation below: 0 outside [0, L)
  ;; (i is compared unsigned, so negative indices are outside too), the last word masked.
  (func $wordAt (param $p i32) (param $i i32) (param $L i32) (param $mask i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $i) (local.get $L))
      (then (i32.const 0))
      (else
        (i32.and
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
          (select (local.get $mask) (i32.const -1)
            (i32.eq (local.get $i) (i32.sub (local.get $L) (i32.const 1))))))))

  ;; Each of `rows` packed rows of d bits (L = ceil(d / 32) words; padding bits above d are
  ;; ignored and written as 0) rotated by s in [0, d): output bit (j + s) mod d = input bit j.
  ;; As a d-bit number X, the output is (X << s) | (X >> (d - s)) over d bits: the first term
  ;; word by word from two input words (q = s >> 5 apart, shifted by r = s & 31), a vector at a
  ;; time in the run for r; the second term, nonzero only below bit s, ORed in the same way by
  ;; the OR run for r2 = (d - s) & 31 (vectors where no index leaves the row or reads its last
  ;; word, whose padding bits must be masked here). a and o must not overlap.
  (func (export "rotateBits") (param $pa i32) (param $po i32) (param $d i32) (param $s i32)
    (param $rows i32)
    (local $L i32) (local $mask i32) (local $q i32) (local $r i32) (local $q2 i32) (local $r2 i32)
    (local $z i32) (local $z2 i32) (local $w i32) (local $wq i32) (local $row i32)
    (local $p i32) (local $nv i32)
    (local.set $L (i32.shr_u (i32.add (local.get $d) (i32.const 31)) (i32.const 5)))
    (local.set $mask
      (select
        (i32.sub (i32.shl (i32.const 1) (i32.and (local.get $d) (i32.const 31))) (i32.const 1))
        (i32.const -1)
        (i32.and (local.get $d) (i32.const 31))))
    (local.set $q (i32.shr_u (local.get $s) (i32.const 5)))
    (local.set $r (i32.and (local.get $s) (i32.const 31)))
    (local.set $q2 (i32.shr_u (i32.sub (local.get $d) (local.get $s)) (i32.const 5)))
    (local.set $r2 (i32.and (i32.sub (local.get $d) (local.get $s)) (i32.const 31)))
    ;; The second word of each pair is shifted by 32 - r: by nothing when r = 0 (zeroed).
    (local.set $z (select (i32.const -1) (i32.const 0) (local.get $r)))
    (local.set $z2 (select (i32.const -1) (i32.const 0) (local.get $r2)))
    ;; The last output word with bits below s (-1: none).
    (local.set $wq (i32.sub (i32.shr_u (i32.add (local.get $s) (i32.const 31)) (i32.const 5))
                            (i32.const 1)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        ;; X << s. Stray padding bits of the last input word only move further up, past bit d
        ;; (cleared at the end) or past the row (never written), so this term reads the words
        ;; as they are. Words below q are 0 (all their sources lie below the row).
        (local.set $w (select (local.get $L) (local.get $q) (i32.lt_s (local.get $L) (local.get $q))))
        (if (local.get $w)
          (then (memory.fill (local.get $po) (i32.const 0) (i32.shl (local.get $w) (i32.const 2)))))
        ;; Word q: input word 0 shifted (the word below it is outside the row).
        (if (i32.lt_s (local.get $q) (local.get $L))
          (then
            (i32.store (i32.add (local.get $po) (i32.shl (local.get $q) (i32.const 2)))
              (i32.shl (i32.load (local.get $pa)) (local.get $r)))
            (local.set $w (i32.add (local.get $q) (i32.const 1)))))
        ;; Then whole vectors while w + 3 < L, in one call of the run for r (its shifts are
        ;; constants: a shift by a count known only at run time costs V8 three more
        ;; instructions), and single words: every source in the row.
        (local.set $nv (i32.shr_u (i32.sub (local.get $L) (local.get $w)) (i32.const 2)))
        (if (local.get $nv)
          (then
            (call_indirect (type $run)
              (i32.add (local.get $pa)
                       (i32.shl (i32.sub (i32.sub (local.get $w) (local.get $q)) (i32.const 1))
                                (i32.const 2)))
              (i32.add (local.get $po) (i32.shl (local.get $w) (i32.const 2)))
              (local.get $nv)
              (local.get $r))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $nv) (i32.const 2))))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $w) (local.get $L)))
            (local.set $p (i32.add (local.get $pa)
              (i32.shl (i32.sub (local.get $w) (local.get $q)) (i32.const 2))))
            (i32.store (i32.add (local.get $po) (i32.shl (local.get $w) (i32.const 2)))
              (i32.or
                (i32.shl (i32.load (local.get $p)) (local.get $r))
                (i32.and (local.get $z)
                  (i32.shr_u (i32.load (i32.sub (local.get $p) (i32.const 4)))
                             (i32.sub (i32.const 32) (local.get $r))))))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $tail)))
        ;; | X >> (d - s), words 0..wq: vectors while w + 3 <= wq and w + 3 + q2 + 1 <= L - 2,
        ;; that is w <= min(wq - 3, L - 6 - q2), in one call of the OR run for r2; then words.
        (local.set $nv
          (select (i32.sub (local.get $wq) (i32.const 3))
                  (i32.sub (i32.sub (local.get $L) (i32.const 6)) (local.get $q2))
                  (i32.lt_s (i32.sub (local.get $wq) (i32.const 3))
                            (i32.sub (i32.sub (local.get $L) (i32.const 6)) (local.get $q2)))))
        (local.set $nv
          (select (i32.add (i32.shr_s (local.get $nv) (i32.const 2)) (i32.const 1)) (i32.const 0)
                  (i32.ge_s (local.get $nv) (i32.const 0))))
        (if (local.get $nv)
          (then
            (call_indirect (type $run)
              (i32.add (local.get $pa) (i32.shl (local.get $q2) (i32.const 2)))
              (local.get $po)
              (local.get $nv)
              (i32.add (local.get $r2) (i32.const 32)))))
        (local.set $w (i32.shl (local.get $nv) (i32.const 2)))
        (block $qTailDone
          (loop $qTail
            (br_if $qTailDone (i32.gt_s (local.get $w) (local.get $wq)))
            (i32.store (i32.add (local.get $po) (i32.shl (local.get $w) (i32.const 2)))
              (i32.or
                (i32.load (i32.add (local.get $po) (i32.shl (local.get $w) (i32.const 2))))
                (i32.or
                  (i32.shr_u (call $wordAt (local.get $pa) (i32.add (local.get $w) (local.get $q2))
                                           (local.get $L) (local.get $mask)) (local.get $r2))
                  (i32.and (local.get $z2)
                    (i32.shl
                      (call $wordAt (local.get $pa)
                        (i32.add (i32.add (local.get $w) (local.get $q2)) (i32.const 1))
                        (local.get $L) (local.get $mask))
                      (i32.sub (i32.const 32) (local.get $r2)))))))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $qTail)))
        ;; Padding bits of the last word written as 0.
        (local.set $p (i32.add (local.get $po)
          (i32.shl (i32.sub (local.get $L) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $p) (i32.and (i32.load (local.get $p)) (local.get $mask)))
        (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $L) (i32.const 2))))
        (local.set $po (i32.add (local.get $po) (i32.shl (local.get $L) (i32.const 2))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop))))

  ;; The runs of rotateBits, generated when the module is assembled (scripts/build-wasm.mjs):
  ;; table entries 0 to 31 the runs `$shlRun<r>` (src, dst, n): n vectors of
  ;; (w << r) | (w - 4 bytes >> (32 - r)) for the words w from src + 4, r = 0 a copy; entries
  ;; 32 to 63 the OR runs `$shrOrRun<r>`: dst |= (src >> r) | (src + 4 bytes << (32 - r)),
  ;; r = 0 dst |= src. Each has its shift counts as constants.
  ;;@generate bit-shift-runs

  ;; acc[j] += sum_r rows[r * d + j] for j < d, r < n (n <= 256): Int8 rows, Int32 sums.
  ;; Strips of 64 columns (one cache line of each row) are summed over all rows in eight
  ;; i16x8 registers (256 rows of Int8 cannot leave Int16), then widened into the Int32 sums;
  ;; then strips of 16 columns, then single columns.
  (func (export "sumI8") (param $p i32) (param $n i32) (param $d i32) (param $pacc i32)
    (local $j i32) (local $q i32) (local $end i32) (local $v v128) (local $a i32) (local $s i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (block $done64
      (loop $strip64
        (br_if $done64 (i32.gt_u (i32.add (local.get $j) (i32.const 64)) (local.get $d)))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0))
        (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $s4 (v128.const i32x4 0 0 0 0))
        (local.set $s5 (v128.const i32x4 0 0 0 0))
        (local.set $s6 (v128.const i32x4 0 0 0 0))
        (local.set $s7 (v128.const i32x4 0 0 0 0))
        (local.set $q (i32.add (local.get $p) (local.get $j)))
        (local.set $end (i32.add (local.get $q) (i32.mul (local.get $n) (local.get $d))))
        (block $rdone64
          (loop $rows64
            (br_if $rdone64 (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $v (v128.load (local.get $q)))
            (local.set $s0 (i16x8.add (local.get $s0) (i16x8.extend_low_i8x16_s (local.get $v))))
            (local.set $s1 (i16x8.add (local.get $s1) (i16x8.extend_high_i8x16_s (local.get $v))))
            (local.set $v (v128.load offset=16 (local.get $q)))
            (local.set $s2 (i16x8.add (local.get $s2) (i16x8.extend_low_i8x16_s (local.get $v))))
            (local.set $s3 (i16x8.add (local.get $s3) (i16x8.extend_high_i8x16_s (local.get $v))))
            (local.set $v (v128.load offset=32 (local.get $q)))
            (local.set $s4 (i16x8.add (local.get $s4) (i16x8.extend_low_i8x16_s (local.get $v))))
            (local.set $s5 (i16x8.add (local.get $s5) (i16x8.extend_high_i8x16_s (local.get $v))))
            (local.set $v (v128.load offset=48 (local.get $q)))
            (local.set $s6 (i16x8.add (local.get $s6) (i16x8.extend_low_i8x16_s (local.get $v))))
            (local.set $s7 (i16x8.add (local.get $s7) (i16x8.extend_high_i8x16_s (local.get $v))))
            (local.set $q (i32.add (local.get $q) (local.get $d)))
            (br $rows64)))
        (local.set $a (i32.add (local.get $pacc) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store (local.get $a)
          (i32x4.add (v128.load (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s0))))
        (v128.store offset=16 (local.get $a)
          (i32x4.add (v128.load offset=16 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s0))))
        (v128.store offset=32 (local.get $a)
          (i32x4.add (v128.load offset=32 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s1))))
        (v128.store offset=48 (local.get $a)
          (i32x4.add (v128.load offset=48 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s1))))
        (v128.store offset=64 (local.get $a)
          (i32x4.add (v128.load offset=64 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s2))))
        (v128.store offset=80 (local.get $a)
          (i32x4.add (v128.load offset=80 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s2))))
        (v128.store offset=96 (local.get $a)
          (i32x4.add (v128.load offset=96 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s3))))
        (v128.store offset=112 (local.get $a)
          (i32x4.add (v128.load offset=112 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s3))))
        (v128.store offset=128 (local.get $a)
          (i32x4.add (v128.load offset=128 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s4))))
        (v128.store offset=144 (local.get $a)
          (i32x4.add (v128.load offset=144 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s4))))
        (v128.store offset=160 (local.get $a)
          (i32x4.add (v128.load offset=160 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s5))))
        (v128.store offset=176 (local.get $a)
          (i32x4.add (v128.load offset=176 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s5))))
        (v128.store offset=192 (local.get $a)
          (i32x4.add (v128.load offset=192 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s6))))
        (v128.store offset=208 (local.get $a)
          (i32x4.add (v128.load offset=208 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s6))))
        (v128.store offset=224 (local.get $a)
          (i32x4.add (v128.load offset=224 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s7))))
        (v128.store offset=240 (local.get $a)
          (i32x4.add (v128.load offset=240 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s7))))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (br $strip64)))
    (block $done16
      (loop $strip16
        (br_if $done16 (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $d)))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $q (i32.add (local.get $p) (local.get $j)))
        (local.set $end (i32.add (local.get $q) (i32.mul (local.get $n) (local.get $d))))
        (block $rdone16
          (loop $rows16
            (br_if $rdone16 (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $v (v128.load (local.get $q)))
            (local.set $s0 (i16x8.add (local.get $s0) (i16x8.extend_low_i8x16_s (local.get $v))))
            (local.set $s1 (i16x8.add (local.get $s1) (i16x8.extend_high_i8x16_s (local.get $v))))
            (local.set $q (i32.add (local.get $q) (local.get $d)))
            (br $rows16)))
        (local.set $a (i32.add (local.get $pacc) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store (local.get $a)
          (i32x4.add (v128.load (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s0))))
        (v128.store offset=16 (local.get $a)
          (i32x4.add (v128.load offset=16 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s0))))
        (v128.store offset=32 (local.get $a)
          (i32x4.add (v128.load offset=32 (local.get $a)) (i32x4.extend_low_i16x8_s (local.get $s1))))
        (v128.store offset=48 (local.get $a)
          (i32x4.add (v128.load offset=48 (local.get $a)) (i32x4.extend_high_i16x8_s (local.get $s1))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $strip16)))
    ;; The last d mod 16 columns, one at a time.
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $s (i32.const 0))
        (local.set $q (i32.add (local.get $p) (local.get $j)))
        (local.set $end (i32.add (local.get $q) (i32.mul (local.get $n) (local.get $d))))
        (block $cdone
          (loop $col
            (br_if $cdone (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $s (i32.add (local.get $s) (i32.load8_s (local.get $q))))
            (local.set $q (i32.add (local.get $q) (local.get $d)))
            (br $col)))
        (local.set $a (i32.add (local.get $pacc) (i32.shl (local.get $j) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $s)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail))))

  ;; out[j] = sign(acc[j]) (Int8: 1, -1, or 0 for a zero sum) for j < d; the positions of the
  ;; zero sums are written, in increasing order, to the Int32 list at $pties. Returns their count.
  (func (export "signI32") (param $pacc i32) (param $d i32) (param $po i32) (param $pties i32)
    (result i32)
    (local $j i32) (local $a i32) (local $t i32) (local $mask i32) (local $s v128) (local $z v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $x i32)
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $d)))
        (local.set $a (i32.add (local.get $pacc) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $v0 (v128.load (local.get $a)))
        (local.set $v1 (v128.load offset=16 (local.get $a)))
        (local.set $v2 (v128.load offset=32 (local.get $a)))
        (local.set $v3 (v128.load offset=48 (local.get $a)))
        (local.set $z (v128.const i32x4 0 0 0 0))
        ;; (x < 0) - (x > 0) with all-ones masks: 1, -1 or 0.
        (local.set $s
          (i8x16.narrow_i16x8_s
            (i16x8.narrow_i32x4_s
              (i32x4.sub (i32x4.lt_s (local.get $v0) (local.get $z)) (i32x4.gt_s (local.get $v0) (local.get $z)))
              (i32x4.sub (i32x4.lt_s (local.get $v1) (local.get $z)) (i32x4.gt_s (local.get $v1) (local.get $z))))
            (i16x8.narrow_i32x4_s
              (i32x4.sub (i32x4.lt_s (local.get $v2) (local.get $z)) (i32x4.gt_s (local.get $v2) (local.get $z)))
              (i32x4.sub (i32x4.lt_s (local.get $v3) (local.get $z)) (i32x4.gt_s (local.get $v3) (local.get $z))))))
        (v128.store (i32.add (local.get $po) (local.get $j)) (local.get $s))
        (local.set $mask (i8x16.bitmask (i8x16.eq (local.get $s) (local.get $z))))
        (block $mdone
          (loop $m
            (br_if $mdone (i32.eqz (local.get $mask)))
            (i32.store
              (i32.add (local.get $pties) (i32.shl (local.get $t) (i32.const 2)))
              (i32.add (local.get $j) (i32.ctz (local.get $mask))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $m)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l)))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $x (i32.load (i32.add (local.get $pacc) (i32.shl (local.get $j) (i32.const 2)))))
        (i32.store8 (i32.add (local.get $po) (local.get $j))
          (i32.sub (i32.gt_s (local.get $x) (i32.const 0)) (i32.lt_s (local.get $x) (i32.const 0))))
        (if (i32.eqz (local.get $x))
          (then
            (i32.store
              (i32.add (local.get $pties) (i32.shl (local.get $t) (i32.const 2)))
              (local.get $j))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail)))
    (local.get $t))

;; o[k] = a[k] * b[k], or a[k] * conj(b[k]) when $conj is 1, for the n complex elements of
  ;; interleaved Float32 arrays ([re, im, ...]), in Float32 arithmetic as the scalar kernel
  ;; (complex.ts): b's imaginary part negated first for the conjugate (exact), then with
  ;; x = ar (br, bi) and y = ai (bi, br), each product rounded to Float32,
  ;; (re, im) = (x0 - y0, x1 + y1) (a - b = a + (-b) exactly, a sum is commutative): the lanes
  ;; of x are ar br, ar bi (ar duplicated times b), those of y ai bi, ai br (ai duplicated times
  ;; b swapped), y's even lanes negated before the add. Four
  ;; elements per pass, then two, then one. Returns 1 when every output is finite, 0 otherwise.
  (func (export "cmulF32") (param $pa i32) (param $pb i32) (param $po i32) (param $n i32)
    (param $conj i32) (result i32)
    (local $i i32) (local $end i32) (local $flip v128) (local $ok v128)
    (local $x v128) (local $y v128) (local $t v128) (local $u v128)
    ;; The conjugate's sign flip of b's imaginary lanes.
    (local.set $flip
      (select (result v128)
        (v128.const i32x4 0 0x80000000 0 0x80000000)
        (v128.const i32x4 0 0 0 0)
        (local.get $conj)))
    (local.set $ok (v128.const i32x4 -1 -1 -1 -1))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 32)) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.xor (local.get $flip) (v128.load (i32.add (local.get $pb) (local.get $i)))))
        (local.set $t (f32x4.add
            (f32x4.mul (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $x) (local.get $x)) (local.get $y))
            (v128.xor (v128.const i32x4 0x80000000 0 0x80000000 0)
              (f32x4.mul (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $x) (local.get $x))
                (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $y) (local.get $y))))))
        (v128.store (i32.add (local.get $po) (local.get $i)) (local.get $t))
        (local.set $x (v128.load offset=16 (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.xor (local.get $flip) (v128.load offset=16 (i32.add (local.get $pb) (local.get $i)))))
        (local.set $u (f32x4.add
            (f32x4.mul (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $x) (local.get $x)) (local.get $y))
            (v128.xor (v128.const i32x4 0x80000000 0 0x80000000 0)
              (f32x4.mul (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $x) (local.get $x))
                (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $y) (local.get $y))))))
        (v128.store offset=16 (i32.add (local.get $po) (local.get $i)) (local.get $u))
        ;; Finite iff t - t = 0.
        (local.set $ok
          (v128.and (local.get $ok)
            (f32x4.eq
              (f32x4.add (f32x4.sub (local.get $t) (local.get $t)) (f32x4.sub (local.get $u) (local.get $u)))
              (v128.const f32x4 0 0 0 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $l)))
    (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $end))
      (then
        (local.set $x (v128.load (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.xor (local.get $flip) (v128.load (i32.add (local.get $pb) (local.get $i)))))
        (local.set $t (f32x4.add
            (f32x4.mul (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $x) (local.get $x)) (local.get $y))
            (v128.xor (v128.const i32x4 0x80000000 0 0x80000000 0)
              (f32x4.mul (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $x) (local.get $x))
                (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $y) (local.get $y))))))
        (v128.store (i32.add (local.get $po) (local.get $i)) (local.get $t))
        (local.set $ok
          (v128.and (local.get $ok)
            (f32x4.eq (f32x4.sub (local.get $t) (local.get $t)) (v128.const f32x4 0 0 0 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (local.set $x (v128.load64_zero (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.xor (local.get $flip) (v128.load64_zero (i32.add (local.get $pb) (local.get $i)))))
        (local.set $t (f32x4.add
            (f32x4.mul (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $x) (local.get $x)) (local.get $y))
            (v128.xor (v128.const i32x4 0x80000000 0 0x80000000 0)
              (f32x4.mul (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $x) (local.get $x))
                (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $y) (local.get $y))))))
        (v128.store64_lane 0 (i32.add (local.get $po) (local.get $i)) (local.get $t))
        ;; The unused lanes hold zeros.
        (local.set $ok
          (v128.and (local.get $ok)
            (f32x4.eq (f32x4.sub (local.get $t) (local.get $t)) (v128.const f32x4 0 0 0 0))))))
    (i32x4.all_true (local.get $ok)))

  ;; acc[j] += sum of the n Float32 rows x[r * 4096 + j] (j < L <= 4096, rows 16384 bytes
  ;; apart, n <= 16), in Float64 and grouped as the scalar kernel (sumRowsFloat32) groups
  ;; them: 16 rows at a time while 16 remain, acc += ((x0 + x1) + (x2 + x3) + ((x4 + x5) +
  ;; (x6 + x7))) + (((x8 + x9) + (x10 + x11)) + ((x12 + x13) + (x14 + x15))); then 8 at a
  ;; time, acc += (x0 + x1) + (x2 + x3) + ((x4 + x5) + (x6 + x7)); then 2 at a time,
  ;; acc += x0 + x1; then one. Two columns per f64x2 (the odd last column in scalar Float64);
  ;; the fixed row stride makes every row's address an immediate offset.
  (func (export "sumF32") (param $p i32) (param $n i32) (param $L i32) (param $pacc i32)
    (local $r i32) (local $a i32) (local $e i32) (local $q i32) (local $L2 i32) (local $odd i32)
    (local.set $L2 (i32.and (local.get $L) (i32.const -2)))
    (local.set $odd (i32.and (local.get $L) (i32.const 1)))
    ;; 16 rows at a time.
    (block $done16
      (loop $g16
        (br_if $done16 (i32.gt_u (i32.add (local.get $r) (i32.const 16)) (local.get $n)))
        (local.set $q (i32.add (local.get $p) (i32.mul (local.get $r) (i32.const 16384))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16384 (local.get $q))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=32768 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=49152 (local.get $q)))))
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=65536 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=81920 (local.get $q))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=98304 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=114688 (local.get $q))))))
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=131072 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=147456 (local.get $q))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=163840 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=180224 (local.get $q)))))
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=196608 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=212992 (local.get $q))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=229376 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=245760 (local.get $q)))))))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add
                  (f64.add
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load (local.get $q))) (f64.promote_f32 (f32.load offset=16384 (local.get $q))))
                      (f64.add (f64.promote_f32 (f32.load offset=32768 (local.get $q))) (f64.promote_f32 (f32.load offset=49152 (local.get $q)))))
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load offset=65536 (local.get $q))) (f64.promote_f32 (f32.load offset=81920 (local.get $q))))
                      (f64.add (f64.promote_f32 (f32.load offset=98304 (local.get $q))) (f64.promote_f32 (f32.load offset=114688 (local.get $q))))))
                  (f64.add
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load offset=131072 (local.get $q))) (f64.promote_f32 (f32.load offset=147456 (local.get $q))))
                      (f64.add (f64.promote_f32 (f32.load offset=163840 (local.get $q))) (f64.promote_f32 (f32.load offset=180224 (local.get $q)))))
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load offset=196608 (local.get $q))) (f64.promote_f32 (f32.load offset=212992 (local.get $q))))
                      (f64.add (f64.promote_f32 (f32.load offset=229376 (local.get $q))) (f64.promote_f32 (f32.load offset=245760 (local.get $q)))))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $g16)))
    ;; 8 rows at a time.
    (block $done8
      (loop $g8
        (br_if $done8 (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $n)))
        (local.set $q (i32.add (local.get $p) (i32.mul (local.get $r) (i32.const 16384))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16384 (local.get $q))))
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=32768 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=49152 (local.get $q)))))
                  (f64x2.add
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=65536 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=81920 (local.get $q))))
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero offset=98304 (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=114688 (local.get $q))))))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add
                  (f64.add
                    (f64.add (f64.promote_f32 (f32.load (local.get $q))) (f64.promote_f32 (f32.load offset=16384 (local.get $q))))
                    (f64.add (f64.promote_f32 (f32.load offset=32768 (local.get $q))) (f64.promote_f32 (f32.load offset=49152 (local.get $q)))))
                  (f64.add
                    (f64.add (f64.promote_f32 (f32.load offset=65536 (local.get $q))) (f64.promote_f32 (f32.load offset=81920 (local.get $q))))
                    (f64.add (f64.promote_f32 (f32.load offset=98304 (local.get $q))) (f64.promote_f32 (f32.load offset=114688 (local.get $q))))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $g8)))
    ;; 2 rows at a time.
    (block $done2
      (loop $g2
        (br_if $done2 (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $n)))
        (local.set $q (i32.add (local.get $p) (i32.mul (local.get $r) (i32.const 16384))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16384 (local.get $q))))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add (f64.promote_f32 (f32.load (local.get $q))) (f64.promote_f32 (f32.load offset=16384 (local.get $q))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $g2)))
    ;; 1 row at a time.
    (block $done1
      (loop $g1
        (br_if $done1 (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $q (i32.add (local.get $p) (i32.mul (local.get $r) (i32.const 16384))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q)))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.promote_f32 (f32.load (local.get $q)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $g1))))

  ;; Stockham FFT stages (src/kernels/fft.ts) for strides s even, two values of q per f64x2:
  ;; input x[q + s (j + t m)], output y[q + s (p j + u)] = (sum_t x_t w_p^(t u)) w^(j u), with
  ;; split real and imaginary Float64 arrays (byte offsets xr, xi, yr, yi) and the stage's
  ;; twiddles tw[j (p - 1) + u - 1] (twr, twi). The butterflies are those of the scalar
  ;; stages, operation for operation (radix2, radix4, radix5, and radix5Last for "r5n", which
  ;; has no twiddles), so both give bit-identical results. Each instance made for an FFT plan
  ;; holds the plan's arrays; "r5" and "r5n" read cos(2 pi / 5), cos(4 pi / 5), sin(2 pi / 5)
  ;; and sin(4 pi / 5) from bytes 0..31 of its memory, written by the plan.
  (func (export "r2") (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32) (param $s i32) (param $m i32) (param $twr i32) (param $twi i32)
    (local $s8 i32) (local $sm8 i32) (local $j i32) (local $xo i32) (local $yo i32) (local $q i32) (local $xa i32) (local $xb i32) (local $ya i32) (local $yb i32) (local $o1 i32) (local $u1 i32)
    (local $w1r v128) (local $w1i v128) (local $a0r v128) (local $a0i v128) (local $a1r v128) (local $a1i v128) (local $dr v128) (local $di v128)
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $sm8 (i32.mul (local.get $s8) (local.get $m)))
    (local.set $o1 (i32.mul (local.get $sm8) (i32.const 1)))
    (local.set $u1 (i32.mul (local.get $s8) (i32.const 1)))
    (local.set $j (i32.const 0))
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $m)))
      (local.set $w1r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 1)) (i32.const 0)) (i32.const 3)))))
      (local.set $w1i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 1)) (i32.const 0)) (i32.const 3)))))
      (local.set $xo (i32.mul (local.get $s8) (local.get $j)))
      (local.set $yo (i32.mul (i32.mul (local.get $s8) (local.get $j)) (i32.const 2)))
      (local.set $q (i32.const 0))
      (block $qd
        (loop $ql
          (br_if $qd (i32.ge_u (local.get $q) (local.get $s8)))
          (local.set $xa (i32.add (local.get $xr) (i32.add (local.get $xo) (local.get $q))))
          (local.set $xb (i32.add (local.get $xi) (i32.add (local.get $xo) (local.get $q))))
          (local.set $a0r (v128.load (local.get $xa)))
          (local.set $a0i (v128.load (local.get $xb)))
          (local.set $a1r (v128.load (i32.add (local.get $xa) (local.get $o1))))
          (local.set $a1i (v128.load (i32.add (local.get $xb) (local.get $o1))))
          (local.set $dr (f64x2.sub (local.get $a0r) (local.get $a1r)))
          (local.set $di (f64x2.sub (local.get $a0i) (local.get $a1i)))
          (local.set $ya (i32.add (local.get $yr) (i32.add (local.get $yo) (local.get $q))))
          (local.set $yb (i32.add (local.get $yi) (i32.add (local.get $yo) (local.get $q))))
          (v128.store (local.get $ya) (f64x2.add (local.get $a0r) (local.get $a1r)))
          (v128.store (local.get $yb) (f64x2.add (local.get $a0i) (local.get $a1i)))
          (v128.store (i32.add (local.get $ya) (local.get $u1)) (f64x2.sub (f64x2.mul (local.get $dr) (local.get $w1r)) (f64x2.mul (local.get $di) (local.get $w1i))))
          (v128.store (i32.add (local.get $yb) (local.get $u1)) (f64x2.add (f64x2.mul (local.get $dr) (local.get $w1i)) (f64x2.mul (local.get $di) (local.get $w1r))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $ql)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jl))))

  (func (export "r4") (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32) (param $s i32) (param $m i32) (param $twr i32) (param $twi i32)
    (local $s8 i32) (local $sm8 i32) (local $j i32) (local $xo i32) (local $yo i32) (local $q i32) (local $xa i32) (local $xb i32) (local $ya i32) (local $yb i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128) (local $a0r v128) (local $a0i v128)
    (local $a1r v128) (local $a1i v128) (local $a2r v128) (local $a2i v128) (local $a3r v128) (local $a3i v128) (local $t0r v128) (local $t0i v128)
    (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128) (local $b1r v128) (local $b1i v128)
    (local $b2r v128) (local $b2i v128) (local $b3r v128) (local $b3i v128)
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $sm8 (i32.mul (local.get $s8) (local.get $m)))
    (local.set $o1 (i32.mul (local.get $sm8) (i32.const 1)))
    (local.set $u1 (i32.mul (local.get $s8) (i32.const 1)))
    (local.set $o2 (i32.mul (local.get $sm8) (i32.const 2)))
    (local.set $u2 (i32.mul (local.get $s8) (i32.const 2)))
    (local.set $o3 (i32.mul (local.get $sm8) (i32.const 3)))
    (local.set $u3 (i32.mul (local.get $s8) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $m)))
      (local.set $w1r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 0)) (i32.const 3)))))
      (local.set $w1i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 0)) (i32.const 3)))))
      (local.set $w2r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 1)) (i32.const 3)))))
      (local.set $w2i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 1)) (i32.const 3)))))
      (local.set $w3r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 2)) (i32.const 3)))))
      (local.set $w3i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 3)) (i32.const 2)) (i32.const 3)))))
      (local.set $xo (i32.mul (local.get $s8) (local.get $j)))
      (local.set $yo (i32.mul (i32.mul (local.get $s8) (local.get $j)) (i32.const 4)))
      (local.set $q (i32.const 0))
      (block $qd
        (loop $ql
          (br_if $qd (i32.ge_u (local.get $q) (local.get $s8)))
          (local.set $xa (i32.add (local.get $xr) (i32.add (local.get $xo) (local.get $q))))
          (local.set $xb (i32.add (local.get $xi) (i32.add (local.get $xo) (local.get $q))))
          (local.set $a0r (v128.load (local.get $xa)))
          (local.set $a0i (v128.load (local.get $xb)))
          (local.set $a1r (v128.load (i32.add (local.get $xa) (local.get $o1))))
          (local.set $a1i (v128.load (i32.add (local.get $xb) (local.get $o1))))
          (local.set $a2r (v128.load (i32.add (local.get $xa) (local.get $o2))))
          (local.set $a2i (v128.load (i32.add (local.get $xb) (local.get $o2))))
          (local.set $a3r (v128.load (i32.add (local.get $xa) (local.get $o3))))
          (local.set $a3i (v128.load (i32.add (local.get $xb) (local.get $o3))))
          (local.set $t0r (f64x2.add (local.get $a0r) (local.get $a2r)))
          (local.set $t0i (f64x2.add (local.get $a0i) (local.get $a2i)))
          (local.set $t1r (f64x2.sub (local.get $a0r) (local.get $a2r)))
          (local.set $t1i (f64x2.sub (local.get $a0i) (local.get $a2i)))
          (local.set $t2r (f64x2.add (local.get $a1r) (local.get $a3r)))
          (local.set $t2i (f64x2.add (local.get $a1i) (local.get $a3i)))
          (local.set $t3r (f64x2.sub (local.get $a1r) (local.get $a3r)))
          (local.set $t3i (f64x2.sub (local.get $a1i) (local.get $a3i)))
          (local.set $b1r (f64x2.add (local.get $t1r) (local.get $t3i)))
          (local.set $b1i (f64x2.sub (local.get $t1i) (local.get $t3r)))
          (local.set $b2r (f64x2.sub (local.get $t0r) (local.get $t2r)))
          (local.set $b2i (f64x2.sub (local.get $t0i) (local.get $t2i)))
          (local.set $b3r (f64x2.sub (local.get $t1r) (local.get $t3i)))
          (local.set $b3i (f64x2.add (local.get $t1i) (local.get $t3r)))
          (local.set $ya (i32.add (local.get $yr) (i32.add (local.get $yo) (local.get $q))))
          (local.set $yb (i32.add (local.get $yi) (i32.add (local.get $yo) (local.get $q))))
          (v128.store (local.get $ya) (f64x2.add (local.get $t0r) (local.get $t2r)))
          (v128.store (local.get $yb) (f64x2.add (local.get $t0i) (local.get $t2i)))
          (v128.store (i32.add (local.get $ya) (local.get $u1)) (f64x2.sub (f64x2.mul (local.get $b1r) (local.get $w1r)) (f64x2.mul (local.get $b1i) (local.get $w1i))))
          (v128.store (i32.add (local.get $yb) (local.get $u1)) (f64x2.add (f64x2.mul (local.get $b1r) (local.get $w1i)) (f64x2.mul (local.get $b1i) (local.get $w1r))))
          (v128.store (i32.add (local.get $ya) (local.get $u2)) (f64x2.sub (f64x2.mul (local.get $b2r) (local.get $w2r)) (f64x2.mul (local.get $b2i) (local.get $w2i))))
          (v128.store (i32.add (local.get $yb) (local.get $u2)) (f64x2.add (f64x2.mul (local.get $b2r) (local.get $w2i)) (f64x2.mul (local.get $b2i) (local.get $w2r))))
          (v128.store (i32.add (local.get $ya) (local.get $u3)) (f64x2.sub (f64x2.mul (local.get $b3r) (local.get $w3r)) (f64x2.mul (local.get $b3i) (local.get $w3i))))
          (v128.store (i32.add (local.get $yb) (local.get $u3)) (f64x2.add (f64x2.mul (local.get $b3r) (local.get $w3i)) (f64x2.mul (local.get $b3i) (local.get $w3r))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $ql)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jl))))

  (func (export "r5") (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32) (param $s i32) (param $m i32) (param $twr i32) (param $twi i32)
    (local $s8 i32) (local $sm8 i32) (local $j i32) (local $xo i32) (local $yo i32) (local $q i32) (local $xa i32) (local $xb i32) (local $ya i32) (local $yb i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $o4 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32) (local $u4 i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128) (local $w4r v128) (local $w4i v128)
    (local $a0r v128) (local $a0i v128) (local $a1r v128) (local $a1i v128) (local $a2r v128) (local $a2i v128) (local $a3r v128) (local $a3i v128)
    (local $a4r v128) (local $a4i v128) (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128)
    (local $t4r v128) (local $t4i v128) (local $m1r v128) (local $m1i v128) (local $m2r v128) (local $m2i v128) (local $n1r v128) (local $n1i v128)
    (local $n2r v128) (local $n2i v128) (local $b1r v128) (local $b1i v128) (local $b4r v128) (local $b4i v128) (local $b2r v128) (local $b2i v128)
    (local $b3r v128) (local $b3i v128) (local $c51 v128) (local $c52 v128) (local $s51 v128) (local $s52 v128)
    (local.set $c51 (v128.load64_splat (i32.const 0)))
    (local.set $c52 (v128.load64_splat (i32.const 8)))
    (local.set $s51 (v128.load64_splat (i32.const 16)))
    (local.set $s52 (v128.load64_splat (i32.const 24)))
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $sm8 (i32.mul (local.get $s8) (local.get $m)))
    (local.set $o1 (i32.mul (local.get $sm8) (i32.const 1)))
    (local.set $u1 (i32.mul (local.get $s8) (i32.const 1)))
    (local.set $o2 (i32.mul (local.get $sm8) (i32.const 2)))
    (local.set $u2 (i32.mul (local.get $s8) (i32.const 2)))
    (local.set $o3 (i32.mul (local.get $sm8) (i32.const 3)))
    (local.set $u3 (i32.mul (local.get $s8) (i32.const 3)))
    (local.set $o4 (i32.mul (local.get $sm8) (i32.const 4)))
    (local.set $u4 (i32.mul (local.get $s8) (i32.const 4)))
    (local.set $j (i32.const 0))
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $m)))
      (local.set $w1r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 0)) (i32.const 3)))))
      (local.set $w1i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 0)) (i32.const 3)))))
      (local.set $w2r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 1)) (i32.const 3)))))
      (local.set $w2i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 1)) (i32.const 3)))))
      (local.set $w3r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 2)) (i32.const 3)))))
      (local.set $w3i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 2)) (i32.const 3)))))
      (local.set $w4r (v128.load64_splat (i32.add (local.get $twr) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 3)) (i32.const 3)))))
      (local.set $w4i (v128.load64_splat (i32.add (local.get $twi) (i32.shl (i32.add (i32.mul (local.get $j) (i32.const 4)) (i32.const 3)) (i32.const 3)))))
      (local.set $xo (i32.mul (local.get $s8) (local.get $j)))
      (local.set $yo (i32.mul (i32.mul (local.get $s8) (local.get $j)) (i32.const 5)))
      (local.set $q (i32.const 0))
      (block $qd
        (loop $ql
          (br_if $qd (i32.ge_u (local.get $q) (local.get $s8)))
          (local.set $xa (i32.add (local.get $xr) (i32.add (local.get $xo) (local.get $q))))
          (local.set $xb (i32.add (local.get $xi) (i32.add (local.get $xo) (local.get $q))))
          (local.set $a0r (v128.load (local.get $xa)))
          (local.set $a0i (v128.load (local.get $xb)))
          (local.set $a1r (v128.load (i32.add (local.get $xa) (local.get $o1))))
          (local.set $a1i (v128.load (i32.add (local.get $xb) (local.get $o1))))
          (local.set $a2r (v128.load (i32.add (local.get $xa) (local.get $o2))))
          (local.set $a2i (v128.load (i32.add (local.get $xb) (local.get $o2))))
          (local.set $a3r (v128.load (i32.add (local.get $xa) (local.get $o3))))
          (local.set $a3i (v128.load (i32.add (local.get $xb) (local.get $o3))))
          (local.set $a4r (v128.load (i32.add (local.get $xa) (local.get $o4))))
          (local.set $a4i (v128.load (i32.add (local.get $xb) (local.get $o4))))
          (local.set $t1r (f64x2.add (local.get $a1r) (local.get $a4r)))
          (local.set $t1i (f64x2.add (local.get $a1i) (local.get $a4i)))
          (local.set $t2r (f64x2.add (local.get $a2r) (local.get $a3r)))
          (local.set $t2i (f64x2.add (local.get $a2i) (local.get $a3i)))
          (local.set $t3r (f64x2.sub (local.get $a1r) (local.get $a4r)))
          (local.set $t3i (f64x2.sub (local.get $a1i) (local.get $a4i)))
          (local.set $t4r (f64x2.sub (local.get $a2r) (local.get $a3r)))
          (local.set $t4i (f64x2.sub (local.get $a2i) (local.get $a3i)))
          (local.set $m1r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c51) (local.get $t1r))) (f64x2.mul (local.get $c52) (local.get $t2r))))
          (local.set $m1i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c51) (local.get $t1i))) (f64x2.mul (local.get $c52) (local.get $t2i))))
          (local.set $m2r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c52) (local.get $t1r))) (f64x2.mul (local.get $c51) (local.get $t2r))))
          (local.set $m2i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c52) (local.get $t1i))) (f64x2.mul (local.get $c51) (local.get $t2i))))
          (local.set $n1r (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3i)) (f64x2.mul (local.get $s52) (local.get $t4i))))
          (local.set $n1i (f64x2.neg (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3r)) (f64x2.mul (local.get $s52) (local.get $t4r)))))
          (local.set $n2r (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3i)) (f64x2.mul (local.get $s51) (local.get $t4i))))
          (local.set $n2i (f64x2.neg (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3r)) (f64x2.mul (local.get $s51) (local.get $t4r)))))
          (local.set $b1r (f64x2.add (local.get $m1r) (local.get $n1r)))
          (local.set $b1i (f64x2.add (local.get $m1i) (local.get $n1i)))
          (local.set $b4r (f64x2.sub (local.get $m1r) (local.get $n1r)))
          (local.set $b4i (f64x2.sub (local.get $m1i) (local.get $n1i)))
          (local.set $b2r (f64x2.add (local.get $m2r) (local.get $n2r)))
          (local.set $b2i (f64x2.add (local.get $m2i) (local.get $n2i)))
          (local.set $b3r (f64x2.sub (local.get $m2r) (local.get $n2r)))
          (local.set $b3i (f64x2.sub (local.get $m2i) (local.get $n2i)))
          (local.set $ya (i32.add (local.get $yr) (i32.add (local.get $yo) (local.get $q))))
          (local.set $yb (i32.add (local.get $yi) (i32.add (local.get $yo) (local.get $q))))
          (v128.store (local.get $ya) (f64x2.add (f64x2.add (local.get $a0r) (local.get $t1r)) (local.get $t2r)))
          (v128.store (local.get $yb) (f64x2.add (f64x2.add (local.get $a0i) (local.get $t1i)) (local.get $t2i)))
          (v128.store (i32.add (local.get $ya) (local.get $u1)) (f64x2.sub (f64x2.mul (local.get $b1r) (local.get $w1r)) (f64x2.mul (local.get $b1i) (local.get $w1i))))
          (v128.store (i32.add (local.get $yb) (local.get $u1)) (f64x2.add (f64x2.mul (local.get $b1r) (local.get $w1i)) (f64x2.mul (local.get $b1i) (local.get $w1r))))
          (v128.store (i32.add (local.get $ya) (local.get $u2)) (f64x2.sub (f64x2.mul (local.get $b2r) (local.get $w2r)) (f64x2.mul (local.get $b2i) (local.get $w2i))))
          (v128.store (i32.add (local.get $yb) (local.get $u2)) (f64x2.add (f64x2.mul (local.get $b2r) (local.get $w2i)) (f64x2.mul (local.get $b2i) (local.get $w2r))))
          (v128.store (i32.add (local.get $ya) (local.get $u3)) (f64x2.sub (f64x2.mul (local.get $b3r) (local.get $w3r)) (f64x2.mul (local.get $b3i) (local.get $w3i))))
          (v128.store (i32.add (local.get $yb) (local.get $u3)) (f64x2.add (f64x2.mul (local.get $b3r) (local.get $w3i)) (f64x2.mul (local.get $b3i) (local.get $w3r))))
          (v128.store (i32.add (local.get $ya) (local.get $u4)) (f64x2.sub (f64x2.mul (local.get $b4r) (local.get $w4r)) (f64x2.mul (local.get $b4i) (local.get $w4i))))
          (v128.store (i32.add (local.get $yb) (local.get $u4)) (f64x2.add (f64x2.mul (local.get $b4r) (local.get $w4i)) (f64x2.mul (local.get $b4i) (local.get $w4r))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $ql)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jl))))

  (func (export "r5n") (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32) (param $s i32) (param $m i32) (param $twr i32) (param $twi i32)
    (local $s8 i32) (local $sm8 i32) (local $j i32) (local $xo i32) (local $yo i32) (local $q i32) (local $xa i32) (local $xb i32) (local $ya i32) (local $yb i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $o4 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32) (local $u4 i32)
    (local $a0r v128) (local $a0i v128) (local $a1r v128) (local $a1i v128) (local $a2r v128) (local $a2i v128) (local $a3r v128) (local $a3i v128)
    (local $a4r v128) (local $a4i v128) (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128)
    (local $t4r v128) (local $t4i v128) (local $m1r v128) (local $m1i v128) (local $m2r v128) (local $m2i v128) (local $n1r v128) (local $n1i v128)
    (local $n2r v128) (local $n2i v128) (local $b1r v128) (local $b1i v128) (local $b4r v128) (local $b4i v128) (local $b2r v128) (local $b2i v128)
    (local $b3r v128) (local $b3i v128) (local $c51 v128) (local $c52 v128) (local $s51 v128) (local $s52 v128)
    (local.set $c51 (v128.load64_splat (i32.const 0)))
    (local.set $c52 (v128.load64_splat (i32.const 8)))
    (local.set $s51 (v128.load64_splat (i32.const 16)))
    (local.set $s52 (v128.load64_splat (i32.const 24)))
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $sm8 (i32.mul (local.get $s8) (local.get $m)))
    (local.set $o1 (i32.mul (local.get $sm8) (i32.const 1)))
    (local.set $u1 (i32.mul (local.get $s8) (i32.const 1)))
    (local.set $o2 (i32.mul (local.get $sm8) (i32.const 2)))
    (local.set $u2 (i32.mul (local.get $s8) (i32.const 2)))
    (local.set $o3 (i32.mul (local.get $sm8) (i32.const 3)))
    (local.set $u3 (i32.mul (local.get $s8) (i32.const 3)))
    (local.set $o4 (i32.mul (local.get $sm8) (i32.const 4)))
    (local.set $u4 (i32.mul (local.get $s8) (i32.const 4)))
    (local.set $j (i32.const 0))
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $m)))
      (local.set $xo (i32.mul (local.get $s8) (local.get $j)))
      (local.set $yo (i32.mul (i32.mul (local.get $s8) (local.get $j)) (i32.const 5)))
      (local.set $q (i32.const 0))
      (block $qd
        (loop $ql
          (br_if $qd (i32.ge_u (local.get $q) (local.get $s8)))
          (local.set $xa (i32.add (local.get $xr) (i32.add (local.get $xo) (local.get $q))))
          (local.set $xb (i32.add (local.get $xi) (i32.add (local.get $xo) (local.get $q))))
          (local.set $a0r (v128.load (local.get $xa)))
          (local.set $a0i (v128.load (local.get $xb)))
          (local.set $a1r (v128.load (i32.add (local.get $xa) (local.get $o1))))
          (local.set $a1i (v128.load (i32.add (local.get $xb) (local.get $o1))))
          (local.set $a2r (v128.load (i32.add (local.get $xa) (local.get $o2))))
          (local.set $a2i (v128.load (i32.add (local.get $xb) (local.get $o2))))
          (local.set $a3r (v128.load (i32.add (local.get $xa) (local.get $o3))))
          (local.set $a3i (v128.load (i32.add (local.get $xb) (local.get $o3))))
          (local.set $a4r (v128.load (i32.add (local.get $xa) (local.get $o4))))
          (local.set $a4i (v128.load (i32.add (local.get $xb) (local.get $o4))))
          (local.set $t1r (f64x2.add (local.get $a1r) (local.get $a4r)))
          (local.set $t1i (f64x2.add (local.get $a1i) (local.get $a4i)))
          (local.set $t2r (f64x2.add (local.get $a2r) (local.get $a3r)))
          (local.set $t2i (f64x2.add (local.get $a2i) (local.get $a3i)))
          (local.set $t3r (f64x2.sub (local.get $a1r) (local.get $a4r)))
          (local.set $t3i (f64x2.sub (local.get $a1i) (local.get $a4i)))
          (local.set $t4r (f64x2.sub (local.get $a2r) (local.get $a3r)))
          (local.set $t4i (f64x2.sub (local.get $a2i) (local.get $a3i)))
          (local.set $m1r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c51) (local.get $t1r))) (f64x2.mul (local.get $c52) (local.get $t2r))))
          (local.set $m1i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c51) (local.get $t1i))) (f64x2.mul (local.get $c52) (local.get $t2i))))
          (local.set $m2r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c52) (local.get $t1r))) (f64x2.mul (local.get $c51) (local.get $t2r))))
          (local.set $m2i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c52) (local.get $t1i))) (f64x2.mul (local.get $c51) (local.get $t2i))))
          (local.set $n1r (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3i)) (f64x2.mul (local.get $s52) (local.get $t4i))))
          (local.set $n1i (f64x2.neg (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3r)) (f64x2.mul (local.get $s52) (local.get $t4r)))))
          (local.set $n2r (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3i)) (f64x2.mul (local.get $s51) (local.get $t4i))))
          (local.set $n2i (f64x2.neg (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3r)) (f64x2.mul (local.get $s51) (local.get $t4r)))))
          (local.set $b1r (f64x2.add (local.get $m1r) (local.get $n1r)))
          (local.set $b1i (f64x2.add (local.get $m1i) (local.get $n1i)))
          (local.set $b4r (f64x2.sub (local.get $m1r) (local.get $n1r)))
          (local.set $b4i (f64x2.sub (local.get $m1i) (local.get $n1i)))
          (local.set $b2r (f64x2.add (local.get $m2r) (local.get $n2r)))
          (local.set $b2i (f64x2.add (local.get $m2i) (local.get $n2i)))
          (local.set $b3r (f64x2.sub (local.get $m2r) (local.get $n2r)))
          (local.set $b3i (f64x2.sub (local.get $m2i) (local.get $n2i)))
          (local.set $ya (i32.add (local.get $yr) (i32.add (local.get $yo) (local.get $q))))
          (local.set $yb (i32.add (local.get $yi) (i32.add (local.get $yo) (local.get $q))))
          (v128.store (local.get $ya) (f64x2.add (f64x2.add (local.get $a0r) (local.get $t1r)) (local.get $t2r)))
          (v128.store (local.get $yb) (f64x2.add (f64x2.add (local.get $a0i) (local.get $t1i)) (local.get $t2i)))
          (v128.store (i32.add (local.get $ya) (local.get $u1)) (local.get $b1r))
          (v128.store (i32.add (local.get $yb) (local.get $u1)) (local.get $b1i))
          (v128.store (i32.add (local.get $ya) (local.get $u2)) (local.get $b2r))
          (v128.store (i32.add (local.get $yb) (local.get $u2)) (local.get $b2i))
          (v128.store (i32.add (local.get $ya) (local.get $u3)) (local.get $b3r))
          (v128.store (i32.add (local.get $yb) (local.get $u3)) (local.get $b3i))
          (v128.store (i32.add (local.get $ya) (local.get $u4)) (local.get $b4r))
          (v128.store (i32.add (local.get $yb) (local.get $u4)) (local.get $b4i))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $ql)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jl))))

  ;; Radix-4 first stage (s = 1) of radix4First: two values of j per f64x2 (m even).
  (func (export "r4f") (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32) (param $m i32)
    (param $twr i32) (param $twi i32)
    (local $j i32) (local $x8 i32) (local $m8 i32) (local $o i32) (local $t i32)
    (local $a0r v128) (local $a0i v128) (local $a1r v128) (local $a1i v128) (local $a2r v128) (local $a2i v128) (local $a3r v128) (local $a3i v128) (local $t0r v128)
    (local $t0i v128) (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128) (local $b1r v128) (local $b1i v128)
    (local $b2r v128) (local $b2i v128) (local $b3r v128) (local $b3i v128) (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128)
    (local $w3i v128) (local $y0r v128) (local $y0i v128) (local $y1r v128) (local $y1i v128) (local $y2r v128) (local $y2i v128) (local $y3r v128) (local $y3i v128)
    (local.set $m8 (i32.shl (local.get $m) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $x8 (i32.shl (local.get $j) (i32.const 3)))
        (local.set $a0r (v128.load (i32.add (local.get $xr) (local.get $x8))))
        (local.set $a0i (v128.load (i32.add (local.get $xi) (local.get $x8))))
        (local.set $a1r (v128.load (i32.add (local.get $xr) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 1))))))
        (local.set $a1i (v128.load (i32.add (local.get $xi) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 1))))))
        (local.set $a2r (v128.load (i32.add (local.get $xr) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 2))))))
        (local.set $a2i (v128.load (i32.add (local.get $xi) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 2))))))
        (local.set $a3r (v128.load (i32.add (local.get $xr) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 3))))))
        (local.set $a3i (v128.load (i32.add (local.get $xi) (i32.add (local.get $x8) (i32.mul (local.get $m8) (i32.const 3))))))
        (local.set $t0r (f64x2.add (local.get $a0r) (local.get $a2r)))
        (local.set $t0i (f64x2.add (local.get $a0i) (local.get $a2i)))
        (local.set $t1r (f64x2.sub (local.get $a0r) (local.get $a2r)))
        (local.set $t1i (f64x2.sub (local.get $a0i) (local.get $a2i)))
        (local.set $t2r (f64x2.add (local.get $a1r) (local.get $a3r)))
        (local.set $t2i (f64x2.add (local.get $a1i) (local.get $a3i)))
        (local.set $t3r (f64x2.sub (local.get $a1r) (local.get $a3r)))
        (local.set $t3i (f64x2.sub (local.get $a1i) (local.get $a3i)))
        (local.set $b1r (f64x2.add (local.get $t1r) (local.get $t3i)))
        (local.set $b1i (f64x2.sub (local.get $t1i) (local.get $t3r)))
        (local.set $b2r (f64x2.sub (local.get $t0r) (local.get $t2r)))
        (local.set $b2i (f64x2.sub (local.get $t0i) (local.get $t2i)))
        (local.set $b3r (f64x2.sub (local.get $t1r) (local.get $t3i)))
        (local.set $b3i (f64x2.add (local.get $t1i) (local.get $t3r)))
        (local.set $t (i32.mul (local.get $j) (i32.const 24)))
        (local.set $w1r (f64x2.replace_lane 1 (v128.load64_splat offset=0 (i32.add (local.get $twr) (local.get $t))) (f64.load offset=24 (i32.add (local.get $twr) (local.get $t)))))
        (local.set $w1i (f64x2.replace_lane 1 (v128.load64_splat offset=0 (i32.add (local.get $twi) (local.get $t))) (f64.load offset=24 (i32.add (local.get $twi) (local.get $t)))))
        (local.set $w2r (f64x2.replace_lane 1 (v128.load64_splat offset=8 (i32.add (local.get $twr) (local.get $t))) (f64.load offset=32 (i32.add (local.get $twr) (local.get $t)))))
        (local.set $w2i (f64x2.replace_lane 1 (v128.load64_splat offset=8 (i32.add (local.get $twi) (local.get $t))) (f64.load offset=32 (i32.add (local.get $twi) (local.get $t)))))
        (local.set $w3r (f64x2.replace_lane 1 (v128.load64_splat offset=16 (i32.add (local.get $twr) (local.get $t))) (f64.load offset=40 (i32.add (local.get $twr) (local.get $t)))))
        (local.set $w3i (f64x2.replace_lane 1 (v128.load64_splat offset=16 (i32.add (local.get $twi) (local.get $t))) (f64.load offset=40 (i32.add (local.get $twi) (local.get $t)))))
        (local.set $y0r (f64x2.add (local.get $t0r) (local.get $t2r)))
        (local.set $y0i (f64x2.add (local.get $t0i) (local.get $t2i)))
        (local.set $y1r (f64x2.sub (f64x2.mul (local.get $b1r) (local.get $w1r)) (f64x2.mul (local.get $b1i) (local.get $w1i))))
        (local.set $y1i (f64x2.add (f64x2.mul (local.get $b1r) (local.get $w1i)) (f64x2.mul (local.get $b1i) (local.get $w1r))))
        (local.set $y2r (f64x2.sub (f64x2.mul (local.get $b2r) (local.get $w2r)) (f64x2.mul (local.get $b2i) (local.get $w2i))))
        (local.set $y2i (f64x2.add (f64x2.mul (local.get $b2r) (local.get $w2i)) (f64x2.mul (local.get $b2i) (local.get $w2r))))
        (local.set $y3r (f64x2.sub (f64x2.mul (local.get $b3r) (local.get $w3r)) (f64x2.mul (local.get $b3i) (local.get $w3i))))
        (local.set $y3i (f64x2.add (f64x2.mul (local.get $b3r) (local.get $w3i)) (f64x2.mul (local.get $b3i) (local.get $w3r))))
        (local.set $o (i32.shl (local.get $j) (i32.const 5)))
        (v128.store (i32.add (local.get $yr) (local.get $o)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0r) (local.get $y1r)))
        (v128.store offset=16 (i32.add (local.get $yr) (local.get $o)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y2r) (local.get $y3r)))
        (v128.store offset=32 (i32.add (local.get $yr) (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0r) (local.get $y1r)))
        (v128.store offset=48 (i32.add (local.get $yr) (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y2r) (local.get $y3r)))
        (v128.store (i32.add (local.get $yi) (local.get $o)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0i) (local.get $y1i)))
        (v128.store offset=16 (i32.add (local.get $yi) (local.get $o)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y2i) (local.get $y3i)))
        (v128.store offset=32 (i32.add (local.get $yi) (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0i) (local.get $y1i)))
        (v128.store offset=48 (i32.add (local.get $yi) (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y2i) (local.get $y3i)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l))))

  ;; dst[k] = src[k] (Float32 to Float64) for k < n.
  (func (export "f32to64") (param $src i32) (param $dst i32) (param $n i32)
    (local $k i32) (local $v v128)
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2)))))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3)))
          (f64x2.promote_low_f32x4 (local.get $v)))
        (v128.store offset=16 (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3)))
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $l)))
    (block $done2
      (loop $l2
        (br_if $done2 (i32.ge_u (local.get $k) (local.get $n)))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3)))
          (f64.promote_f32 (f32.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l2))))

  ;; The spectrum step of RealConvolution.convolve (even M, h = M / 2): from Z = FFT(x + i y)
  ;; (zr, zi), hr[k] + i hi[k] = E_k + i O_k for k < h, operation for operation as the
  ;; scalar loop (two values of k per f64x2 from k = 1; k = 0 and a last odd one scalar).
  (func (export "post") (param $zr i32) (param $zi i32) (param $hr i32) (param $hi i32)
    (param $wr i32) (param $wi i32) (param $M i32)
    (local $k i32) (local $h i32)
    (local $ar v128) (local $ai v128) (local $br v128) (local $bi v128) (local $xr v128) (local $xi v128) (local $yr v128) (local $yi v128)
    (local $c0r v128) (local $c0i v128) (local $c1r v128) (local $c1i v128) (local $dr v128) (local $di v128) (local $w0 v128) (local $w1 v128)
    (local $ars f64) (local $ais f64) (local $brs f64) (local $bis f64) (local $xrs f64) (local $xis f64) (local $yrs f64) (local $yis f64)
    (local $c0rs f64) (local $c0is f64) (local $c1rs f64) (local $c1is f64) (local $drs f64) (local $dis f64) (local $w0s f64) (local $w1s f64)
    (local.set $h (i32.shr_u (local.get $M) (i32.const 1)))
    ;; k = 0.
    (local.set $ars (f64.load (i32.add (local.get $zr) (i32.shl (local.get $k) (i32.const 3)))))
    (local.set $ais (f64.load (i32.add (local.get $zi) (i32.shl (local.get $k) (i32.const 3)))))
    (local.set $brs (f64.load (i32.add (local.get $zr) (i32.shl (select (i32.const 0) (i32.sub (local.get $M) (local.get $k)) (i32.eqz (local.get $k))) (i32.const 3)))))
    (local.set $bis (f64.load (i32.add (local.get $zi) (i32.shl (select (i32.const 0) (i32.sub (local.get $M) (local.get $k)) (i32.eqz (local.get $k))) (i32.const 3)))))
    (local.set $xrs (f64.add (local.get $ars) (local.get $brs)))
    (local.set $xis (f64.sub (local.get $ais) (local.get $bis)))
    (local.set $yrs (f64.add (local.get $ais) (local.get $bis)))
    (local.set $yis (f64.sub (local.get $brs) (local.get $ars)))
    (local.set $c0rs (f64.sub (f64.mul (local.get $xrs) (local.get $yrs)) (f64.mul (local.get $xis) (local.get $yis))))
    (local.set $c0is (f64.add (f64.mul (local.get $xrs) (local.get $yis)) (f64.mul (local.get $xis) (local.get $yrs))))
    (local.set $ars (f64.load (i32.add (local.get $zr) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
    (local.set $ais (f64.load (i32.add (local.get $zi) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
    (local.set $brs (f64.load (i32.add (local.get $zr) (i32.shl (i32.sub (local.get $h) (local.get $k)) (i32.const 3)))))
    (local.set $bis (f64.load (i32.add (local.get $zi) (i32.shl (i32.sub (local.get $h) (local.get $k)) (i32.const 3)))))
    (local.set $xrs (f64.add (local.get $ars) (local.get $brs)))
    (local.set $xis (f64.sub (local.get $ais) (local.get $bis)))
    (local.set $yrs (f64.add (local.get $ais) (local.get $bis)))
    (local.set $yis (f64.sub (local.get $brs) (local.get $ars)))
    (local.set $c1rs (f64.sub (f64.mul (local.get $xrs) (local.get $yrs)) (f64.mul (local.get $xis) (local.get $yis))))
    (local.set $c1is (f64.add (f64.mul (local.get $xrs) (local.get $yis)) (f64.mul (local.get $xis) (local.get $yrs))))
    (local.set $drs (f64.sub (local.get $c0rs) (local.get $c1rs)))
    (local.set $dis (f64.sub (local.get $c0is) (local.get $c1is)))
    (local.set $w0s (f64.load (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3)))))
    (local.set $w1s (f64.load (i32.add (local.get $wi) (i32.shl (local.get $k) (i32.const 3)))))
    (f64.store (i32.add (local.get $hr) (i32.shl (local.get $k) (i32.const 3))) (f64.sub (f64.add (local.get $c0rs) (local.get $c1rs)) (f64.add (f64.mul (local.get $drs) (local.get $w1s)) (f64.mul (local.get $dis) (local.get $w0s)))))
    (f64.store (i32.add (local.get $hi) (i32.shl (local.get $k) (i32.const 3))) (f64.add (f64.add (local.get $c0is) (local.get $c1is)) (f64.sub (f64.mul (local.get $drs) (local.get $w0s)) (f64.mul (local.get $dis) (local.get $w1s)))))
    (local.set $k (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (i32.add (local.get $k) (i32.const 1)) (local.get $h)))
        (local.set $ar (v128.load (i32.add (local.get $zr) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $ai (v128.load (i32.add (local.get $zi) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $br (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $zr) (i32.shl (i32.sub (i32.sub (local.get $M) (local.get $k)) (i32.const 1)) (i32.const 3)))) (v128.load (i32.add (local.get $zr) (i32.shl (i32.sub (i32.sub (local.get $M) (local.get $k)) (i32.const 1)) (i32.const 3))))))
        (local.set $bi (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $zi) (i32.shl (i32.sub (i32.sub (local.get $M) (local.get $k)) (i32.const 1)) (i32.const 3)))) (v128.load (i32.add (local.get $zi) (i32.shl (i32.sub (i32.sub (local.get $M) (local.get $k)) (i32.const 1)) (i32.const 3))))))
        (local.set $xr (f64x2.add (local.get $ar) (local.get $br)))
        (local.set $xi (f64x2.sub (local.get $ai) (local.get $bi)))
        (local.set $yr (f64x2.add (local.get $ai) (local.get $bi)))
        (local.set $yi (f64x2.sub (local.get $br) (local.get $ar)))
        (local.set $c0r (f64x2.sub (f64x2.mul (local.get $xr) (local.get $yr)) (f64x2.mul (local.get $xi) (local.get $yi))))
        (local.set $c0i (f64x2.add (f64x2.mul (local.get $xr) (local.get $yi)) (f64x2.mul (local.get $xi) (local.get $yr))))
        (local.set $ar (v128.load (i32.add (local.get $zr) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
        (local.set $ai (v128.load (i32.add (local.get $zi) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
        (local.set $br (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $zr) (i32.shl (i32.sub (i32.sub (local.get $h) (local.get $k)) (i32.const 1)) (i32.const 3)))) (v128.load (i32.add (local.get $zr) (i32.shl (i32.sub (i32.sub (local.get $h) (local.get $k)) (i32.const 1)) (i32.const 3))))))
        (local.set $bi (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $zi) (i32.shl (i32.sub (i32.sub (local.get $h) (local.get $k)) (i32.const 1)) (i32.const 3)))) (v128.load (i32.add (local.get $zi) (i32.shl (i32.sub (i32.sub (local.get $h) (local.get $k)) (i32.const 1)) (i32.const 3))))))
        (local.set $xr (f64x2.add (local.get $ar) (local.get $br)))
        (local.set $xi (f64x2.sub (local.get $ai) (local.get $bi)))
        (local.set $yr (f64x2.add (local.get $ai) (local.get $bi)))
        (local.set $yi (f64x2.sub (local.get $br) (local.get $ar)))
        (local.set $c1r (f64x2.sub (f64x2.mul (local.get $xr) (local.get $yr)) (f64x2.mul (local.get $xi) (local.get $yi))))
        (local.set $c1i (f64x2.add (f64x2.mul (local.get $xr) (local.get $yi)) (f64x2.mul (local.get $xi) (local.get $yr))))
        (local.set $dr (f64x2.sub (local.get $c0r) (local.get $c1r)))
        (local.set $di (f64x2.sub (local.get $c0i) (local.get $c1i)))
        (local.set $w0 (v128.load (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $w1 (v128.load (i32.add (local.get $wi) (i32.shl (local.get $k) (i32.const 3)))))
        (v128.store (i32.add (local.get $hr) (i32.shl (local.get $k) (i32.const 3))) (f64x2.sub (f64x2.add (local.get $c0r) (local.get $c1r)) (f64x2.add (f64x2.mul (local.get $dr) (local.get $w1)) (f64x2.mul (local.get $di) (local.get $w0)))))
        (v128.store (i32.add (local.get $hi) (i32.shl (local.get $k) (i32.const 3))) (f64x2.add (f64x2.add (local.get $c0i) (local.get $c1i)) (f64x2.sub (f64x2.mul (local.get $dr) (local.get $w0)) (f64x2.mul (local.get $di) (local.get $w1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $l)))
    (if (i32.lt_u (local.get $k) (local.get $h))
      (then
        (local.set $ars (f64.load (i32.add (local.get $zr) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $ais (f64.load (i32.add (local.get $zi) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $brs (f64.load (i32.add (local.get $zr) (i32.shl (select (i32.const 0) (i32.sub (local.get $M) (local.get $k)) (i32.eqz (local.get $k))) (i32.const 3)))))
        (local.set $bis (f64.load (i32.add (local.get $zi) (i32.shl (select (i32.const 0) (i32.sub (local.get $M) (local.get $k)) (i32.eqz (local.get $k))) (i32.const 3)))))
        (local.set $xrs (f64.add (local.get $ars) (local.get $brs)))
        (local.set $xis (f64.sub (local.get $ais) (local.get $bis)))
        (local.set $yrs (f64.add (local.get $ais) (local.get $bis)))
        (local.set $yis (f64.sub (local.get $brs) (local.get $ars)))
        (local.set $c0rs (f64.sub (f64.mul (local.get $xrs) (local.get $yrs)) (f64.mul (local.get $xis) (local.get $yis))))
        (local.set $c0is (f64.add (f64.mul (local.get $xrs) (local.get $yis)) (f64.mul (local.get $xis) (local.get $yrs))))
        (local.set $ars (f64.load (i32.add (local.get $zr) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
        (local.set $ais (f64.load (i32.add (local.get $zi) (i32.shl (i32.add (local.get $k) (local.get $h)) (i32.const 3)))))
        (local.set $brs (f64.load (i32.add (local.get $zr) (i32.shl (i32.sub (local.get $h) (local.get $k)) (i32.const 3)))))
        (local.set $bis (f64.load (i32.add (local.get $zi) (i32.shl (i32.sub (local.get $h) (local.get $k)) (i32.const 3)))))
        (local.set $xrs (f64.add (local.get $ars) (local.get $brs)))
        (local.set $xis (f64.sub (local.get $ais) (local.get $bis)))
        (local.set $yrs (f64.add (local.get $ais) (local.get $bis)))
        (local.set $yis (f64.sub (local.get $brs) (local.get $ars)))
        (local.set $c1rs (f64.sub (f64.mul (local.get $xrs) (local.get $yrs)) (f64.mul (local.get $xis) (local.get $yis))))
        (local.set $c1is (f64.add (f64.mul (local.get $xrs) (local.get $yis)) (f64.mul (local.get $xis) (local.get $yrs))))
        (local.set $drs (f64.sub (local.get $c0rs) (local.get $c1rs)))
        (local.set $dis (f64.sub (local.get $c0is) (local.get $c1is)))
        (local.set $w0s (f64.load (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $w1s (f64.load (i32.add (local.get $wi) (i32.shl (local.get $k) (i32.const 3)))))
        (f64.store (i32.add (local.get $hr) (i32.shl (local.get $k) (i32.const 3))) (f64.sub (f64.add (local.get $c0rs) (local.get $c1rs)) (f64.add (f64.mul (local.get $drs) (local.get $w1s)) (f64.mul (local.get $dis) (local.get $w0s)))))
        (f64.store (i32.add (local.get $hi) (i32.shl (local.get $k) (i32.const 3))) (f64.add (f64.add (local.get $c0is) (local.get $c1is)) (f64.sub (f64.mul (local.get $drs) (local.get $w0s)) (f64.mul (local.get $dis) (local.get $w1s))))))))

  ;; radix5LastTo32: the last radix-5 stage (m = 1, s even) of a swapped-role inverse, two
  ;; values of q per f64x2; output t = q + u s goes to Float32 o[2t] = scale * (the stage's
  ;; imaginary output), o[2t + 1] = scale * (its real output). Returns 1 when every output is
  ;; finite, else 0.
  (func (export "r5last32") (param $xr i32) (param $xi i32) (param $po i32) (param $s i32)
    (param $scale f64) (result i32)
    (local $q i32) (local $s8 i32) (local $p i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local $u4 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $o4 i32) (local $xa i32) (local $xb i32) (local $sc v128) (local $ok v128) (local $v v128)
    (local $a0r v128) (local $a0i v128) (local $a1r v128) (local $a1i v128) (local $a2r v128) (local $a2i v128) (local $a3r v128) (local $a3i v128) (local $a4r v128) (local $a4i v128)
    (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128) (local $t4r v128) (local $t4i v128) (local $m1r v128) (local $m1i v128)
    (local $m2r v128) (local $m2i v128) (local $n1r v128) (local $n1i v128) (local $n2r v128) (local $n2i v128) (local $c51 v128) (local $c52 v128) (local $s51 v128) (local $s52 v128)
    (local.set $c51 (v128.load64_splat (i32.const 0)))
    (local.set $c52 (v128.load64_splat (i32.const 8)))
    (local.set $s51 (v128.load64_splat (i32.const 16)))
    (local.set $s52 (v128.load64_splat (i32.const 24)))
    (local.set $sc (f64x2.splat (local.get $scale)))
    (local.set $ok (v128.const i32x4 -1 -1 -1 -1))
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $u1 (local.get $s8))
    (local.set $u2 (i32.shl (local.get $s) (i32.const 4)))
    (local.set $u3 (i32.mul (local.get $s) (i32.const 24)))
    (local.set $u4 (i32.shl (local.get $s) (i32.const 5)))
    (local.set $o1 (local.get $s8))
    (local.set $o2 (i32.shl (local.get $s) (i32.const 4)))
    (local.set $o3 (i32.mul (local.get $s) (i32.const 24)))
    (local.set $o4 (i32.shl (local.get $s) (i32.const 5)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $q) (local.get $s8)))
        (local.set $xa (i32.add (local.get $xr) (local.get $q)))
        (local.set $xb (i32.add (local.get $xi) (local.get $q)))
        (local.set $a0r (v128.load (local.get $xa)))
        (local.set $a0i (v128.load (local.get $xb)))
        (local.set $a1r (v128.load (i32.add (local.get $xa) (local.get $o1))))
        (local.set $a1i (v128.load (i32.add (local.get $xb) (local.get $o1))))
        (local.set $a2r (v128.load (i32.add (local.get $xa) (local.get $o2))))
        (local.set $a2i (v128.load (i32.add (local.get $xb) (local.get $o2))))
        (local.set $a3r (v128.load (i32.add (local.get $xa) (local.get $o3))))
        (local.set $a3i (v128.load (i32.add (local.get $xb) (local.get $o3))))
        (local.set $a4r (v128.load (i32.add (local.get $xa) (local.get $o4))))
        (local.set $a4i (v128.load (i32.add (local.get $xb) (local.get $o4))))
        (local.set $t1r (f64x2.add (local.get $a1r) (local.get $a4r)))
        (local.set $t1i (f64x2.add (local.get $a1i) (local.get $a4i)))
        (local.set $t2r (f64x2.add (local.get $a2r) (local.get $a3r)))
        (local.set $t2i (f64x2.add (local.get $a2i) (local.get $a3i)))
        (local.set $t3r (f64x2.sub (local.get $a1r) (local.get $a4r)))
        (local.set $t3i (f64x2.sub (local.get $a1i) (local.get $a4i)))
        (local.set $t4r (f64x2.sub (local.get $a2r) (local.get $a3r)))
        (local.set $t4i (f64x2.sub (local.get $a2i) (local.get $a3i)))
        (local.set $m1r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c51) (local.get $t1r))) (f64x2.mul (local.get $c52) (local.get $t2r))))
        (local.set $m1i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c51) (local.get $t1i))) (f64x2.mul (local.get $c52) (local.get $t2i))))
        (local.set $m2r (f64x2.add (f64x2.add (local.get $a0r) (f64x2.mul (local.get $c52) (local.get $t1r))) (f64x2.mul (local.get $c51) (local.get $t2r))))
        (local.set $m2i (f64x2.add (f64x2.add (local.get $a0i) (f64x2.mul (local.get $c52) (local.get $t1i))) (f64x2.mul (local.get $c51) (local.get $t2i))))
        (local.set $n1r (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3i)) (f64x2.mul (local.get $s52) (local.get $t4i))))
        (local.set $n1i (f64x2.neg (f64x2.add (f64x2.mul (local.get $s51) (local.get $t3r)) (f64x2.mul (local.get $s52) (local.get $t4r)))))
        (local.set $n2r (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3i)) (f64x2.mul (local.get $s51) (local.get $t4i))))
        (local.set $n2i (f64x2.neg (f64x2.sub (f64x2.mul (local.get $s52) (local.get $t3r)) (f64x2.mul (local.get $s51) (local.get $t4r)))))
        (local.set $p (i32.add (local.get $po) (local.get $q)))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (f64x2.add (local.get $a0i) (local.get $t1i)) (local.get $t2i)) (local.get $sc)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (f64x2.add (local.get $a0r) (local.get $t1r)) (local.get $t2r)) (local.get $sc)))))
        (v128.store (local.get $p) (local.get $v))
        (local.set $ok (v128.and (local.get $ok) (f32x4.eq (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.get $m1i) (local.get $n1i)) (local.get $sc)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.get $m1r) (local.get $n1r)) (local.get $sc)))))
        (v128.store (i32.add (local.get $p) (local.get $u1)) (local.get $v))
        (local.set $ok (v128.and (local.get $ok) (f32x4.eq (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.get $m2i) (local.get $n2i)) (local.get $sc)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.get $m2r) (local.get $n2r)) (local.get $sc)))))
        (v128.store (i32.add (local.get $p) (local.get $u2)) (local.get $v))
        (local.set $ok (v128.and (local.get $ok) (f32x4.eq (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (local.get $m2i) (local.get $n2i)) (local.get $sc)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (local.get $m2r) (local.get $n2r)) (local.get $sc)))))
        (v128.store (i32.add (local.get $p) (local.get $u3)) (local.get $v))
        (local.set $ok (v128.and (local.get $ok) (f32x4.eq (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
        (local.set $v
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (local.get $m1i) (local.get $n1i)) (local.get $sc)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (local.get $m1r) (local.get $n1r)) (local.get $sc)))))
        (v128.store (i32.add (local.get $p) (local.get $u4)) (local.get $v))
        (local.set $ok (v128.and (local.get $ok) (f32x4.eq (f32x4.sub (local.get $v) (local.get $v)) (v128.const f32x4 0 0 0 0))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $l)))
    (i32x4.all_true (local.get $ok)))

;; ---- Dot products and norms (src/kernels/dot.ts) -------------------------------------------
;; Float32 (and Int32) rows: every sum in dot.ts's order, in Float64 (a product of two Float32 values is
;; exact there): four lanes, lane l adding the terms k = l, l + 4, ... in turn (lanes 0 and 1 in
;; $A, 2 and 3 in $B), the last d mod 4 terms into lane 0, then ((l0 + l1) + l2) + l3. So the
;; results are the scalar loops', bit for bit.

  ;; The dot product of the Float32 rows at $q and $c (d values each).
  (func $dotRowF32 (param $q i32) (param $c i32) (param $d i32) (result f64)
    (local $e i32) (local $A v128) (local $B v128) (local $x v128) (local $y v128) (local $a0 f64)
    (local.set $e (i32.add (local.get $c) (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $x (v128.load (local.get $q)))
        (local.set $y (v128.load (local.get $c)))
        (local.set $A (f64x2.add (local.get $A)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $y)))))
        (local.set $B (f64x2.add (local.get $B)
          (f64x2.mul
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $l)))
    (local.set $a0 (f64x2.extract_lane 0 (local.get $A)))
    (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $d) (i32.const 3)) (i32.const 2))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $a0 (f64.add (local.get $a0)
          (f64.mul (f64.promote_f32 (f32.load (local.get $q))) (f64.promote_f32 (f32.load (local.get $c))))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $t)))
    (f64.add
      (f64.add (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $A))) (f64x2.extract_lane 0 (local.get $B)))
      (f64x2.extract_lane 1 (local.get $B))))

  ;; The sum of squares of the Float32 row at $c (d values), in the same order.
  (func $squaresF32 (param $c i32) (param $d i32) (result f64)
    (local $e i32) (local $A v128) (local $B v128) (local $y v128) (local $u v128) (local $a0 f64) (local $v f64)
    (local.set $e (i32.add (local.get $c) (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $y (v128.load (local.get $c)))
        (local.set $u (f64x2.promote_low_f32x4 (local.get $y)))
        (local.set $A (f64x2.add (local.get $A) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))
        (local.set $B (f64x2.add (local.get $B) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $l)))
    (local.set $a0 (f64x2.extract_lane 0 (local.get $A)))
    (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $d) (i32.const 3)) (i32.const 2))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $v (f64.promote_f32 (f32.load (local.get $c))))
        (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $v) (local.get $v))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $t)))
    (f64.add
      (f64.add (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $A))) (f64x2.extract_lane 0 (local.get $B)))
      (f64x2.extract_lane 1 (local.get $B))))

  ;; The same for Int32 rows (MAP-I): each value exact in Float64, each product rounded there as
  ;; in the JavaScript loops.
  (func $dotRowI32 (param $q i32) (param $c i32) (param $d i32) (result f64)
    (local $e i32) (local $A v128) (local $B v128) (local $x v128) (local $y v128) (local $a0 f64)
    (local.set $e (i32.add (local.get $c) (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $x (v128.load (local.get $q)))
        (local.set $y (v128.load (local.get $c)))
        (local.set $A (f64x2.add (local.get $A)
          (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (f64x2.convert_low_i32x4_s (local.get $y)))))
        (local.set $B (f64x2.add (local.get $B)
          (f64x2.mul
            (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
            (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $l)))
    (local.set $a0 (f64x2.extract_lane 0 (local.get $A)))
    (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $d) (i32.const 3)) (i32.const 2))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $a0 (f64.add (local.get $a0)
          (f64.mul (f64.convert_i32_s (i32.load (local.get $q))) (f64.convert_i32_s (i32.load (local.get $c))))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $t)))
    (f64.add
      (f64.add (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $A))) (f64x2.extract_lane 0 (local.get $B)))
      (f64x2.extract_lane 1 (local.get $B))))

  ;; The sum of squares of the Int32 row at $c, in the same order.
  (func $squaresI32 (param $c i32) (param $d i32) (result f64)
    (local $e i32) (local $A v128) (local $B v128) (local $y v128) (local $u v128) (local $a0 f64) (local $v f64)
    (local.set $e (i32.add (local.get $c) (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $y (v128.load (local.get $c)))
        (local.set $u (f64x2.convert_low_i32x4_s (local.get $y)))
        (local.set $A (f64x2.add (local.get $A) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $u (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))
        (local.set $B (f64x2.add (local.get $B) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $l)))
    (local.set $a0 (f64x2.extract_lane 0 (local.get $A)))
    (local.set $e (i32.add (local.get $e) (i32.shl (i32.and (local.get $d) (i32.const 3)) (i32.const 2))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $v (f64.convert_i32_s (i32.load (local.get $c))))
        (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $v) (local.get $v))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $t)))
    (f64.add
      (f64.add (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $A))) (f64x2.extract_lane 0 (local.get $B)))
      (f64x2.extract_lane 1 (local.get $B))))

;; Int8 rows: exact integer sums (in any order, the same value). Sixteen bytes a step, widened
;; to 16 bits and multiplied in pairs (i32x4.dot_i16x8_s): a 32-bit lane takes four products of
;; at most 2^14 a step, so the lanes are emptied into a Float64 sum every 4,096 steps (2^16 bytes;
;; 2^28 at most a lane), exact there.

  ;; The dot product ($sq = 0) or the sum of squares ($sq = 1: $q is ignored) of Int8 rows.
  (func $dotRowI8 (param $q i32) (param $c i32) (param $d i32) (param $sq i32) (result f64)
    (local $e i32) (local $stop i32) (local $acc v128) (local $x v128) (local $y v128) (local $lo v128) (local $hi v128)
    (local $t f64) (local $w i32)
    (local.set $e (i32.add (local.get $c) (i32.and (local.get $d) (i32.const -16))))
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $stop (i32.add (local.get $c) (i32.const 65536)))
        (if (i32.gt_u (local.get $stop) (local.get $e)) (then (local.set $stop (local.get $e))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (block $cdone
          (loop $l
            (br_if $cdone (i32.ge_u (local.get $c) (local.get $stop)))
            (local.set $y (v128.load (local.get $c)))
            (local.set $lo (i16x8.extend_low_i8x16_s (local.get $y)))
            (local.set $hi (i16x8.extend_high_i8x16_s (local.get $y)))
            (if (local.get $sq)
              (then
                (local.set $acc (i32x4.add (local.get $acc)
                  (i32x4.add (i32x4.dot_i16x8_s (local.get $lo) (local.get $lo)) (i32x4.dot_i16x8_s (local.get $hi) (local.get $hi))))))
              (else
                (local.set $x (v128.load (local.get $q)))
                (local.set $acc (i32x4.add (local.get $acc)
                  (i32x4.add
                    (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (local.get $lo))
                    (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (local.get $hi)))))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $l)))
        (local.set $t (f64.add (local.get $t)
          (f64.convert_i32_s (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))))
        (br $chunk)))
    (local.set $e (i32.add (local.get $e) (i32.and (local.get $d) (i32.const 15))))
    (block $tdone
      (loop $tl
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $e)))
        (local.set $w (i32.load8_s (local.get $c)))
        (local.set $t (f64.add (local.get $t) (f64.convert_i32_s
          (i32.mul (local.get $w) (if (result i32) (local.get $sq) (then (local.get $w)) (else (i32.load8_s (local.get $q))))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tl)))
    (local.get $t))

  ;; Rows j < n of the codebook at $pc against queries i < nq at $pq (d values each; $kind 0:
  ;; Float32 rows, 1: Int8, 2: Int32): the dot product of query i and row j as a Float64 at
  ;; po + 8 (i n + j); where $ps is not 0, row j's sum of squares at ps + 8 j.
  (func (export "dotRows") (param $pq i32) (param $nq i32) (param $pc i32) (param $n i32) (param $d i32)
    (param $po i32) (param $ps i32) (param $kind i32)
    (local $j i32) (local $i i32) (local $row i32) (local $c i32) (local $q i32) (local $o i32)
    (local.set $row (if (result i32) (i32.eq (local.get $kind) (i32.const 1)) (then (local.get $d)) (else (i32.shl (local.get $d) (i32.const 2)))))
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $c (i32.add (local.get $pc) (i32.mul (local.get $j) (local.get $row))))
        (if (local.get $ps)
          (then
            (f64.store (i32.add (local.get $ps) (i32.shl (local.get $j) (i32.const 3)))
              (if (result f64) (i32.eq (local.get $kind) (i32.const 1))
                (then (call $dotRowI8 (local.get $c) (local.get $c) (local.get $d) (i32.const 1)))
                (else (if (result f64) (local.get $kind)
                  (then (call $squaresI32 (local.get $c) (local.get $d)))
                  (else (call $squaresF32 (local.get $c) (local.get $d)))))))))
        (local.set $q (local.get $pq))
        (local.set $o (i32.add (local.get $po) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $id
          (loop $il
            (br_if $id (i32.ge_u (local.get $i) (local.get $nq)))
            (f64.store (local.get $o)
              (if (result f64) (i32.eq (local.get $kind) (i32.const 1))
                (then (call $dotRowI8 (local.get $q) (local.get $c) (local.get $d) (i32.const 0)))
                (else (if (result f64) (local.get $kind)
                  (then (call $dotRowI32 (local.get $q) (local.get $c) (local.get $d)))
                  (else (call $dotRowF32 (local.get $q) (local.get $c) (local.get $d)))))))
            (local.set $q (i32.add (local.get $q) (local.get $row)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 3))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $il)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl))))

;; ---- BSC: bitwise majority (src/kernels/majority.ts) ---------------------------------------
;; The counts of n rows of L words at $p (row stride 4 L bytes) at four words a step, in bit
;; planes (ones, twos, fours, eights, then planes of weight 16, 32, ... at $ph, 16 bytes each),
;; rows added 16 at a time by a carry-save adder tree (the carry is the bit-select of the
;; third operand and the first by the XOR of the first two), the rest one by one; then the
;; majority bits (count > n / 2) at $po and, for even n, the tied bits (count = n / 2) at $pt.
;; Exact counts, so the same bits as majorityPacked. A step past word L reads up to 12 bytes
;; past a row (the caller pads the last one) and writes up to 12 bytes past L words at $po and
;; $pt; those lanes are not used. Bits outside the last word's mask are the caller's to clear.
  (func (export "majority") (param $p i32) (param $n i32) (param $L i32) (param $ph i32) (param $po i32) (param $pt i32)
    (local $w i32) (local $r i32) (local $o i32) (local $nh i32) (local $k i32) (local $K i32) (local $stride i32) (local $h i32)
    (local $ones v128) (local $twos v128) (local $fours v128) (local $eights v128)
    (local $a v128) (local $b v128) (local $x v128) (local $y v128) (local $u v128)
    (local $tA v128) (local $tB v128) (local $fA v128) (local $fB v128) (local $eA v128) (local $eB v128)
    (local $carry v128) (local $t v128) (local $c v128) (local $gt v128) (local $eq v128) (local $kb v128)
    (block $nd
      (loop $nl
        (br_if $nd (i32.eqz (i32.shr_u (local.get $n) (i32.add (i32.const 4) (local.get $nh)))))
        (local.set $nh (i32.add (local.get $nh) (i32.const 1)))
        (br $nl)))
    (local.set $K (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $stride (i32.shl (local.get $L) (i32.const 2)))
    (block $wd
      (loop $wl
        (br_if $wd (i32.ge_u (local.get $w) (local.get $L)))
        (local.set $ones (v128.const i32x4 0 0 0 0))
        (local.set $twos (v128.const i32x4 0 0 0 0))
        (local.set $fours (v128.const i32x4 0 0 0 0))
        (local.set $eights (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $zd
          (loop $zl
            (br_if $zd (i32.ge_u (local.get $k) (local.get $nh)))
            (v128.store (i32.add (local.get $ph) (i32.shl (local.get $k) (i32.const 4))) (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $zl)))
        (local.set $o (i32.add (local.get $p) (i32.shl (local.get $w) (i32.const 2))))
        (local.set $r (i32.const 0))
        ;; Groups of 16 rows.
        (block $gd
          (loop $gl
            (br_if $gd (i32.gt_u (i32.add (local.get $r) (i32.const 16)) (local.get $n)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tA (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tB (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $tA))
          (local.set $y (local.get $tB))
          (local.set $u (v128.xor (local.get $twos) (local.get $x)))
          (local.set $fA (v128.bitselect (local.get $y) (local.get $twos) (local.get $u)))
          (local.set $twos (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tA (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tB (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $tA))
          (local.set $y (local.get $tB))
          (local.set $u (v128.xor (local.get $twos) (local.get $x)))
          (local.set $fB (v128.bitselect (local.get $y) (local.get $twos) (local.get $u)))
          (local.set $twos (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $fA))
          (local.set $y (local.get $fB))
          (local.set $u (v128.xor (local.get $fours) (local.get $x)))
          (local.set $eA (v128.bitselect (local.get $y) (local.get $fours) (local.get $u)))
          (local.set $fours (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tA (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tB (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $tA))
          (local.set $y (local.get $tB))
          (local.set $u (v128.xor (local.get $twos) (local.get $x)))
          (local.set $fA (v128.bitselect (local.get $y) (local.get $twos) (local.get $u)))
          (local.set $twos (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tA (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $a (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $b (v128.load (local.get $o)))
          (local.set $o (i32.add (local.get $o) (local.get $stride)))
          (local.set $x (local.get $a))
          (local.set $y (local.get $b))
          (local.set $u (v128.xor (local.get $ones) (local.get $x)))
          (local.set $tB (v128.bitselect (local.get $y) (local.get $ones) (local.get $u)))
          (local.set $ones (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $tA))
          (local.set $y (local.get $tB))
          (local.set $u (v128.xor (local.get $twos) (local.get $x)))
          (local.set $fB (v128.bitselect (local.get $y) (local.get $twos) (local.get $u)))
          (local.set $twos (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $fA))
          (local.set $y (local.get $fB))
          (local.set $u (v128.xor (local.get $fours) (local.get $x)))
          (local.set $eB (v128.bitselect (local.get $y) (local.get $fours) (local.get $u)))
          (local.set $fours (v128.xor (local.get $u) (local.get $y)))
          (local.set $x (local.get $eA))
          (local.set $y (local.get $eB))
          (local.set $u (v128.xor (local.get $eights) (local.get $x)))
          (local.set $carry (v128.bitselect (local.get $y) (local.get $eights) (local.get $u)))
          (local.set $eights (v128.xor (local.get $u) (local.get $y)))
            ;; The sixteens into the planes above.
            (local.set $h (local.get $ph))
            (block $cd
              (loop $cl
                (br_if $cd (i32.eqz (v128.any_true (local.get $carry))))
                (local.set $c (v128.load (local.get $h)))
                (v128.store (local.get $h) (v128.xor (local.get $c) (local.get $carry)))
                (local.set $carry (v128.and (local.get $c) (local.get $carry)))
                (local.set $h (i32.add (local.get $h) (i32.const 16)))
                (br $cl)))
            (local.set $r (i32.add (local.get $r) (i32.const 16)))
            (br $gl)))
        ;; The remaining rows one by one, each carry rippled up through the planes.
        (block $rd
          (loop $rl
            (br_if $rd (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $carry (v128.load (local.get $o)))
            (local.set $o (i32.add (local.get $o) (local.get $stride)))
            (local.set $t (v128.and (local.get $ones) (local.get $carry)))
            (local.set $ones (v128.xor (local.get $ones) (local.get $carry)))
            (local.set $carry (local.get $t))
            (local.set $t (v128.and (local.get $twos) (local.get $carry)))
            (local.set $twos (v128.xor (local.get $twos) (local.get $carry)))
            (local.set $carry (local.get $t))
            (local.set $t (v128.and (local.get $fours) (local.get $carry)))
            (local.set $fours (v128.xor (local.get $fours) (local.get $carry)))
            (local.set $carry (local.get $t))
            (local.set $t (v128.and (local.get $eights) (local.get $carry)))
            (local.set $eights (v128.xor (local.get $eights) (local.get $carry)))
            (local.set $carry (local.get $t))
            (local.set $h (local.get $ph))
            (block $cd2
              (loop $cl2
                (br_if $cd2 (i32.eqz (v128.any_true (local.get $carry))))
                (local.set $c (v128.load (local.get $h)))
                (v128.store (local.get $h) (v128.xor (local.get $c) (local.get $carry)))
                (local.set $carry (v128.and (local.get $c) (local.get $carry)))
                (local.set $h (i32.add (local.get $h) (i32.const 16)))
                (br $cl2)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rl)))
        ;; Compare with K from the top plane down: gt |= eq & c where K's bit is 0; eq keeps
        ;; the positions whose plane equals K's bit.
        (local.set $gt (v128.const i32x4 0 0 0 0))
        (local.set $eq (v128.const i32x4 -1 -1 -1 -1))
        (local.set $k (local.get $nh))
        (block $kd
          (loop $kl
            (br_if $kd (i32.eqz (local.get $k)))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))
            (local.set $c (v128.load (i32.add (local.get $ph) (i32.shl (local.get $k) (i32.const 4)))))
            (if (i32.and (i32.shr_u (local.get $K) (i32.add (local.get $k) (i32.const 4))) (i32.const 1))
              (then (local.set $eq (v128.and (local.get $eq) (local.get $c))))
              (else
                (local.set $gt (v128.or (local.get $gt) (v128.and (local.get $eq) (local.get $c))))
                (local.set $eq (v128.andnot (local.get $eq) (local.get $c)))))
            (br $kl)))
        (local.set $c (local.get $eights))
        (if (i32.and (i32.shr_u (local.get $K) (i32.const 3)) (i32.const 1))
          (then (local.set $eq (v128.and (local.get $eq) (local.get $c))))
          (else
            (local.set $gt (v128.or (local.get $gt) (v128.and (local.get $eq) (local.get $c))))
            (local.set $eq (v128.andnot (local.get $eq) (local.get $c)))))
        (local.set $c (local.get $fours))
        (if (i32.and (i32.shr_u (local.get $K) (i32.const 2)) (i32.const 1))
          (then (local.set $eq (v128.and (local.get $eq) (local.get $c))))
          (else
            (local.set $gt (v128.or (local.get $gt) (v128.and (local.get $eq) (local.get $c))))
            (local.set $eq (v128.andnot (local.get $eq) (local.get $c)))))
        (local.set $c (local.get $twos))
        (if (i32.and (i32.shr_u (local.get $K) (i32.const 1)) (i32.const 1))
          (then (local.set $eq (v128.and (local.get $eq) (local.get $c))))
          (else
            (local.set $gt (v128.or (local.get $gt) (v128.and (local.get $eq) (local.get $c))))
            (local.set $eq (v128.andnot (local.get $eq) (local.get $c)))))
        (local.set $c (local.get $ones))
        (if (i32.and (local.get $K) (i32.const 1))
          (then (local.set $eq (v128.and (local.get $eq) (local.get $c))))
          (else
            (local.set $gt (v128.or (local.get $gt) (v128.and (local.get $eq) (local.get $c))))
            (local.set $eq (v128.andnot (local.get $eq) (local.get $c)))))
        (v128.store (i32.add (local.get $po) (i32.shl (local.get $w) (i32.const 2))) (local.get $gt))
        (v128.store (i32.add (local.get $pt) (i32.shl (local.get $w) (i32.const 2)))
          (if (result v128) (i32.and (local.get $n) (i32.const 1))
            (then (v128.const i32x4 0 0 0 0))
            (else (local.get $eq))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (br $wl))))
)
