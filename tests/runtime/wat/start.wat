;; A start function that writes memory, then traps if told to.
(module
  (import "env" "memory" (memory 1))
  (import "env" "should_trap" (global i32))
  (func $start
    (i32.store8 (i32.const 5) (i32.const 55))
    (if (global.get 0) (then (unreachable))))
  (start $start)
)
