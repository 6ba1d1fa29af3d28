;; A WASI-style command that never ends (bench/timeout_latency.sh): a hot
;; loop with a call in it, so both the loop-header and the function-entry
;; checks are exercised.
(module
  (global $n (mut i32) (i32.const 0))
  (func $step (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (func (export "_start")
    (loop $l
      (call $step)
      (br $l))))
