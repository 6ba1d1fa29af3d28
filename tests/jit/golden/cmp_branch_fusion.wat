;; A compare feeding br_if/if is fused into compare-and-branch (no setcc).
(module
  (func (export "f") (param i32 i32) (result i32)
    (block $out
      (br_if $out (i32.lt_s (local.get 0) (local.get 1)))
      (if (i32.eq (local.get 0) (i32.const 42))
        (then (local.set 0 (i32.const 7)))))
    (local.get 0)))
