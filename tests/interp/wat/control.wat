;; Control flow and operand-stack shapes that exercise the lowering's
;; branch moves, deferred local reads and fused instructions.
(module
  (type $ii (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $square)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $ii) (i32.mul (local.get 0) (local.get 0)))

  ;; sum of 1..n with a loop that br_tables back to its header.
  (func (export "br_table_loop") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (loop $top
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_table $done $top (i32.ne (local.get $n) (i32.const 0)))))
    (local.get $acc))

  ;; br_table whose targets take values from different stack heights.
  (func (export "br_table_values") (param i32) (result i32)
    (i32.add (i32.const 1000)
      (block $a (result i32)
        (i32.add (i32.const 100)
          (block $b (result i32)
            (i32.add (i32.const 10)
              (block $c (result i32)
                (i32.const 7) (i32.const 8)
                (br_table $a $b $c (i32.const 1) (local.get 0))
                (drop)))))))
  )

  ;; br_if that carries a value out of a block, not taken and taken.
  (func (export "br_if_value") (param i32) (result i32)
    (block $out (result i32)
      (drop (br_if $out (i32.const 42) (local.get 0)))
      (i32.const 7)))

  ;; A multi-value loop: (a, b) -> (b, a + b), n times: Fibonacci.
  (func (export "fib_loop") (param $n i32) (result i32) (local $i i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32 i32)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $step)
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (drop))
  (func $step (param i32 i32) (result i32 i32) (local.get 1) (i32.add (local.get 0) (local.get 1)))

  ;; if with parameters and both arms.
  (func (export "if_params") (param i32 i32) (result i32)
    (local.get 1)
    (if (param i32) (result i32) (local.get 0)
      (then (i32.mul (i32.const 3)))
      (else (i32.add (i32.const 3)))))

  ;; A local read must see the value from before a later write.
  (func (export "read_before_write") (param $x i32) (result i32)
    (local.get $x)
    (local.set $x (i32.const 5))
    (local.get $x)
    (i32.sub))
  ;; Swap through the stack.
  (func (export "swap") (param $a i32) (param $b i32) (result i32 i32)
    (local.get $a) (local.get $b) (local.set $a) (local.set $b)
    (local.get $a) (local.get $b))
  ;; Returning locals in crossed order (results land in slots 0 and 1).
  (func (export "return_crossed") (param i32 i32) (result i32 i32)
    (block (return (local.get 1) (local.get 0)))
    (unreachable))
  ;; local.tee of a computed value that is then used again.
  (func (export "tee_twice") (param i32) (result i32) (local i32)
    (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 10))) (local.get 1)))
  ;; A pending local read across a block where the local is written.
  (func (export "pending_across_block") (param $x i32) (result i32)
    (local.get $x)
    (block (br_if 0 (i32.eqz (local.get $x))) (local.set $x (i32.const 100)))
    (i32.add (local.get $x)))

  ;; Compare-and-branch fusion, slot and immediate forms, both senses.
  (func (export "count_below") (param $n i32) (result i32) (local $i i32) (local $c i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (if (i32.lt_u (local.get $i) (i32.const 10))
          (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $c))
  (func (export "i64_branch") (param i64) (result i32)
    (if (result i32) (i64.gt_s (local.get 0) (i64.const -3)) (then (i32.const 1)) (else (i32.const 0))))
  (func (export "eqz_branch") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "const_condition") (result i32)
    (if (result i32) (i32.const 0) (then (i32.const 1)) (else (i32.const 2))))

  (func (export "select") (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))

  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))

  ;; Recursion depth n, returning n.
  (func $depth (export "depth") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
  (func $forever (export "forever") (param i32) (result i32)
    (call $forever (i32.add (local.get 0) (i32.const 1))))

  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  ;; Memory accesses with a folded constant address add (it wraps at 2^32).
  (memory 1)
  (func (export "store_load_folded") (param i32 i32) (result i32)
    (i32.store (i32.add (local.get 0) (i32.const 8)) (local.get 1))
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  (func (export "load_wrapping_add") (param i32) (result i32)
    (i32.load8_u (i32.add (local.get 0) (i32.const 16))))
  (func (export "store_const") (param i32) (result i64)
    (i64.store (local.get 0) (i64.const -2))
    (i64.store8 offset=1 (local.get 0) (i64.const 0x1234))
    (i64.load (local.get 0)))

  ;; A trap in a leaf run inline (inlining.h), and in the same leaf called
  ;; through the table (never inlined): the leaf's frame is the same.
  (table $leaves 1 funcref)
  (elem (table $leaves) (i32.const 0) func $load_at)
  (func $load_at (type $ii) (i32.load (local.get 0)))
  (func (export "load_inline") (param i32) (result i32)
    (i32.add (call $load_at (local.get 0)) (i32.const 1)))
  (func (export "load_indirect") (param i32) (result i32)
    (i32.add (call_indirect $leaves (type $ii) (local.get 0) (i32.const 0)) (i32.const 1)))
)
