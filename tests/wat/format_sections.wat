;; A module with every kind of section, for the decoder tests
;; (tests/format/decoder_test.cpp checks the decoded fields one by one).
(module $sections
  (type $void (func))
  (type $binary (func (param i32 i64) (result f32)))
  (type $many (func (param f64 v128 funcref externref) (result i32 i64)))

  (import "env" "f" (func $imported (type $binary)))
  (import "env" "t" (table $t0 2 10 funcref))
  (import "env" "m" (memory $m 1 2))
  (import "env" "g" (global $g i32))
  (import "env" "gm" (global $gm (mut i64)))

  (table $t1 3 externref)

  (global $a i32 (i32.const -7))
  (global $b (mut i64) (i64.const 0x123456789))
  (global $c f32 (f32.const 1.5))
  (global $d f64 (f64.const -2.25))
  (global $e v128 (v128.const i32x4 1 2 3 4))
  (global $f funcref (ref.func $second))
  (global $h externref (ref.null extern))
  (global $i i32 (global.get $g))

  (export "first" (func $first))
  (export "memory" (memory $m))
  (export "table" (table $t1))
  (export "global" (global $b))

  (start $first)

  (elem (table $t0) (i32.const 1) func $first)
  (elem $passive func $third)

  (func $first (type $void)
    (local i32 i32 i64)
    (local f32)
    (data.drop $passive_data))
  (func $second (type $binary) (f32.const 0))
  (func $third (type $many) (i32.const 1) (i64.const 2))

  (data (i32.const 16) "hello")
  (data $passive_data "passive")
)
