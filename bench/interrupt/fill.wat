;; A command that never ends, one bulk operator at a time
;; (bench/timeout_latency.sh): each iteration fills 1 GiB, mostly pages
;; touched for the first time. The deadline is seen between pieces of the
;; fill (runtime/bulk_pieces.h), not only at the loop header.
(module
  (memory 16384)
  (func (export "_start")
    (loop $l
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 0x40000000))
      (br $l))))
