;; Optimizer updates with WebAssembly SIMD (128-bit, f32x4).
;; Source of src/wasm/optimBytes.ts: regenerate with `pnpm --filter @hyperposition/hypervector wasm`.
;;
;; All pointers are byte offsets into the exported memory; the caller (src/wasm/optim.ts)
;; copies blocks of the parameter, gradient and moment arrays in and the results out.
(module
  (memory (export "memory") 2)

  ;; Adam / AdamW on len floats, in place on p, m and v (all arithmetic in float32):
  ;;   g' = g + l2 p;  m = b1 m + c1 g';  v = b2 v + c2 g'^2  (c1 = 1 - b1, c2 = 1 - b2, rounded
  ;;   from float64 by the caller);
  ;;   p = decay p - step m / (sqrt(v) / sbc2 + eps).
  ;; Lanes and the scalar tail use the same correctly rounded operations, so every element
  ;; gets the same value wherever a block starts.
  (func (export "adam") (param $pp i32) (param $pg i32) (param $pm i32) (param $pv i32) (param $len i32)
                        (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
                        (param $l2 f32) (param $decay f32)
                        (param $sbc2 f32) (param $eps f32) (param $step f32)
    (local $i i32) (local $end4 i32) (local $end i32)
    (local $vb1 v128) (local $vc1 v128) (local $vb2 v128) (local $vc2 v128) (local $vl2 v128)
    (local $vdecay v128) (local $vsbc2 v128) (local $veps v128) (local $vstep v128)
    (local $x v128) (local $g v128) (local $m v128) (local $v v128)
    (local $sx f32) (local $sg f32) (local $sm f32) (local $sv f32)
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vc2 (f32x4.splat (local.get $c2)))
    (local.set $vl2 (f32x4.splat (local.get $l2)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vsbc2 (f32x4.splat (local.get $sbc2)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vstep (f32x4.splat (local.get $step)))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $i (i32.const 0))
    (block $vend (loop $vloop
      (br_if $vend (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $x (v128.load (i32.add (local.get $pp) (local.get $i))))
        (local.set $g (f32x4.add (v128.load (i32.add (local.get $pg) (local.get $i)))
                                 (f32x4.mul (local.get $vl2) (local.get $x))))
        (local.set $m (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $pm) (local.get $i))) (local.get $vb1))
                                 (f32x4.mul (local.get $g) (local.get $vc1))))
        (local.set $v (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $pv) (local.get $i))) (local.get $vb2))
                                 (f32x4.mul (f32x4.mul (local.get $g) (local.get $g)) (local.get $vc2))))
        (v128.store (i32.add (local.get $pm) (local.get $i)) (local.get $m))
        (v128.store (i32.add (local.get $pv) (local.get $i)) (local.get $v))
        (v128.store (i32.add (local.get $pp) (local.get $i))
          (f32x4.sub (f32x4.mul (local.get $x) (local.get $vdecay))
                     (f32x4.mul (f32x4.div (local.get $m)
                                           (f32x4.add (f32x4.div (f32x4.sqrt (local.get $v)) (local.get $vsbc2))
                                                      (local.get $veps)))
                                (local.get $vstep))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vloop)))
    (block $send (loop $sloop
      (br_if $send (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $sx (f32.load (i32.add (local.get $pp) (local.get $i))))
        (local.set $sg (f32.add (f32.load (i32.add (local.get $pg) (local.get $i)))
                                (f32.mul (local.get $l2) (local.get $sx))))
        (local.set $sm (f32.add (f32.mul (f32.load (i32.add (local.get $pm) (local.get $i))) (local.get $b1))
                                (f32.mul (local.get $sg) (local.get $c1))))
        (local.set $sv (f32.add (f32.mul (f32.load (i32.add (local.get $pv) (local.get $i))) (local.get $b2))
                                (f32.mul (f32.mul (local.get $sg) (local.get $sg)) (local.get $c2))))
        (f32.store (i32.add (local.get $pm) (local.get $i)) (local.get $sm))
        (f32.store (i32.add (local.get $pv) (local.get $i)) (local.get $sv))
        (f32.store (i32.add (local.get $pp) (local.get $i))
          (f32.sub (f32.mul (local.get $sx) (local.get $decay))
                   (f32.mul (f32.div (local.get $sm)
                                     (f32.add (f32.div (f32.sqrt (local.get $sv)) (local.get $sbc2))
                                              (local.get $eps)))
                            (local.get $step))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $sloop))))
)
