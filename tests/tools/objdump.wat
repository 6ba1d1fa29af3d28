;; A module for the `ember objdump` test: an import (no code of its own),
;; two exported functions, one known only by its name-section name, and a
;; br_table (whose jump table is data inside the code).
(module
  (import "env" "log" (func $log (param i32)))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func $mul (export "mul") (param i64 i64) (result i64)
    local.get 0
    local.get 1
    i64.mul)
  (func $internal (param i32) (result i32)
    local.get 0
    call $log
    local.get 0
    i32.const 1
    i32.shl)
  (func $pick (export "pick") (param i32) (result i32)
    (block (block (block
      (br_table 0 1 2 (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    i32.const 30))
