;; Locals the JIT keeps in registers across loop back-edges
;; (jit/loop_locals.cpp), in shapes whose registers differ by ISA.
(module
  (func $add5 (param i32 i32 i32 i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 4)))
  ;; $k arrives in a register no merge uses (x86-64 r8, AArch64 x4), which
  ;; the loop's header promises. Its copy reaches $b's end only by the
  ;; br_if edge, from before the write to $k that precedes the label in the
  ;; code; the read after the label relies on the promise, so the back-edge
  ;; must restore the register the call set to 77.
  (func (export "label_after_write")
    (param $n i32) (param i32) (param i32) (param i32) (param $k i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $l
        (block $b
          (br_if $b (i32.lt_u (local.get $i) (local.get $n)))
          (local.set $k (i32.const 5))
          (br $exit))
        (local.set $acc (i32.add (local.get $acc) (local.get $k)))
        (drop (call $add5 (local.get $i) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 77)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $acc) (local.get $k))))
