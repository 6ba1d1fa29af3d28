;; Interruption through the C API (interrupt.c, cpp_api_test.cpp).
(module
  (global $count (mut i32) (i32.const 0))
  ;; Never returns.
  (func (export "spin")
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (br $l)))
  ;; n >= 1 iterations: 1 + n units of fuel.
  (func (export "iterate") (param $n i32) (result i32)
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (global.get $count)))
