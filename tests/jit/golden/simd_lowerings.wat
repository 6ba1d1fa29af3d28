;; SIMD operators whose lowering is a sequence rather than one instruction
;; on at least one target: bitmask, all_true, a general and a permute
;; shuffle, narrowing, pmin, i64x2.mul, a shift by a register, lane memory.
(module
  (memory 1)
  (func (export "bitmask") (param v128) (result i32)
    (i8x16.bitmask (local.get 0)))
  (func (export "all_true") (param v128) (result i32)
    (i64x2.all_true (local.get 0)))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1)))
  (func (export "interleave") (param v128 v128) (result v128)
    (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get 0) (local.get 1)))
  (func (export "narrow") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_u (local.get 0) (local.get 1)))
  (func (export "pmin") (param v128 v128) (result v128)
    (f32x4.pmin (local.get 0) (local.get 1)))
  (func (export "mul") (param v128 v128) (result v128)
    (i64x2.mul (local.get 0) (local.get 1)))
  (func (export "shr") (param v128 i32) (result v128)
    (i32x4.shr_s (local.get 0) (local.get 1)))
  (func (export "lanes") (param i32 v128) (result v128)
    (v128.store16_lane offset=2 3 (local.get 0) (local.get 1))
    (v128.load32_lane 1 (local.get 0) (local.get 1))))
