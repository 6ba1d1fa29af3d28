;; Element segments into an imported table, applied in order: with a table
;; of two entries the second segment is out of bounds.
(module
  (import "env" "table" (table 1 funcref))
  (func $f)
  (elem (i32.const 0) $f)
  (elem (i32.const 1) $f $f)
)
