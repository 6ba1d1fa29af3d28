;; Calls between the host and JIT code: host functions reading guest memory
;; and trapping, and signatures with stack arguments and stack results
;; (v128 ones too).
(module
  (import "host" "sum_bytes" (func $sum_bytes (param i32 i32) (result i32)))
  (import "host" "fail" (func $fail (param i32)))
  ;; 8 i64 + 9 f64 parameters: two i64 and one f64 go on the stack.
  (import "host" "wide" (func $wide
    (param i64 i64 i64 i64 i64 i64 i64 i64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
    (result i64 i64 i64 f64 f64 f64)))
  ;; 10 v128 parameters (two on the stack), 3 v128 results (one on the stack).
  (import "host" "vectors" (func $vectors
    (param v128 v128 v128 v128 v128 v128 v128 v128 v128 v128) (result v128 v128 v128)))
  (memory (export "memory") 1)
  (data (i32.const 32) "\01\02\03\04\05")
  (func (export "sum_bytes") (result i32) (call $sum_bytes (i32.const 32) (i32.const 5)))
  (func (export "store_then_fail") (param i32) (result i32)
    (i32.store (i32.const 0) (local.get 0))
    (call $fail (local.get 0))
    (i32.const -1))
  (func (export "load0") (result i32) (i32.load (i32.const 0)))
  ;; Calls $wide with 1..8 and 0.5..8.5, and folds its six results:
  ;; r0 + 10*r1 + 100*r2 + trunc(r3 + r4 + r5).
  (func (export "call_wide") (result i64) (local f64 f64 f64 i64 i64 i64)
    (call $wide
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
      (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (f64.const 0.5) (f64.const 1.5) (f64.const 2.5) (f64.const 3.5) (f64.const 4.5)
      (f64.const 5.5) (f64.const 6.5) (f64.const 7.5) (f64.const 8.5))
    (local.set 2) (local.set 1) (local.set 0)
    (local.set 5) (local.set 4) (local.set 3)
    (i64.add
      (i64.add (local.get 3)
        (i64.add (i64.mul (local.get 4) (i64.const 10)) (i64.mul (local.get 5) (i64.const 100))))
      (i64.trunc_f64_s (f64.add (local.get 0) (f64.add (local.get 1) (local.get 2))))))
  ;; Called from the host with stack arguments; returns stack results too.
  (func (export "many") (param i32 i64 i32 i64 i32 i64 i32 i64 f32 f64)
    (result i64 i32 i64 f64 i32)
    (i64.add (local.get 1) (local.get 7))
    (i32.add (local.get 0) (local.get 6))
    (i64.mul (local.get 3) (local.get 5))
    (f64.add (f64.promote_f32 (local.get 8)) (local.get 9))
    (i32.sub (local.get 2) (local.get 4)))
  ;; The host -> wasm entry and the wasm -> host call with v128 values.
  (func (export "call_vectors") (param v128) (result v128 v128 v128)
    (call $vectors (local.get 0)
      (i32x4.splat (i32.const 1)) (i32x4.splat (i32.const 2)) (i32x4.splat (i32.const 3))
      (i32x4.splat (i32.const 4)) (i32x4.splat (i32.const 5)) (i32x4.splat (i32.const 6))
      (i32x4.splat (i32.const 7)) (i32x4.splat (i32.const 8)) (i32x4.splat (i32.const 9))))
)
