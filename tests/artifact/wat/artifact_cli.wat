;; For the CLI test: exports to --invoke, no imports, a loop for --fuel.
(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $crash (export "crash") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
)
