;; Uses SIMD: the interpreter runs it, the JIT reports it unsupported.
(module
  (func (export "splat") (param i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.splat (local.get 0))))
)
