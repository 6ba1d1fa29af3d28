;; v128 values where the interpreter moves them as two slots: across the
;; host boundary (parameters, results, host imports, call_indirect to a
;; host function), in locals mixed with scalars, through blocks, branches,
;; select and globals (tests/interp/simd_test.cpp).
(module
  (type $v2v (func (param v128) (result v128)))
  (import "host" "twice" (func $twice (type $v2v)))
  (table 2 funcref)
  (elem (i32.const 0) $twice $negate)
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))

  (func $negate (type $v2v) (i32x4.neg (local.get 0)))

  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))

  ;; Scalars and v128 locals interleaved: each keeps its own slots.
  (func (export "mixed_locals") (param $a i32) (param $v v128) (param $b i64) (result i64)
    (local $w v128) (local $c i32)
    (local.set $w (i32x4.splat (local.get $a)))
    (local.set $c (i32.add (local.get $a) (i32.const 1)))
    (local.set $v (i32x4.add (local.get $v) (local.get $w)))
    (i64.add
      (i64.add (local.get $b) (i64.extend_i32_u (local.get $c)))
      (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v)))))

  ;; A v128 local read lazily, then overwritten before the read is used.
  (func (export "pending_read") (param $v v128) (result i32)
    (local.get $v)
    (local.set $v (v128.const i32x4 0 0 0 0))
    (i32x4.extract_lane 1))

  (func (export "via_host") (param i32) (result i32)
    (i32x4.extract_lane 2 (call $twice (i32x4.splat (local.get 0)))))

  (func (export "via_table") (param i32 i32) (result i32)
    (i32x4.extract_lane 0
      (call_indirect (type $v2v) (i32x4.splat (local.get 0)) (local.get 1))))

  ;; br/br_if carry a v128 out of nested blocks; select picks one.
  (func (export "branches") (param $k i32) (result i32)
    (i32x4.extract_lane 3
      (block $out (result v128)
        (drop (br_if $out (v128.const i32x4 10 20 30 40) (i32.eq (local.get $k) (i32.const 0))))
        (block $inner (result v128)
          (br_if $inner (v128.const i32x4 5 6 7 8) (i32.eq (local.get $k) (i32.const 1)))
          (br $out (select (result v128) (v128.const i32x4 1 1 1 100) (v128.const i32x4 2 2 2 200)
                     (i32.eq (local.get $k) (i32.const 2)))))
        (i32x4.add (v128.const i32x4 0 0 0 1000)))))

  (func (export "bump_global") (result i32)
    (global.set $g (i32x4.add (global.get $g) (global.get $g)))
    (i32x4.extract_lane 3 (global.get $g)))

  ;; Shuffles the lowering turns into cheaper instructions (a rotation of
  ;; each 32-bit lane, whole-lane picks) and one it does not.
  (func (export "rotr8_of_b") (param v128) (result v128)
    (i8x16.shuffle 17 18 19 16 21 22 23 20 25 26 27 24 29 30 31 28
      (v128.const i32x4 0 0 0 0) (local.get 0)))
  (func (export "rotr16_of_a") (param v128) (result v128)
    (i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13
      (local.get 0) (v128.const i32x4 0 0 0 0)))
  (func (export "whole_lanes") (param v128 v128) (result v128)
    (i8x16.shuffle 4 5 6 7 16 17 18 19 28 29 30 31 0 1 2 3 (local.get 0) (local.get 1)))
  (func (export "almost_rotation") (param v128) (result v128)
    (i8x16.shuffle 1 2 3 0 5 6 7 4 9 10 11 8 13 14 15 13 (local.get 0) (local.get 0)))

  ;; Rotates spelled as shl / shr_u / or (fused into one instruction), and
  ;; near misses that must not be.
  (func (export "rotl7") (param v128) (result v128)
    (v128.or (i32x4.shl (local.get 0) (i32.const 7)) (i32x4.shr_u (local.get 0) (i32.const 25))))
  (func (export "rotr24_64") (param v128) (result v128)
    (v128.or (i64x2.shr_u (local.get 0) (i32.const 24)) (i64x2.shl (local.get 0) (i32.const 40))))
  (func (export "not_rotate") (param v128) (result v128)
    (v128.or (i32x4.shl (local.get 0) (i32.const 7)) (i32x4.shr_u (local.get 0) (i32.const 24))))
  (func (export "shifted_twice") (param v128) (result v128)
    (local $t v128)
    (v128.or (local.tee $t (i32x4.shl (local.get 0) (i32.const 7)))
             (i32x4.shr_u (local.get $t) (i32.const 25))))
  (func (export "rotate_after_label") (param v128 i32) (result v128)
    (v128.or
      (block (result v128)
        (drop (br_if 0 (v128.const i32x4 0x100 0x100 0x100 0x100) (local.get 1)))
        (i32x4.shl (local.get 0) (i32.const 7)))
      (i32x4.shr_u (local.get 0) (i32.const 25))))

  ;; Shifts by constants outside 0..lane bits - 1: only the count modulo
  ;; the lane width counts. A count of -1 once collided with the lowering's
  ;; "no operand" mark, and what followed was decoded from the wrong place.
  (func (export "shl_by_minus_one") (param v128) (result v128)
    (i32x4.shl (local.get 0) (i32.const -1)))
  (func (export "shr_s_by_minus_one_then_more") (param v128 i32) (result i32)
    (i32.add (i32x4.extract_lane 0 (i16x8.shr_s (local.get 0) (i32.const -1)))
             (local.get 1)))
  (func (export "rotl7_by_large_counts") (param v128) (result v128)
    (v128.or (i32x4.shl (local.get 0) (i32.const 39)) (i32x4.shr_u (local.get 0) (i32.const -7))))

  ;; Multi-value results mixing v128 and scalars.
  (func $pair (param i32) (result i32 v128 i32)
    (local.get 0) (i32x4.splat (local.get 0)) (i32.add (local.get 0) (i32.const 1)))
  (func (export "multi") (param i32) (result i32)
    (local $v v128) (local $x i32) (local $y i32)
    (call $pair (local.get 0))
    (local.set $y) (local.set $v) (local.set $x)
    (i32.add (i32.add (local.get $x) (local.get $y)) (i32x4.extract_lane 2 (local.get $v))))
)
