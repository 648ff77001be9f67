;; Element-wise VSA kernels with WebAssembly SIMD (128-bit): byte products and exact byte sums
;; with signs (MAP-B), complex products (FHRR) and Float32 row sums into Float64 (HRR, FHRR,
;; MAP-C bundles).
;; Source of src/wasm/vsaBytes.ts: regenerate with `pnpm --filter @hyperposition/hypervector wasm`.
;;
;; All pointers are byte offsets into the exported memory; sizes are in elements. The caller
;; (src/wasm/vsa.ts) lays the operands out and checks every size, so the kernels have no
;; bounds checks. Every kernel computes exactly what the scalar JavaScript kernels of
;; src/kernels compute (the float kernels in Float64, in the same order of operations), so
;; both paths give bit-identical results.
(module
  (memory (export "memory") 1)

  ;; o[i] = a[i] * b[i] (Int8, wrapping) for i < n.
  (func (export "mulI8") (param $pa i32) (param $pb i32) (param $po i32) (param $n i32)
    (local $i i32) (local $x v128) (local $y v128) (local $m v128)
    (local.set $m (v128.const i16x8 255 255 255 255 255 255 255 255))
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $x (v128.load (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.load (i32.add (local.get $pb) (local.get $i))))
        (v128.store (i32.add (local.get $po) (local.get $i))
          (i8x16.narrow_i16x8_u
            (v128.and (i16x8.extmul_low_i8x16_s (local.get $x) (local.get $y)) (local.get $m))
            (v128.and (i16x8.extmul_high_i8x16_s (local.get $x) (local.get $y)) (local.get $m))))
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
  ;; interleaved Float32 arrays ([re, im, ...]), each product formed in Float64 as the scalar
  ;; kernel does (re = ar br - ai bi, im = ar bi + ai br; conj: ar br + ai bi, ai br - ar bi)
  ;; and rounded once to Float32. Returns 1 when every output is finite, 0 otherwise.
  (func (export "cmulF32") (param $pa i32) (param $pb i32) (param $po i32) (param $n i32)
    (param $conj i32) (result i32)
    (local $i i32) (local $end i32) (local $sg v128) (local $ok v128)
    (local $x v128) (local $y v128) (local $r0 v128) (local $r1 v128) (local $t v128) (local $u v128)
    ;; P = A * splat(br), Q = swap(A) * splat(bi), R = P + (Q with one lane negated):
    ;; [ar br - ai bi, ai br + ar bi], or with conj [ar br + ai bi, ai br - ar bi].
    (local.set $sg
      (select (result v128)
        (v128.const i64x2 0 0x8000000000000000)
        (v128.const i64x2 0x8000000000000000 0)
        (local.get $conj)))
    (local.set $ok (v128.const i32x4 -1 -1 -1 -1))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    ;; Two complex elements per pass.
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.load (i32.add (local.get $pb) (local.get $i))))
        ;; Element 0: lanes 0, 1.
        (local.set $t (f64x2.promote_low_f32x4 (local.get $x)))
        (local.set $u (f64x2.promote_low_f32x4 (local.get $y)))
        (local.set $r0
          (f64x2.add
            (f64x2.mul (local.get $t)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
            (v128.xor (local.get $sg)
              (f64x2.mul
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))))
        ;; Element 1: lanes 2, 3.
        (local.set $t
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
        (local.set $u
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))
        (local.set $r1
          (f64x2.add
            (f64x2.mul (local.get $t)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
            (v128.xor (local.get $sg)
              (f64x2.mul
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))))
        (local.set $t
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $r0))
            (f32x4.demote_f64x2_zero (local.get $r1))))
        (v128.store (i32.add (local.get $po) (local.get $i)) (local.get $t))
        ;; Finite iff t - t = 0.
        (local.set $ok
          (v128.and (local.get $ok)
            (f32x4.eq (f32x4.sub (local.get $t) (local.get $t)) (v128.const f32x4 0 0 0 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (local.set $x (v128.load64_zero (i32.add (local.get $pa) (local.get $i))))
        (local.set $y (v128.load64_zero (i32.add (local.get $pb) (local.get $i))))
        (local.set $t (f64x2.promote_low_f32x4 (local.get $x)))
        (local.set $u (f64x2.promote_low_f32x4 (local.get $y)))
        (local.set $r0
          (f64x2.add
            (f64x2.mul (local.get $t)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
            (v128.xor (local.get $sg)
              (f64x2.mul
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))))
        (local.set $t (f32x4.demote_f64x2_zero (local.get $r0)))
        (v128.store64_lane 0 (i32.add (local.get $po) (local.get $i)) (local.get $t))
        (local.set $ok
          (v128.and (local.get $ok)
            (f32x4.eq (f32x4.sub (local.get $t) (local.get $t)) (v128.const f32x4 0 0 0 0))))))
    (i32x4.all_true (local.get $ok)))

  ;; acc[j] += sum of the n Float32 rows x[r * L + j] (j < L), in Float64 and grouped as the
  ;; scalar kernel (sumRowsFloat32) groups them: 16 rows at a time while 16 remain,
  ;; acc += ((x0 + x1) + (x2 + x3) + ((x4 + x5) + (x6 + x7))) + (((x8 + x9) + (x10 + x11)) +
  ;; ((x12 + x13) + (x14 + x15))); then 8 at a time, acc += (x0 + x1) + (x2 + x3) + ((x4 + x5)
  ;; + (x6 + x7)); then 2 at a time, acc += x0 + x1; then one. Two columns per f64x2 lane pair
  ;; (the odd last column in scalar Float64). Rows are read through four pointers ($q0..$q3,
  ;; four rows apart) plus offsets of one, two and three rows ($rb, $rb2, $rb3 bytes).
  (func (export "sumF32") (param $p i32) (param $n i32) (param $L i32) (param $pacc i32)
    (local $r i32) (local $a i32) (local $e i32) (local $rb i32) (local $rb2 i32) (local $rb3 i32)
    (local $L2 i32) (local $odd i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local.set $rb (i32.shl (local.get $L) (i32.const 2)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $L2 (i32.and (local.get $L) (i32.const -2)))
    (local.set $odd (i32.and (local.get $L) (i32.const 1)))
    ;; 16 rows at a time.
    (block $done16
      (loop $g16
        (br_if $done16 (i32.gt_u (i32.add (local.get $r) (i32.const 16)) (local.get $n)))
        (local.set $q0 (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rb))))
        (local.set $q1 (i32.add (local.get $q0) (i32.shl (local.get $rb) (i32.const 2))))
        (local.set $q2 (i32.add (local.get $q1) (i32.shl (local.get $rb) (i32.const 2))))
        (local.set $q3 (i32.add (local.get $q2) (i32.shl (local.get $rb) (i32.const 2))))
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
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q0))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb)))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb3))))))
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q1))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb)))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb3)))))))
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q2))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q2) (local.get $rb)))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q2) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q2) (local.get $rb3))))))
                    (f64x2.add
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q3))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q3) (local.get $rb)))))
                      (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q3) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q3) (local.get $rb3))))))))))
            (local.set $q0 (i32.add (local.get $q0) (i32.const 8)))
            (local.set $q1 (i32.add (local.get $q1) (i32.const 8)))
            (local.set $q2 (i32.add (local.get $q2) (i32.const 8)))
            (local.set $q3 (i32.add (local.get $q3) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add
                  (f64.add
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load (local.get $q0))) (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb)))))
                      (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb3))))))
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load (local.get $q1))) (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb)))))
                      (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb3)))))))
                  (f64.add
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load (local.get $q2))) (f64.promote_f32 (f32.load (i32.add (local.get $q2) (local.get $rb)))))
                      (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q2) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q2) (local.get $rb3))))))
                    (f64.add
                      (f64.add (f64.promote_f32 (f32.load (local.get $q3))) (f64.promote_f32 (f32.load (i32.add (local.get $q3) (local.get $rb)))))
                      (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q3) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q3) (local.get $rb3))))))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $g16)))
    ;; 8 rows at a time.
    (block $done8
      (loop $g8
        (br_if $done8 (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $n)))
        (local.set $q0 (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rb))))
        (local.set $q1 (i32.add (local.get $q0) (i32.shl (local.get $rb) (i32.const 2))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q0))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb)))))
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb3))))))
                  (f64x2.add
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q1))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb)))))
                    (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb2)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q1) (local.get $rb3)))))))))
            (local.set $q0 (i32.add (local.get $q0) (i32.const 8)))
            (local.set $q1 (i32.add (local.get $q1) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add
                  (f64.add
                    (f64.add (f64.promote_f32 (f32.load (local.get $q0))) (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb)))))
                    (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb3))))))
                  (f64.add
                    (f64.add (f64.promote_f32 (f32.load (local.get $q1))) (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb)))))
                    (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb2)))) (f64.promote_f32 (f32.load (i32.add (local.get $q1) (local.get $rb3)))))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $g8)))
    ;; 2 rows at a time.
    (block $done2
      (loop $g2
        (br_if $done2 (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $n)))
        (local.set $q0 (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rb))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q0))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $q0) (local.get $rb)))))))
            (local.set $q0 (i32.add (local.get $q0) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.add (f64.promote_f32 (f32.load (local.get $q0))) (f64.promote_f32 (f32.load (i32.add (local.get $q0) (local.get $rb)))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $g2)))
    ;; 1 row at a time.
    (block $done1
      (loop $g1
        (br_if $done1 (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $q0 (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rb))))
        (local.set $a (local.get $pacc))
        (local.set $e (i32.add (local.get $pacc) (i32.shl (local.get $L2) (i32.const 3))))
        (block $cd
          (loop $c
            (br_if $cd (i32.ge_u (local.get $a) (local.get $e)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a))
                (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q0)))))
            (local.set $q0 (i32.add (local.get $q0) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $c)))
        (if (local.get $odd)
          (then
            (f64.store (local.get $a)
              (f64.add (f64.load (local.get $a))
                (f64.promote_f32 (f32.load (local.get $q0)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $g1))))
)
