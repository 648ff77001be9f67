;; Single-precision matrix products with WebAssembly SIMD (128-bit, f32x4).
;; Source of src/wasm/matmulBytes.ts: regenerate with `pnpm --filter @hyperposition/hypervector wasm`.
;;
;; All pointers are byte offsets into the exported memory; strides are in floats. One
;; micro-kernel ("nn") computes 4 x 8 tiles of C = A B with B packed in strips of 8 columns;
;; "pack" packs B, "packT" packs Bᵀ (so that A Bᵀ runs on the same kernel). The caller
;; (src/wasm/matmul.ts) pads m to a multiple of 4 and the packed columns to a multiple of 8,
;; so the kernels have no edge cases, and splits long inner dimensions into blocks.
(module
  (memory (export "memory") 1)

  ;; P[s][l][t] = B[l*ldb + 8s + t]   for l < k, s < strips, t < 8: B (row-major, columns
  ;; padded to 8 * strips) into strips of 8 columns, each k x 8 floats contiguous. Rows go in
  ;; blocks of 16 so that the reads run along 16 rows and each strip gets 512 contiguous bytes.
  (func (export "pack") (param $pb i32) (param $ldb i32) (param $k i32) (param $strips i32) (param $pp i32)
    (local $l0 i32) (local $l1 i32) (local $l i32) (local $s i32) (local $src i32) (local $dst i32)
    (local $ldbb i32) (local $stripb i32)
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $stripb (i32.shl (local.get $k) (i32.const 5)))
    (local.set $l0 (i32.const 0))
    (block $l0end (loop $l0loop
      (br_if $l0end (i32.ge_u (local.get $l0) (local.get $k)))
      (local.set $l1 (i32.add (local.get $l0) (i32.const 16)))
      (if (i32.gt_u (local.get $l1) (local.get $k)) (then (local.set $l1 (local.get $k))))
      (local.set $s (i32.const 0))
      (block $send (loop $sloop
        (br_if $send (i32.ge_u (local.get $s) (local.get $strips)))
        (local.set $src (i32.add (local.get $pb)
          (i32.add (i32.mul (local.get $l0) (local.get $ldbb)) (i32.shl (local.get $s) (i32.const 5)))))
        (local.set $dst (i32.add (local.get $pp)
          (i32.add (i32.mul (local.get $s) (local.get $stripb)) (i32.shl (local.get $l0) (i32.const 5)))))
        (local.set $l (local.get $l0))
        (block $lend (loop $lloop
          (br_if $lend (i32.ge_u (local.get $l) (local.get $l1)))
          (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $src)))
          (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
          (local.set $src (i32.add (local.get $src) (local.get $ldbb)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
          (local.set $l (i32.add (local.get $l) (i32.const 1)))
          (br $lloop)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $sloop)))
      (local.set $l0 (local.get $l1))
      (br $l0loop))))

  ;; P[s][l][t] = B[(8s + t)*ldb + l]   for s < strips, l < k, t < 8: the rows of B (rows
  ;; padded to 8 * strips) as the columns of strips, i.e. Bᵀ packed as by "pack".
  (func (export "packT") (param $pb i32) (param $ldb i32) (param $k i32) (param $strips i32) (param $pp i32)
    (local $s i32) (local $l i32) (local $r0 i32) (local $dst i32) (local $ldbb i32)
    (local.set $ldbb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $dst (local.get $pp))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $strips)))
      (local.set $r0 (i32.add (local.get $pb) (i32.mul (i32.shl (local.get $s) (i32.const 3)) (local.get $ldbb))))
      (local.set $l (i32.const 0))
      (block $lend (loop $lloop
        (br_if $lend (i32.ge_u (local.get $l) (local.get $k)))
        (f32.store offset=0 (local.get $dst) (f32.load (local.get $r0)))
        (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $r0) (local.get $ldbb))))
        (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 2)))))
        (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 3)))))
        (f32.store offset=16 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 4)))))
        (f32.store offset=20 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 5)))))
        (f32.store offset=24 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 6)))))
        (f32.store offset=28 (local.get $dst) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $ldbb) (i32.const 7)))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lloop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop))))

  ;; C[i*ldc + 8s + t] (+)= sum_{l<k} A[i*lda + l] * P[pp + s*sstride + 8l + t]
  ;;   for i < m, s < strips, t < 8: C = A B with B packed by "pack" (sstride = 8 * rows of the
  ;;   packed matrix; pp may point into the strips to start at a later row). Overwrites C when
  ;;   $acc is 0, adds to it otherwise. Strips outer, so one strip block (k x 32 bytes) stays
  ;;   in cache while all rows of A pass it; the 4 x 8 tile lives in eight f32x4 accumulators.
  (func (export "nn") (param $pa i32) (param $lda i32) (param $pp i32) (param $sstride i32)
                      (param $pc i32) (param $ldc i32) (param $m i32) (param $strips i32)
                      (param $k i32) (param $acc i32)
    (local $s i32) (local $i i32) (local $pend i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $p i32) (local $c i32) (local $ldab i32) (local $ldcb i32) (local $strip i32)
    (local $vb0 v128) (local $vb1 v128) (local $va v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $ldab (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $strips)))
      (local.set $strip (i32.add (local.get $pp) (i32.mul (local.get $s) (i32.shl (local.get $sstride) (i32.const 2)))))
      (local.set $pend (i32.add (local.get $strip) (i32.shl (local.get $k) (i32.const 5))))
      (local.set $i (i32.const 0))
      (block $iend (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a0 (i32.add (local.get $pa) (i32.mul (local.get $i) (local.get $ldab))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $ldab)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $ldab)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $ldab)))
        (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
        (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
        (local.set $s20 (v128.const i32x4 0 0 0 0)) (local.set $s21 (v128.const i32x4 0 0 0 0))
        (local.set $s30 (v128.const i32x4 0 0 0 0)) (local.set $s31 (v128.const i32x4 0 0 0 0))
        (local.set $p (local.get $strip))
        (block $lend (loop $lloop
          (br_if $lend (i32.ge_u (local.get $p) (local.get $pend)))
          (local.set $vb0 (v128.load offset=0 (local.get $p)))
          (local.set $vb1 (v128.load offset=16 (local.get $p)))
          (local.set $va (v128.load32_splat (local.get $a0)))
          (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $va) (local.get $vb0))))
          (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $va) (local.get $vb1))))
          (local.set $va (v128.load32_splat (local.get $a1)))
          (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $va) (local.get $vb0))))
          (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $va) (local.get $vb1))))
          (local.set $va (v128.load32_splat (local.get $a2)))
          (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $va) (local.get $vb0))))
          (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $va) (local.get $vb1))))
          (local.set $va (v128.load32_splat (local.get $a3)))
          (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $va) (local.get $vb0))))
          (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $va) (local.get $vb1))))
          (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
          (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
          (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
          (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br $lloop)))
        ;; c = pc + 4 * (i * ldc + 8 s)
        (local.set $c (i32.add (local.get $pc)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $s) (i32.const 3))) (i32.const 2))))
        (if (local.get $acc)
          (then
            (local.set $s00 (f32x4.add (local.get $s00) (v128.load offset=0 (local.get $c))))
            (local.set $s01 (f32x4.add (local.get $s01) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $s00))
        (v128.store offset=16 (local.get $c) (local.get $s01))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (if (local.get $acc)
          (then
            (local.set $s10 (f32x4.add (local.get $s10) (v128.load offset=0 (local.get $c))))
            (local.set $s11 (f32x4.add (local.get $s11) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $s10))
        (v128.store offset=16 (local.get $c) (local.get $s11))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (if (local.get $acc)
          (then
            (local.set $s20 (f32x4.add (local.get $s20) (v128.load offset=0 (local.get $c))))
            (local.set $s21 (f32x4.add (local.get $s21) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $s20))
        (v128.store offset=16 (local.get $c) (local.get $s21))
        (local.set $c (i32.add (local.get $c) (local.get $ldcb)))
        (if (local.get $acc)
          (then
            (local.set $s30 (f32x4.add (local.get $s30) (v128.load offset=0 (local.get $c))))
            (local.set $s31 (f32x4.add (local.get $s31) (v128.load offset=16 (local.get $c))))))
        (v128.store offset=0 (local.get $c) (local.get $s30))
        (v128.store offset=16 (local.get $c) (local.get $s31))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop))))
)
