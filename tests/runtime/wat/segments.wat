;; Instantiation order (spec 4.5.4): data segments one after another into
;; an imported memory; the second is out of bounds, so instantiation traps
;; after the first has been written.
(module
  (import "env" "memory" (memory 1))
  (data (i32.const 0) "\07\08")
  (data (i32.const 65535) "\01\02")
)
