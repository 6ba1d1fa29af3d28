;; The guest of the embedding examples (embed.c, embed.cpp): each export
;; shows one thing an embedder does.
(module
  ;; A host callback that reads a string out of guest memory.
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from the guest")

  ;; 1. Calls the host.
  (func $greet (export "greet")
    (call $log (i32.const 16) (i32.const 20)))

  ;; 2. Writes the squares 0, 1, 4, ... of [0, n) as i32s at 1024 and
  ;; returns where they are: the host reads the result from guest memory.
  (func $squares (export "squares") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.mul (local.get $i) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1024))

  ;; 3. Traps (integer divide by zero) two calls deep, for a backtrace.
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $average (export "average") (param $sum i32) (param $count i32) (result i32)
    (call $divide (local.get $sum) (local.get $count)))

  ;; 4. Never returns: the host interrupts it (epoch deadline).
  (func $spin (export "spin")
    (loop $forever (br $forever))))
