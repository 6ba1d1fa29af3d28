;; A loop-carried sum: the loop header keeps its values in registers.
(module
  (func (export "f") (param i32) (result i32)
    (local i32)
    (loop $top
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $top (local.get 0)))
    (local.get 1)))
