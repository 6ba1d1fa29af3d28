;; As fill.wat, with memory.copy of 512 MiB per iteration.
(module
  (memory 16384)
  (func (export "_start")
    (loop $l
      (memory.copy (i32.const 0) (i32.const 0x20000000) (i32.const 0x20000000))
      (br $l))))
