;; A memory with no maximum: only the store's limit applies.
(module
  (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  ;; Grows, then stores and loads in the same frame: the code must use the
  ;; base the memory has after growing.
  (func (export "grow_and_touch") (param $pages i32) (param $at i32) (result i32)
    (drop (memory.grow (local.get $pages)))
    (i32.store8 (local.get $at) (i32.const 9))
    (i32.load8_u (local.get $at)))
  ;; Grows one page at a time, $times times; the size in pages after.
  (func (export "grow_page_by_page") (param $times i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $times)))
        (br_if $done (i32.lt_s (memory.grow (i32.const 1)) (i32.const 0)))
        (local.set $times (i32.sub (local.get $times) (i32.const 1)))
        (br $again)))
    (memory.size))
)
