;; Traps at the end of a call chain (run -> mid -> call_indirect -> the
;; trapping function), one kind per table entry, for comparing the wasm
;; offsets of each backtrace frame between the JIT and the interpreter.
;; Entry 9, $direct, calls $load and $divide directly: the interpreter runs
;; copies of their code there (inlined), and still reports their frames.
;; Entry 10 does so through wrappers: $wrap_load with $load inlined in it,
;; and $wrap_fail, which calls $fail (not inlined: it never returns).
;; Entry 11 calls a 128-bit multiply helper, which the interpreter runs as
;; one instruction (runtime/interp/wide_multiply.h) inlined there: a huge
;; address traps at the helper's first store. Entry 12 adds a loaded value,
;; one instruction in the interpreter that traps where the load does.
(module
  (type $unary (func (param i32) (result i32)))
  (type $nullary (func))
  (memory 1)
  (table 13 funcref)
  (elem (i32.const 0) $load $two_loads $divide $divide_signed $truncate $fail $indirect
        $nothing)
  (func $load (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  ;; Two accesses that may both fail: in checks mode each has its own trap
  ;; entry to the shared out-of-bounds stub.
  (func $two_loads (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load8_u offset=70000 (local.get 0))))
  (func $divide (param i32) (result i32) (i32.div_u (i32.const 7) (local.get 0)))
  ;; 0: divide by zero; -1: overflow.
  (func $divide_signed (param i32) (result i32)
    (i32.div_s (i32.const 0x80000000) (local.get 0)))
  (func $truncate (param i32) (result i32)
    (i32.trunc_f64_s (f64.mul (f64.convert_i32_s (local.get 0)) (f64.const 1e10))))
  (func $fail (param i32) (result i32) (unreachable))
  ;; 7: type mismatch; 8: null entry; 100: outside the table.
  (func $indirect (param i32) (result i32)
    (call_indirect (type $unary) (i32.const 0) (local.get 0)))
  (func $nothing)
  ;; A huge address traps in $load, 0 in $divide.
  (func $direct (param i32) (result i32)
    (i32.add (call $load (local.get 0)) (call $divide (local.get 0))))
  (elem (i32.const 9) $direct)
  (func $wrap_load (param i32) (result i32) (call $load (local.get 0)))
  (func $wrap_fail (param i32) (result i32) (call $fail (local.get 0)))
  (func $through_wrappers (param i32) (result i32)
    (i32.add (call $wrap_load (local.get 0)) (call $wrap_fail (local.get 0))))
  (elem (i32.const 10) $through_wrappers)
  (func $mul128 (param $out i32) (param $alo i64) (param $ahi i64) (param $blo i64) (param $bhi i64)
    (local $lowest i64) (local $mid i64) (local $cross i64)
    (local.set $lowest (i64.mul (i64.and (local.get $alo) (i64.const 0xffffffff))
                                (i64.and (local.get $blo) (i64.const 0xffffffff))))
    (local.set $mid (i64.add (i64.shr_u (local.get $lowest) (i64.const 32))
                             (i64.mul (i64.shr_u (local.get $alo) (i64.const 32))
                                      (i64.and (local.get $blo) (i64.const 0xffffffff)))))
    (local.set $cross (i64.add (i64.and (local.get $mid) (i64.const 0xffffffff))
                               (i64.mul (i64.and (local.get $alo) (i64.const 0xffffffff))
                                        (i64.shr_u (local.get $blo) (i64.const 32)))))
    (i64.store offset=8 (local.get $out)
      (i64.add (i64.add (i64.add (i64.mul (i64.shr_u (local.get $alo) (i64.const 32))
                                          (i64.shr_u (local.get $blo) (i64.const 32)))
                                 (i64.shr_u (local.get $mid) (i64.const 32)))
                        (i64.shr_u (local.get $cross) (i64.const 32)))
               (i64.add (i64.mul (local.get $alo) (local.get $bhi))
                        (i64.mul (local.get $ahi) (local.get $blo)))))
    (i64.store (local.get $out)
      (i64.or (i64.shl (local.get $cross) (i64.const 32))
              (i64.and (local.get $lowest) (i64.const 0xffffffff)))))
  (func $multiply_at (param i32) (result i32)
    (call $mul128 (local.get 0) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
    (i32.load (local.get 0)))
  (elem (i32.const 11) $multiply_at)
  (func $add_load (param $p i32) (result i32)
    (i32.add (local.get $p) (i32.load offset=8 (local.get $p))))
  (elem (i32.const 12) $add_load)
  (func $mid (param $which i32) (param $arg i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $unary) (local.get $arg) (local.get $which))))
  (func (export "run") (param $which i32) (param $arg i32) (result i32)
    (drop (call $mid (i32.const 2) (i32.const 1)))
    (i32.mul (call $mid (local.get $which) (local.get $arg)) (i32.const 3)))
)
