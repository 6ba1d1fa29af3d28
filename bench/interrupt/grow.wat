;; A command that never ends after one large table.grow (bench/
;; timeout_latency.sh): the grow sets 9,999,000 new entries to a function
;; reference, about 80 MB of first-touch writes, once per store (the store
;; holds at most 10,000,000 table elements). The deadline is seen between
;; pieces of the grow (runtime/table.cpp); a grow stopped midway adds
;; nothing to the table.
(module
  (table $t 1 funcref)
  (elem declare func $start)
  (func $start (export "_start")
    (drop (table.grow $t (ref.func $start) (i32.const 9999000)))
    (loop $l
      (br $l))))
