;; Interruption and limits tests (interruption_test.cpp, limits_test.cpp).
(module
  (memory 1)
  (table 1 funcref)
  (global $count (mut i32) (i32.const 0))

  ;; Never returns: only an interruption (or fuel) ends it. Counts the
  ;; iterations that passed the loop header.
  (func $spin (export "spin")
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (br $l)))

  ;; 2^n calls at depth n and no loop: only function-entry checks see it.
  (func $tree (export "tree") (param $n i32)
    (if (i32.gt_u (local.get $n) (i32.const 0))
      (then
        (call $tree (i32.sub (local.get $n) (i32.const 1)))
        (call $tree (i32.sub (local.get $n) (i32.const 1))))))

  ;; n >= 1 iterations; returns the count.
  (func (export "iterate") (param $n i32) (result i32)
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (global.get $count))

  ;; A loop with parameters (sum of n..1): merge registers stay live across
  ;; the header check.
  (func (export "sum") (param $n i32) (result i32)
    (i32.const 0) (local.get $n)
    (loop $l (param i32 i32) (result i32)
      (local.set $n)
      (i32.add (local.get $n))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))
      (drop)))

  ;; Recursion depth n; returns n.
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))

  (func (export "count") (result i32) (global.get $count))
  (func (export "reset") (global.set $count (i32.const 0))))
