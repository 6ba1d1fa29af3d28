;; A call with more arguments than argument registers: the rest go through
;; the outgoing stack area.
(module
  (func $callee (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 9)))
  (func (export "f") (param i64) (result i64)
    (call $callee (local.get 0) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
                  (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (local.get 0))))
