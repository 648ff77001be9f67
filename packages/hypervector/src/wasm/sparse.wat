;; Sparse-times-dense products, blocked transposes and a fused squared-error gradient with
;; WebAssembly SIMD (128-bit, f32x4).
;; Source of src/wasm/sparseBytes.ts: regenerate with `pnpm --filter @hyperposition/hypervector wasm`.
;;
;; All pointers are byte offsets into the exported memory; sizes are in elements. Sparse
;; matrices are in CSR form: row s holds the entries e in [off[s], off[s + 1]) (absolute
;; positions into idx and val, so a block of rows of a larger CSR matrix needs no rebasing),
;; with column idx[e] (i32) and value val[e] (f32). The caller (src/wasm/sparse.ts) checks
;; every index and offset, so the kernels have no bounds checks; widths need no padding (the
;; last n mod 4 columns run scalar).
(module
  (memory (export "memory") 1)

  ;; Entries of the last "lossGrad" whose gradient is not zero.
  (global $nnz (export "nnz") (mut i32) (i32.const 0))

  ;; C[s, :] (+)= sum_e val[e] * B[idx[e], :]   for s < rows, e in row s; B [*, n], C [rows, n].
  ;; Overwrites C when $acc is 0. Blocks of 32 columns live in eight f32x4 accumulators while
  ;; the row's entries pass, so C is read and written once per row.
  (func (export "spmm") (param $pOff i32) (param $pIdx i32) (param $pVal i32) (param $rows i32)
                        (param $pB i32) (param $n i32) (param $pC i32) (param $acc i32)
    (local $s i32) (local $e0 i32) (local $e1 i32) (local $e i32) (local $j i32) (local $nb i32)
    (local $c i32) (local $p i32) (local $v v128) (local $x f32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $rows)))
      ;; entries as byte offsets into idx and val
      (local.set $e0 (i32.shl (i32.load (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      (local.set $e1 (i32.shl (i32.load offset=4 (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      (local.set $j (i32.const 0))
      ;; 32 columns at a time
      (block $j32end (loop $j32loop
        (br_if $j32end (i32.gt_u (i32.add (local.get $j) (i32.const 128)) (local.get $nb)))
        (local.set $c (i32.add (i32.add (local.get $pC) (i32.mul (local.get $s) (local.get $nb))) (local.get $j)))
        (if (local.get $acc)
          (then
            (local.set $c0 (v128.load offset=0 (local.get $c)))
            (local.set $c1 (v128.load offset=16 (local.get $c)))
            (local.set $c2 (v128.load offset=32 (local.get $c)))
            (local.set $c3 (v128.load offset=48 (local.get $c)))
            (local.set $c4 (v128.load offset=64 (local.get $c)))
            (local.set $c5 (v128.load offset=80 (local.get $c)))
            (local.set $c6 (v128.load offset=96 (local.get $c)))
            (local.set $c7 (v128.load offset=112 (local.get $c))))
          (else
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $c4 (v128.const i32x4 0 0 0 0)) (local.set $c5 (v128.const i32x4 0 0 0 0))
            (local.set $c6 (v128.const i32x4 0 0 0 0)) (local.set $c7 (v128.const i32x4 0 0 0 0))))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $v (v128.load32_splat (i32.add (local.get $pVal) (local.get $e))))
          (local.set $p (i32.add (i32.add (local.get $pB)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $v) (v128.load offset=0 (local.get $p)))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $v) (v128.load offset=16 (local.get $p)))))
          (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $v) (v128.load offset=32 (local.get $p)))))
          (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $v) (v128.load offset=48 (local.get $p)))))
          (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $v) (v128.load offset=64 (local.get $p)))))
          (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $v) (v128.load offset=80 (local.get $p)))))
          (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $v) (v128.load offset=96 (local.get $p)))))
          (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $v) (v128.load offset=112 (local.get $p)))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (v128.store offset=0 (local.get $c) (local.get $c0))
        (v128.store offset=16 (local.get $c) (local.get $c1))
        (v128.store offset=32 (local.get $c) (local.get $c2))
        (v128.store offset=48 (local.get $c) (local.get $c3))
        (v128.store offset=64 (local.get $c) (local.get $c4))
        (v128.store offset=80 (local.get $c) (local.get $c5))
        (v128.store offset=96 (local.get $c) (local.get $c6))
        (v128.store offset=112 (local.get $c) (local.get $c7))
        (local.set $j (i32.add (local.get $j) (i32.const 128)))
        (br $j32loop)))
      ;; 4 columns at a time
      (block $j4end (loop $j4loop
        (br_if $j4end (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $nb)))
        (local.set $c (i32.add (i32.add (local.get $pC) (i32.mul (local.get $s) (local.get $nb))) (local.get $j)))
        (if (local.get $acc)
          (then (local.set $c0 (v128.load (local.get $c))))
          (else (local.set $c0 (v128.const i32x4 0 0 0 0))))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $p (i32.add (i32.add (local.get $pB)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (local.set $c0 (f32x4.add (local.get $c0)
            (f32x4.mul (v128.load32_splat (i32.add (local.get $pVal) (local.get $e))) (v128.load (local.get $p)))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (v128.store (local.get $c) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $j4loop)))
      ;; the last n mod 4 columns
      (block $j1end (loop $j1loop
        (br_if $j1end (i32.ge_u (local.get $j) (local.get $nb)))
        (local.set $c (i32.add (i32.add (local.get $pC) (i32.mul (local.get $s) (local.get $nb))) (local.get $j)))
        (if (local.get $acc)
          (then (local.set $x (f32.load (local.get $c))))
          (else (local.set $x (f32.const 0))))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $p (i32.add (i32.add (local.get $pB)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (local.set $x (f32.add (local.get $x)
            (f32.mul (f32.load (i32.add (local.get $pVal) (local.get $e))) (f32.load (local.get $p)))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (f32.store (local.get $c) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $j1loop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop))))

;; C[idx[e], :] += val[e] * A[s, :]   for s < rows, e in row s; A [rows, n], C [*, n]: the
  ;; scatter transpose of "spmm" (C += Xᵀ A). The caller zeroes C for an overwrite. Blocks
  ;; of 32 columns of A's row live in eight f32x4 registers while the row's entries pass.
  (func (export "spmmT") (param $pOff i32) (param $pIdx i32) (param $pVal i32) (param $rows i32)
                         (param $pA i32) (param $n i32) (param $pC i32)
    (local $s i32) (local $e0 i32) (local $e1 i32) (local $e i32) (local $j i32) (local $nb i32)
    (local $a i32) (local $c i32) (local $v v128) (local $x f32) (local $y f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $rows)))
      (local.set $e0 (i32.shl (i32.load (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      (local.set $e1 (i32.shl (i32.load offset=4 (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      (local.set $j (i32.const 0))
      (if (i32.ge_u (local.get $e0) (local.get $e1)) (then (local.set $j (local.get $nb))))
      ;; 32 columns at a time
      (block $j32end (loop $j32loop
        (br_if $j32end (i32.gt_u (i32.add (local.get $j) (i32.const 128)) (local.get $nb)))
        (local.set $a (i32.add (i32.add (local.get $pA) (i32.mul (local.get $s) (local.get $nb))) (local.get $j)))
        (local.set $a0 (v128.load offset=0 (local.get $a)))
        (local.set $a1 (v128.load offset=16 (local.get $a)))
        (local.set $a2 (v128.load offset=32 (local.get $a)))
        (local.set $a3 (v128.load offset=48 (local.get $a)))
        (local.set $a4 (v128.load offset=64 (local.get $a)))
        (local.set $a5 (v128.load offset=80 (local.get $a)))
        (local.set $a6 (v128.load offset=96 (local.get $a)))
        (local.set $a7 (v128.load offset=112 (local.get $a)))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $v (v128.load32_splat (i32.add (local.get $pVal) (local.get $e))))
          (local.set $c (i32.add (i32.add (local.get $pC)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (v128.store offset=0 (local.get $c) (f32x4.add (v128.load offset=0 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a0))))
          (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a1))))
          (v128.store offset=32 (local.get $c) (f32x4.add (v128.load offset=32 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a2))))
          (v128.store offset=48 (local.get $c) (f32x4.add (v128.load offset=48 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a3))))
          (v128.store offset=64 (local.get $c) (f32x4.add (v128.load offset=64 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a4))))
          (v128.store offset=80 (local.get $c) (f32x4.add (v128.load offset=80 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a5))))
          (v128.store offset=96 (local.get $c) (f32x4.add (v128.load offset=96 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a6))))
          (v128.store offset=112 (local.get $c) (f32x4.add (v128.load offset=112 (local.get $c)) (f32x4.mul (local.get $v) (local.get $a7))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 128)))
        (br $j32loop)))
      ;; 4 columns at a time
      (block $j4end (loop $j4loop
        (br_if $j4end (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $nb)))
        (local.set $a0 (v128.load (i32.add (i32.add (local.get $pA) (i32.mul (local.get $s) (local.get $nb))) (local.get $j))))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $c (i32.add (i32.add (local.get $pC)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c))
            (f32x4.mul (v128.load32_splat (i32.add (local.get $pVal) (local.get $e))) (local.get $a0))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $j4loop)))
      ;; the last n mod 4 columns
      (block $j1end (loop $j1loop
        (br_if $j1end (i32.ge_u (local.get $j) (local.get $nb)))
        (local.set $y (f32.load (i32.add (i32.add (local.get $pA) (i32.mul (local.get $s) (local.get $nb))) (local.get $j))))
        (local.set $e (local.get $e0))
        (block $eend (loop $eloop
          (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
          (local.set $c (i32.add (i32.add (local.get $pC)
            (i32.mul (i32.load (i32.add (local.get $pIdx) (local.get $e))) (local.get $nb))) (local.get $j)))
          (f32.store (local.get $c) (f32.add (f32.load (local.get $c))
            (f32.mul (f32.load (i32.add (local.get $pVal) (local.get $e))) (local.get $y))))
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $eloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $j1loop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop))))

  ;; Out[j, i] (+)= A[i, j]   for i < rows, j < cols: A [rows, cols] transposed into Out
  ;; [cols, rows]; adds to Out when $add is 1. Tiles of 32 x 32 for the caches, each made of
  ;; 4 x 4 blocks transposed in registers by shuffles; the edges (rows or cols mod 4) run scalar.
  (func (export "transpose") (param $pA i32) (param $rows i32) (param $cols i32) (param $pOut i32) (param $add i32)
    (local $rows4 i32) (local $cols4 i32) (local $i0 i32) (local $i1 i32) (local $j0 i32) (local $j1 i32)
    (local $i i32) (local $j i32) (local $rb i32) (local $cb i32) (local $a i32) (local $o i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $rb (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $cb (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $i0 (i32.const 0))
    (block $i0end (loop $i0loop
      (br_if $i0end (i32.ge_u (local.get $i0) (local.get $rows4)))
      (local.set $i1 (i32.add (local.get $i0) (i32.const 32)))
      (if (i32.gt_u (local.get $i1) (local.get $rows4)) (then (local.set $i1 (local.get $rows4))))
      (local.set $j0 (i32.const 0))
      (block $j0end (loop $j0loop
        (br_if $j0end (i32.ge_u (local.get $j0) (local.get $cols4)))
        (local.set $j1 (i32.add (local.get $j0) (i32.const 32)))
        (if (i32.gt_u (local.get $j1) (local.get $cols4)) (then (local.set $j1 (local.get $cols4))))
        (local.set $i (local.get $i0))
        (block $iend (loop $iloop
          (br_if $iend (i32.ge_u (local.get $i) (local.get $i1)))
          ;; a = &A[i, j0], o = &Out[j0, i]
          (local.set $a (i32.add (local.get $pA)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j0)) (i32.const 2))))
          (local.set $o (i32.add (local.get $pOut)
            (i32.shl (i32.add (i32.mul (local.get $j0) (local.get $rows)) (local.get $i)) (i32.const 2))))
          (local.set $j (local.get $j0))
          (block $jend (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $j1)))
            (local.set $r0 (v128.load (local.get $a)))
            (local.set $r1 (v128.load (i32.add (local.get $a) (local.get $cb))))
            (local.set $r2 (v128.load (i32.add (local.get $a) (i32.shl (local.get $cb) (i32.const 1)))))
            (local.set $r3 (v128.load (i32.add (local.get $a) (i32.mul (local.get $cb) (i32.const 3)))))
            ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
            ;; columns: r0 = a0 b0 c0 d0, r1 = a1 b1 c1 d1, r2 = a2 b2 c2 d2, r3 = a3 b3 c3 d3
            (local.set $r0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (local.set $r1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (local.set $r2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (local.set $r3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (if (local.get $add)
              (then
                (local.set $r0 (f32x4.add (local.get $r0) (v128.load (local.get $o))))
                (local.set $r1 (f32x4.add (local.get $r1) (v128.load (i32.add (local.get $o) (local.get $rb)))))
                (local.set $r2 (f32x4.add (local.get $r2)
                  (v128.load (i32.add (local.get $o) (i32.shl (local.get $rb) (i32.const 1))))))
                (local.set $r3 (f32x4.add (local.get $r3)
                  (v128.load (i32.add (local.get $o) (i32.mul (local.get $rb) (i32.const 3))))))))
            (v128.store (local.get $o) (local.get $r0))
            (v128.store (i32.add (local.get $o) (local.get $rb)) (local.get $r1))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $rb) (i32.const 1))) (local.get $r2))
            (v128.store (i32.add (local.get $o) (i32.mul (local.get $rb) (i32.const 3))) (local.get $r3))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $rb) (i32.const 2))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jloop)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $iloop)))
        (local.set $j0 (local.get $j1))
        (br $j0loop)))
      (local.set $i0 (local.get $i1))
      (br $i0loop)))
    ;; edges: rows [rows4, rows) with every column, then rows [0, rows4) with columns [cols4, cols)
    (local.set $i (local.get $rows4))
    (block $e1end (loop $e1loop
      (br_if $e1end (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $e1jend (loop $e1jloop
        (br_if $e1jend (i32.ge_u (local.get $j) (local.get $cols)))
        (call $move (local.get $pA) (local.get $pOut) (local.get $rows) (local.get $cols)
          (local.get $i) (local.get $j) (local.get $add))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $e1jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $e1loop)))
    (local.set $i (i32.const 0))
    (block $e2end (loop $e2loop
      (br_if $e2end (i32.ge_u (local.get $i) (local.get $rows4)))
      (local.set $j (local.get $cols4))
      (block $e2jend (loop $e2jloop
        (br_if $e2jend (i32.ge_u (local.get $j) (local.get $cols)))
        (call $move (local.get $pA) (local.get $pOut) (local.get $rows) (local.get $cols)
          (local.get $i) (local.get $j) (local.get $add))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $e2jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $e2loop))))

  ;; Out[j, i] (+)= A[i, j] for one element (the edges of "transpose").
  (func $move (param $pA i32) (param $pOut i32) (param $rows i32) (param $cols i32)
              (param $i i32) (param $j i32) (param $add i32)
    (local $x f32) (local $o i32)
    (local.set $x (f32.load (i32.add (local.get $pA)
      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
    (local.set $o (i32.add (local.get $pOut)
      (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
    (if (local.get $add) (then (local.set $x (f32.add (local.get $x) (f32.load (local.get $o))))))
    (f32.store (local.get $o) (local.get $x)))

  ;; The non-zero entries of A [rows, cols] in CSR form: off[s] (rows + 1 of them, from 0),
  ;; and per entry its column idx and value val, in row-major order. Stores at most $cap
  ;; entries; returns how many there are (more than $cap: the caller needs more room). Four
  ;; columns are tested at once, so zero stretches cost one compare per four entries.
  (func (export "compact") (param $pA i32) (param $rows i32) (param $cols i32) (param $pOff i32)
                           (param $pIdx i32) (param $pVal i32) (param $cap i32) (result i32)
    (local $s i32) (local $j i32) (local $p i32) (local $cols4 i32) (local $nnz i32) (local $l i32)
    (local $x f32)
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $p (local.get $pA))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $rows)))
      (i32.store (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2))) (local.get $nnz))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $cols)))
        (if (i32.lt_u (local.get $j) (local.get $cols4))
          (then
            (if (i32.eqz (v128.any_true (f32x4.ne (v128.load (local.get $p)) (v128.const i32x4 0 0 0 0))))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $jloop)))))
        ;; one to four columns one by one (four inside the aligned part, one in the tail)
        (local.set $l (select (i32.const 4) (i32.const 1) (i32.lt_u (local.get $j) (local.get $cols4))))
        (block $lend (loop $lloop
          (br_if $lend (i32.eqz (local.get $l)))
          (local.set $x (f32.load (local.get $p)))
          (if (f32.ne (local.get $x) (f32.const 0))
            (then
              (if (i32.lt_u (local.get $nnz) (local.get $cap))
                (then
                  (i32.store (i32.add (local.get $pIdx) (i32.shl (local.get $nnz) (i32.const 2))) (local.get $j))
                  (f32.store (i32.add (local.get $pVal) (i32.shl (local.get $nnz) (i32.const 2))) (local.get $x))))
              (local.set $nnz (i32.add (local.get $nnz) (i32.const 1)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (local.set $l (i32.sub (local.get $l) (i32.const 1)))
          (br $lloop)))
        (br $jloop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop)))
    (i32.store (i32.add (local.get $pOff) (i32.shl (local.get $rows) (i32.const 2))) (local.get $nnz))
    (local.get $nnz))

  ;; Weighted squared error of y = act(O + bias) against sparse targets, and its gradient in
  ;; place of O, for rows s < rows and columns f < n (act = ReLU when $flags & 1, else the
  ;; identity; targets |val| when $flags & 2):
  ;;   q[s, f] = w[f] * (y - t)^2,   O[s, f] <- $c * w[f] * (y - t) * act'(O + bias),
  ;;   gb[f] += O[s, f] (the new value).
  ;; $pT is a zeroed scratch row of n floats (targets scattered in, then cleared). Returns
  ;; the sum of q (each product in f32, summed in f64); sets $nnz to the number of non-zero
  ;; gradient entries.
  (func (export "lossGrad") (param $pO i32) (param $pBias i32) (param $pW i32) (param $pT i32)
                            (param $pOff i32) (param $pIdx i32) (param $pVal i32)
                            (param $rows i32) (param $n i32) (param $flags i32) (param $c f32)
                            (param $pGb i32) (result f64)
    (local $s i32) (local $e0 i32) (local $e1 i32) (local $e i32) (local $j i32) (local $nb i32)
    (local $n4b i32) (local $row i32) (local $relu i32) (local $abs i32)
    (local $vc v128) (local $o v128) (local $d v128) (local $wd v128) (local $q v128) (local $g v128)
    (local $accA v128) (local $accB v128) (local $cnt v128)
    (local $so f32) (local $sd f32) (local $swd f32) (local $sg f32) (local $tail f64) (local $cnt1 i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $n4b (i32.and (local.get $nb) (i32.const -16)))
    (local.set $relu (i32.and (local.get $flags) (i32.const 1)))
    (local.set $abs (i32.and (local.get $flags) (i32.const 2)))
    (local.set $vc (f32x4.splat (local.get $c)))
    (local.set $accA (v128.const i32x4 0 0 0 0))
    (local.set $accB (v128.const i32x4 0 0 0 0))
    (local.set $cnt (v128.const i32x4 0 0 0 0))
    (local.set $s (i32.const 0))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $s) (local.get $rows)))
      (local.set $e0 (i32.shl (i32.load (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      (local.set $e1 (i32.shl (i32.load offset=4 (i32.add (local.get $pOff) (i32.shl (local.get $s) (i32.const 2)))) (i32.const 2)))
      ;; scatter the row's targets
      (local.set $e (local.get $e0))
      (block $eend (loop $eloop
        (br_if $eend (i32.ge_u (local.get $e) (local.get $e1)))
        (local.set $so (f32.load (i32.add (local.get $pVal) (local.get $e))))
        (if (local.get $abs) (then (local.set $so (f32.abs (local.get $so)))))
        (f32.store (i32.add (local.get $pT) (i32.shl (i32.load (i32.add (local.get $pIdx) (local.get $e))) (i32.const 2)))
          (local.get $so))
        (local.set $e (i32.add (local.get $e) (i32.const 4)))
        (br $eloop)))
      (local.set $row (i32.add (local.get $pO) (i32.mul (local.get $s) (local.get $nb))))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $n4b)))
        (local.set $o (f32x4.add (v128.load (i32.add (local.get $row) (local.get $j)))
                                 (v128.load (i32.add (local.get $pBias) (local.get $j)))))
        (local.set $d (local.get $o))
        (if (local.get $relu) (then (local.set $d (f32x4.max (local.get $o) (v128.const i32x4 0 0 0 0)))))
        (local.set $d (f32x4.sub (local.get $d) (v128.load (i32.add (local.get $pT) (local.get $j)))))
        (local.set $wd (f32x4.mul (v128.load (i32.add (local.get $pW) (local.get $j))) (local.get $d)))
        (local.set $q (f32x4.mul (local.get $wd) (local.get $d)))
        (local.set $accA (f64x2.add (local.get $accA) (f64x2.promote_low_f32x4 (local.get $q))))
        (local.set $accB (f64x2.add (local.get $accB) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))))
        (local.set $g (f32x4.mul (local.get $vc) (local.get $wd)))
        (if (local.get $relu)
          (then (local.set $g (v128.and (local.get $g) (f32x4.gt (local.get $o) (v128.const i32x4 0 0 0 0))))))
        (v128.store (i32.add (local.get $row) (local.get $j)) (local.get $g))
        (v128.store (i32.add (local.get $pGb) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $pGb) (local.get $j))) (local.get $g)))
        (local.set $cnt (i32x4.sub (local.get $cnt) (f32x4.ne (local.get $g) (v128.const i32x4 0 0 0 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $jloop)))
      (block $tend (loop $tloop
        (br_if $tend (i32.ge_u (local.get $j) (local.get $nb)))
        (local.set $so (f32.add (f32.load (i32.add (local.get $row) (local.get $j)))
                                (f32.load (i32.add (local.get $pBias) (local.get $j)))))
        (local.set $sd (local.get $so))
        (if (local.get $relu) (then (local.set $sd (f32.max (local.get $so) (f32.const 0)))))
        (local.set $sd (f32.sub (local.get $sd) (f32.load (i32.add (local.get $pT) (local.get $j)))))
        (local.set $swd (f32.mul (f32.load (i32.add (local.get $pW) (local.get $j))) (local.get $sd)))
        (local.set $tail (f64.add (local.get $tail) (f64.promote_f32 (f32.mul (local.get $swd) (local.get $sd)))))
        (local.set $sg (f32.mul (local.get $c) (local.get $swd)))
        (if (i32.and (local.get $relu) (i32.eqz (f32.gt (local.get $so) (f32.const 0))))
          (then (local.set $sg (f32.const 0))))
        (f32.store (i32.add (local.get $row) (local.get $j)) (local.get $sg))
        (f32.store (i32.add (local.get $pGb) (local.get $j))
          (f32.add (f32.load (i32.add (local.get $pGb) (local.get $j))) (local.get $sg)))
        (if (f32.ne (local.get $sg) (f32.const 0))
          (then (local.set $cnt1 (i32.add (local.get $cnt1) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $tloop)))
      ;; clear the row's targets
      (local.set $e (local.get $e0))
      (block $e2end (loop $e2loop
        (br_if $e2end (i32.ge_u (local.get $e) (local.get $e1)))
        (f32.store (i32.add (local.get $pT) (i32.shl (i32.load (i32.add (local.get $pIdx) (local.get $e))) (i32.const 2)))
          (f32.const 0))
        (local.set $e (i32.add (local.get $e) (i32.const 4)))
        (br $e2loop)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $sloop)))
    (global.set $nnz (i32.add (local.get $cnt1)
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $cnt)) (i32x4.extract_lane 1 (local.get $cnt)))
               (i32.add (i32x4.extract_lane 2 (local.get $cnt)) (i32x4.extract_lane 3 (local.get $cnt))))))
    (f64.add (local.get $tail)
      (f64.add (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA)))
               (f64.add (f64x2.extract_lane 0 (local.get $accB)) (f64x2.extract_lane 1 (local.get $accB))))))
)
