;; 128-bit multiply helpers (runtime/interp/wide_multiply.h): each stores
;; (ahi:alo) * (bhi:blo) mod 2^128 at $out, or nearly. All take
;; (param $out i32) (param $alo i64) (param $ahi i64) (param $blo i64) (param $bhi i64).
(module
  (type $helper (func (param i32 i64 i64 i64 i64)))
  (memory (export "memory") 1)

  ;; As clang -O2 compiles compiler-rt's __multi3 for wasm32: dead
  ;; parameters reused as temporaries, the high half stored first.
  (func $mul128 (export "mul128") (type $helper)
    (local $lowest i64)
    local.get 0
    local.get 4
    local.get 1
    i64.mul
    local.get 2
    local.get 3
    i64.mul
    i64.add
    local.get 3
    i64.const 32
    i64.shr_u
    local.tee 2           ;; high half of blo
    local.get 1
    i64.const 32
    i64.shr_u
    local.tee 4           ;; high half of alo
    i64.mul
    i64.add
    local.get 3
    i64.const 0xffffffff
    i64.and
    local.tee 3           ;; low half of blo
    local.get 1
    i64.const 0xffffffff
    i64.and
    local.tee 1           ;; low half of alo
    i64.mul
    local.tee $lowest
    i64.const 32
    i64.shr_u
    local.get 3
    local.get 4
    i64.mul
    i64.add
    local.tee 3           ;; mid
    i64.const 32
    i64.shr_u
    i64.add
    local.get 3
    i64.const 0xffffffff
    i64.and
    local.get 2
    local.get 1
    i64.mul
    i64.add
    local.tee 1           ;; cross
    i64.const 32
    i64.shr_u
    i64.add
    i64.store offset=8
    local.get 0
    local.get 1
    i64.const 32
    i64.shl
    local.get $lowest
    i64.const 0xffffffff
    i64.and
    i64.or
    i64.store)

  ;; As another clang build compiles it (sqlite3's): some operands of the
  ;; multiplies, the low half's or and one add the other way round.
  (func $mul128_swapped (export "mul128_swapped") (type $helper)
    (local $lowest i64)
    local.get 0
    local.get 1
    local.get 4
    i64.mul
    local.get 2
    local.get 3
    i64.mul
    i64.add
    local.get 3
    i64.const 32
    i64.shr_u
    local.tee 2
    local.get 1
    i64.const 32
    i64.shr_u
    local.tee 4
    i64.mul
    i64.add
    local.get 3
    i64.const 0xffffffff
    i64.and
    local.tee 3
    local.get 1
    i64.const 0xffffffff
    i64.and
    local.tee 1
    i64.mul
    local.tee $lowest
    i64.const 32
    i64.shr_u
    local.get 3
    local.get 4
    i64.mul
    i64.add
    local.tee 3
    i64.const 32
    i64.shr_u
    i64.add
    local.get 1
    local.get 2
    i64.mul
    local.get 3
    i64.const 0xffffffff
    i64.and
    i64.add
    local.tee 1
    i64.const 32
    i64.shr_u
    i64.add
    i64.store offset=8
    local.get 0
    local.get $lowest
    i64.const 0xffffffff
    i64.and
    local.get 1
    i64.const 32
    i64.shl
    i64.or
    i64.store)

  ;; The same product with every sum, product, and and or written in
  ;; another order and grouping, through locals of its own.
  (func $mul128_regrouped (export "mul128_regrouped") (type $helper)
    (local $aL i64) (local $aH i64) (local $bL i64) (local $bH i64)
    (local $lowest i64) (local $mid i64) (local $cross i64)
    (local.set $aL (i64.and (i64.const 0xffffffff) (local.get 1)))
    (local.set $aH (i64.shr_u (local.get 1) (i64.const 32)))
    (local.set $bL (i64.and (local.get 3) (i64.const 0xffffffff)))
    (local.set $bH (i64.shr_u (local.get 3) (i64.const 32)))
    (local.set $lowest (i64.mul (local.get $bL) (local.get $aL)))
    (local.set $mid (i64.add (i64.mul (local.get $aH) (local.get $bL))
                             (i64.shr_u (local.get $lowest) (i64.const 32))))
    (local.set $cross (i64.add (i64.mul (local.get $bH) (local.get $aL))
                               (i64.and (local.get $mid) (i64.const 0xffffffff))))
    (i64.store offset=8 (local.get 0)
      (i64.add (i64.add (i64.shr_u (local.get $cross) (i64.const 32))
                        (i64.mul (local.get 1) (local.get 4)))
               (i64.add (i64.add (i64.mul (local.get $bH) (local.get $aH))
                                 (i64.shr_u (local.get $mid) (i64.const 32)))
                        (i64.mul (local.get 3) (local.get 2)))))
    (i64.store (local.get 0)
      (i64.or (i64.and (local.get $lowest) (i64.const 0xffffffff))
              (i64.shl (local.get $cross) (i64.const 32)))))

  ;; Near misses, each lowered as written. The same product with the low
  ;; half stored first (a trap leaves a different memory).
  (func $low_first (export "low_first") (type $helper)
    (local $lowest i64) (local $mid i64) (local $cross i64)
    (local.set $lowest (i64.mul (i64.and (local.get 1) (i64.const 0xffffffff))
                                (i64.and (local.get 3) (i64.const 0xffffffff))))
    (local.set $mid (i64.add (i64.shr_u (local.get $lowest) (i64.const 32))
                             (i64.mul (i64.shr_u (local.get 1) (i64.const 32))
                                      (i64.and (local.get 3) (i64.const 0xffffffff)))))
    (local.set $cross (i64.add (i64.and (local.get $mid) (i64.const 0xffffffff))
                               (i64.mul (i64.and (local.get 1) (i64.const 0xffffffff))
                                        (i64.shr_u (local.get 3) (i64.const 32)))))
    (i64.store (local.get 0)
      (i64.or (i64.shl (local.get $cross) (i64.const 32))
              (i64.and (local.get $lowest) (i64.const 0xffffffff))))
    (i64.store offset=8 (local.get 0)
      (i64.add (i64.add (i64.add (i64.mul (i64.shr_u (local.get 1) (i64.const 32))
                                          (i64.shr_u (local.get 3) (i64.const 32)))
                                 (i64.shr_u (local.get $mid) (i64.const 32)))
                        (i64.shr_u (local.get $cross) (i64.const 32)))
               (i64.add (i64.mul (local.get 1) (local.get 4)) (i64.mul (local.get 2) (local.get 3))))))

  ;; A carry shifted by 31, not 32.
  (func $shift31 (export "shift31") (type $helper)
    (local $lowest i64) (local $mid i64) (local $cross i64)
    (local.set $lowest (i64.mul (i64.and (local.get 1) (i64.const 0xffffffff))
                                (i64.and (local.get 3) (i64.const 0xffffffff))))
    (local.set $mid (i64.add (i64.shr_u (local.get $lowest) (i64.const 32))
                             (i64.mul (i64.shr_u (local.get 1) (i64.const 32))
                                      (i64.and (local.get 3) (i64.const 0xffffffff)))))
    (local.set $cross (i64.add (i64.and (local.get $mid) (i64.const 0xffffffff))
                               (i64.mul (i64.and (local.get 1) (i64.const 0xffffffff))
                                        (i64.shr_u (local.get 3) (i64.const 32)))))
    (i64.store offset=8 (local.get 0)
      (i64.add (i64.add (i64.add (i64.mul (i64.shr_u (local.get 1) (i64.const 32))
                                          (i64.shr_u (local.get 3) (i64.const 32)))
                                 (i64.shr_u (local.get $mid) (i64.const 31)))
                        (i64.shr_u (local.get $cross) (i64.const 32)))
               (i64.add (i64.mul (local.get 1) (local.get 4)) (i64.mul (local.get 2) (local.get 3)))))
    (i64.store (local.get 0)
      (i64.or (i64.shl (local.get $cross) (i64.const 32))
              (i64.and (local.get $lowest) (i64.const 0xffffffff)))))

  ;; Terms whose normal forms double with each multiply (alo^(2^40)): the
  ;; recognizer gives up on them quickly.
  (func $doubling (export "doubling") (type $helper)
    (local $x i64)
    (local.set $x (local.get 1))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (local.set $x (i64.mul (local.get $x) (local.get $x)))
    (i64.store offset=8 (local.get 0) (local.get $x))
    (i64.store (local.get 0) (local.get $x)))

  ;; A caller: the square of $x's 128-bit product's halves xored, with the
  ;; helper's code (one instruction) inlined.
  (func (export "square_halves") (param $x i64) (result i64)
    (call $mul128 (i32.const 64) (local.get $x) (i64.const 0) (local.get $x) (i64.const 0))
    (i64.xor (i64.load (i32.const 64)) (i64.load offset=8 (i32.const 64))))
  ;; The high half of $x squared, stored in a frame object at $sp + 16:
  ;; the address's add goes into the inlined instruction.
  (func (export "square_high") (param $sp i32) (param $x i64) (result i64)
    (call $mul128 (i32.add (local.get $sp) (i32.const 16))
                  (local.get $x) (i64.const 0) (local.get $x) (i64.const 0))
    (i64.load offset=8 (i32.add (local.get $sp) (i32.const 16))))
)
