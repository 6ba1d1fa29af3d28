;; Three wasm frames over a host call: outer -> (unnamed) -> inner -> host.
;; Function 2 has no name in the name section, so tools call it
;; "wasm[func 2]".
(module
  (import "host" "breakpoint" (func $breakpoint (param i32)))
  (func $inner (export "inner") (param i32) (result i32)
    local.get 0
    call $breakpoint
    local.get 0
    i32.const 1
    i32.add)
  (func (param i32) (result i32)
    local.get 0
    call $inner
    i32.const 10
    i32.mul)
  (func $outer (export "outer") (param i32) (result i32)
    local.get 0
    call 2
    i32.const 100
    i32.add))
