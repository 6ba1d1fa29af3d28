;; Host <-> wasm call paths, for wasm.h (as tests/runtime/wat/call_paths.wat):
;; a trap inside a nested host -> wasm -> host -> wasm call, and signatures
;; too wide for registers and for the inline argument buffers (more than 8
;; values, stack arguments and results).
(module
  (import "host" "nested" (func $nested (param i32) (result i32)))
  (import "host" "wide"
    (func $wide (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64)
                (result i64 f64 i32 i64 f64 i32 i64 f64 i32 i64)))
  ;; The outer wasm level: calls the host, which calls "inner".
  (func $outer (export "outer") (param i32) (result i32)
    (i32.add (call $nested (local.get 0)) (i32.const 1000)))
  ;; The inner wasm level: traps when its argument is 0, one frame deep.
  (func $inner (export "inner") (param i32) (result i32)
    (call $inner_body (local.get 0)))
  (func $inner_body (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.mul (local.get 0) (i32.const 2)))
  ;; Passes 12 arguments to the host and folds its 10 results.
  (func (export "call_wide") (param i32) (result i64)
    (local $acc i64)
    (call $wide
      (local.get 0) (i64.const 2) (f32.const 3) (f64.const 4)
      (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
      (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12))
    ;; Stack, top first: i64 i32 f64 i64 i32 f64 i64 i32 f64 i64.
    local.set $acc
    i64.extend_i32_u local.get $acc i64.add local.set $acc
    i64.trunc_f64_u local.get $acc i64.add local.set $acc
    local.get $acc i64.add local.set $acc
    i64.extend_i32_u local.get $acc i64.add local.set $acc
    i64.trunc_f64_u local.get $acc i64.add local.set $acc
    local.get $acc i64.add local.set $acc
    i64.extend_i32_u local.get $acc i64.add local.set $acc
    i64.trunc_f64_u local.get $acc i64.add local.set $acc
    local.get $acc i64.add)
  ;; 12 arguments in from the host, 10 results out: the first argument
  ;; scaled in each result (so a misplaced value shows).
  (func (export "wide_export")
    (param $a i32) (param $b i64) (param $c f32) (param $d f64) (param $e i32) (param $f i64)
    (param $g f32) (param $h f64) (param $i i32) (param $j i64) (param $k f32) (param $l f64)
    (result i64 f64 i32 i64 f64 i32 i64 f64 i32 i64)
    (local.get $b) (local.get $d) (local.get $e) (local.get $f) (local.get $h)
    (local.get $i) (local.get $j) (local.get $l)
    (i32.add (local.get $a) (i32.trunc_f32_u (local.get $c)))
    (i64.extend_i32_u (i32.add (i32.trunc_f32_u (local.get $g)) (i32.trunc_f32_u (local.get $k)))))
)
